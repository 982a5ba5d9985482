"""YouTube parsers and error classification, on recorded real payloads and documented bodies."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
import requests

from creatorkit.connectors.youtube.errors import classify, next_pacific_midnight
from creatorkit.connectors.youtube.parse import (
    items_of,
    parse_channel,
    parse_countries,
    parse_demographics,
    parse_duration,
    parse_playlist_page,
    parse_token,
    parse_video,
)
from creatorkit.errors import (
    AuthExpired,
    AuthInvalid,
    BadPayload,
    PermissionMissing,
    QuotaExhausted,
    RateLimited,
    ResourceNotFound,
    TransientError,
)
from creatorkit.models import AudienceSlice, MetricSample

DAY = date(2026, 11, 23)
CHANNEL_FILES = {
    # file → {channel id: (followers, total_views, video_count, uploads playlist)}
    "channels_list_multi_snippet_contentDetails_statistics_branding.json": {
        "UCK8sQmJBp8GCxrOtXWBpyEA": (10_700_000, 3_331_930_783, 2678, "UUK8sQmJBp8GCxrOtXWBpyEA"),
        "UC_x5XG1OV2P6uZZ5FSM9Ttw": (2_260_000, 208_790_084, 5652, "UU_x5XG1OV2P6uZZ5FSM9Ttw"),
    },
    "channels_list_mine_tiny_channel_no_country.json": {
        "UCZXMDk2QjU7dBanCVrMj4CA": (1, 104, 0, "UUZXMDk2QjU7dBanCVrMj4CA"),
    },
    "channels_list_single_snippet_statistics_legacy.json": {
        "UC_x5XG1OV2P6uZZ5FSM9Ttw": (1_927_873, 160_361_638, 5026, None),
    },
}
PLAYLIST_FILES = {
    # file → (video ids kept, first id, next page token)
    "playlistItems_list_page1.json": (10, "CvTApw9X8aA", "CAoQAA"),
    "playlistItems_list_page2_last.json": (3, "6aSG8SdvkoU", None),
    "playlistItems_list_with_private_videos_paged.json": (
        3, "GvgqDSnpRQM", "EAAaHlBUOkNBVWlFRGsxTWtORE9FUkVRVGt3UmpjNU9FWQ"),
}
VIDEO_FILES = {
    # file → {video id: (views, likes, comments, duration_s, kind)}
    "videos_list_single_snippet_contentDetails_statistics_status.json": {
        "dQw4w9WgXcQ": (1_767_500_636, 19_033_591, 2_435_139, 214.0, "video"),
    },
    "videos_list_snippet_contentDetails_status_statistics.json": {
        "D-lhorsDlUQ": (7920, 190, 32, 1267.0, "video"),
    },
    "videos_list_owner_multi_snippet_statistics_status.json": {
        "zDfKnm5NN-E": (4, 0, 2, None, "video"),
        "qzUjVCpSSsY": (0, 0, 0, None, "video"),
        "cJK5VJubPNs": (4, 0, 28, None, "video"),
    },
}
ERROR_FILES = {
    "error_400_keyInvalid.json": (400, AuthInvalid),
    "error_403_accessNotConfigured.json": (403, PermissionMissing),
    "error_403_permission_denied.json": (403, PermissionMissing),
    "error_403_quotaExceeded.json": (403, QuotaExhausted),
    "error_404_playlistNotFound.json": (404, ResourceNotFound),
}


def load(real_fixtures, name: str):
    return json.loads((real_fixtures / "youtube" / name).read_text(encoding="utf-8"))


def answer(status: int, headers: dict[str, str] | None = None) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers or {})
    return response


def test_every_recorded_youtube_payload_has_a_parser_test(real_fixtures):
    covered = {*CHANNEL_FILES, *PLAYLIST_FILES, *VIDEO_FILES, *ERROR_FILES}
    assert {path.name for path in (real_fixtures / "youtube").glob("*.json")} == covered


@pytest.mark.parametrize("name", CHANNEL_FILES)
def test_channels_become_string_counts_as_ints_and_the_uploads_playlist(real_fixtures, name):
    parsed = {c.channel_id: c for c in map(lambda item: parse_channel(item, DAY),
                                           items_of(load(real_fixtures, name)))}
    assert set(parsed) == set(CHANNEL_FILES[name])
    for channel_id, (followers, views, videos, uploads) in CHANNEL_FILES[name].items():
        channel = parsed[channel_id]
        assert channel.metrics == (MetricSample("followers", DAY, followers),
                                   MetricSample("total_views", DAY, views),
                                   MetricSample("video_count", DAY, videos))
        assert all(isinstance(m.value, int) for m in channel.metrics)
        assert channel.uploads_playlist == uploads
        assert channel.profile.external_id == channel_id
        assert channel.profile.url.startswith("https://www.youtube.com/@")


def test_a_channel_profile_keeps_its_handle_and_drops_an_empty_bio(real_fixtures):
    [item] = items_of(load(real_fixtures, "channels_list_mine_tiny_channel_no_country.json"))
    profile = parse_channel(item, DAY).profile
    assert (profile.username, profile.display_name, profile.bio) == \
        ("@nangodeveloper", "Nango Developer", None)
    assert profile.avatar_url.endswith("=s800-c-k-c0x00ffffff-no-rj")


@pytest.mark.parametrize("statistics", [
    {"viewCount": "5000", "subscriberCount": "0", "hiddenSubscriberCount": True, "videoCount": "3"},
    {"viewCount": "5000", "hiddenSubscriberCount": True, "videoCount": "3"},
])
def test_a_hidden_subscriber_count_gives_no_followers_metric_rather_than_zero(statistics):
    channel = parse_channel({"id": "UC" + "h" * 22, "statistics": statistics}, DAY)
    assert [m.metric for m in channel.metrics] == ["total_views", "video_count"]


@pytest.mark.parametrize("item", [{"id": "UC" + "x" * 22}, {"statistics": {"viewCount": "1"}},
                                  {"id": "UC" + "x" * 22, "statistics": {"viewCount": "many"}}])
def test_a_channel_without_id_or_statistics_or_with_a_bad_count_is_a_bad_payload(item):
    with pytest.raises(BadPayload):
        parse_channel(item, DAY)


@pytest.mark.parametrize("name", PLAYLIST_FILES)
def test_playlist_pages_give_public_video_ids_and_the_next_token(real_fixtures, name):
    count, first, token = PLAYLIST_FILES[name]
    page = parse_playlist_page(load(real_fixtures, name))
    assert (len(page.videos), page.videos[0][0], page.next_page_token) == (count, first, token)


def test_private_playlist_items_are_left_out_and_publish_times_kept(real_fixtures):
    page = parse_playlist_page(load(real_fixtures, "playlistItems_list_with_private_videos_paged.json"))
    assert [video_id for video_id, _ in page.videos] == ["GvgqDSnpRQM", "V4DDt30Aat4", "XDgC4FMftpg"]
    assert page.videos[0][1] == datetime(2013, 10, 18, 7, 3, 29, tzinfo=UTC)


@pytest.mark.parametrize("name", VIDEO_FILES)
def test_videos_become_posts_with_int_counts_and_durations(real_fixtures, name):
    posts = {p.post_id: p for p in map(parse_video, items_of(load(real_fixtures, name)))}
    assert {vid: (p.views, p.likes, p.comments, p.duration_s, p.kind) for vid, p in posts.items()} \
        == VIDEO_FILES[name]
    for post in posts.values():
        assert post.permalink == f"https://www.youtube.com/watch?v={post.post_id}"
        assert post.published_at.tzinfo is not None


def test_a_video_with_hidden_likes_has_no_like_count_rather_than_zero():
    post = parse_video({"id": "abc", "snippet": {"publishedAt": "2026-01-02T03:04:05Z"},
                        "statistics": {"viewCount": "10", "commentCount": "1"}})
    assert (post.views, post.likes, post.comments) == (10, None, 1)


@pytest.mark.parametrize("text, seconds", [
    ("PT12M41S", 761), ("PT3M34S", 214), ("PT45S", 45), ("PT1H2M3S", 3723), ("P1DT1S", 86401),
    ("P0D", 0), ("PT2.5S", 2.5), ("", None), (None, None), ("P", None), ("12:41", None),
])
def test_iso_8601_durations_become_seconds(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("duration, kind, duration_s", [
    ("PT59S", "short", 59), ("PT3M", "short", 180), ("PT3M1S", "video", 181),
    ("P0D", "video", None),  # upcoming live stream: length unknown, not a Short
])
def test_videos_of_three_minutes_or_less_count_as_shorts(duration, kind, duration_s):
    post = parse_video({"id": "abc", "snippet": {"publishedAt": "2026-01-02T03:04:05Z"},
                        "contentDetails": {"duration": duration}})
    assert (post.kind, post.duration_s) == (kind, duration_s)


def test_age_and_gender_shares_sum_the_viewer_percentages():
    table = {"columnHeaders": [{"name": "ageGroup"}, {"name": "gender"}, {"name": "viewerPercentage"}],
             "rows": [["age18-24", "female", 10.0], ["age18-24", "male", 30.0],
                      ["age65-", "user_specified", 60.0]]}
    assert set(parse_demographics(table)) == {
        AudienceSlice("age", "18-24", 0.4), AudienceSlice("age", "65+", 0.6),
        AudienceSlice("gender", "female", 0.1), AudienceSlice("gender", "male", 0.3),
        AudienceSlice("gender", "other", 0.6)}


def test_country_shares_are_shares_of_views_and_no_rows_means_no_slices():
    table = {"columnHeaders": [{"name": "country"}, {"name": "views"}], "rows": [["gb", 300], ["US", 100]]}
    assert parse_countries(table) == (AudienceSlice("country", "GB", 0.75),
                                      AudienceSlice("country", "US", 0.25))
    assert parse_countries({"columnHeaders": [{"name": "country"}, {"name": "views"}]}) == ()
    with pytest.raises(BadPayload):
        parse_countries({"columnHeaders": [{"name": "country"}]})


def test_a_token_response_renews_the_access_token_and_its_expiry():
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    renewed = parse_token({"access_token": "ya29.new", "expires_in": 3599, "token_type": "Bearer"}, now)
    assert renewed == {"access_token": "ya29.new", "expires_at": int(now.timestamp()) + 3599}
    with pytest.raises(BadPayload):
        parse_token({"token_type": "Bearer"}, now)


@pytest.mark.parametrize("name", ERROR_FILES)
def test_recorded_error_bodies_map_to_their_error_class(real_fixtures, name):
    status, expected = ERROR_FILES[name]
    error = classify(answer(status), load(real_fixtures, name))
    assert type(error) is expected
    assert "<" not in error.message


def google(status, reason, message="m", grpc=None, details=()):
    body = {"error": {"code": status, "message": message,
                      "errors": [{"message": message, "domain": "global", "reason": reason}]}}
    if grpc:
        body["error"]["status"] = grpc
    if details:
        body["error"]["details"] = [{"reason": reason} for reason in details]
    return body


@pytest.mark.parametrize("status, body, expected", [
    (400, google(400, "badRequest", grpc="INVALID_ARGUMENT", details=["API_KEY_INVALID"]), AuthInvalid),
    (401, google(401, "authError", grpc="UNAUTHENTICATED"), AuthExpired),
    (401, google(401, "required"), AuthInvalid),  # no credentials at all
    (401, google(401, "authorizationRequired"), PermissionMissing),  # mine=true with a key only
    (403, google(403, "forbidden"), PermissionMissing),
    (403, google(403, "badRequest", grpc="PERMISSION_DENIED", details=["SERVICE_DISABLED"]),
     PermissionMissing),
    (403, google(403, "playlistItemsNotAccessible"), PermissionMissing),
    (403, google(403, "quotaExceeded"), QuotaExhausted),
    (403, google(403, "rateLimitExceeded"), RateLimited),
    (403, google(403, "userRateLimitExceeded"), RateLimited),
    (500, google(500, "backendError"), TransientError),
    (503, google(503, "somethingElse"), TransientError),
    (404, google(404, "videoNotFound"), ResourceNotFound),
    (400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}, AuthExpired),
    (401, {"error": "invalid_client", "error_description": "Unauthorized"}, AuthInvalid),
])
def test_documented_error_bodies_map_by_reason_not_by_status(status, body, expected):
    assert type(classify(answer(status), body)) is expected


@pytest.mark.parametrize("status, body", [
    (200, {"kind": "youtube#channelListResponse"}), (400, google(400, "invalidPageToken")),
    (502, None), (400, {"error": "unsupported_grant_type"}),
])
def test_bodies_it_does_not_know_are_left_to_the_http_status(status, body):
    assert classify(answer(status), body) is None


def test_a_rate_limit_carries_retry_after_and_quota_the_next_pacific_midnight():
    limited = classify(answer(403, {"Retry-After": "30"}), google(403, "rateLimitExceeded"))
    assert limited.retry_after == 30
    spent = classify(answer(403), google(403, "quotaExceeded"), now=datetime(2026, 11, 23, 15, 0, tzinfo=UTC))
    assert spent.reset_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # midnight PST, on the given clock


@pytest.mark.parametrize("now, reset", [
    (datetime(2026, 11, 23, 15, 0, tzinfo=UTC), datetime(2026, 11, 24, 8, 0, tzinfo=UTC)),  # PST
    (datetime(2026, 7, 1, 6, 30, tzinfo=UTC), datetime(2026, 7, 1, 7, 0, tzinfo=UTC)),  # PDT
])
def test_the_quota_resets_at_midnight_pacific_time(now, reset):
    assert next_pacific_midnight(now) == reset
