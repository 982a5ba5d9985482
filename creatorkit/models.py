"""Frozen dataclasses shared by every layer.

Connectors produce them (a ``Harvest``), storage writes and reads them, the KPI layer
computes from them. Times are aware UTC ``datetime``; days are ``date``. Counts that a
platform does not give are ``None``, never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

PLATFORMS = ("youtube", "instagram", "tiktok", "twitch")

#: where a figure came from → how the kit labels it
SOURCE_LABELS = {
    "api": "verified",
    "import": "imported",
    "self": "self-declared",
    "demo": "demo",
}


@dataclass(frozen=True)
class Account:
    """One platform account of a creator, as a connector needs it."""

    id: int
    creator_id: int
    handle: str
    platform: str
    connector: str
    ref: str
    external_id: str | None = None
    username: str | None = None
    credentials: Mapping[str, Any] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class MetricSample:
    """One account-level figure on one day (followers, total views, ...)."""

    metric: str
    day: date
    value: float


@dataclass(frozen=True)
class Post:
    """A post, video or stream and its latest counts."""

    post_id: str
    kind: str
    published_at: datetime
    permalink: str | None = None
    title: str | None = None
    thumbnail_url: str | None = None
    views: int | None = None
    reach: int | None = None
    impressions: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    watch_time_s: float | None = None
    avg_view_duration_s: float | None = None
    completion_rate: float | None = None
    duration_s: float | None = None
    avg_viewers: float | None = None
    peak_viewers: int | None = None
    is_sponsored: bool = False


@dataclass(frozen=True)
class AudienceSlice:
    """Share (0..1) of the audience in one bucket of one dimension.

    Dimensions: ``age``, ``gender``, ``country``, ``city``, ``language``.
    """

    dimension: str
    bucket: str
    share: float
    day: date | None = None


@dataclass(frozen=True)
class Profile:
    """What the platform says about the account itself."""

    external_id: str | None = None
    username: str | None = None
    display_name: str | None = None
    avatar_url: str | None = None
    bio: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Harvest:
    """Everything one fetch brought back for one account.

    ``credentials`` is set only when the connector rotated the account's tokens
    (refresh tokens that change on use); refresh stores them encrypted.
    """

    source: str
    profile: Profile = field(default_factory=Profile)
    metrics: tuple[MetricSample, ...] = ()
    posts: tuple[Post, ...] = ()
    audience: tuple[AudienceSlice, ...] = ()
    calls: int = 0
    quota_units: int = 0
    credentials: Mapping[str, Any] | None = field(default=None, repr=False)
