"""Charts: accessible, text kept as text, stable bytes, figures in the page's language."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import matplotlib
from PIL import Image

from creatorkit.render import charts

SERIES = tuple((date(2025, 1, 1) + timedelta(days=i), 1_000_000 + 2_500 * i) for i in range(120))


def test_a_follower_chart_is_one_labelled_image_with_selectable_text():
    svg = charts.follower_svg("tiktok", SERIES, title="TikTok followers", desc="From 1M to 1.3M.")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-label="TikTok followers. From 1M to 1.3M."' in svg
    assert "<title>TikTok followers</title>" in svg
    assert "<text" in svg  # ticks are text, not glyph paths
    charts.follower_svg.cache_clear()  # render again rather than read the cached string
    again = charts.follower_svg("tiktok", SERIES, title="TikTok followers", desc="From 1M to 1.3M.")
    assert again is not svg and again == svg  # same data, same bytes


def test_an_engagement_chart_renders_to_the_same_bytes_twice():
    rows = (("TikTok", "tiktok", 0.0704, 0.0666, 0.0803), ("YouTube", "youtube", 0.031, None, None))
    first = charts.engagement_svg(rows, title="t", desc="d", locale="en")
    charts.engagement_svg.cache_clear()
    again = charts.engagement_svg(rows, title="t", desc="d", locale="en")
    assert again is not first and again == first


def test_ticks_follow_the_locale():
    french = charts.follower_svg("youtube", SERIES, title="t", desc="d", locale="fr")
    assert "1,2\u00a0M" in french and "févr." in french
    rows = (("TikTok", "tiktok", 0.0704, 0.0666, 0.0803),)
    assert "7,04\u00a0%" in charts.engagement_svg(rows, title="t", desc="d", locale="fr")
    assert "7.04%" in charts.engagement_svg(rows, title="t", desc="d", locale="en")


def test_the_share_card_is_1200_by_630():
    png = charts.share_card_png("Léa", "lea", "8.2K followers", [("tiktok", "TikTok", "23.5K")], footer="kit")
    assert Image.open(io.BytesIO(png)).size == (1200, 630)


def test_each_figure_is_drawn_in_its_style_and_leaves_matplotlib_as_it_was():
    before = dict(matplotlib.rcParams)
    draw = charts.follower_svg.__wrapped__  # past the memo: every call really draws
    with ThreadPoolExecutor(4) as pool:
        svgs = set(pool.map(lambda _: draw("tiktok", SERIES, title="t", desc="d"), range(8)))
    assert len(svgs) == 1  # the same bytes from every thread (hash-salted ids)
    svg = svgs.pop()
    assert "<text" in svg and "DejaVu Sans" in svg
    assert dict(matplotlib.rcParams) == before
