"""Charts: accessible, text kept as text, stable bytes, figures in the page's language."""

from __future__ import annotations

import io
import re
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


def ids_and_references(svg: str) -> tuple[list[str], set[str]]:
    return re.findall(r' id="([^"]+)"', svg), set(re.findall(r'(?:url\(#|href="#)([^")]+)', svg))


def test_charts_on_one_page_share_no_id_and_each_points_at_its_own():
    other = tuple((day, value * 2) for day, value in SERIES)
    svgs = [charts.follower_svg("tiktok", SERIES, title="a", desc="d"),
            charts.follower_svg("youtube", other, title="b", desc="d"),
            charts.engagement_svg((("TikTok", "tiktok", 0.07, 0.06, 0.08),), title="c", desc="d")]
    every_id = []
    for svg in svgs:
        ids, references = ids_and_references(svg)
        assert references and references <= set(ids)  # clip paths and markers resolve inside
        every_id += ids
    assert len(every_id) == len(set(every_id))
    assert "figure_1" not in every_id and "text_1" not in every_id


def test_an_inline_chart_carries_no_rdf_metadata_and_leaves_its_size_to_css():
    svg = charts.follower_svg("tiktok", SERIES, title="T", desc="From 1M to 1.3M.")
    assert "<metadata" not in svg and "rdf:" not in svg
    assert "<title>T</title><desc>From 1M to 1.3M.</desc>" in svg
    root = svg[:svg.index(">")]
    assert " width=" not in root and " height=" not in root and 'viewBox="0 0 259.2 ' in root


def test_chart_text_reads_at_12_px_on_a_390_px_phone():
    """A phone shows the follower chart 323 px wide (a card) and the wide ones 358 px
    (the page's column): text in user units × shown width / viewBox width ≥ 12."""
    for svg, shown_px in ((charts.follower_svg("tiktok", SERIES, title="t", desc="d"), 323),
                          (charts.engagement_svg((("TikTok", "tiktok", 0.07, 0.06, 0.08),), title="t",
                                                 desc="d"), 358)):
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])
        smallest = min(float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg))
        assert smallest * shown_px / width >= charts.MIN_TEXT_PX


def test_the_print_palette_draws_dark_text_for_white_paper():
    dark = charts.follower_svg("tiktok", SERIES, title="t", desc="d", theme="dark")
    printed = charts.follower_svg("tiktok", SERIES, title="t", desc="d", theme="print")
    assert "fill: #c9ceda" in dark and "fill: #c9ceda" not in printed and "fill: #1f2329" in printed
