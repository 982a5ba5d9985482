"""The campaign report's chart: link clicks and sales per day (SVG text).

Plain data in, SVG out (matplotlib's Figure API, like ``charts``); each bar carries
its count as text, so the chart reads without colour too.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from creatorkit.render.charts import TEXT, WIDE_W, _style, _svg

CLICKS, SALES = "#0072B2", "#E69F00"  # Okabe–Ito


#: beyond this many days the bars are too narrow to carry their counts (the table does)
LABELLED_DAYS = 10


def daily_svg(days: tuple[tuple[str, int, int], ...], *, title: str, desc: str,
              labels: tuple[str, str] = ("Link clicks", "Sales")) -> str:
    """``days``: (YYYY-MM-DD, first count, second count) in order, zero days included;
    ``labels`` names the two counts (the kit-view analytics: views and visitors)."""
    fig = Figure(figsize=(WIDE_W, 2.4), dpi=100)
    ax = fig.add_subplot()
    positions = range(len(days))
    for offset, index, label, colour in ((-0.2, 1, labels[0], CLICKS), (0.2, 2, labels[1], SALES)):
        bars = ax.bar([p + offset for p in positions], [day[index] for day in days], width=0.38,
                      label=label, color=colour)
        if len(days) <= LABELLED_DAYS:
            ax.bar_label(bars, labels=[str(day[index]) if day[index] else "" for day in days], fontsize=TEXT,
                         padding=2)
    step = max(1, -(-len(days) // 5))  # five dates at most fit at readable size
    ax.set_xticks(list(positions)[::step], [day[0][5:] for day in days][::step])
    ax.legend(frameon=False, fontsize=TEXT, loc="upper left")
    _style(ax, "light", "y")
    fig.tight_layout()
    return _svg(fig, title, desc)
