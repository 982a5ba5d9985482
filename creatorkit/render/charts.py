"""Charts as SVG (and the share card as PNG) from plain data: matplotlib's Figure API,
never pyplot, no Flask, no database.

Every SVG is inline-ready (no XML prolog), announced as one image with its title and
description (``role="img"``, ``<title>``, ``aria-label``), keeps its text as text
(selectable in the PDF) and is byte-stable for the same input. Results are memoised
on their (hashable) arguments, so a kit's charts are drawn once per data version.
Labels and ticks are formatted for ``locale`` with Babel.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import threading
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from html import escape
from typing import TypeVar, cast

import matplotlib
from babel import Locale, numbers
from babel import dates as babel_dates
from matplotlib.dates import AutoDateLocator, num2date
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

PLATFORM_COLOURS = {
    "youtube": "#c4302b", "instagram": "#c13584", "tiktok": "#0f7f86", "twitch": "#6441a5",
}
#: theme → (text, grid, band) colours on the theme's card background; "print" is for
#: white paper, whatever the kit's theme (the PDF draws its charts with it)
THEMES = {"light": ("#3c414b", "#d5d9e0", "#c7cbe8"), "warm": ("#4e3a2c", "#e4d2bb", "#efcfae"),
          "dark": ("#c9ceda", "#3a404c", "#3b3f6e"), "print": ("#1f2329", "#c4c8d0", "#cfd2ee")}
#: chart text in SVG user units. Charts are drawn small (``SMALL_W`` and ``WIDE_W``
#: inches) and scaled up by CSS to their box, never down below ``MIN_TEXT_PX`` on a
#: 390 px phone: 10 units of 259 (3.6 in) fill a 323 px card at 12.5 px, 10 of 288 (4 in) a 358 px
#: column at 12.4 px.
TEXT = 10
SMALL_W, WIDE_W = 3.6, 4.0
MIN_TEXT_PX = 12
_ID = re.compile(r' id="([^"]+)"')
#: every figure's settings: stable ids (same data, same bytes), text kept as text
#: (selectable, small), one font family. matplotlib reads these from its global rcParams
#: while drawing and saving, so each figure is made inside ``rc_context``, one at a time
#: (a second thread would otherwise restore the defaults under a figure being saved).
STYLE = {"svg.hashsalt": "creatorkit", "svg.fonttype": "none", "font.family": ["DejaVu Sans", "sans-serif"]}
_DRAWING = threading.Lock()

Series = tuple[tuple[date, float], ...]
Draw = TypeVar("Draw", bound=Callable[..., object])


def styled(draw: Draw) -> Draw:
    """Make the figure of ``draw`` with ``STYLE``, leaving matplotlib's settings as they were."""
    @functools.wraps(draw)
    def with_style(*args, **kwargs):
        with _DRAWING, matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)
    return cast(Draw, with_style)


def compact(value: float, locale: str = "en", digits: int = 1) -> str:
    """182K / 1.4M (182 k / 1,4 M in French); plain digits under ten thousand."""
    if abs(value) < 10_000:
        return numbers.format_decimal(round(value), locale=locale)
    return numbers.format_compact_decimal(value, locale=locale, fraction_digits=digits)


def percent(value: float, locale: str = "en", digits: int = 1) -> str:
    """The locale's own percent pattern (4.1% / 4,1 %) with at most ``digits`` decimals."""
    pattern = Locale.parse(locale).percent_formats[None].pattern.split(";")[0]
    return numbers.format_percent(value, pattern.replace("#,##0", "#,##0." + "#" * digits, 1), locale=locale)


def _palette(theme: str) -> tuple[str, str, str]:
    return THEMES.get(theme, THEMES["light"])


def _style(ax, theme: str, grid_axis: str) -> None:
    text, grid, _ = _palette(theme)
    ax.set_facecolor("none")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(grid)
    ax.tick_params(colors=text, labelsize=TEXT, length=0)
    ax.grid(axis=grid_axis, color=grid, linewidth=0.6)
    ax.set_axisbelow(True)


@lru_cache(maxsize=512)
@styled
def follower_svg(platform: str, series: Series, *, title: str, desc: str, locale: str = "en",
                 theme: str = "light") -> str:
    """Followers of one platform over time: a line with a light fill, its own scale."""
    fig = Figure(figsize=(SMALL_W, 1.6), dpi=100)
    fig.patch.set_alpha(0)
    ax = fig.add_subplot()
    days, values = zip(*series, strict=True)
    colour = PLATFORM_COLOURS.get(platform, "#3b3fd8")
    ax.plot(days, values, color=colour, linewidth=1.8)
    ax.fill_between(days, values, min(values), color=colour, alpha=0.12, linewidth=0)
    ax.yaxis.set_major_locator(MaxNLocator(3))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: compact(v, locale, 2 if v >= 1e6 else 1)))
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=5))
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _pos: babel_dates.format_skeleton("MMMd", num2date(v).date(),
                                                    locale=locale)))
    _style(ax, theme, "y")
    ax.margins(x=0)
    fig.tight_layout(pad=0.3)
    return _svg(fig, title, desc)


@lru_cache(maxsize=512)
@styled
def engagement_svg(rows: tuple[tuple[str, str, float, float | None, float | None], ...], *, title: str,
                   desc: str, locale: str = "en", theme: str = "light", band_label: str = "") -> str:
    """One bar per platform (label, platform, rate, band low, band high): the creator's
    engagement rate over the shaded band of its tier's published benchmark."""
    text, _, band = _palette(theme)
    fig = Figure(figsize=(WIDE_W, 0.9 + 0.7 * len(rows)), dpi=100)
    fig.patch.set_alpha(0)
    ax = fig.add_subplot()
    positions = range(len(rows))[::-1]
    for y, (_label, platform, rate, low, high) in zip(positions, rows, strict=True):
        if low is not None and high is not None:
            ax.barh(y, max(high - low, 0.0004), left=low, height=0.78, color=band, linewidth=0)
        ax.barh(y, rate, height=0.36, color=PLATFORM_COLOURS.get(platform, "#3b3fd8"))
        ax.annotate(percent(rate, locale, 2), (rate, y),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=TEXT, color=text)
    ax.set_yticks(list(positions), [row[0] for row in rows])
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: percent(v, locale, 1)))
    _style(ax, theme, "x")
    ax.set_xlim(0, max(max(r[2], r[4] or 0) for r in rows) * 1.25)
    if band_label:
        ax.set_xlabel(band_label, fontsize=TEXT, color=text, wrap=True)
    fig.tight_layout(pad=0.3)
    return _svg(fig, title, desc)


def _svg(fig: Figure, title: str, desc: str) -> str:
    """No RDF metadata (not valid inside HTML): the title and description are the SVG's own."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata=dict.fromkeys(("Creator", "Date", "Format", "Type")))
    return _accessible(_own_ids(buffer.getvalue()), title, desc)


def _own_ids(svg: str) -> str:
    """Ids unique to this chart, so that several charts can share one HTML page: the
    ones nothing points at (matplotlib names every group ``figure_1``, ``text_1``...)
    go, the referenced ones (clip paths, markers) take a prefix from the chart's bytes."""
    referenced = set(re.findall(r'(?:url\(#|href="#)([^")]+)', svg))
    prefix = "c" + hashlib.sha256(svg.encode()).hexdigest()[:8] + "-"

    def rename(match: re.Match) -> str:
        return f' id="{prefix}{match[1]}"' if match[1] in referenced else ""

    svg = _ID.sub(rename, svg)
    for name in referenced:
        svg = svg.replace(f"#{name})", f"#{prefix}{name})").replace(f'"#{name}"', f'"#{prefix}{name}"')
    return svg


def _accessible(svg: str, title: str, desc: str) -> str:
    """Inline-ready SVG (no XML prolog) announced by screen readers as one image: the
    root gains ``role="img"``, an ``aria-label`` with the description, ``<title>`` and
    ``<desc>``; its size is left to CSS (the viewBox keeps the proportions)."""
    root = svg[svg.index("<svg"):]
    head, rest = root.split(">", 1)
    head = re.sub(r' (width|height)="[^"]*"', "", head)
    head = head.replace("<svg", f'<svg role="img" aria-label="{escape(title)}. {escape(desc)}" '
                        'class="chart-svg"', 1)
    return f"{head}>\n <title>{escape(title)}</title><desc>{escape(desc)}</desc>{rest}"


@styled
def share_card_png(name: str, handle: str, headline: str, lines: Sequence[tuple[str, str, str]], *,
                   footer: str, theme: str = "light") -> bytes:
    """The 1200×630 link preview: name, handle, one headline figure and up to four
    platform lines (platform, label, figure)."""
    background, foreground, muted = {"dark": ("#101217", "#eef0f4", "#a8afbd"),
                                     "warm": ("#fffaf3", "#2b1d12", "#6b5444")}.get(
        theme, ("#ffffff", "#16181d", "#565b66"))
    fig = Figure(figsize=(12, 6.3), dpi=100, facecolor=background)
    fig.text(0.06, 0.80, name, fontsize=54, fontweight="bold", color=foreground, parse_math=False)
    fig.text(0.06, 0.70, f"@{handle}", fontsize=26, color=muted, parse_math=False)
    if headline:
        fig.text(0.06, 0.50, headline, fontsize=40, fontweight="bold", color=foreground, parse_math=False)
    for i, (platform, label, figure) in enumerate(lines[:4]):
        x = 0.06 + (i % 2) * 0.45
        y = 0.30 - (i // 2) * 0.11
        fig.patches.append(Rectangle(
            (x, y - 0.005), 0.012, 0.06, transform=fig.transFigure, figure=fig,
            color=PLATFORM_COLOURS.get(platform, muted)))
        fig.text(x + 0.025, y, f"{label}  {figure}", fontsize=26, color=foreground, parse_math=False)
    fig.text(0.06, 0.05, footer, fontsize=18, color=muted, parse_math=False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, facecolor=background, metadata={"Software": None})
    return buffer.getvalue()
