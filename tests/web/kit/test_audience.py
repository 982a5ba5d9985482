"""The kit's audience as a reader sees it: ages in age order, countries and platforms
by their full names, in the page's language (expectations written by hand)."""

from __future__ import annotations

from datetime import date

import pytest
from flask import render_template
from flask_babel import force_locale

from creatorkit import kpi
from creatorkit.kit.view import KitView
from creatorkit.web.kits.render import Links

DAY = date(2026, 3, 1)
AUDIENCE = kpi.MergedAudience(
    shares={"age": {"25-34": 0.5, "18-24": 0.3, "65+": 0.05, "unknown": 0.1, "13-17": 0.05},
            "country": {"FR": 0.6, "BE": 0.2, "other": 0.15, "CH": 0.05}},
    weights={"age": 1000, "country": 1000},
    platforms={"age": ("youtube", "tiktok"), "country": ("youtube", "tiktok")}, hidden=())


def labels(html: str, metric: str) -> list[str]:
    block = html.split(f'data-metric="{metric}"')[1].split("</ul>")[0]
    return [part.split("</span>")[0] for part in block.split('<span class="bar-label">')[1:]]


@pytest.fixture
def render(app):
    def run(lang: str) -> str:
        view = KitView(
            handle="aud", display_name="Aud", tagline=None, bio=None, niche=None, categories=(),
            country=None, city=None, languages=(), avatar_url=None, theme="light", locale=lang,
            visibility="public", data_version=1, updated_at=None, today=DAY, platforms=(),
            audience=AUDIENCE)
        with app.test_request_context("/@aud"), force_locale(lang):
            return render_template("kits/_audience.html", kit=view, links=Links("aud", "https://kits.example"))
    return run


@pytest.mark.parametrize(("lang", "countries", "unknown", "weighted"), [
    ("en", ["France", "Belgium", "Switzerland", "other"], "unknown", "across YouTube, TikTok."),
    ("fr", ["France", "Belgique", "Suisse", "autre"], "inconnu", "sur YouTube, TikTok."),
])
def test_audience_reads_in_age_order_with_full_names(render, lang, countries, unknown, weighted):
    html = render(lang)
    assert labels(html, "audience.age") == ["13-17", "18-24", "25-34", "65+", unknown]
    assert labels(html, "audience.country") == countries
    assert weighted in html and "youtube, tiktok" not in html
