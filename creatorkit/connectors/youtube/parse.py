"""Pure parsers of YouTube Data API v3, Analytics v2 and Google OAuth payloads.

Each ``parse_*`` takes one decoded JSON body and returns ``models`` (or small
records the connector needs to go on); nothing here does HTTP. Facts the parsers
rely on (reference/platform-apis.md §1):

* counts are uint64 sent as JSON *strings*; an absent count stays ``None``, never 0;
* ``hiddenSubscriberCount: true`` means the subscriber figure is not meaningful (it
  may be omitted or ``"0"``), so no ``followers`` sample is produced at all;
* a list response may have no ``items`` key when nothing matched;
* there is no "is Short" flag: a video whose duration is known and at most
  ``SHORT_MAX_S`` (YouTube allows Shorts up to 3 minutes since October 2024) is taken
  for a Short. Long-form videos of 3 minutes or less are misfiled by this heuristic;
  a duration of 0 (``P0D``: upcoming live stream) counts as unknown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from creatorkit.errors import BadPayload
from creatorkit.models import AudienceSlice, MetricSample, Post, Profile

PLATFORM = "youtube"
SHORT_MAX_S = 180
WATCH_URL = "https://www.youtube.com/watch?v="
CHANNEL_URL = "https://www.youtube.com/"
THUMBNAIL_SIZES = ("high", "medium", "standard", "default")
DURATION_RE = re.compile(
    r"^P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
DURATION_UNITS = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
#: Analytics ``ageGroup`` values → the project's age buckets
AGE_BUCKETS = {
    "age13-17": "13-17", "age18-24": "18-24", "age25-34": "25-34", "age35-44": "35-44",
    "age45-54": "45-54", "age55-64": "55-64", "age65-": "65+",
}
GENDER_BUCKETS = {"female": "female", "male": "male", "user_specified": "other"}


@dataclass(frozen=True)
class Channel:
    """One channels.list item: who the channel is, its figures, where its uploads are."""

    channel_id: str
    profile: Profile
    metrics: tuple[MetricSample, ...]
    uploads_playlist: str | None


@dataclass(frozen=True)
class PlaylistPage:
    """Video ids of one playlistItems.list page (newest first) and the next page token."""

    videos: tuple[tuple[str, datetime | None], ...]
    next_page_token: str | None


def items_of(payload: Any) -> list[dict[str, Any]]:
    """The ``items`` of a list response; absent means none matched."""
    if not isinstance(payload, Mapping):
        raise BadPayload(PLATFORM, "list response is not a JSON object")
    items = payload.get("items", [])
    if not isinstance(items, list):
        raise BadPayload(PLATFORM, "list response 'items' is not a list")
    return items


def parse_count(value: Any, what: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadPayload(PLATFORM, f"{what} is not a count: {value!r}") from None


def parse_time(value: Any, what: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadPayload(PLATFORM, f"{what} is not an ISO-8601 time: {value!r}") from None


def parse_duration(value: str | None) -> float | None:
    """ISO-8601 duration (``PT12M41S``) → seconds; ``None`` when absent or unreadable."""
    match = DURATION_RE.match(value or "")
    if not match or value == "P":
        return None
    return sum(float(amount) * DURATION_UNITS[unit] for unit, amount in match.groupdict().items()
               if amount)


def best_thumbnail(snippet: Mapping[str, Any]) -> str | None:
    thumbnails = snippet.get("thumbnails") or {}
    for size in THUMBNAIL_SIZES:
        if size in thumbnails:
            return thumbnails[size].get("url")
    return None


def parse_channel(item: Mapping[str, Any], day: date) -> Channel:
    """One channel item (parts snippet, statistics, contentDetails) → ``Channel``."""
    channel_id = item.get("id")
    statistics = item.get("statistics")
    if not channel_id or not isinstance(statistics, Mapping):
        raise BadPayload(PLATFORM, f"channel {channel_id or '?'} has no id or no statistics")
    snippet = item.get("snippet") or {}
    handle = snippet.get("customUrl")
    profile = Profile(
        external_id=channel_id, username=handle, display_name=snippet.get("title"),
        avatar_url=best_thumbnail(snippet), bio=snippet.get("description") or None,
        url=CHANNEL_URL + (handle if handle else f"channel/{channel_id}"),
    )
    figures = {
        "followers": None if statistics.get("hiddenSubscriberCount")
        else parse_count(statistics.get("subscriberCount"), "subscriberCount"),
        "total_views": parse_count(statistics.get("viewCount"), "viewCount"),
        "video_count": parse_count(statistics.get("videoCount"), "videoCount"),
    }
    metrics = tuple(MetricSample(name, day, value) for name, value in figures.items()
                    if value is not None)
    playlists = (item.get("contentDetails") or {}).get("relatedPlaylists") or {}
    return Channel(channel_id, profile, metrics, playlists.get("uploads") or None)


def parse_playlist_page(payload: Any) -> PlaylistPage:
    """A playlistItems.list page → the video ids on it; private items are left out."""
    videos = []
    for item in items_of(payload):
        details = item.get("contentDetails") or {}
        resource = (item.get("snippet") or {}).get("resourceId") or {}
        video_id = details.get("videoId") or resource.get("videoId")
        if not video_id or (item.get("status") or {}).get("privacyStatus") == "private":
            continue
        published = details.get("videoPublishedAt")
        videos.append((video_id, parse_time(published, "videoPublishedAt") if published else None))
    return PlaylistPage(tuple(videos), payload.get("nextPageToken") or None)


def parse_video(item: Mapping[str, Any]) -> Post:
    """One videos.list item (parts snippet, statistics, contentDetails) → ``Post``."""
    video_id = item.get("id")
    snippet = item.get("snippet")
    if not video_id or not isinstance(snippet, Mapping) or "publishedAt" not in snippet:
        raise BadPayload(PLATFORM, f"video {video_id or '?'} has no id or no publishedAt")
    statistics = item.get("statistics") or {}
    duration = parse_duration((item.get("contentDetails") or {}).get("duration"))
    is_short = duration is not None and 0 < duration <= SHORT_MAX_S
    return Post(
        post_id=video_id, kind="short" if is_short else "video",
        published_at=parse_time(snippet["publishedAt"], "publishedAt"),
        permalink=WATCH_URL + video_id, title=snippet.get("title"),
        thumbnail_url=best_thumbnail(snippet),
        views=parse_count(statistics.get("viewCount"), "viewCount"),
        likes=parse_count(statistics.get("likeCount"), "likeCount"),
        comments=parse_count(statistics.get("commentCount"), "commentCount"),
        duration_s=duration or None,
    )


def _report_rows(payload: Any, *columns: str) -> list[list[Any]]:
    """Rows of an Analytics result table, reduced to ``columns`` (in that order)."""
    if not isinstance(payload, Mapping) or "columnHeaders" not in payload:
        raise BadPayload(PLATFORM, "analytics report has no columnHeaders")
    names = [header.get("name") for header in payload["columnHeaders"]]
    missing = [column for column in columns if column not in names]
    if missing:
        raise BadPayload(PLATFORM, f"analytics report lacks the columns {missing}")
    positions = [names.index(column) for column in columns]
    return [[row[i] for i in positions] for row in payload.get("rows") or []]


def parse_demographics(payload: Any) -> tuple[AudienceSlice, ...]:
    """``ageGroup,gender`` × ``viewerPercentage`` → age and gender shares (0..1)."""
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for age, gender, percent in _report_rows(payload, "ageGroup", "gender", "viewerPercentage"):
        totals["age", AGE_BUCKETS.get(age, age)] += float(percent) / 100
        totals["gender", GENDER_BUCKETS.get(gender, gender)] += float(percent) / 100
    return tuple(AudienceSlice(dimension, bucket, round(share, 6))
                 for (dimension, bucket), share in totals.items())


def parse_countries(payload: Any) -> tuple[AudienceSlice, ...]:
    """``country`` × ``views`` → each country's share of the views."""
    rows = _report_rows(payload, "country", "views")
    total = sum(float(views) for _, views in rows)
    if not total:
        return ()
    return tuple(AudienceSlice("country", str(country).upper(), round(float(views) / total, 6))
                 for country, views in rows)


def parse_token(payload: Any, now: datetime) -> dict[str, Any]:
    """A Google token response → the credential fields it renews.

    ``expires_at`` is stored as epoch seconds. Google does not send a new refresh
    token on refresh; when it does, it replaces the old one.
    """
    if not isinstance(payload, Mapping) or not payload.get("access_token"):
        raise BadPayload(PLATFORM, "token response has no access_token")
    expires_in = parse_count(payload.get("expires_in", 3600), "expires_in")
    renewed = {"access_token": payload["access_token"],
               "expires_at": int(now.timestamp()) + expires_in}
    if payload.get("refresh_token"):
        renewed["refresh_token"] = payload["refresh_token"]
    return renewed
