"""Instagram Graph API payloads → models: pure functions, no HTTP.

Shapes follow reference/platform-apis.md §2. Counts the platform leaves out stay
``None`` (an empty insights ``data`` means "no data", not 0); a required field that
is missing raises ``BadPayload``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from creatorkit.connectors.payload import MAX_LIFETIME_S, Reader
from creatorkit.errors import BadPayload
from creatorkit.models import AudienceSlice, MetricSample, Post, Profile

PLATFORM = "instagram"
READ = Reader(PLATFORM)

#: insights metric name → Post field (``impressions`` only answers for legacy media)
MEDIA_INSIGHT_FIELDS = {
    "views": "views", "reach": "reach", "saved": "saves", "shares": "shares",
    "impressions": "impressions",
}
#: account insights metric → stored metric (per-day figures, not running totals)
ACCOUNT_INSIGHT_METRICS = {
    "reach": "daily_reach", "views": "daily_views", "impressions": "daily_impressions",
}
GENDERS = {"F": "female", "M": "male", "U": "unknown"}
TITLE_MAX = 150


def parse_time(value: Any, what: str) -> datetime:
    """Graph timestamps look like ``2026-11-02T17:00:09+0000``."""
    return READ.instant(value, what)


def _count(value: Any, field: str) -> int | None:
    return READ.count(value, field)


def _object(payload: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(payload, Mapping):
        raise BadPayload(PLATFORM, f"{what} is not a JSON object")
    return payload


def _data(payload: Any, what: str) -> list[Mapping[str, Any]]:
    data = _object(payload, what).get("data")
    if not isinstance(data, list):
        raise BadPayload(PLATFORM, f"{what} has no 'data' list")
    return [item for item in data if isinstance(item, Mapping)]


def parse_user(payload: Any, today: date) -> tuple[Profile, tuple[MetricSample, ...]]:
    """An IG User object (either host; also the ``{"data": [{...}]}`` wrapping of ``/me``)."""
    user = _object(payload, "user")
    if isinstance(user.get("data"), list) and user["data"]:
        user = _object(user["data"][0], "user")
    user_id = user.get("user_id") or user.get("id")
    if not user_id:
        raise BadPayload(PLATFORM, "user has no 'id'")
    followers = _count(user.get("followers_count"), "followers_count")
    if followers is None:
        raise BadPayload(PLATFORM, "user has no 'followers_count' (not a professional account?)")
    username = user.get("username")
    profile = Profile(
        external_id=str(user_id), username=username, display_name=user.get("name"),
        avatar_url=user.get("profile_picture_url"), bio=user.get("biography"),
        url=f"https://www.instagram.com/{username}/" if username else None,
    )
    metrics = [MetricSample("followers", today, followers)]
    for field, metric in (("follows_count", "following"), ("media_count", "media_count")):
        value = _count(user.get(field), field)
        if value is not None:
            metrics.append(MetricSample(metric, today, value))
    return profile, tuple(metrics)


def media_kind(media: Mapping[str, Any]) -> str:
    product, media_type = media.get("media_product_type"), media.get("media_type")
    if product == "REELS":
        return "reel"
    if product == "STORY":
        return "story"
    return {"CAROUSEL_ALBUM": "carousel", "IMAGE": "image"}.get(media_type, "video")


def _title(caption: Any) -> str | None:
    if not isinstance(caption, str) or not caption.strip():
        return None
    line = caption.strip().splitlines()[0]
    return line if len(line) <= TITLE_MAX else line[:TITLE_MAX - 1] + "…"


def parse_media(media: Any) -> Post:
    """One item of ``/{ig-user-id}/media``; insights are added by ``parse_media_insights``."""
    media = _object(media, "media item")
    if not media.get("id"):
        raise BadPayload(PLATFORM, "media item has no 'id'")
    thumbnail = media.get("thumbnail_url")
    if thumbnail is None and media.get("media_type") != "VIDEO":
        thumbnail = media.get("media_url")
    return Post(
        post_id=str(media["id"]), kind=media_kind(media),
        published_at=parse_time(media.get("timestamp"), f"media {media['id']}"),
        permalink=media.get("permalink"), title=_title(media.get("caption")),
        thumbnail_url=thumbnail, likes=_count(media.get("like_count"), "like_count"),
        comments=_count(media.get("comments_count"), "comments_count"),
    )


def parse_media_page(payload: Any) -> tuple[list[Mapping[str, Any]], str | None]:
    """(media items, cursor of the next page or None). The walk ends when ``paging.next`` does."""
    items = _data(payload, "media page")
    paging = payload.get("paging") if isinstance(payload.get("paging"), Mapping) else {}
    next_url = paging.get("next")
    if not next_url:
        return items, None
    cursors = paging.get("cursors") if isinstance(paging.get("cursors"), Mapping) else {}
    after = cursors.get("after") or parse_qs(urlsplit(next_url).query).get("after", [None])[0]
    return items, after


def _metric_value(metric: Mapping[str, Any]) -> int | None:
    name = f"insight {metric.get('name')}"
    total = metric.get("total_value")
    if isinstance(total, Mapping) and "value" in total:
        return _count(total["value"], name)
    values = metric.get("values")
    if isinstance(values, list) and values and isinstance(values[0], Mapping):
        return _count(values[0].get("value"), name)
    return None


def parse_media_insights(payload: Any) -> dict[str, int | None]:
    """``/{ig-media-id}/insights`` → Post fields; metrics not answered are left out."""
    found = {}
    for metric in _data(payload, "media insights"):
        field = MEDIA_INSIGHT_FIELDS.get(metric.get("name"))
        if field:
            found[field] = _metric_value(metric)
    return found


def parse_account_insights(payload: Any, day: date) -> tuple[MetricSample, ...]:
    """``/{ig-user-id}/insights?period=day``: ``total_value`` is the figure of ``day``;
    legacy time series give one sample per ``end_time`` (the end of the day it counts)."""
    samples = []
    for metric in _data(payload, "account insights"):
        name = ACCOUNT_INSIGHT_METRICS.get(metric.get("name"))
        if not name or metric.get("period") != "day":
            continue
        if isinstance(metric.get("total_value"), Mapping):
            value = _metric_value(metric)
            if value is not None:
                samples.append(MetricSample(name, day, value))
            continue
        what = f"insight {metric['name']}"
        for point in _list(metric.get("values"), what):
            value = _count(point.get("value"), what) if isinstance(point, Mapping) else None
            if value is not None:
                ended = parse_time(point.get("end_time"), what)
                counted = READ.day((ended - timedelta(days=1)).date(), f"{what} end_time", today=day)
                samples.append(MetricSample(name, counted, value))
    return tuple(samples)


def _bucket(dimension: str, raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise BadPayload(PLATFORM, f"follower demographics {dimension} {raw!r} is not a bucket name")
    return GENDERS.get(raw, raw) if dimension == "gender" else raw


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadPayload(PLATFORM, f"{what} {value!r:.60} is not a list")
    return value


def demographic_shares(dimension: str, counts: Iterable[tuple[Any, Any]]) -> tuple[AudienceSlice, ...]:
    """Counts per bucket → shares of their total (only people with known demographics)."""
    kept: dict[str, int] = {}
    for key, value in counts:
        number = _count(value, f"follower demographics {dimension} {key!r}")
        if number:
            bucket = _bucket(dimension, key)
            kept[bucket] = kept.get(bucket, 0) + number
    total = sum(kept.values())
    return READ.audience(AudienceSlice(dimension, bucket, value / total) for bucket, value in kept.items())


def parse_demographics(payload: Any, dimension: str) -> tuple[AudienceSlice, ...]:
    """``follower_demographics`` with ``breakdown=<dimension>`` → AudienceSlices."""
    counts: dict[str, int] = {}
    what = "follower demographics"
    for metric in _data(payload, what):
        total = metric.get("total_value") if isinstance(metric.get("total_value"), Mapping) else {}
        for breakdown in _list(total.get("breakdowns"), f"{what} breakdowns"):
            if not isinstance(breakdown, Mapping):
                raise BadPayload(PLATFORM, f"{what} breakdown {breakdown!r:.60} is not an object")
            keys = _list(breakdown.get("dimension_keys"), f"{what} dimension_keys")
            if dimension not in keys:
                continue
            position = keys.index(dimension)
            for result in _list(breakdown.get("results"), f"{what} results"):
                if not isinstance(result, Mapping):
                    raise BadPayload(PLATFORM, f"{what} result {result!r:.60} is not an object")
                values = _list(result.get("dimension_values"), f"{what} dimension_values")
                value = _count(result.get("value"), f"{what} value")
                if len(values) > position and value is not None:
                    bucket = _bucket(dimension, values[position])
                    counts[bucket] = counts.get(bucket, 0) + value
    return demographic_shares(dimension, counts.items())


def parse_token(payload: Any, now: datetime) -> dict[str, str]:
    """``refresh_access_token`` → credentials; a refreshed token lives 60 days."""
    token = _object(payload, "token").get("access_token")
    if not isinstance(token, str) or not token:
        raise BadPayload(PLATFORM, "token response has no 'access_token'")
    lifetime = READ.count(payload.get("expires_in"), "expires_in", limit=MAX_LIFETIME_S) \
        or int(timedelta(days=60).total_seconds())
    return {
        "access_token": token,
        "expires_at": (now + timedelta(seconds=lifetime)).isoformat(timespec="seconds"),
        "issued_at": now.isoformat(timespec="seconds"),
    }
