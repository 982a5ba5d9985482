"""Twitch connector: parsers on payload files, error table, paging, app tokens, live streams."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
import requests

from creatorkit.connectors.http import HttpClient
from creatorkit.connectors.twitch import (
    TwitchConnector,
    classify,
    classify_token,
    parse_duration,
    parse_follower_total,
    parse_stream,
    parse_user,
    parse_video_page,
)
from creatorkit.errors import (
    AuthExpired,
    AuthInvalid,
    BadPayload,
    ConfigError,
    RateLimited,
    ResourceNotFound,
)
from creatorkit.models import Account, MetricSample
from tests.clock import NOW, Clock
from tests.fakes.twitch import FakeTwitch
from tests.recordings import Recording, files_in, recordings, sources

TODAY = date(2026, 11, 23)


USER_FILES = recordings(
    # file → (refs that find the user, (id, login, display name), end of the avatar URL, start of the bio)
    "twitch",
    own={
        "helix_users_by_login.json": (("418276501", "acmecooking", "AcmeCooking"),
                                      ("418276501", "acmecooking", "AcmeCooking"),
                                      "acme-profile_image-300x300.png", "Live cooking every Tuesday"),
        "helix_users_two_users.json": (("418276501", "acmecooking", "AcmeCooking"),  # the second of two
                                       ("418276501", "acmecooking", "AcmeCooking"),
                                       "acme-profile_image-300x300.png", "Live cooking every Tuesday"),
    },
    real={
        name: (("18587270", "day9tv", "Day9tv"), ("18587270", "day9tv", "Day9tv"),
               "day9tv-profile_image-2226c4b27aaf487a-300x300.png", "A mixture of thoughtful gaming strategy")
        for name in ("helix_users_by_id_2023_view_count_zero.json",
                     "helix_users_by_id_2020_fractional_created_at.json")
    },
)
FOLLOWER_FILES = recordings(
    "twitch",
    own={"helix_channels_followers_app_token_total_only.json": 15342,
         "helix_channels_followers_user_token.json": 15342},  # a page of followers: still the total
    # the decommissioned users/follows endpoint had the same {total, data, pagination} shape
    real={"helix_users_follows_legacy_total.json": 57},
)
VIDEO_PAGES = recordings(
    # file → (cursor, posts of each kind, (id, views, duration_s, published) of the first,
    #         (kind, views, duration_s) of the second)
    "twitch",
    own={"helix_videos_by_user_paged.json": (
        "eyJiIjpudWxsLCJhIjp7Ik9mZnNldCI6NH19", {"vod": 2, "highlight": 1, "upload": 1},
        ("2301477702", 1874, 2 * 3600 + 14 * 60 + 3, datetime(2026, 11, 18, 19, 0, 41, tzinfo=UTC)),
        ("highlight", 97, 41 * 60 + 50))},
    real={"helix_videos_by_user_paged.json": (
        "eyJiIjpudWxsLCJhIjp7Ik9mZnNldCI6MjB9fQ", {"vod": 1, "highlight": 19},
        ("1652727194", 5234, 3 * 3600 + 45 * 60 + 54, datetime(2022, 11, 14, 19, 17, 15, tzinfo=UTC)),
        ("highlight", 97, 41 * 60 + 50))},
)
LIVE_FILES = recordings(
    # file → (user id, stream id, viewers, started at, login)
    "twitch",
    own={"helix_streams_live.json": (
        "418276501", "41298765432", 412, datetime(2026, 11, 23, 19, 0, 12, tzinfo=UTC), "acmecooking")},
    real={"helix_streams_single_live_empty_pagination.json": (
        "508623691", "40971485260", 2, datetime(2021, 2, 3, 3, 45, 19, tzinfo=UTC), "sunsetclub")},
)
MANY_STREAM_FILES = recordings(
    # file → ({user id: viewers} of users in the list, a user id not in it)
    "twitch",
    own={"helix_streams_many_live_with_cursor.json": ({"418276501": 412, "12826": 72991, "77777777": 88},
                                                      "90210555")},
    real={"helix_streams_top20_with_cursor.json": ({"71092938": 72991}, "418276501")},
)
ERROR_FILES = recordings(
    # file → (HTTP status, what classify makes of it: None leaves it to the status, a BadPayload)
    "twitch",
    own={
        "helix_401_invalid_oauth_token.json": (401, AuthExpired),
        "id_oauth2_validate_401_invalid_access_token.json": (401, AuthExpired),
        "helix_401_client_id_and_token_do_not_match.json": (401, AuthInvalid),
        "helix_400_missing_broadcaster_id.json": (400, type(None)),
        "helix_429_too_many_requests.json": (429, RateLimited),
    },
    real={
        "helix_401_invalid_oauth_token.json": (401, AuthExpired),
        "id_oauth2_validate_401_invalid_access_token.json": (401, AuthExpired),
        "helix_401_client_id_missing.json": (401, AuthInvalid),
        "helix_400_missing_broadcaster_id.json": (400, type(None)),
    },
)
OWN_ELSEWHERE = {"helix_users_unknown_login.json", "helix_videos_last_page.json",
                 "helix_streams_offline.json", "id_oauth2_token_400_invalid_client_secret.json"}
REAL_UNPARSED = {"helix_channels_two_broadcasters.json"}  # /channels: not read by the connector


def own(name: str):
    return Recording("own", "twitch", name).json()


@pytest.mark.parametrize("source", sources())
def test_every_twitch_payload_file_has_a_parser_test(source):
    tables = (USER_FILES, FOLLOWER_FILES, VIDEO_PAGES, LIVE_FILES, MANY_STREAM_FILES, ERROR_FILES)
    covered = {r.name for table in tables for r in table if r.source == source}
    covered |= OWN_ELSEWHERE if source == "own" else REAL_UNPARSED
    assert files_in(source, "twitch") == covered


def make_client() -> HttpClient:
    return HttpClient(timeout=2, retries=2, backoff=0.01, sleep=lambda seconds: None)


def fetch(connector: TwitchConnector, ref: str = "acmecooking", since: date | None = None):
    account = Account(id=1, creator_id=1, handle="alice", platform="twitch", connector="twitch",
                      ref=ref)
    return connector.fetch(account, make_client(), since)


USER_REFS = [(recording, ref) for recording, (refs, *_) in USER_FILES.items() for ref in refs]


@pytest.mark.parametrize(("recording", "ref"), USER_REFS, ids=str)
def test_users_payload_gives_the_profile_by_id_or_login(recording, ref):
    _, names, avatar, bio = USER_FILES[recording]
    profile = parse_user(recording.json(), ref)
    assert (profile.external_id, profile.username, profile.display_name) == names
    assert profile.url == f"https://www.twitch.tv/{names[1]}"
    assert profile.avatar_url.endswith(avatar)
    assert profile.bio.startswith(bio)


def test_a_user_file_without_the_asked_user_is_not_found():
    with pytest.raises(ResourceNotFound):
        parse_user(own("helix_users_unknown_login.json"), "acmecooking")
    with pytest.raises(ResourceNotFound):
        parse_user(own("helix_users_two_users.json"), "someoneelse")


@pytest.mark.parametrize("payload", [{"data": []}, {"data": [{"id": "1", "login": "someone"}]}])
def test_an_unknown_user_is_not_found(payload):
    with pytest.raises(ResourceNotFound):
        parse_user(payload, "acmecooking")


@pytest.mark.parametrize("payload", [{}, {"data": [{"login": "acmecooking"}]}, {"data": {}}])
def test_users_without_required_fields_are_a_bad_payload(payload):
    with pytest.raises(BadPayload):
        parse_user(payload, "acmecooking")


@pytest.mark.parametrize("recording", FOLLOWER_FILES, ids=str)
def test_follower_total_is_read_from_the_total_field(recording):
    assert parse_follower_total(recording.json()) == FOLLOWER_FILES[recording]


def test_a_follower_page_without_total_is_a_bad_payload():
    with pytest.raises(BadPayload):
        parse_follower_total({"data": [], "pagination": {}})


@pytest.mark.parametrize("recording", VIDEO_PAGES, ids=str)
def test_video_page_gives_posts_with_kinds_durations_and_the_cursor(recording):
    cursor, kinds, (vod_id, vod_views, vod_duration, vod_published), second = VIDEO_PAGES[recording]
    posts, next_cursor = parse_video_page(recording.json())
    assert next_cursor == cursor
    assert Counter(p.kind for p in posts) == kinds
    vod, highlight = posts[0], posts[1]
    assert (vod.post_id, vod.kind, vod.views, vod.duration_s) == (vod_id, "vod", vod_views, vod_duration)
    assert vod.published_at == vod_published
    assert vod.permalink == f"https://www.twitch.tv/videos/{vod_id}"
    assert vod.thumbnail_url.endswith("/thumb/thumb0-320x180.jpg")
    assert (highlight.kind, highlight.views, highlight.duration_s) == second
    assert (vod.likes, vod.comments, vod.shares) == (None, None, None)


def test_a_vod_still_processing_has_no_thumbnail_and_is_dated_by_its_creation():
    *_, processing = parse_video_page(own("helix_videos_by_user_paged.json"))[0]
    assert (processing.post_id, processing.thumbnail_url, processing.views) == ("2302000003", None, 0)
    assert processing.published_at == datetime(2026, 11, 23, 21, 30, tzinfo=UTC)


def test_the_last_video_page_has_no_cursor():
    posts, cursor = parse_video_page(own("helix_videos_last_page.json"))
    assert cursor is None
    assert [(p.post_id, p.kind, p.duration_s) for p in posts] == [("2100000009", "vod", 45)]
    page = {"data": [{"id": "9", "type": "upload", "created_at": "2026-11-02T17:00:09Z",
                      "published_at": "", "thumbnail_url": ""}], "pagination": {}}
    posts, cursor = parse_video_page(page)
    assert cursor is None
    assert (posts[0].kind, posts[0].thumbnail_url, posts[0].views) == ("upload", None, None)
    assert posts[0].published_at == datetime(2026, 11, 2, 17, 0, 9, tzinfo=UTC)


@pytest.mark.parametrize(("text", "seconds"), [
    ("1h2m3s", 3723), ("2h14m3s", 8043), ("3m21s", 201), ("45s", 45), ("2h", 7200),
    ("", None), (None, None), ("1d2h", None), ("soon", None),
])
def test_twitch_durations_become_seconds(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("recording", LIVE_FILES, ids=str)
def test_a_live_stream_becomes_a_stream_post_and_a_viewer_sample(recording):
    user_id, stream_id, viewers, started, login = LIVE_FILES[recording]
    post, sample = parse_stream(recording.json(), user_id, TODAY)
    assert sample == MetricSample("live_viewers", TODAY, float(viewers))
    assert (post.post_id, post.kind, post.avg_viewers, post.peak_viewers) == \
        (f"stream:{stream_id}", "stream", float(viewers), viewers)
    assert post.published_at == started
    assert post.permalink == f"https://www.twitch.tv/{login}"
    assert post.thumbnail_url.endswith(f"live_user_{login}-320x180.jpg")


@pytest.mark.parametrize("recording", MANY_STREAM_FILES, ids=str)
def test_the_stream_of_the_asked_user_is_picked_from_many(recording):
    live, absent = MANY_STREAM_FILES[recording]
    payload = recording.json()
    assert {user_id: parse_stream(payload, user_id, TODAY)[1].value for user_id in live} == live
    assert parse_stream(payload, absent, TODAY) == (None, None)


def test_an_offline_channel_has_no_stream():
    assert parse_stream(own("helix_streams_offline.json"), "418276501", TODAY) == (None, None)


def response(status: int, **headers) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp.headers.update(headers)
    return resp


@pytest.mark.parametrize("recording", ERROR_FILES, ids=str)
def test_error_body_files_map_to_error_classes(recording):
    status, expected = ERROR_FILES[recording]
    assert type(classify(response(status), recording.json())) is expected


def test_too_many_requests_waits_until_the_ratelimit_reset():
    body = {"error": "Too Many Requests", "status": 429, "message": "Request limit exceeded"}
    error = classify(response(429, **{"Ratelimit-Reset": str(int(NOW.timestamp()) + 42)}), body, now=NOW)
    assert isinstance(error, RateLimited) and error.retry_after == 42


@pytest.mark.parametrize("body", [{"status": 400, "message": "invalid client"},
                                  {"status": 403, "message": "invalid client secret"},
                                  own("id_oauth2_token_400_invalid_client_secret.json")])
def test_a_refused_app_token_means_the_app_credentials_are_wrong(body):
    assert isinstance(classify_token(response(body["status"]), body), AuthInvalid)


def test_fetch_reads_profile_followers_videos_and_the_live_stream():
    with FakeTwitch() as fake:
        harvest = fetch(TwitchConnector(fake.settings(), now=lambda: datetime(2026, 11, 23, 20, tzinfo=UTC)))
        video_calls = fake.calls("/helix/videos")
        assert fake.calls("/helix/users")[0].query == {"login": ["acmecooking"]}
        assert fake.calls("/helix/channels/followers")[0].arg("broadcaster_id") == "418276501"
    assert [r.arg("first") for r in video_calls] == ["100", "100"]
    assert video_calls[0].arg("after") is None and video_calls[1].arg("after")
    assert harvest.calls == 6  # token, users, followers, 2 video pages, streams
    assert set(harvest.metrics) == {MetricSample("followers", TODAY, 15342.0),
                                    MetricSample("live_viewers", TODAY, 412.0)}
    assert len(harvest.posts) == 131 and harvest.posts[-1].kind == "stream"
    assert {p.kind for p in harvest.posts[:-1]} == {"vod", "highlight", "upload"}
    assert harvest.profile.external_id == "418276501" and harvest.credentials is None


def test_an_offline_channel_records_no_viewers_and_no_stream():
    with FakeTwitch(live=False) as fake:
        harvest = fetch(TwitchConnector(fake.settings()), ref="418276501")
    assert [m.metric for m in harvest.metrics] == ["followers"]
    assert len(harvest.posts) == 130


def test_video_paging_stops_at_the_cap_and_at_since():
    with FakeTwitch(videos=250, live=False) as fake:
        connector = TwitchConnector(fake.settings())
        assert len(fetch(connector).posts) == 200
        assert len(fake.calls("/helix/videos")) == 2
        assert len(fetch(connector, since=date(2025, 10, 1)).posts) == 100
        assert len(fake.calls("/helix/videos")) == 3


def test_the_app_token_is_cached_on_the_connector_and_renewed_before_it_expires():
    clock = Clock()
    with FakeTwitch(token_lifetime_s=600, now=clock) as fake:
        connector = TwitchConnector(fake.settings())
        fetch(connector)
        fetch(connector)
        assert len(fake.calls("/oauth2/token")) == 1
        clock.advance(seconds=400)  # 200 s left: under the 5-minute margin
        fetch(connector)
        form = fake.calls("/oauth2/token")[1].form()
    assert form == {"client_id": fake.client_id, "client_secret": fake.client_secret,
                    "grant_type": "client_credentials"}


def test_a_rejected_app_token_is_renewed_once_and_the_call_retried():
    with FakeTwitch() as fake:
        connector = TwitchConnector(fake.settings())
        fetch(connector)
        fake.expire_tokens()
        harvest = fetch(connector)
        assert len(fake.calls("/oauth2/token")) == 2
    assert harvest.calls == 7  # 401, new token, then the 5 calls of a fetch


def test_a_token_rejected_even_after_renewal_is_an_auth_error():
    with FakeTwitch() as fake:
        fake.fault = "expired_token"
        with pytest.raises(AuthExpired):
            fetch(TwitchConnector(fake.settings()))
        assert len(fake.calls("/oauth2/token")) == 2 and len(fake.calls("/helix/users")) == 2


def test_rate_limit_reports_the_seconds_until_the_bucket_refills():
    with FakeTwitch() as fake:
        fake.fault = "rate_limited"
        with pytest.raises(RateLimited) as caught:
            fetch(TwitchConnector(fake.settings()))
    assert caught.value.retry_after == 60  # Ratelimit-Reset is a minute ahead on the shared clock


def test_an_unknown_login_is_not_found():
    with FakeTwitch() as fake, pytest.raises(ResourceNotFound):
        fetch(TwitchConnector(fake.settings()), ref="nobody_here")


def test_missing_app_credentials_are_a_config_error():
    with FakeTwitch() as fake, pytest.raises(ConfigError):
        fetch(TwitchConnector({**fake.settings(), "TWITCH_CLIENT_SECRET": None}))
