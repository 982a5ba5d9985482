"""The compare page's chart: followers per platform, one bar per creator (SVG text).

Like ``charts``, it takes plain data and returns SVG (matplotlib's Figure API, never
pyplot); every bar carries its value as text, so the chart reads without colour too.
"""

from __future__ import annotations

from functools import lru_cache

from matplotlib.figure import Figure

from creatorkit.render.charts import TEXT, WIDE_W, _style, _svg, compact, styled

#: Okabe–Ito: distinguishable with the common colour-vision deficiencies
CREATOR_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
BAR = 0.8


@lru_cache(maxsize=256)
@styled
def compare_followers_svg(
    creators: tuple[tuple[str, tuple[tuple[str, float | None], ...]], ...],
    platforms: tuple[tuple[str, str], ...], *, title: str, desc: str,
) -> str:
    """``creators``: (name, ((platform, followers), ...)); ``platforms``: (key, label) in
    display order. Cached: the same figures draw the same bytes (a few ms instead of
    a few hundred)."""
    fig = Figure(figsize=(WIDE_W, 1.2 + 0.42 * len(platforms) * max(1, len(creators))), dpi=100)
    ax = fig.add_subplot()
    height = BAR / max(1, len(creators))
    for index, (name, pairs) in enumerate(creators):
        followers = dict(pairs)
        offsets = [row - BAR / 2 + height * (index + 0.5) for row in range(len(platforms))]
        values = [followers.get(key) or 0 for key, _ in platforms]
        bars = ax.barh(offsets, values, height=height * 0.92, label=name,
                       color=CREATOR_COLOURS[index % len(CREATOR_COLOURS)])
        ax.bar_label(bars, labels=[compact(v) if v else "–" for v in values], padding=3, fontsize=TEXT)
    ax.set_yticks(range(len(platforms)), [label for _, label in platforms])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(lambda value, _pos: compact(value))
    ax.margins(x=0.15)
    _style(ax, "light", "x")
    for text in ax.legend(frameon=False, fontsize=TEXT, loc="lower right").get_texts():
        text.set_parse_math(False)  # creators' names are text, never math (``$\\foo$``)
    fig.tight_layout()
    return _svg(fig, title, desc)
