"""Charts as SVG text from plain data (matplotlib's Figure API; never pyplot)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

PLATFORM_COLOURS = {
    "youtube": "#c4302b", "instagram": "#c13584", "tiktok": "#111111", "twitch": "#6441a5",
}
matplotlib.rcParams["svg.hashsalt"] = "creatorkit"  # stable ids: same data, same bytes
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text (selectable, small)


def compact(value: float, _pos: int | None = None) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size:
            return f"{value / size:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:.0f}"


def follower_history_svg(
    series: Mapping[str, Sequence[tuple[date, float]]], *, title: str, desc: str
) -> str:
    """One line per platform; ``title``/``desc`` become the SVG's accessible name."""
    fig = Figure(figsize=(7.2, 2.8), dpi=100)
    ax = fig.add_subplot()
    for platform, points in series.items():
        if not points:
            continue
        days, values = zip(*points, strict=True)
        ax.plot(days, values, label=platform.title(), linewidth=1.8,
                color=PLATFORM_COLOURS.get(platform))
    ax.yaxis.set_major_formatter(FuncFormatter(compact))
    ax.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if len(series) > 1:
        ax.legend(frameon=False, loc="upper left", fontsize=8)
    ax.tick_params(labelsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": title, "Description": desc})
    return _accessible(buffer.getvalue(), title, desc)


def _accessible(svg: str, title: str, desc: str) -> str:
    """Inline-ready SVG (no XML prolog) announced by screen readers as one image.

    matplotlib already writes ``<title>`` from the metadata; the root gains
    ``role="img"`` and an ``aria-label`` that carries the description too.
    """
    root = svg[svg.index("<svg"):]
    return root.replace("<svg", f'<svg role="img" aria-label="{escape(title)}. {escape(desc)}"', 1)
