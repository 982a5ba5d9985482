"""One audience picture from several platforms: shares weighted by each account's followers.

Platforms show demographics only above a follower count; an account below it has
its buckets hidden (absent), never shown as zeros.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from creatorkit.models import AudienceSlice

#: platform → (followers needed before its demographics are shown, where that comes from)
DEMOGRAPHICS_MIN_FOLLOWERS: dict[str, tuple[int, str]] = {
    "instagram": (100, "Instagram Graph API: follower demographics are not available under 100 followers"),
    "tiktok": (100, "unconfirmed: assumed equal to Instagram's; TikTok documents no threshold we found"),
    "youtube": (0, "unconfirmed: no follower threshold documented; YouTube Analytics itself omits "
                   "rows for which it has too little data"),
    "twitch": (0, "Twitch exposes no audience demographics"),
}
#: for a platform not in the table: the most common threshold above
DEFAULT_MIN_FOLLOWERS = 100
#: buckets that name no group: always listed last, in this order
LEFTOVER = ("other", "unknown")

Part = tuple[str, float | None, Sequence[AudienceSlice]]
Parts = Mapping[str, tuple[float | None, Sequence[AudienceSlice]]] | Iterable[Part]


@dataclass(frozen=True)
class MergedAudience:
    shares: dict[str, dict[str, float]]  # dimension → bucket → share (0..1)
    weights: dict[str, float]  # dimension → followers behind its shares
    platforms: dict[str, tuple[str, ...]]  # dimension → platforms that contributed
    hidden: tuple[str, ...]  # platforms left out: too few or unknown followers


def min_followers(platform: str) -> int:
    return DEMOGRAPHICS_MIN_FOLLOWERS.get(platform, (DEFAULT_MIN_FOLLOWERS, ""))[0]


def _latest_by_dimension(slices: Iterable[AudienceSlice]) -> dict[str, dict[str, float]]:
    """Each dimension's buckets on its most recent day (undated slices count as oldest)."""
    latest: dict[str, date | None] = {}
    rows: dict[str, dict[str, float]] = {}
    for s in sorted(slices, key=lambda s: (s.day is not None, s.day or date.min)):
        if s.dimension not in latest or latest[s.dimension] != s.day:
            rows[s.dimension] = {}
            latest[s.dimension] = s.day
        rows[s.dimension][s.bucket] = s.share
    return rows


def merge_audience(parts: Parts) -> MergedAudience:
    """Merge ``platform → (followers, slices)`` (or ``(platform, followers, slices)`` triples).

    share(bucket) = Σ followers_i × share_i(bucket) / Σ followers_i over the accounts that
    report the dimension. Buckets are matched by exact name; shares that a platform gives
    only for its top buckets stay partial (they need not sum to 1).
    """
    if isinstance(parts, Mapping):
        parts = [(platform, followers, slices) for platform, (followers, slices) in parts.items()]
    sums: dict[str, dict[str, float]] = {}
    weights: dict[str, float] = {}
    platforms: dict[str, list[str]] = {}
    hidden = []
    for platform, followers, slices in parts:
        by_dimension = _latest_by_dimension(slices)
        if not by_dimension:
            continue
        if not followers or followers < min_followers(platform):
            hidden.append(platform)
            continue
        for dimension, buckets in by_dimension.items():
            weights[dimension] = weights.get(dimension, 0) + followers
            platforms.setdefault(dimension, []).append(platform)
            total = sums.setdefault(dimension, {})
            for bucket, share in buckets.items():
                total[bucket] = total.get(bucket, 0) + followers * share
    shares = {d: {b: v / weights[d] for b, v in buckets.items()} for d, buckets in sums.items()}
    return MergedAudience(
        shares, weights, {d: tuple(p) for d, p in platforms.items()}, tuple(dict.fromkeys(hidden))
    )


def top_buckets(shares: Mapping[str, float], n: int = 5, *, other: bool = False) -> list[tuple[str, float]]:
    """The ``n`` largest buckets (ties by name); ``other`` appends the rest as one bucket."""
    ranked = sorted(shares.items(), key=lambda item: (-item[1], item[0]))
    top = ranked[:n]
    rest = sum(share for _, share in ranked[n:])
    if other and rest > 0:
        top.append(("other", rest))
    return top


def display_buckets(dimension: str, shares: Mapping[str, float], n: int = 6) -> list[tuple[str, float]]:
    """The buckets a reader sees: ages all of them, youngest first (an age bucket is
    never cut for its size); other dimensions the ``n`` largest. "other" and
    "unknown" come last either way, and are not counted in ``n``."""
    named = {b: s for b, s in shares.items() if b.casefold() not in LEFTOVER}
    rest = sorted(((b, s) for b, s in shares.items() if b.casefold() in LEFTOVER),
                  key=lambda item: LEFTOVER.index(item[0].casefold()))
    if dimension == "age":
        return sorted(named.items(), key=lambda item: _age_key(item[0])) + rest
    return top_buckets(named, n=n) + rest


def _age_key(bucket: str) -> tuple[float, str]:
    """"13-17" < "18-24" < ... < "55+" < "65+": by the youngest age in the bucket."""
    found = re.match(r"\s*(\d+)", bucket)
    return (int(found.group(1)) if found else math.inf, bucket)
