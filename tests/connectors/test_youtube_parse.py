"""YouTube parsers and error classification, on recorded real payloads and documented bodies."""

from __future__ import annotations

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
from tests.recordings import Recording, files_in, recordings, sources

DAY = date(2026, 11, 23)
CHANNEL_FILES = recordings(
    # file → {channel id: (followers, total_views, video_count, uploads playlist)}
    "youtube",
    own={
        "channels_list_two_channels.json": {
            "UCq7x2LmN4pR8sT1vW3yZ5aB": (312_000, 48_213_377, 642, "UUq7x2LmN4pR8sT1vW3yZ5aB"),
            "UCb3KnJ8sWq1Xz5Yv7Uc9Ta2": (24_100, 1_904_522, 87, "UUb3KnJ8sWq1Xz5Yv7Uc9Ta2"),
        },
        "channels_list_mine_new_channel_no_country.json": {
            "UCn8wX3pQ6rT9uV2yZ5bC8eF": (3, 57, 0, "UUn8wX3pQ6rT9uV2yZ5bC8eF"),
        },
        "channels_list_snippet_statistics_only.json": {  # no contentDetails part: no uploads playlist
            "UCq7x2LmN4pR8sT1vW3yZ5aB": (312_000, 48_213_377, 642, None),
        },
        "channels_list_unknown_handle.json": {},  # 200 without an items key
    },
    real={
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
    },
)
PROFILE_FILES = recordings(
    # file → (username, display name, bio) of a channel whose description is empty
    "youtube",
    own={"channels_list_mine_new_channel_no_country.json": ("@loumakesbeats", "Lou Makes Beats", None)},
    real={"channels_list_mine_tiny_channel_no_country.json": ("@nangodeveloper", "Nango Developer", None)},
)
PLAYLIST_FILES = recordings(
    # file → (video ids kept, first id, next page token)
    "youtube",
    own={
        "playlistItems_list_page1.json": (3, "mS4lMnS4lmn", "EAAaBlBUOkNESQ"),
        "playlistItems_list_page2_last.json": (2, "rAmEn2fRsh0", None),
        "playlistItems_list_with_private_videos.json": (3, "sOuP4wInt3r", "EAAaBlBUOkNBVQ"),
    },
    real={
        "playlistItems_list_page1.json": (10, "CvTApw9X8aA", "CAoQAA"),
        "playlistItems_list_page2_last.json": (3, "6aSG8SdvkoU", None),
        "playlistItems_list_with_private_videos_paged.json": (
            3, "GvgqDSnpRQM", "EAAaHlBUOkNBVWlFRGsxTWtORE9FUkVRVGt3UmpjNU9FWQ"),
    },
)
PRIVATE_FILES = recordings(
    # file → (the ids kept, in order; the publish time of the first)
    "youtube",
    own={"playlistItems_list_with_private_videos.json": (
        ["sOuP4wInt3r", "bReAd0bAkeS", "nOdEtAiLs01"], datetime(2025, 12, 1, 8, 0, tzinfo=UTC))},
    real={"playlistItems_list_with_private_videos_paged.json": (
        ["GvgqDSnpRQM", "V4DDt30Aat4", "XDgC4FMftpg"], datetime(2013, 10, 18, 7, 3, 29, tzinfo=UTC))},
)
VIDEO_FILES = recordings(
    # file → {video id: (views, likes, comments, duration_s, kind)}
    "youtube",
    own={
        "videos_list_snippet_contentDetails_statistics.json": {
            "mS4lMnS4lmn": (184_230, 9120, 412, 761.0, "video"),  # PT12M41S
            "kN1fEsK1lls": (1800, 60, 3, 45.0, "short"),  # PT45S
        },
        "videos_list_owner_snippet_statistics_status.json": {  # no contentDetails: no duration
            "rAmEn2fRsh0": (25_031, 1204, 96, None, "video"),
            "uNlIsTeD001": (0, 0, 0, None, "video"),  # a real 0 stays 0
            "pAnTrY0stpl": (8412, None, None, None, "video"),  # likes hidden, comments off
        },
    },
    real={
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
    },
)
ERROR_FILES = recordings(
    # file → (HTTP status it came with, error class)
    "youtube",
    own={
        "error_400_api_key_invalid.json": (400, AuthInvalid),
        "error_400_keyInvalid_legacy.json": (400, AuthInvalid),
        "error_401_authError.json": (401, AuthExpired),
        "error_401_mine_authorizationRequired.json": (401, PermissionMissing),
        "error_403_quotaExceeded.json": (403, QuotaExhausted),
        "error_403_service_disabled.json": (403, PermissionMissing),
        "error_404_playlistNotFound.json": (404, ResourceNotFound),
        "error_500_backendError.json": (500, TransientError),
        "oauth_token_invalid_grant.json": (400, AuthExpired),
    },
    real={
        "error_400_keyInvalid.json": (400, AuthInvalid),
        "error_403_accessNotConfigured.json": (403, PermissionMissing),
        "error_403_permission_denied.json": (403, PermissionMissing),
        "error_403_quotaExceeded.json": (403, QuotaExhausted),
        "error_404_playlistNotFound.json": (404, ResourceNotFound),
    },
)
#: own files read by the Analytics and token tests below
OWN_REPORTS = {"analytics_reports_ageGroup_gender.json", "analytics_reports_country.json",
               "analytics_reports_country_no_rows.json", "oauth_token_refresh.json"}


def own(name: str):
    return Recording("own", "youtube", name).json()


def answer(status: int, headers: dict[str, str] | None = None) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers or {})
    return response


@pytest.mark.parametrize("source", sources())
def test_every_youtube_payload_file_has_a_parser_test(source):
    covered = {r.name for table in (CHANNEL_FILES, PLAYLIST_FILES, VIDEO_FILES, ERROR_FILES)
               for r in table if r.source == source}
    if source == "own":
        covered |= OWN_REPORTS
    assert files_in(source, "youtube") == covered


@pytest.mark.parametrize("recording", CHANNEL_FILES, ids=str)
def test_channels_become_string_counts_as_ints_and_the_uploads_playlist(recording):
    parsed = {c.channel_id: c for c in map(lambda item: parse_channel(item, DAY),
                                           items_of(recording.json()))}
    assert set(parsed) == set(CHANNEL_FILES[recording])
    for channel_id, (followers, views, videos, uploads) in CHANNEL_FILES[recording].items():
        channel = parsed[channel_id]
        assert channel.metrics == (MetricSample("followers", DAY, followers),
                                   MetricSample("total_views", DAY, views),
                                   MetricSample("video_count", DAY, videos))
        assert all(isinstance(m.value, int) for m in channel.metrics)
        assert channel.uploads_playlist == uploads
        assert channel.profile.external_id == channel_id
        assert channel.profile.username.startswith("@")
        assert channel.profile.url == f"https://www.youtube.com/{channel.profile.username}"


@pytest.mark.parametrize("recording", PROFILE_FILES, ids=str)
def test_a_channel_profile_keeps_its_handle_and_drops_an_empty_bio(recording):
    [item] = items_of(recording.json())
    profile = parse_channel(item, DAY).profile
    assert (profile.username, profile.display_name, profile.bio) == PROFILE_FILES[recording]
    assert profile.avatar_url.endswith("=s800-c-k-c0x00ffffff-no-rj")  # the "high" thumbnail


def test_a_channel_with_a_bio_and_only_a_small_thumbnail_keeps_both():
    [item] = items_of(own("channels_list_snippet_statistics_only.json"))
    profile = parse_channel(item, DAY).profile
    assert profile.bio == "Weeknight recipes in under 30 minutes."
    assert profile.avatar_url == "https://yt3.ggpht.com/acme=s88-c-k-c0x00ffffff-no-rj"


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


@pytest.mark.parametrize("recording", PLAYLIST_FILES, ids=str)
def test_playlist_pages_give_public_video_ids_and_the_next_token(recording):
    count, first, token = PLAYLIST_FILES[recording]
    page = parse_playlist_page(recording.json())
    assert (len(page.videos), page.videos[0][0], page.next_page_token) == (count, first, token)


@pytest.mark.parametrize("recording", PRIVATE_FILES, ids=str)
def test_private_playlist_items_are_left_out_and_publish_times_kept(recording):
    ids, first_published = PRIVATE_FILES[recording]
    page = parse_playlist_page(recording.json())
    assert [video_id for video_id, _ in page.videos] == ids
    assert page.videos[0][1] == first_published


def test_an_item_without_content_details_keeps_the_snippet_id_and_no_publish_time():
    page = parse_playlist_page(own("playlistItems_list_with_private_videos.json"))
    assert page.videos[1:] == (("bReAd0bAkeS", datetime(2025, 11, 20, 8, 0, tzinfo=UTC)),
                               ("nOdEtAiLs01", None))


@pytest.mark.parametrize("recording", VIDEO_FILES, ids=str)
def test_videos_become_posts_with_int_counts_and_durations(recording):
    posts = {p.post_id: p for p in map(parse_video, items_of(recording.json()))}
    assert {vid: (p.views, p.likes, p.comments, p.duration_s, p.kind) for vid, p in posts.items()} \
        == VIDEO_FILES[recording]
    for post in posts.values():
        assert post.permalink == f"https://www.youtube.com/watch?v={post.post_id}"
        assert post.published_at.tzinfo is not None


def test_a_video_keeps_its_title_publish_time_and_best_thumbnail():
    salmon, knife = map(parse_video, items_of(own("videos_list_snippet_contentDetails_statistics.json")))
    assert (salmon.title, salmon.published_at) == ("15-minute miso salmon",
                                                   datetime(2026, 11, 2, 17, 0, 9, tzinfo=UTC))
    assert salmon.thumbnail_url == "https://i.ytimg.com/vi/mS4lMnS4lmn/hqdefault.jpg"  # high over default
    assert knife.thumbnail_url == "https://i.ytimg.com/vi/kN1fEsK1lls/mqdefault.jpg"


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


def test_the_age_gender_report_gives_each_dimension_its_summed_share():
    shares = {(s.dimension, s.bucket): s.share
              for s in parse_demographics(own("analytics_reports_ageGroup_gender.json"))}
    assert shares == {  # female + male (+ user_specified) of each age group; each gender over ages
        ("age", "13-17"): 0.04, ("age", "18-24"): 0.255, ("age", "25-34"): 0.385,
        ("age", "35-44"): 0.175, ("age", "45-54"): 0.085, ("age", "55-64"): 0.035, ("age", "65+"): 0.025,
        ("gender", "female"): 0.535, ("gender", "male"): 0.45, ("gender", "other"): 0.015}


def test_the_country_report_is_read_by_column_name_not_position():
    assert parse_countries(own("analytics_reports_country.json")) == (  # 10,000 views in all
        AudienceSlice("country", "GB", 0.52), AudienceSlice("country", "US", 0.26),
        AudienceSlice("country", "IE", 0.13), AudienceSlice("country", "DE", 0.09))
    assert parse_countries(own("analytics_reports_country_no_rows.json")) == ()


def test_a_token_response_renews_the_access_token_and_its_expiry():
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    renewed = parse_token({"access_token": "ya29.new", "expires_in": 3599, "token_type": "Bearer"}, now)
    assert renewed == {"access_token": "ya29.new", "expires_at": int(now.timestamp()) + 3599}
    assert parse_token(own("oauth_token_refresh.json"), now) == {  # no refresh_token in it: none kept
        "access_token": "ya29.a0AfB_ownFixture", "expires_at": int(now.timestamp()) + 3599}
    with pytest.raises(BadPayload):
        parse_token({"token_type": "Bearer"}, now)


@pytest.mark.parametrize("recording", ERROR_FILES, ids=str)
def test_recorded_error_bodies_map_to_their_error_class(recording):
    status, expected = ERROR_FILES[recording]
    error = classify(answer(status), recording.json())
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
