"""Engagement rate: one figure that carries its basis, window, aggregation and caveats.

Vendors disagree on every part of "engagement rate" (reference §2), so a ``Rate``
says which denominator it used, how many posts, which aggregation, and which edge
cases it met (§2.4), and the kit shows it as "4.1 % of views, median of 30 posts".
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from creatorkit.errors import InputError
from creatorkit.models import Post

#: actions summed into a post's engagements, where the platform gives them (None = absent)
ACTIONS = ("likes", "comments", "shares", "saves")
BASES = ("followers", "reach", "impressions", "views")
METHODS = ("median", "mean", "ratio_of_sums")
#: reference §2.3: followers for feed platforms, views for video-first platforms
DEFAULT_BASIS = {
    "instagram": "followers", "twitch": "followers", "facebook": "followers", "x": "followers",
    "tiktok": "views", "youtube": "views",
}
#: §7.5: a rate on fewer eligible posts is labelled provisional
PROVISIONAL_BELOW = 12

FollowerSeries = Sequence[tuple[date, float]]


@dataclass(frozen=True)
class Rate:
    value: float | None  # fraction (0.034), None when undefined
    basis: str
    posts: int
    method: str
    mean: float | None  # mean of the per-post ratios, shown for transparency
    window_start: date | None
    window_end: date | None
    provisional: bool
    flags: tuple[str, ...] = ()

    def describe(self) -> str:
        """"4.1 % of views, median of 30 posts" (or why there is no value)."""
        if self.value is None:
            return f"not enough data ({self.posts} posts)"
        how = "total / total" if self.method == "ratio_of_sums" else self.method
        return f"{self.value * 100:.1f} % of {self.basis}, {how} of {self.posts} posts"


def median_of(values: Iterable[float | None]) -> float | None:
    """The median of the known values; None when there are none (``statistics`` raises)."""
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def default_basis(platform: str | None) -> str:
    """The recommended denominator for a platform; "followers" when unknown."""
    return DEFAULT_BASIS.get(platform or "", "followers")


def engagements(post: Post) -> int | None:
    """Sum of the ``ACTIONS`` the post has counts for; None when it has none."""
    counts = [getattr(post, action) for action in ACTIONS if getattr(post, action) is not None]
    return sum(counts) if counts else None


def as_instant(today: date | datetime) -> datetime:
    """A ``date`` means 00:00 UTC on that day; a ``datetime`` is used as given."""
    if isinstance(today, datetime):
        return today
    return datetime.combine(today, time.min, tzinfo=UTC)


def window_posts_of(
    posts: Iterable[Post], *, today: date | datetime, min_age_hours: float = 72,
    window_posts: int | None = 30, window_days: int | None = None, sponsored: bool | None = None,
) -> list[Post]:
    """Posts old enough, newest first by ``published_at`` (never feed position), windowed.

    ``sponsored``: None keeps all posts, False organic only, True sponsored only.
    """
    now = as_instant(today)
    newest = now - timedelta(hours=min_age_hours)
    oldest = now - timedelta(days=window_days) if window_days is not None else None
    kept = [
        p for p in posts
        if p.published_at <= newest
        and (oldest is None or p.published_at >= oldest)
        and (sponsored is None or p.is_sponsored == sponsored)
    ]
    kept.sort(key=lambda p: p.published_at, reverse=True)
    return kept if window_posts is None else kept[:window_posts]


def followers_at(
    day: date, followers_series: FollowerSeries | None, followers: float | None
) -> tuple[float | None, bool]:
    """Followers on ``day`` from the nearest earlier sample, else ``followers``.

    Returns (value, fell_back): fell_back is True when a series was given but had no
    sample on or before ``day``; counts are never back-extrapolated (§2.4).
    """
    if followers_series:
        index = bisect_right(followers_series, day, key=lambda sample: sample[0]) - 1
        if index >= 0:
            return followers_series[index][1], False
        return followers, True
    return followers, False


def post_rate(
    window: Sequence[Post], numerator: Callable[[Post], float | None], basis: str, *,
    followers: float | None, followers_series: FollowerSeries | None, method: str, min_posts: int,
    flags: Iterable[str] = (),
) -> Rate:
    """Aggregate ``numerator(p) / denominator(p)`` over ``window`` on one basis.

    Posts whose ratio is undefined (no count, denominator None or 0) are left out.
    """
    if method not in METHODS:
        raise InputError(f"method must be one of {METHODS}, not {method!r}")
    flags = list(flags)
    pairs: list[tuple[Post, float, float]] = []
    for post in window:
        top = numerator(post)
        if basis == "followers":
            bottom, fell_back = followers_at(post.published_at.date(), followers_series, followers)
            if fell_back and bottom is not None:
                flags.append("followers_current_used")
        else:
            bottom = getattr(post, basis)
        if bottom is None:
            flags.append(f"{basis}_unknown_excluded")
        elif bottom == 0:
            flags.append(f"zero_{basis}_excluded")
        if top is not None and bottom:
            pairs.append((post, top, bottom))
    ratios = [top / bottom for _, top, bottom in pairs]
    n = len(ratios)
    if any(r > 1 for r in ratios):
        flags.append("ratio_gt_1")
    if n < min_posts:
        flags.append("too_few_posts")
        value = average = None
    else:
        average = statistics.fmean(ratios)
        if method == "median":
            value = statistics.median(ratios)
        elif method == "mean":
            value = average
        else:
            value = sum(top for _, top, _ in pairs) / sum(bottom for _, _, bottom in pairs)
    days = [post.published_at.date() for post, _, _ in pairs]
    return Rate(
        value, basis, n, method, average, min(days, default=None), max(days, default=None),
        n < PROVISIONAL_BELOW, tuple(dict.fromkeys(flags)),
    )


def engagement_rate(
    posts: Iterable[Post], *, today: date | datetime, basis: str | None = None,
    platform: str | None = None, followers: float | None = None,
    followers_series: FollowerSeries | None = None, method: str = "median",
    window_posts: int | None = 30, window_days: int | None = None, min_age_hours: float = 72,
    min_posts: int = 6, sponsored: bool | None = None,
) -> Rate:
    """Engagements (``ACTIONS`` present) per post over ``basis``, aggregated by ``method``.

    Reach/impressions/views missing on some posts: those posts are left out if at least
    ``min_posts`` keep the basis, else the whole window falls back to followers (bases
    are never mixed in one aggregate, §2.4).
    """
    basis = basis or default_basis(platform)
    if basis not in BASES:
        raise InputError(f"basis must be one of {BASES}, not {basis!r}")
    window = window_posts_of(
        posts, today=today, min_age_hours=min_age_hours, window_posts=window_posts,
        window_days=window_days, sponsored=sponsored,
    )
    flags = []
    if len({tuple(getattr(p, a) is None for a in ACTIONS) for p in window}) > 1:
        flags.append("mixed_action_sets")
    if basis != "followers":
        with_basis = [p for p in window if getattr(p, basis) is not None]
        if len(with_basis) < len(window):
            if len(with_basis) >= min_posts:
                window = with_basis
                flags.append(f"{basis}_missing_on_some_posts")
            else:
                flags.append(f"{basis}_missing_fell_back_to_followers")
                basis = "followers"
    return post_rate(
        window, engagements, basis, followers=followers, followers_series=followers_series,
        method=method, min_posts=min_posts, flags=flags,
    )
