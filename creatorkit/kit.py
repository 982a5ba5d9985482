"""``build_kit_view``: the one place that assembles a media kit.

The page, the JSON, the PDF and the static export all render the ``KitView`` built
here, so they cannot disagree, and anything the creator hides is left out of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from creatorkit import kpi
from creatorkit.models import SOURCE_LABELS, Post
from creatorkit.storage import accounts as account_store
from creatorkit.storage import history, parse_iso

PLATFORM_LABELS = {"youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok",
                   "twitch": "Twitch"}
FOLLOWER_WORD = {"youtube": "subscribers", "twitch": "followers"}
GROWTH_PERIODS = (7, 30, 90)
TOP_POSTS = 6


@dataclass(frozen=True)
class PlatformView:
    account_id: int
    platform: str
    label: str
    username: str | None
    profile_url: str | None
    status: str
    source: str
    followers: float | None
    followers_day: date | None
    last_refreshed_at: datetime | None
    growth: Mapping[int, Any]
    engagement: Any
    avg_views: Any
    posts_per_week: float | None
    post_count: int
    top_posts: tuple[Post, ...]
    follower_series: tuple[tuple[date, float], ...] = field(repr=False)
    avg_viewers: Any = None
    tier: Any = None
    comparison: Any = None
    authenticity: Any = None

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def follower_word(self) -> str:
        return FOLLOWER_WORD.get(self.platform, "followers")


@dataclass(frozen=True)
class KitView:
    handle: str
    display_name: str
    tagline: str | None
    bio: str | None
    niche: str | None
    categories: tuple[str, ...]
    country: str | None
    city: str | None
    languages: tuple[str, ...]
    avatar_url: str | None
    theme: str
    locale: str
    visibility: str
    data_version: int
    updated_at: datetime | None
    today: date
    platforms: tuple[PlatformView, ...]
    audience: kpi.MergedAudience

    @property
    def total_followers(self) -> float:
        return sum(p.followers or 0 for p in self.platforms)

    def top_posts(self, n: int = TOP_POSTS) -> list[tuple[PlatformView, Post]]:
        """The best posts across platforms, by views (likes where views are unknown)."""
        ranked = [(p, post) for p in self.platforms for post in p.top_posts]
        return sorted(ranked, key=lambda pair: _reach_of(pair[1]), reverse=True)[:n]

    def audience_top(self, n: int = 6) -> dict[str, list[tuple[str, float]]]:
        return {dim: kpi.top_buckets(shares, n=n) for dim, shares in self.audience.shares.items()}

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({p.source for p in self.platforms}))


def build_kit_view(db: Database, creator: Mapping[str, Any], today: date,
                   settings: Mapping[str, Any]) -> KitView:
    platforms = []
    audience_parts = []
    for row in account_store.accounts_of_creator(db, creator["id"]):
        view = _platform_view(db, row, today, settings)
        if view is None:
            continue
        platforms.append(view)
        slices = history.latest_audience(db, row["id"])
        if slices:
            audience_parts.append((view.platform, view.followers, slices))
    refreshed = [p.last_refreshed_at for p in platforms if p.last_refreshed_at]
    return KitView(
        handle=creator["handle"], display_name=creator["display_name"],
        tagline=creator["tagline"], bio=creator["bio"], niche=creator["niche"],
        categories=tuple(creator["categories"]), country=creator["country"],
        city=creator["city"], languages=tuple(creator["languages"]),
        avatar_url=creator["avatar_url"], theme=creator["theme"], locale=creator["locale"],
        visibility=creator["visibility"], data_version=creator["data_version"],
        updated_at=max(refreshed) if refreshed else None, today=today,
        platforms=tuple(platforms),
        audience=kpi.merge_audience(audience_parts),
    )


def _platform_view(db, row, today, settings) -> PlatformView | None:
    series = history.metric_series(db, row["id"], "followers")
    posts = history.recent_posts(db, row["id"])
    if not series and not posts:
        return None
    platform = row["platform"]
    sources = history.metric_sources(db, row["id"])
    followers_day, followers = series[-1] if series else (None, None)
    window = int(settings.get("ER_WINDOW_POSTS", 30))
    engagement = kpi.engagement_rate(
        posts, today=today, platform=platform, followers=followers, followers_series=series,
        window_posts=window, min_age_hours=int(settings.get("ER_MIN_POST_AGE_H", 72)),
    )
    tier = kpi.tier(followers)
    return PlatformView(
        account_id=row["id"], platform=platform,
        label=PLATFORM_LABELS.get(platform, platform.title()),
        username=row["username"] or row["ref"], profile_url=row["profile_url"],
        status=row["status"],
        source=sources.get("followers") or next(iter(history.post_sources(db, row["id"])), "self"),
        followers=followers, followers_day=followers_day,
        last_refreshed_at=parse_iso(row["last_success_at"]),
        growth=kpi.growth_periods(series, today, GROWTH_PERIODS),
        engagement=engagement,
        avg_views=kpi.average_per_post(posts[:window], "views"),
        avg_viewers=kpi.average_per_post(posts[:window], "avg_viewers"),
        posts_per_week=kpi.posts_per_week(posts, today),
        post_count=len(posts),
        top_posts=tuple(sorted(posts, key=_reach_of, reverse=True)[:TOP_POSTS]),
        follower_series=tuple(series),
        tier=tier,
        comparison=kpi.compare_with_peers(
            engagement.value, (), platform=platform, tier_name=tier.name if tier else None,
            basis=engagement.basis,
        ),
        authenticity=kpi.authenticity(series, posts, today=today, platform=platform,
                                      followers=followers),
    )


def _reach_of(post: Post) -> int:
    return post.views or post.likes or 0


def to_json(view: KitView) -> dict[str, Any]:
    """The public JSON of a kit (``/@handle.json``): the same figures as the page."""
    return {
        "handle": view.handle,
        "display_name": view.display_name,
        "tagline": view.tagline,
        "niche": view.niche,
        "country": view.country,
        "languages": list(view.languages),
        "data_version": view.data_version,
        "updated_at": _iso(view.updated_at),
        "total_followers": view.total_followers,
        "platforms": [_platform_json(p) for p in view.platforms],
        "audience": {
            dim: {"platforms": list(view.audience.platforms[dim]),
                  "buckets": [{"bucket": b, "share": round(s, 4)}
                              for b, s in kpi.top_buckets(shares, n=10)]}
            for dim, shares in view.audience.shares.items()
        },
    }


def _platform_json(p: PlatformView) -> dict[str, Any]:
    er = p.engagement
    return {
        "platform": p.platform,
        "username": p.username,
        "followers": p.followers,
        "source": p.source,
        "source_label": p.source_label,
        "status": p.status,
        "last_refreshed_at": _iso(p.last_refreshed_at),
        "growth": {f"d{days}": ({"abs": g.abs, "pct": g.pct} if g else None)
                   for days, g in p.growth.items()},
        "engagement_rate": {"value": er.value, "basis": er.basis, "posts": er.posts,
                            "method": er.method, "provisional": er.provisional},
        "avg_views": p.avg_views.mean if p.avg_views else None,
        "avg_viewers": p.avg_viewers.mean if p.avg_viewers else None,
        "posts_per_week": p.posts_per_week,
        "tier": p.tier.name if p.tier else None,
        "benchmark": _benchmark_json(p.comparison),
        "authenticity": {
            "score": p.authenticity.score, "verdict": p.authenticity.verdict,
            "flags": [flag.message for flag in p.authenticity.flags if flag.penalty],
            "notes": [flag.message for flag in p.authenticity.flags if not flag.penalty],
        },
    }


def _benchmark_json(comparison) -> dict[str, Any] | None:
    bench = comparison.benchmark
    if bench is None and comparison.percentile is None:
        return None
    return {
        "median": bench.median if bench else None,
        "low": bench.low if bench else None,
        "high": bench.high if bench else None,
        "percentile": comparison.percentile,
        "position": comparison.position,
        "compared_with": comparison.source,
        "peers": comparison.n,
        "source": bench.source if bench else "creatorkit peers",
        "year": bench.year if bench else None,
        "basis": bench.basis if bench else None,
        "note": bench.note if bench else None,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None

