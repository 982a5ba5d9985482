"""The kit as schema.org JSON-LD (``ProfilePage`` about a ``Person``): what search
engines and link unfurlers read of a public kit. Only figures the kit shows are in it
(a hidden follower count is None in the view, so it is left out here too)."""

from __future__ import annotations

import json

from creatorkit.kit.view import KitView

#: inside <script>: no "</script>", no "<!--", whatever a creator wrote
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def profile_page(view: KitView, *, url: str, image: str, language: str) -> dict:
    """``url``: the kit's canonical address; ``image``: an absolute picture (portrait or preview)."""
    person = {
        "@type": "Person",
        "name": view.display_name,
        "alternateName": f"@{view.handle}",
        "url": url,
        "image": image,
        "sameAs": [p.profile_url for p in view.platforms
                   if p.profile_url and p.profile_url.startswith(("https://", "http://"))],
        "interactionStatistic": [
            {"@type": "InteractionCounter", "interactionType": "https://schema.org/FollowAction",
             "userInteractionCount": round(p.followers), "name": p.label}
            for p in view.platforms if p.followers is not None],
    }
    if view.tagline:
        person["description"] = view.tagline
    if view.niche:
        person["knowsAbout"] = view.niche
    if view.country:
        person["homeLocation"] = {"@type": "Country", "name": view.country}
    page = {"@context": "https://schema.org", "@type": "ProfilePage", "url": url, "inLanguage": language,
            "mainEntity": person}
    if view.updated_at:
        page["dateModified"] = view.updated_at.isoformat()
    return page


def script_json(data: dict) -> str:
    """``data`` as JSON that can stand inside an HTML ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(_SCRIPT_SAFE.get(char, char) for char in text)
