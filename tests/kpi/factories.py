"""Small builders for KPI tests: posts at a day/hour, and daily series."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from creatorkit.models import Post

TODAY = date(2024, 6, 1)


def at(days_ago: float, today: date = TODAY) -> datetime:
    """The instant ``days_ago`` days before 00:00 UTC on ``today``."""
    return datetime(today.year, today.month, today.day, tzinfo=UTC) - timedelta(days=days_ago)


def make_post(days_ago: float = 10, post_id: str | None = None, **fields) -> Post:
    fields.setdefault("kind", "image")
    return Post(post_id=post_id or f"p{days_ago}", published_at=at(days_ago), **fields)


def daily(start: date, values) -> list[tuple[date, float]]:
    """A series with one sample a day from ``start``."""
    return [(start + timedelta(days=i), float(v)) for i, v in enumerate(values)]
