"""Issue 13 group 6: figures outside reason are refused by one parser, naming the field and
the value, in every API connector (the export files have theirs in test_exports_limits)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from creatorkit.connectors import payload, tiktok, twitch
from creatorkit.connectors.instagram import parse as ig
from creatorkit.connectors.youtube import parse as yt
from creatorkit.errors import BadPayload
from creatorkit.models import AudienceSlice

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(("raw", "expected"), [
    (0, 0), (12, 12), ("1234", 1234), (" 7 ", 7), (12.0, 12), (None, None),
    (payload.MAX_COUNT, payload.MAX_COUNT), ("+3", 3),
])
def test_count_accepts_whole_numbers_within_reason(raw, expected):
    assert payload.count(raw, "views") == expected


@pytest.mark.parametrize(("raw", "reason"), [
    (-1, "is negative"), ("-5", "is negative"), (10**30, "is out of range (beyond 10,000,000,000,000)"),
    ("9" * 25, "is out of range (beyond 10,000,000,000,000)"),
    ("9" * 5000, "is out of range (beyond 10,000,000,000,000)"),
    (math.nan, "is not a finite number"), (math.inf, "is not a finite number"),
    (1.5, "is not a whole number"),
    ("1.5", "is not a whole number"), (True, "is not a whole number"), ([1], "is not a whole number"),
    ("abc", "is not a whole number"), (payload.MAX_COUNT + 1, "is out of range (beyond 10,000,000,000,000)"),
])
def test_count_refuses_with_field_and_value(raw, reason):
    with pytest.raises(payload.BadValue) as caught:
        payload.count(raw, "followers")
    assert (caught.value.field, caught.value.reason) == ("followers", reason)
    assert str(caught.value).startswith(f"followers {payload.shown(raw)} ")


def test_signed_counts_keep_their_sign_and_json_platforms_refuse_digit_strings():
    assert payload.count("-12", "net subscribers", signed=True) == -12
    with pytest.raises(payload.BadValue, match="is text, not a JSON number"):
        payload.count("12", "followers_count", text=False)


@pytest.mark.parametrize(("raw", "expected"), [("12.5", 12.5), (3, 3.0), ("1e3", 1000.0), (0.25, 0.25)])
def test_number_reads_finite_measures(raw, expected):
    assert payload.number(raw, "watch time") == expected


@pytest.mark.parametrize(("raw", "reason"), [
    (math.nan, "is not a finite number"), ("1e999", "is out of range (beyond 1,000,000,000,000,000)"),
    (10**400, "is out of range (beyond 1,000,000,000,000,000)"), ("-0.5", "is negative"),
    ("nan", "is not a number"), ({"a": 1}, "is not a number"),
])
def test_number_refuses_what_is_not_a_measure(raw, reason):
    with pytest.raises(payload.BadValue) as caught:
        payload.number(raw, "watch time")
    assert caught.value.reason == reason


def test_share_is_a_fraction():
    assert payload.share("0.59", "Distribution") == 0.59
    with pytest.raises(payload.BadValue, match="is not a share between 0 and 1"):
        payload.share(1.01, "Distribution")


@pytest.mark.parametrize(("raw", "expected"), [
    (1764547200, datetime(2025, 12, 1, tzinfo=UTC)),
    ("2026-11-02T17:00:09+0000", datetime(2026, 11, 2, 17, 0, 9, tzinfo=UTC)),
    ("2026-11-02T18:00:09+01:00", datetime(2026, 11, 2, 17, 0, 9, tzinfo=UTC)),
    ("2026-11-02T17:00:09", datetime(2026, 11, 2, 17, 0, 9, tzinfo=UTC)),
])
def test_instant_reads_epoch_seconds_and_iso_text_as_utc(raw, expected):
    assert payload.instant(raw, "create_time") == expected


@pytest.mark.parametrize("raw", [1e20, 1764547200000, -1, math.inf, "1999-12-31T23:59:59Z",
                                 "2100-01-01T00:00:00Z", "soon", None, [2026]])
def test_instant_refuses_times_outside_2000_to_2100(raw):
    with pytest.raises(payload.BadValue):
        payload.instant(raw, "create_time")


def test_day_refuses_the_future_against_an_injected_today():
    assert payload.day(TODAY, "Date", today=TODAY) == TODAY
    with pytest.raises(payload.BadValue) as caught:
        payload.day(date(2026, 11, 24), "Date", today=TODAY)
    assert str(caught.value) == "Date '2026-11-24' is after today (2026-11-23)"


def test_audience_refuses_repeated_buckets_and_shares_beyond_the_whole():
    fine = (AudienceSlice("gender", "female", 0.6), AudienceSlice("gender", "male", 0.41),
            AudienceSlice("age", "18-24", 1.0))
    assert payload.audience(fine) == fine  # 1.01: rounding, within the tolerance
    with pytest.raises(payload.BadValue, match=r"audience gender 1\.2 is the sum of its shares"):
        payload.audience((*fine, AudienceSlice("gender", "other", 0.19)))
    with pytest.raises(payload.BadValue, match="audience gender 'male' is listed twice"):
        payload.audience((*fine[:2], AudienceSlice("gender", "male", 0.0)))


# --- every API parser goes through it ---------------------------------------------------------

def refused(call, *args) -> str:
    with pytest.raises(BadPayload) as caught:
        call(*args)
    return caught.value.message


def yt_channel(**statistics):
    return {"id": "UC1", "snippet": {"title": "T"}, "statistics": {"viewCount": "1", **statistics}}


def test_youtube_refuses_negative_huge_and_nan_counts():
    assert refused(yt.parse_channel, yt_channel(subscriberCount="-4"), TODAY) == \
        "youtube: subscriberCount '-4' is negative"
    assert "out of range" in refused(yt.parse_channel, yt_channel(subscriberCount="9" * 25), TODAY)
    assert "out of range" in refused(yt.parse_channel, yt_channel(viewCount="9" * 5000), TODAY)
    video = {"id": "v1", "snippet": {"publishedAt": "2026-11-01T00:00:00Z"},
             "statistics": {"likeCount": "nan"}}
    assert refused(yt.parse_video, video) == "youtube: likeCount 'nan' is not a whole number"


def test_youtube_refuses_demographics_summing_past_the_whole_audience():
    report = {"columnHeaders": [{"name": "ageGroup"}, {"name": "gender"}, {"name": "viewerPercentage"}],
              "rows": [["age18-24", "female", 90], ["age25-34", "male", 90],
                       ["age35-44", "user_specified", 90]]}
    assert refused(yt.parse_demographics, report) == \
        "youtube: audience age 2.7 is the sum of its shares: more than the whole audience"
    report["rows"] = [["age18-24", "female", "NaN"]]
    assert "viewerPercentage 'NaN' is not a number" in refused(yt.parse_demographics, report)
    report["rows"] = ["age18-24"]
    assert "rows are not lists of 3 cells" in refused(yt.parse_demographics, report)


def test_youtube_refuses_a_publish_time_past_2100_and_an_absurd_duration():
    video = {"id": "v1", "snippet": {"publishedAt": "9999-01-01T00:00:00Z"}}
    assert "publishedAt '9999-01-01T00:00:00Z' is not a time between 2000 and 2100" in \
        refused(yt.parse_video, video)
    video = {"id": "v1", "snippet": {"publishedAt": "2026-11-01T00:00:00Z"},
             "contentDetails": {"duration": "PT99999999999999999999S"}}
    assert "duration" in refused(yt.parse_video, video)


def test_instagram_refuses_negative_followers_and_a_breakdowns_list_of_strings():
    assert refused(ig.parse_user, {"id": "1", "followers_count": -3}, TODAY) == \
        "instagram: followers_count -3 is negative"
    demographics = {"data": [{"name": "follower_demographics",
                              "total_value": {"breakdowns": ["age", "gender"]}}]}
    assert "breakdown 'age' is not an object" in refused(ig.parse_demographics, demographics, "age")
    media = {"id": "m1", "timestamp": "2026-11-02T17:00:09+0000", "like_count": -1}
    assert refused(ig.parse_media, media) == "instagram: like_count -1 is negative"


def test_instagram_legacy_insights_of_a_future_day_are_refused():
    insights = {"data": [{"name": "reach", "period": "day",
                          "values": [{"value": 5, "end_time": "2026-11-26T08:00:00+0000"}]}]}
    assert "is after today (2026-11-23)" in refused(ig.parse_account_insights, insights, TODAY)


def test_tiktok_refuses_10_to_the_30_followers_nan_and_a_timestamp_of_1e20():
    user = {"data": {"user": {"open_id": "o", "follower_count": 10**30}}}
    assert "tiktok: follower_count 1000000000000000000000000000000 is out of range" in \
        refused(tiktok.parse_user, user, TODAY)
    user["data"]["user"]["follower_count"] = math.nan
    assert refused(tiktok.parse_user, user, TODAY) == "tiktok: follower_count nan is not a finite number"
    video = {"id": "1", "create_time": 1e20}
    assert "video create_time 1e+20 is not a time" in refused(tiktok.parse_video, video)
    video = {"id": "1", "create_time": 1764547200, "view_count": -10}
    assert refused(tiktok.parse_video, video) == "tiktok: view_count -10 is negative"


def test_tiktok_token_lifetimes_beyond_reason_are_refused_not_overflowed():
    now = datetime(2026, 11, 23, tzinfo=UTC)
    token = {"access_token": "a", "expires_in": 86400, "refresh_expires_in": 1e20}
    assert "refresh_expires_in" in refused(tiktok.parse_token, token, {}, now)


def test_twitch_refuses_10_to_the_30_followers_and_negative_viewers():
    assert "followers total 1000000000000000000000000000000 is out of range" in \
        refused(twitch.parse_follower_total, {"total": 10**30})
    assert refused(twitch.parse_follower_total, {"total": -1}) == "twitch: followers total -1 is negative"
    stream = {"data": [{"user_id": "9", "type": "live", "id": "s", "viewer_count": -2,
                        "started_at": "2026-11-23T19:00:12Z"}]}
    assert "stream viewer_count -2 is negative" in refused(twitch.parse_stream, stream, "9", TODAY)
