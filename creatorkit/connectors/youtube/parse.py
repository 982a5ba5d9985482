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

from creatorkit.connectors.payload import MAX_LIFETIME_S, Reader
from creatorkit.errors import BadPayload
from creatorkit.models import AudienceSlice, MetricSample, Post, Profile

PLATFORM = "youtube"
READ = Reader(PLATFORM, counts_as_text=True)
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
    """A uint64 count, sent as a JSON string; within reason (``payload``)."""
    return READ.count(value, what)


def parse_time(value: Any, what: str) -> datetime:
    return READ.instant(value, what)


def parse_duration(value: Any) -> float | None:
    """ISO-8601 duration (``PT12M41S``) → seconds; ``None`` when absent or unreadable."""
    match = DURATION_RE.match(value) if isinstance(value, str) else None
    if not match or value == "P":
        return None
    seconds = sum(float(amount) * DURATION_UNITS[unit] for unit, amount in match.groupdict().items()
                  if amount)
    return READ.number(seconds, "duration")


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
    headers, rows = payload["columnHeaders"], payload.get("rows") or []
    if not isinstance(headers, list) or not all(isinstance(h, Mapping) for h in headers):
        raise BadPayload(PLATFORM, "analytics report columnHeaders is not a list of objects")
    names = [header.get("name") for header in headers]
    missing = [column for column in columns if column not in names]
    if missing:
        raise BadPayload(PLATFORM, f"analytics report lacks the columns {missing}")
    if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == len(names) for r in rows):
        raise BadPayload(PLATFORM, f"analytics report rows are not lists of {len(names)} cells")
    positions = [names.index(column) for column in columns]
    return [[row[i] for i in positions] for row in rows]


def parse_demographics(payload: Any) -> tuple[AudienceSlice, ...]:
    """``ageGroup,gender`` × ``viewerPercentage`` → age and gender shares (0..1)."""
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for age, gender, percent in _report_rows(payload, "ageGroup", "gender", "viewerPercentage"):
        share = READ.number(percent, "viewerPercentage", limit=100)
        if share is None or not isinstance(age, str) or not isinstance(gender, str):
            raise BadPayload(PLATFORM, f"demographics row {[age, gender, percent]!r} is incomplete")
        totals["age", AGE_BUCKETS.get(age, age)] += share / 100
        totals["gender", GENDER_BUCKETS.get(gender, gender)] += share / 100
    return READ.audience(AudienceSlice(dimension, bucket, round(share, 6))
                         for (dimension, bucket), share in totals.items())


def parse_countries(payload: Any) -> tuple[AudienceSlice, ...]:
    """``country`` × ``views`` → each country's share of the views."""
    views: dict[str, int] = defaultdict(int)
    for country, count in _report_rows(payload, "country", "views"):
        if not isinstance(country, str):
            raise BadPayload(PLATFORM, f"countries row has a country that is not text: {country!r}")
        views[country.upper()] += READ.count(count, f"views of {country}") or 0
    total = sum(views.values())
    if not total:
        return ()
    return READ.audience(AudienceSlice("country", country, round(count / total, 6))
                         for country, count in views.items())


def parse_token(payload: Any, now: datetime) -> dict[str, Any]:
    """A Google token response → the credential fields it renews.

    ``expires_at`` is stored as epoch seconds. Google does not send a new refresh
    token on refresh; when it does, it replaces the old one.
    """
    if not isinstance(payload, Mapping) or not payload.get("access_token"):
        raise BadPayload(PLATFORM, "token response has no access_token")
    expires_in = READ.count(payload.get("expires_in", 3600), "expires_in", limit=MAX_LIFETIME_S)
    renewed = {"access_token": payload["access_token"],
               "expires_at": int(now.timestamp()) + expires_in}
    if payload.get("refresh_token"):
        renewed["refresh_token"] = payload["refresh_token"]
    return renewed
