"""Per-post averages, video KPIs, posting rhythm and the breakdown by format (§2.5)."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from creatorkit.errors import InputError
from creatorkit.kpi.engagement import (
    FollowerSeries,
    Rate,
    engagement_rate,
    engagements,
    median_of,
    post_rate,
    window_posts_of,
)
from creatorkit.models import Post

#: Post fields that can be averaged, plus the derived "engagements"
FIELDS = (
    "views", "reach", "impressions", "likes", "comments", "shares", "saves", "watch_time_s",
    "avg_view_duration_s", "completion_rate", "duration_s", "avg_viewers", "peak_viewers", "engagements",
)


@dataclass(frozen=True)
class Average:
    mean: float | None
    median: float | None  # the typical post: one viral post drags the mean, not the median
    posts: int  # posts that had the figure
    first: date | None = None  # publication days of the oldest and newest of those posts
    last: date | None = None


@dataclass(frozen=True)
class FormatStats:
    kind: str
    posts: int
    engagement_rate: Rate
    median_views: float | None


def _window(
    posts: Iterable[Post], today: date | datetime | None, window_posts: int | None, min_age_hours: float
) -> list[Post]:
    if today is None:
        ordered = sorted(posts, key=lambda p: p.published_at, reverse=True)
        return ordered if window_posts is None else ordered[:window_posts]
    return window_posts_of(posts, today=today, min_age_hours=min_age_hours, window_posts=window_posts)


def _average(values: Iterable[float | None]) -> Average:
    data = [v for v in values if v is not None]
    if not data:
        return Average(None, None, 0)
    return Average(statistics.fmean(data), statistics.median(data), len(data))


def average_per_post(
    posts: Iterable[Post], field: str, *, today: date | datetime | None = None,
    window_posts: int | None = 30, min_age_hours: float = 0,
) -> Average:
    """Mean and median of ``field`` over the posts that have it (None counts are skipped)."""
    if field not in FIELDS:
        raise InputError(f"cannot average {field!r}; known: {', '.join(FIELDS)}")
    window = _window(posts, today, window_posts, min_age_hours)
    read = engagements if field == "engagements" else (lambda p: getattr(p, field))
    days = [p.published_at.date() for p in window if read(p) is not None]
    return replace(_average(read(p) for p in window),
                   first=min(days, default=None), last=max(days, default=None))


def comment_to_like(
    posts: Iterable[Post], *, today: date | datetime | None = None, window_posts: int | None = 30,
    min_age_hours: float = 0,
) -> Average:
    """Comments / likes per post (posts without likes are skipped); the median is the KPI (§2.5)."""
    window = _window(posts, today, window_posts, min_age_hours)
    return _average(p.comments / p.likes for p in window if p.likes and p.comments is not None)


def view_rate(
    posts: Iterable[Post], *, today: date | datetime, followers: float | None = None,
    followers_series: FollowerSeries | None = None, method: str = "median", window_posts: int | None = 30,
    min_age_hours: float = 72, min_posts: int = 6,
) -> Rate:
    """Views / followers at post time, over posts that report views (influData-style)."""
    window = [
        p for p in window_posts_of(posts, today=today, min_age_hours=min_age_hours, window_posts=None)
        if p.views is not None
    ]
    return post_rate(
        window[:window_posts] if window_posts is not None else window, lambda p: p.views, "followers",
        followers=followers, followers_series=followers_series, method=method, min_posts=min_posts,
    )


def completion(posts: Iterable[Post], **window) -> Average:
    """Completion rate (fraction of plays that reached the end) where the platform gives it."""
    return average_per_post(posts, "completion_rate", **window)


def percentage_viewed(
    posts: Iterable[Post], *, today: date | datetime | None = None, window_posts: int | None = 30,
    min_age_hours: float = 0,
) -> Average:
    """Average view duration / video length per post (YouTube's APV), where both are known."""
    window = _window(posts, today, window_posts, min_age_hours)
    return _average(p.avg_view_duration_s / p.duration_s for p in window
                    if p.avg_view_duration_s is not None and p.duration_s)


def average_watch_time(
    posts: Iterable[Post], *, today: date | datetime | None = None, window_posts: int | None = 30,
    min_age_hours: float = 0,
) -> float | None:
    """Total watch time / total views, in seconds, over posts that report both."""
    window = [p for p in _window(posts, today, window_posts, min_age_hours)
              if p.watch_time_s is not None and p.views is not None]
    views = sum(p.views for p in window)
    return sum(p.watch_time_s for p in window) / views if views else None


def _published_in(posts: Iterable[Post], today: date, days: int) -> list[datetime]:
    if days < 1:
        raise InputError(f"days must be at least 1, not {days}")
    start = today - timedelta(days=days)
    return sorted(p.published_at for p in posts if start < p.published_at.date() <= today)


def posts_per_week(posts: Iterable[Post], today: date, days: int = 90) -> float:
    """Posts published in the ``days`` days up to and including ``today``, per 7 days."""
    return len(_published_in(posts, today, days)) / (days / 7)


def median_gap_days(posts: Iterable[Post], today: date, days: int = 90) -> float | None:
    """Median time between consecutive posts of the window, in days (None below 2 posts)."""
    times = _published_in(posts, today, days)
    return median_of((b - a).total_seconds() / 86400 for a, b in itertools.pairwise(times))


def format_breakdown(
    posts: Iterable[Post], *, today: date | datetime, platform: str | None = None, basis: str | None = None,
    followers: float | None = None, followers_series: FollowerSeries | None = None,
    window_days: int | None = 90, min_age_hours: float = 72, min_posts: int = 3,
) -> dict[str, FormatStats]:
    """Per post kind (reel, video, short, image ...): posts, engagement rate, median views.

    Ordered by number of posts, most first. Formats share the window of the whole
    account; ``min_posts`` is lower than the headline rate's, so most are provisional.
    """
    window = window_posts_of(posts, today=today, min_age_hours=min_age_hours, window_posts=None,
                             window_days=window_days)
    by_kind: dict[str, list[Post]] = {}
    for post in window:
        by_kind.setdefault(post.kind, []).append(post)
    result = {}
    for kind, group in sorted(by_kind.items(), key=lambda item: (-len(item[1]), item[0])):
        rate = engagement_rate(
            group, today=today, basis=basis, platform=platform, followers=followers,
            followers_series=followers_series, window_posts=None, min_age_hours=min_age_hours,
            min_posts=min_posts,
        )
        result[kind] = FormatStats(kind, len(group), rate, median_of(p.views for p in group))
    return result
