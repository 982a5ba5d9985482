"""What the demo creators wrote into their kits: rate cards, collaborations with results,
testimonials, brand logos and featured posts. The brands are invented; their logos
are the small SVGs in ``static/img/brands``.

``seed_demo_content(db)`` is idempotent (each kind is replaced as a whole) and skips
creators that are not stored, so it runs after ``demo.seed.seed_demo`` creates them.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from creatorkit.storage import creators as creator_store
from creatorkit.storage import kit_content

LOGOS = "/static/img/brands/"


def _rate(deliverable: str, platform: str | None, price: int, currency: str, note: str | None = None):
    return {"deliverable": deliverable, "platform": platform, "price_cents": price * 100,
            "currency": currency, "note": note}


def _brand(name: str, slug: str, link: str | None = None) -> dict[str, Any]:
    return {"name": name, "logo_url": f"{LOGOS}{slug}.svg", "link": link}


BRANDS = {
    "voltaire": _brand("Voltaire Audio", "voltaire-audio", "https://voltaire-audio.example"),
    "brindille": _brand("Maison Brindille", "maison-brindille", "https://brindille.example"),
    "nordpeak": _brand("Nordpeak", "nordpeak", "https://nordpeak.example"),
    "kofu": _brand("Kōfu Tea", "kofu-tea"),
    "pixelforge": _brand("Pixelforge", "pixelforge", "https://pixelforge.example"),
    "lumen": _brand("Lumen Labs", "lumen-labs"),
}

CONTENT: dict[str, dict[str, list[dict[str, Any]]]] = {
    "demo": {
        "rates": [
            _rate("Dedicated YouTube video (8–12 min)", "youtube", 4800, "EUR",
                  "script shared 5 days before"),
            _rate("YouTube integration (60–90 s)", "youtube", 2200, "EUR"),
            _rate("Instagram Reel + 3 stories", "instagram", 1500, "EUR", "link sticker included"),
            _rate("TikTok video", "tiktok", 1900, "EUR"),
            _rate("Sponsored Twitch stream segment (30 min)", "twitch", 900, "EUR"),
        ],
        "collaborations": [
            {"brand": "Voltaire Audio", "day": "2025-03-14", "deliverables": "YouTube review + 2 Reels",
             "results": {"views": 412_000, "clicks": 9_300, "ctr": 0.0226, "sales": 640},
             "logo_url": f"{LOGOS}voltaire-audio.svg", "link": "https://voltaire-audio.example"},
            {"brand": "Nordpeak", "day": "2024-11-02", "deliverables": "Travel series, 3 TikToks",
             "results": {"views": 1_280_000, "engagement_rate": 0.071, "sign_ups": 2_150},
             "logo_url": f"{LOGOS}nordpeak.svg"},
            {"brand": "Pixelforge", "day": "2024-06-20", "deliverables": "Sponsored stream + highlight video",
             "results": {"views": 186_000, "clicks": 4_020, "conversions": 310},
             "logo_url": f"{LOGOS}pixelforge.svg"},
        ],
        "testimonials": [
            {"quote": "Camille's review outsold our launch ads two to one, and her audience asked "
                      "the questions our customers actually have.",
             "author": "Inès Marchal", "role": "Head of marketing", "company": "Voltaire Audio"},
            {"quote": "Briefed on Monday, live on Thursday, reporting in our inbox a week later.",
             "author": "Tom Everett", "role": "Partnerships", "company": "Nordpeak"},
        ],
        "brands": [BRANDS["voltaire"], BRANDS["nordpeak"], BRANDS["pixelforge"], BRANDS["lumen"]],
        "featured": [
            {"url": "https://www.youtube.com/watch?v=demoVoltair", "title": "Voltaire Pulse: one month later",
             "platform": "youtube", "note": "Sponsored by Voltaire Audio"},
            {"url": "https://www.tiktok.com/@camillelaurent/video/7300000000000000001",
             "title": "Lisbonne en 48 h avec 150 €", "platform": "tiktok", "note": "Nordpeak travel series"},
        ],
    },
    "lea-cuisine": {
        "rates": [_rate("Recette sponsorisée (Reel)", "instagram", 450, "EUR"),
                  _rate("Vidéo TikTok", "tiktok", 380, "EUR"),
                  _rate("Pack marché : 1 Reel + 1 TikTok", None, 700, "EUR", "−15 % sur le pack")],
        "collaborations": [
            {"brand": "Maison Brindille", "day": "2025-05-06", "deliverables": "2 Reels recettes",
             "results": {"reach": 38_500, "saves": 2_900, "engagement_rate": 0.094},
             "logo_url": f"{LOGOS}maison-brindille.svg"}],
        "testimonials": [
            {"quote": "Des recettes qui donnent envie et des chiffres envoyés sans qu'on les demande.",
             "author": "Claire Dubois", "role": "Cheffe de marque", "company": "Maison Brindille"}],
        "brands": [BRANDS["brindille"], BRANDS["kofu"]],
    },
    "pixelpaul": {
        "rates": [_rate("Sponsored stream (2 h)", "twitch", 3500, "USD"),
                  _rate("YouTube integration", "youtube", 9000, "USD", "90 s, pinned comment")],
        "collaborations": [
            {"brand": "Pixelforge", "day": "2025-02-10", "deliverables": "Launch stream + YouTube video",
             "results": {"views": 2_400_000, "clicks": 31_000, "ctr": 0.013},
             "logo_url": f"{LOGOS}pixelforge.svg"}],
        "brands": [BRANDS["pixelforge"], BRANDS["lumen"]],
    },
    "glow-with-sam": {
        "rates": [_rate("TikTok routine video", "tiktok", 2600, "GBP"),
                  _rate("Instagram carousel", "instagram", 1400, "GBP")],
        "testimonials": [
            {"quote": "Sam tests for real. Our returns on her code were the lowest of the campaign.",
             "author": "Priya Nair", "role": "Influencer lead", "company": "Lumen Labs"}],
        "brands": [BRANDS["lumen"], BRANDS["kofu"]],
    },
}


def seed_demo_content(db: Database) -> None:
    """Store the demo kits' content (replacing what is there) for the demo creators present."""
    for handle, kinds in CONTENT.items():
        creator = creator_store.find_creator(db, handle)
        if creator is None:
            continue
        for kind, rows in kinds.items():
            kit_content.replace_items(db, kind, creator["id"], rows)
