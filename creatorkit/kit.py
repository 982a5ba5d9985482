"""``build_kit_view``: the one place that assembles a media kit.

The page, the JSON, the PDF, the preview image, the badge and the static export all
render the ``KitView`` built here, so they cannot disagree, and anything the creator
hides (``kit_privacy``) is left out of it rather than merely not shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from creatorkit import kpi
from creatorkit.kit_extras import Brand, Collaboration, Featured, RateItem, Testimonial, load_extras
from creatorkit.kit_json import to_json
from creatorkit.kit_privacy import known_keys, redact
from creatorkit.kit_reasons import AuthenticityView, authenticity_view
from creatorkit.models import SOURCE_LABELS, Post
from creatorkit.storage import accounts as account_store
from creatorkit.storage import directory, history, parse_iso

__all__ = ["KitView", "PlatformView", "as_of_day", "build_kit_view", "to_json"]

PLATFORM_LABELS = {"youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok",
                   "twitch": "Twitch"}
FOLLOWER_WORD = {"youtube": "subscribers", "twitch": "followers"}
#: platforms whose posts are live streams: no likes, so average viewers stand in for a rate
VIEWER_PLATFORMS = ("twitch",)
GROWTH_PERIODS = (7, 30, 90)
TOP_POSTS = 6


@dataclass(frozen=True)
class Change:
    """Follower growth over a period as the kit shows it (``abs`` is None when followers are hidden)."""

    days: int
    abs: float | None
    pct: float | None


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
    growth: Mapping[int, Change | None]
    engagement: kpi.Rate | None
    avg_views: kpi.Average | None
    posts_per_week: float | None
    post_count: int
    top_posts: tuple[Post, ...]
    follower_series: tuple[tuple[date, float], ...] = field(repr=False)
    avg_viewers: kpi.Average | None = None
    tier: kpi.Tier | None = None
    comparison: kpi.PeerComparison | None = None
    authenticity: AuthenticityView | None = None

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def follower_word(self) -> str:
        return FOLLOWER_WORD.get(self.platform, "followers")

    @property
    def uses_viewers(self) -> bool:
        """Streams carry no likes: the kit shows average viewers instead of an engagement rate."""
        return self.platform in VIEWER_PLATFORMS


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
    rates: tuple[RateItem, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    testimonials: tuple[Testimonial, ...] = ()
    brands: tuple[Brand, ...] = ()
    featured: tuple[Featured, ...] = ()
    has_contact: bool = False  # the address itself never enters the view
    hidden: frozenset[str] = frozenset()

    @property
    def total_followers(self) -> float | None:
        """Followers on every platform; None when totals or any platform's followers are hidden."""
        if "totals" in self.hidden or any(p.followers is None for p in self.platforms):
            return None
        return sum(p.followers for p in self.platforms)

    @property
    def growth_30(self) -> Change | None:
        """New followers over 30 days on every platform together."""
        changes = [p.growth.get(30) for p in self.platforms]
        if "totals" in self.hidden or not changes or any(c is None or c.abs is None for c in changes):
            return None
        gained = sum(c.abs for c in changes)
        start = sum(c.abs / c.pct for c in changes if c.pct) if all(c.pct for c in changes) else None
        return Change(30, gained, gained / start if start else None)

    @property
    def posts_per_week(self) -> float | None:
        rhythm = [p.posts_per_week for p in self.platforms]
        if "totals" in self.hidden or not rhythm or None in rhythm:
            return None
        return sum(rhythm)

    @property
    def verified(self) -> bool:
        """Some figure comes straight from a platform's official API."""
        return any(p.source == "api" for p in self.platforms)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({p.source for p in self.platforms}))

    def top_posts(self, n: int = TOP_POSTS) -> list[tuple[PlatformView, Post]]:
        """The best posts across platforms, by views (likes where views are unknown)."""
        ranked = [(p, post) for p in self.platforms for post in p.top_posts]
        return sorted(ranked, key=lambda pair: _reach_of(pair[1]), reverse=True)[:n]

    def audience_top(self, n: int = 6) -> dict[str, list[tuple[str, float]]]:
        return {dim: kpi.top_buckets(shares, n=n) for dim, shares in self.audience.shares.items()}

    def platform(self, name: str) -> PlatformView | None:
        return next((p for p in self.platforms if p.platform == name), None)


def build_kit_view(db: Database, creator: Mapping[str, Any], today: date,
                   settings: Mapping[str, Any]) -> KitView:
    hidden = known_keys(creator.get("hidden") or ())
    platforms, audience_parts, posts_by_url = [], [], {}
    for row in account_store.accounts_of_creator(db, creator["id"]):
        if row["platform"] in hidden:
            continue
        view, posts = _platform_view(db, row, today, settings)
        if view is None:
            continue
        platforms.append(view)
        posts_by_url.update({post.permalink: (view.platform, post) for post in posts if post.permalink})
        slices = history.latest_audience(db, row["id"])
        if slices:
            audience_parts.append((view.platform, view.followers, slices))
    extras = load_extras(db, creator["id"], posts_by_url)
    refreshed = [p.last_refreshed_at for p in platforms if p.last_refreshed_at]
    view = KitView(
        handle=creator["handle"], display_name=creator["display_name"],
        tagline=creator["tagline"], bio=creator["bio"], niche=creator["niche"],
        categories=tuple(creator["categories"]), country=creator["country"],
        city=creator["city"], languages=tuple(creator["languages"]),
        avatar_url=creator["avatar_url"], theme=creator["theme"], locale=creator["locale"],
        visibility=creator["visibility"], data_version=creator["data_version"],
        updated_at=max(refreshed) if refreshed else None, today=today,
        platforms=tuple(platforms), audience=kpi.merge_audience(audience_parts),
        rates=extras.rates, collaborations=extras.collaborations, testimonials=extras.testimonials,
        brands=extras.brands, featured=extras.featured, has_contact=bool(creator.get("contact_email")),
    )
    return redact(view, hidden)


def as_of_day(db: Database, creator_id: int, fallback: date) -> date:
    """The UTC day of the creator's latest successful refresh (``fallback`` when none).

    Computing a kit as of its data rather than the clock keeps every response a pure
    function of the data version: a cached page is right until the data changes.
    """
    row = db.execute("SELECT MAX(last_success_at) FROM accounts WHERE creator_id = ?",
                     [creator_id]).fetchone()
    moment = parse_iso(row[0]) if row and row[0] else None
    return moment.date() if moment else fallback


def _platform_view(db, row, today, settings) -> tuple[PlatformView | None, list[Post]]:
    series = history.metric_series(db, row["id"], "followers")
    posts = history.recent_posts(db, row["id"])
    if not series and not posts:
        return None, posts
    platform = row["platform"]
    sources = history.metric_sources(db, row["id"])
    followers_day, followers = series[-1] if series else (None, None)
    window = int(settings.get("ER_WINDOW_POSTS", 30))
    engagement = kpi.engagement_rate(
        posts, today=today, platform=platform, followers=followers, followers_series=series,
        window_posts=window, min_age_hours=int(settings.get("ER_MIN_POST_AGE_H", 72)),
    )
    tier = kpi.tier(followers)
    growth = kpi.growth_periods(series, today, GROWTH_PERIODS)
    view = PlatformView(
        account_id=row["id"], platform=platform,
        label=PLATFORM_LABELS.get(platform, platform.title()),
        username=row["username"] or row["ref"], profile_url=row["profile_url"],
        status=row["status"],
        source=sources.get("followers") or next(iter(history.post_sources(db, row["id"])), "self"),
        followers=followers, followers_day=followers_day,
        last_refreshed_at=parse_iso(row["last_success_at"]),
        growth={days: g and Change(days, g.abs, g.pct) for days, g in growth.items()},
        engagement=engagement,
        avg_views=kpi.average_per_post(posts[:window], "views"),
        avg_viewers=kpi.average_per_post(posts[:window], "avg_viewers"),
        posts_per_week=kpi.posts_per_week(posts, today),
        post_count=len(posts),
        top_posts=tuple(sorted(posts, key=_reach_of, reverse=True)[:TOP_POSTS]),
        follower_series=tuple(series),
        tier=tier,
        comparison=kpi.compare_with_peers(
            engagement.value,
            directory.peer_rates(db, platform, tier.name, engagement.basis,
                                 exclude_creator_id=row["creator_id"]) if tier else (),
            platform=platform, tier_name=tier.name if tier else None, basis=engagement.basis,
        ),
        authenticity=authenticity_view(kpi.authenticity(series, posts, today=today, platform=platform,
                                                        followers=followers)),
    )
    return view, posts


def _reach_of(post: Post) -> int:
    return post.views or post.likes or 0
