"""The kit's presentation model: ``KitView`` and its parts, built by ``kit.build``.

Kept apart from the building so that privacy, the JSON and the renderers can use the
types without importing the code that reads the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from creatorkit import kpi
from creatorkit.kit.parts import Brand, CaseStudy, Collaboration, Featured, RateItem, Testimonial
from creatorkit.kit.reasons import AuthenticityView
from creatorkit.models import SOURCE_LABELS, Post

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
    start: float | None = None  # followers on ``start_day`` (None when followers are hidden)
    start_day: date | None = None
    end_day: date | None = None


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
    data_day: date | None = None  # the last day the stored figures describe
    imported_at: datetime | None = None  # the latest file import, when figures were imported
    partial_posts: bool = False  # the posts are a selection (an export's top posts)
    figure_sources: Mapping[str, str] = field(default_factory=dict)  # figure → api/public/import/self/demo
    sponsored_excluded: int = 0  # sponsored posts left out of the engagement rate's window
    unknown: tuple[str, ...] = ()  # "handle", "followers": what the stored data cannot tell (an export)

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
    audience_day: date | None = None  # the day of the latest audience snapshot behind ``audience``
    rates: tuple[RateItem, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    case_studies: tuple[CaseStudy, ...] = ()  # measured by creatorkit, approved by the creator
    testimonials: tuple[Testimonial, ...] = ()
    brands: tuple[Brand, ...] = ()
    featured: tuple[Featured, ...] = ()
    has_contact: bool = False  # the address itself never enters the view
    hidden: frozenset[str] = frozenset()
    cover_url: str | None = None  # an uploaded cover image (a path of this site)

    @property
    def total_followers(self) -> float | None:
        """Followers on every platform; None when totals or any platform's followers are hidden."""
        if "totals" in self.hidden or any(p.followers is None for p in self.platforms):
            return None
        return sum(p.followers for p in self.platforms)

    @property
    def growth_30(self) -> Change | None:
        """New followers over 30 days on every platform together (zero growth included)."""
        changes = [p.growth.get(30) for p in self.platforms]
        if "totals" in self.hidden or not changes or any(c is None or c.abs is None for c in changes):
            return None
        gained = sum(c.abs for c in changes)
        start = None if any(c.start is None for c in changes) else sum(c.start for c in changes)
        return Change(30, gained, gained / start if start else None, start,
                      min((c.start_day for c in changes if c.start_day), default=None),
                      max((c.end_day for c in changes if c.end_day), default=None))

    @property
    def data_day(self) -> date | None:
        """The last day any platform's figures describe (the kit is "as of" it)."""
        return max((p.data_day for p in self.platforms if p.data_day), default=None)

    @property
    def stale(self) -> bool:
        """The figures end before the day the kit is computed for."""
        return self.data_day is not None and self.data_day < self.today

    @property
    def posts_per_week(self) -> float | None:
        """Posts a week on every platform; None when any platform's rhythm is unknown."""
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
        return sorted(ranked, key=lambda pair: reach_of(pair[1]), reverse=True)[:n]

    def audience_top(self, n: int = 6) -> dict[str, list[tuple[str, float]]]:
        """Each dimension's buckets as readers see them (ages in age order, "other" last)."""
        return {dim: kpi.display_buckets(dim, shares, n=n) for dim, shares in self.audience.shares.items()}

    def platform(self, name: str) -> PlatformView | None:
        return next((p for p in self.platforms if p.platform == name), None)


def reach_of(post: Post) -> int:
    return post.views or post.likes or 0
