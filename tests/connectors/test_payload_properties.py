"""Issue 13, "Done when", API side: payloads of the documented shapes (reference §1-§4)
with one field made hostile. Every parser either returns figures within reason or
raises ``BadPayload`` naming its platform and the field; never another exception."""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creatorkit.connectors import payload, tiktok, twitch
from creatorkit.connectors.instagram import parse as ig
from creatorkit.connectors.youtube import parse as yt
from creatorkit.errors import BadPayload
from creatorkit.models import AudienceSlice

pytestmark = pytest.mark.property

TODAY = date(2026, 11, 23)
counts = st.integers(0, 10**10)
epochs = st.integers(int(datetime(2010, 1, 1, tzinfo=UTC).timestamp()),
                     int(datetime(2026, 11, 1, tzinfo=UTC).timestamp()))
HOSTILE = (-1, 10**30, math.nan, math.inf, 1e20, "12", "abc", [], {}, None, True, 1.5, "9" * 30, "-3",
           ["a", "b"], 1764547200000)


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# each shape: (platform, payload strategy, parse, mutable leaves as (path, name the error gives))
SHAPES = {
    "youtube channel": ("youtube", st.builds(lambda v, s, n: {
        "id": "UC1", "snippet": {"title": "T"},
        "statistics": {"viewCount": str(v), "subscriberCount": str(s), "videoCount": str(n)}},
        counts, counts, counts), lambda p: yt.parse_channel(p, TODAY),
        [(("statistics", "viewCount"), "viewCount"), (("statistics", "subscriberCount"), "subscriberCount"),
         (("statistics", "videoCount"), "videoCount")]),
    "youtube video": ("youtube", st.builds(lambda t, v, lk: {
        "id": "v1", "snippet": {"publishedAt": iso(t), "title": "x"},
        "contentDetails": {"duration": "PT1M5S"},
        "statistics": {"viewCount": str(v), "likeCount": str(lk)}}, epochs, counts, counts), yt.parse_video,
        [(("snippet", "publishedAt"), "publishedAt"), (("statistics", "viewCount"), "viewCount"),
         (("statistics", "likeCount"), "likeCount")]),
    "youtube demographics": ("youtube", st.lists(st.integers(0, 100), min_size=2, max_size=2).map(lambda p: {
        "columnHeaders": [{"name": "ageGroup"}, {"name": "gender"}, {"name": "viewerPercentage"}],
        "rows": [["age18-24", "female", p[0] / 2], ["age25-34", "male", (100 - p[0]) / 2]]}),
        yt.parse_demographics,
        [(("rows", 0, 2), "viewerPercentage"), (("rows",), "rows"), (("rows", 1), "row")]),
    "instagram user": ("instagram", st.builds(lambda f, m: {"id": "1", "username": "a", "followers_count": f,
                                                           "media_count": m}, counts, counts),
                       lambda p: ig.parse_user(p, TODAY),
                       [(("followers_count",), "followers_count"), (("media_count",), "media_count")]),
    "instagram media": ("instagram",
                        st.builds(lambda t, lk: {"id": "m1", "timestamp": iso(t), "like_count": lk},
                                  epochs, counts), ig.parse_media,
                        [(("timestamp",), "media m1"), (("like_count",), "like_count")]),
    "instagram demographics": ("instagram", st.lists(counts, min_size=2, max_size=2).map(lambda v: {"data": [{
        "name": "follower_demographics", "total_value": {"breakdowns": [{"dimension_keys": ["age"],
                                                                         "results": [
            {"dimension_values": ["18-24"], "value": v[0]},
            {"dimension_values": ["25-34"], "value": v[1]}]}]}}]}),
        lambda p: ig.parse_demographics(p, "age"),
        [(("data", 0, "total_value", "breakdowns"), "breakdowns"),
         (("data", 0, "total_value", "breakdowns", 0, "results", 0, "value"), "value"),
         (("data", 0, "total_value", "breakdowns", 0, "results", 1, "dimension_values", 0), "age")]),
    "tiktok user": ("tiktok", st.builds(lambda f, lk: {"data": {"user": {"open_id": "o", "follower_count": f,
                                                                        "likes_count": lk}}}, counts, counts),
                    lambda p: tiktok.parse_user(p, TODAY),
                    [(("data", "user", "follower_count"), "follower_count"),
                     (("data", "user", "likes_count"), "likes_count")]),
    "tiktok video": ("tiktok", st.builds(lambda t, v: {"id": "7", "create_time": t, "view_count": v,
                                                       "duration": 30}, epochs, counts), tiktok.parse_video,
                     [(("create_time",), "create_time"), (("view_count",), "view_count"),
                      (("duration",), "duration")]),
    "twitch followers": ("twitch", st.builds(lambda n: {"total": n}, counts), twitch.parse_follower_total,
                         [(("total",), "total")]),
    "twitch video": ("twitch", st.builds(lambda t, v: {"id": "1", "type": "archive", "published_at": iso(t),
                                                       "view_count": v, "duration": "1h2m3s"},
                                         epochs, counts),
                     twitch.parse_video,
                     [(("published_at",), "published_at"), (("view_count",), "view_count")]),
}


def mutated(document, path, value):
    """A deep copy of ``document`` with the leaf at ``path`` replaced (None when a step is missing)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        return {**document, head: mutated(document.get(head), rest, value)}
    copy = list(document)
    copy[head] = mutated(copy[head], rest, value)
    return copy


def within_reason(value) -> bool:
    """Every number of the parsed models in range, every time between 2000 and 2100."""
    if isinstance(value, tuple | list):
        if value and all(isinstance(v, AudienceSlice) for v in value):
            payload.audience(value)  # raises past the tolerance
        return all(within_reason(v) for v in value)
    if is_dataclass(value):
        return all(within_reason(getattr(value, f.name)) for f in fields(value))
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int | float):
        return math.isfinite(value) and 0 <= value <= payload.MAX_NUMBER
    if isinstance(value, datetime):
        return payload.EARLIEST <= value < payload.LATEST
    if isinstance(value, date):
        return value <= TODAY
    return True


@pytest.mark.parametrize("shape", SHAPES)
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_hostile_field_is_refused_naming_it_or_parsed_within_reason(shape, data):
    platform, documents, parse, leaves = SHAPES[shape]
    document = data.draw(documents)
    assert within_reason(parse(document))  # the documented shape parses
    path, name = data.draw(st.sampled_from(leaves))
    hostile = mutated(document, path, data.draw(st.sampled_from(HOSTILE)))
    try:
        parsed = parse(hostile)
    except BadPayload as refused:
        assert refused.message.startswith(f"{platform}: ") and name in refused.message, refused.message
        return
    assert within_reason(parsed), parsed
