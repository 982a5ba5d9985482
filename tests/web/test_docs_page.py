"""``/docs/kpis``: plain language first, in the reader's language, then the specification."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
#: where French puts a narrow no-break space (U+202F) or a no-break space (U+00A0)
FRENCH_SPACE = "\u202f\u00a0"


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "title", "verified"), [
    ("en", "What the figures of a media kit mean", "<strong>Verified</strong>: fetched by creatorkit itself"),
    ("fr", "Ce que disent les chiffres d’un kit média",
     "<strong>Vérifié</strong>\u202f: récupéré par creatorkit lui-même"),
])
def test_the_page_opens_on_plain_language_in_the_readers_language(client, lang, title, verified):
    html = page(client, f"/docs/kpis?lang={lang}")
    plain = html.index(f'<article class="wrap doc doc-plain" lang="{lang}">')
    spec = html.index('<article class="wrap doc doc-spec" lang="en"')
    assert plain < html.index(title) < html.index(verified) < spec < html.index("<code>engagement_rate(")


def test_every_plain_section_link_lands_on_an_anchor_of_the_specification(client):
    for lang in ("en", "fr"):
        html = page(client, f"/docs/kpis?lang={lang}")
        plain = html.split('class="wrap doc doc-spec"')[0]
        links = set(re.findall(r'href="#([a-z-]+)"', plain))
        assert {"engagement-rate", "follower-growth", "tiers", "benchmarks", "peer-comparison",
                "authenticity", "audience", "per-post-averages", "posting-frequency"} <= links
        assert all(f'id="{anchor}"' in html for anchor in links)


def test_the_french_text_keeps_its_typography():
    text = (DOCS / "kpis.plain.fr.md").read_text(encoding="utf-8")
    prose = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are not prose
    for found in re.finditer(r"[:;!?»]", prose):
        assert prose[found.start() - 1] in FRENCH_SPACE, prose[max(0, found.start() - 30):found.end()]
    for found in re.finditer("«", prose):
        assert prose[found.end()] in FRENCH_SPACE
    assert "'" not in prose  # typographic apostrophes only
    assert not re.search(r"\d \d{3}", prose)  # 10 000 with a no-break space, never a breakable one


def test_both_languages_explain_the_same_sections():
    texts = {lang: (DOCS / f"kpis.plain.{lang}.md").read_text(encoding="utf-8") for lang in ("en", "fr")}
    headings = {lang: len(re.findall(r"^## ", text, re.M)) for lang, text in texts.items()}
    links = {lang: re.findall(r"\]\(#([a-z-]+)\)", text) for lang, text in texts.items()}
    assert headings["en"] == headings["fr"] and links["en"] == links["fr"]
