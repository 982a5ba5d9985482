"""Privacy: what a creator hides is absent from every output (page, JSON, PDF, preview
image, badge, static export), and the contact address is never in a page."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from creatorkit.errors import InputError
from creatorkit.kit.privacy import KEYS, validate_hidden
from creatorkit.render import charts
from creatorkit.site.export import export_site


def text_of_pdf(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def follower_figures(client) -> list[str]:
    """How the demo's follower counts read on the English page (64.2K, ...)."""
    data = client.get("/@demo.json?lang=en").get_json()
    figures = []
    for p in data["platforms"]:
        value = p["followers"]
        figures.append(f"{value / 1000:.1f}K" if value >= 10_000 else f"{value:,.0f}")
    return figures


def test_hidden_followers_are_absent_from_page_json_pdf_badge_and_preview(client, set_kit, monkeypatch):
    figures = follower_figures(client)
    set_kit("demo", hidden=["followers"])
    html = client.get("/@demo?lang=en").get_data(as_text=True)
    data = client.get("/@demo.json").get_json()
    embed = client.get("/@demo/embed?lang=en").get_data(as_text=True)
    pdf = text_of_pdf(client.get("/@demo.pdf?lang=en").data)
    shown = {}
    monkeypatch.setattr(charts, "share_card_png", lambda *args, **kwargs: shown.update(
        args=args, kwargs=kwargs) or b"png")
    assert client.get("/@demo/og.png?lang=fr").status_code == 200
    for figure in figures:
        for output in (html, embed, pdf, repr(shown)):
            assert figure not in output
    assert 'data-metric="followers"' not in html and "followers in total" not in html
    assert "total_followers" not in data
    for p in data["platforms"]:
        assert "followers" not in p
        assert all("abs" not in g for g in p["growth"].values() if g)  # abs/pct would give it away
    assert "<svg" in html and html.count("<svg") == 1  # follower charts gone, the engagement one stays


@pytest.mark.parametrize(("hidden", "gone_html", "gone_json"), [
    (["rate_card"], ("Rate card", "€4,800"), ("rate_card",)),
    (["audience.gender"], (">Gender<",), ("gender",)),
    (["instagram"], ('data-platform="instagram"', "camille.laurent"), ("instagram", "camille.laurent")),
    (["testimonials", "brands", "collaborations"], ("Briefed on Monday", 'alt="Nordpeak"', "Past collab"),
     ("Briefed on Monday", "Nordpeak")),
])
def test_a_hidden_section_or_metric_leaves_page_and_json(client, seeded, set_kit, hidden, gone_html,
                                                          gone_json):
    before = client.get("/@demo?lang=en").get_data(as_text=True)
    before_json = client.get("/@demo.json").get_json()
    assert all(text in before for text in gone_html)
    set_kit("demo", hidden=hidden)
    html = client.get("/@demo?lang=en").get_data(as_text=True)
    data = client.get("/@demo.json").get_json()
    for text in gone_html:
        assert text not in html
    for text in gone_json:
        kept = STILL_SHOWN.get(text, set())
        assert sections_holding(before_json, text) - kept, f"{text!r} was not in the JSON to begin with"
        assert sections_holding(data, text) <= kept, f"{text!r} is still in the JSON"


#: text that rightly stays in the JSON after hiding, in a section of its own the creator did not
#: hide: a rate-card line for Instagram deliverables, a featured post's note naming the brand
STILL_SHOWN = {"instagram": {"rate_card"}, "Nordpeak": {"featured_posts"}}


def sections_holding(document, text: str) -> set[str]:
    """The top-level keys of the kit JSON under which ``text`` is found: in a string value,
    or as a key holding a value that is not empty (``"rate_card": []`` says nothing)."""
    found = set()

    def walk(node, section):
        if isinstance(node, dict):
            for key, value in node.items():
                where = section or key
                if text in key and value not in (None, "", [], {}):
                    found.add(where)
                walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, section)
        elif isinstance(node, str) and text in node:
            found.add(section)

    walk(document, None)
    return found


def test_a_hidden_platform_metric_leaves_page_and_json(client, set_kit):
    """The figure is read from the kit's own JSON and printed the way the English page
    prints an engagement rate (two decimals), so it holds whatever the demo data is."""
    def tiktok(data):
        return next(p for p in data["platforms"] if p["platform"] == "tiktok")

    rate = tiktok(client.get("/@demo.json?lang=en").get_json())["engagement_rate"]["value"]
    figure = f"{rate:.2%}"  # 0.0704 → "7.04%"
    before = client.get("/@demo?lang=en").get_data(as_text=True)
    assert f"<strong>{figure}</strong>" in before
    set_kit("demo", hidden=["tiktok.engagement_rate"])
    html = client.get("/@demo?lang=en").get_data(as_text=True)
    assert figure not in html
    assert "engagement_rate" not in tiktok(client.get("/@demo.json").get_json())


def test_an_unknown_key_is_refused_with_the_known_ones_listed():
    with pytest.raises(InputError, match=r"'salary'.*Known keys: bio"):
        validate_hidden(["followers", "salary"])
    assert validate_hidden(["Followers ", "bio", "bio"]) == ("bio", "followers")
    assert "youtube.engagement_rate" in KEYS and "audience.city" in KEYS


def test_the_static_export_leaves_hidden_figures_out(app, client, seeded, set_kit, tmp_path):
    figures = follower_figures(client)
    set_kit("demo", hidden=["followers", "rate_card"])
    export_site(app, tmp_path, ["demo"], with_pdf=False)
    for path in (tmp_path / "demo").iterdir():
        if path.suffix in (".html", ".json", ".svg"):
            text = path.read_text(encoding="utf-8")
            assert not any(figure in text for figure in figures), path.name
            assert "4,800" not in text and "4 800" not in text
    kit = json.loads((tmp_path / "demo" / "kit.json").read_text())
    assert kit["rate_card"] == [] and all("followers" not in p for p in kit["platforms"])


def test_the_contact_address_is_never_in_a_kit_output(client, seeded):
    address = "demo@example.com"
    for url in ("/@demo", "/@demo?lang=en", "/@demo.json", "/@demo/embed"):
        assert address not in client.get(url).get_data(as_text=True)
    assert "Show the e-mail address" in client.get("/@demo?lang=en").get_data(as_text=True)
