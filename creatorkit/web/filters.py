"""Template filters: how figures read on the page (compact counts, %, "3 h ago")."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask

from creatorkit.charts import compact


def percent(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f} %"


def signed_percent(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:+.{digits}f} %"


def count(value: float | None) -> str:
    return "–" if value is None else compact(value)


def signed_count(value: float | None) -> str:
    if value is None:
        return "–"
    return ("+" if value >= 0 else "−") + compact(abs(value))


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """'updated 3 h ago' wording for a UTC time."""
    if moment is None:
        return "never"
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


def init_app(app: Flask) -> None:
    app.add_template_filter(percent)
    app.add_template_filter(signed_percent)
    app.add_template_filter(count)
    app.add_template_filter(signed_count)
    app.add_template_filter(ago)
