"""TikTok connector: parsers on payload files, error table, paging, token rotation."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
import requests

from creatorkit.connectors.http import HttpClient
from creatorkit.connectors.tiktok import (
    TikTokConnector,
    classify,
    parse_token,
    parse_user,
    parse_video_page,
)
from creatorkit.errors import (
    AuthExpired,
    AuthInvalid,
    BadPayload,
    ConfigError,
    PermissionMissing,
    RateLimited,
    ResourceNotFound,
    TransientError,
)
from creatorkit.models import Account, MetricSample
from tests.fakes.tiktok import FakeTikTok
from tests.recordings import Recording, files_in, recordings, sources

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


USER_FILES = recordings(
    # file → (open_id, display name, deep link, bio, {metric: value}) of a user with every field
    "tiktok",
    own={
        "user_info_all_fields.json": (
            "-000Zp4Gk0xUq1aBcD2eFgH3iJkLmNoPqRsT", "Acme Cooking", "https://vm.tiktok.com/ZMabc123/",
            "15-minute dinners 🍳",
            {"followers": 241_877, "following": 102, "total_likes": 5_310_422, "video_count": 388}),
        "user_info_new_account_zero_counts_empty_bio.json": (
            "-000Yq5Hl1yVr2bCdE3fGhI4jKlMnOpQrStU", "loumakesbeats", "https://vm.tiktok.com/ZMdef456/", None,
            {"followers": 0, "following": 0, "total_likes": 0, "video_count": 0}),  # zeros stay zeros
    },
    real={"user_info_all_fields_zero_counts.json": (
        "-000sr6ziSORMWi9D4IFqm6ADJtH4KS3gO6e", "nangodeveloperacc", "https://vm.tiktok.com/ZSxxdRwG3/", None,
        {"followers": 0, "following": 0, "total_likes": 0, "video_count": 0})},
)
BASIC_FILES = recordings(
    # file → (open_id, start of the avatar URL) of a user read with user.info.basic only
    "tiktok",
    own={"user_info_basic_scope_only.json": (
        "-000Zp4Gk0xUq1aBcD2eFgH3iJkLmNoPqRsT", "https://p16-sign-va.tiktokcdn.com/")},
    real={"user_info_basic_avatar_fields.json": (
        "-000sr6ziSORMWi9D4IFqm6ADJtH4KS3gO6e", "https://p16-common-sign.tiktokcdn.com/")},
)
STATS_FILES = recordings(
    # file → the counts of a user read with user.info.stats only
    "tiktok",
    own={"user_info_stats_only.json": (241_877, 102, 5_310_422, 388)},
    real={"user_info_stats_only.json": (0, 0, 0, 0)},
)
EMPTY_PAGES = recordings(
    "tiktok",
    own={"video_list_empty.json": None, "video_query_unknown_ids.json": None},  # the latter: no has_more
    real={"video_list_empty.json": None, "video_query_unknown_id_empty.json": None},
)
ERROR_FILES = recordings(
    # file → (HTTP status it comes with, error class, retry_after)
    "tiktok",
    own={
        "error_access_token_invalid.json": (401, AuthExpired, None),
        "error_scope_not_authorized.json": (401, PermissionMissing, None),
        "error_rate_limit_exceeded.json": (429, RateLimited, 60.0),  # no header: a minute
        "error_internal_error.json": (500, TransientError, None),
        "oauth_error_invalid_grant.json": (400, AuthExpired, None),
    },
)
OWN_ELSEWHERE = {"video_list_page_has_more.json", "video_list_last_page.json", "oauth_token_refresh.json"}


def own(name: str):
    return Recording("own", "tiktok", name).json()


@pytest.mark.parametrize("source", sources())
def test_every_tiktok_payload_file_has_a_parser_test(source):
    tables = (USER_FILES, BASIC_FILES, STATS_FILES, EMPTY_PAGES, ERROR_FILES)
    covered = {r.name for table in tables for r in table if r.source == source}
    if source == "own":
        covered |= OWN_ELSEWHERE
    assert files_in(source, "tiktok") == covered


def make_account(credentials) -> Account:
    return Account(id=1, creator_id=1, handle="alice", platform="tiktok", connector="tiktok",
                   ref="acmecooking", credentials=credentials)


def make_client() -> HttpClient:
    return HttpClient(timeout=2, retries=2, backoff=0.01, sleep=lambda seconds: None)


def run(fake, credentials=None, since=None, now=None, **settings):
    connector = TikTokConnector({**fake.settings(), **settings}, now=now)
    credentials = fake.seed_account()["credentials"] if credentials is None else credentials
    return connector.fetch(make_account(credentials), make_client(), since)


@pytest.mark.parametrize("recording", USER_FILES, ids=str)
def test_user_info_with_every_field_gives_profile_and_counts(recording):
    open_id, name, link, bio, counts = USER_FILES[recording]
    profile, metrics = parse_user(recording.json(), TODAY)
    assert (profile.external_id, profile.display_name, profile.url, profile.bio) == (open_id, name, link, bio)
    assert metrics == tuple(MetricSample(metric, TODAY, float(value)) for metric, value in counts.items())


@pytest.mark.parametrize("recording", BASIC_FILES, ids=str)
def test_user_info_without_stats_scope_invents_no_counts(recording):
    open_id, avatar = BASIC_FILES[recording]
    profile, metrics = parse_user(recording.json(), TODAY)
    assert profile.external_id == open_id
    assert profile.avatar_url.startswith(avatar)
    assert profile.avatar_url == recording.json()["data"]["user"]["avatar_url"]  # not the large one
    assert metrics == ()


@pytest.mark.parametrize("recording", STATS_FILES, ids=str)
def test_user_info_with_stats_only_gives_counts_and_an_empty_profile(recording):
    profile, metrics = parse_user(recording.json(), TODAY)
    assert profile.external_id is None and profile.display_name is None
    assert [(m.metric, m.value) for m in metrics] == list(zip(
        ["followers", "following", "total_likes", "video_count"], STATS_FILES[recording], strict=True))


@pytest.mark.parametrize("recording", EMPTY_PAGES, ids=str)
def test_an_empty_video_page_ends_paging(recording):
    assert parse_video_page(recording.json()) == ([], None)


def test_video_page_in_the_documented_shape_becomes_posts():
    posts, cursor = parse_video_page(own("video_list_page_has_more.json"))
    assert cursor == 1761930009000
    first, untitled, bare = posts
    assert (first.post_id, first.kind, first.title) == ("7433829011223344556", "video", "Miso salmon in 15")
    assert first.published_at == datetime(2025, 11, 2, 17, 0, 9, tzinfo=UTC)
    assert (first.views, first.likes, first.comments, first.shares, first.duration_s) == \
        (1284410, 98211, 1433, 5120, 47)
    assert first.permalink == "https://www.tiktok.com/@acmecooking/video/7433829011223344556"
    assert first.thumbnail_url.startswith("https://p16-sign.tiktokcdn-us.com/obj/cover.jpeg")
    assert untitled.title == "Knife skills in 30 seconds"  # an empty title: the description
    assert (untitled.views, untitled.likes) == (0, 0)
    assert untitled.published_at == datetime(2025, 11, 1, 17, 0, 9, tzinfo=UTC)
    assert (bare.views, bare.likes, bare.title, bare.duration_s) == (None, None, None, None)


def test_the_last_video_page_has_no_cursor_despite_sending_one():
    posts, cursor = parse_video_page(own("video_list_last_page.json"))
    assert cursor is None
    assert [(p.post_id, p.views, p.published_at) for p in posts] == [
        ("7301000000000000001", 912, datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC))]


@pytest.mark.parametrize("recording", ERROR_FILES, ids=str)
def test_error_body_files_map_to_error_classes(recording):
    status, expected, retry_after = ERROR_FILES[recording]
    error = classify(response(status), recording.json())
    assert type(error) is expected
    assert getattr(error, "retry_after", None) == retry_after


def test_a_token_file_gives_both_lifetimes():
    assert parse_token(own("oauth_token_refresh.json"), {"refresh_token": "rft.old"}, NOW) == {
        "access_token": "act.ownFixtureAccessTokenAcmeCooking0000000000000000000000000",
        "refresh_token": "rft.ownFixtureRefreshTokenAcmeCooking00000000000000000000000",
        "expires_at": "2026-11-24T06:00:00+00:00",  # 86,400 s: a day
        "refresh_expires_at": "2027-11-23T06:00:00+00:00"}  # 31,536,000 s: 365 days


@pytest.mark.parametrize("payload", [{"data": {}, "error": {"code": "ok"}}, {"error": {"code": "ok"}}])
def test_user_info_without_a_user_is_a_bad_payload(payload):
    with pytest.raises(BadPayload):
        parse_user(payload, TODAY)


def test_an_empty_user_object_gives_no_counts_rather_than_zeros():
    assert parse_user({"data": {"user": {}}, "error": {"code": "ok"}}, TODAY)[1] == ()


@pytest.mark.parametrize("data", [
    {"has_more": False},
    {"videos": [{"create_time": 1762102809}], "has_more": False},
    {"videos": [{"id": "1", "create_time": "yesterday"}], "has_more": False},
    {"videos": [], "has_more": True},
])
def test_video_page_without_a_required_field_is_a_bad_payload(data):
    with pytest.raises(BadPayload):
        parse_video_page({"data": data, "error": {"code": "ok"}})


def response(status: int, **headers) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp.headers.update(headers)
    return resp


def api_error(code: str) -> dict:
    return {"data": {}, "error": {"code": code, "message": "m", "log_id": "x"}}


@pytest.mark.parametrize(("status", "body", "headers", "expected", "retry_after"), [
    (401, api_error("access_token_invalid"), {}, AuthExpired, None),
    (401, api_error("scope_not_authorized"), {}, PermissionMissing, None),
    (401, api_error("scope_permission_missed"), {}, PermissionMissing, None),
    (400, api_error("invalid_params"), {}, ResourceNotFound, None),
    (429, api_error("rate_limit_exceeded"), {}, RateLimited, 60.0),
    (429, api_error("rate_limit_exceeded"), {"Retry-After": "90"}, RateLimited, 90.0),
    (429, None, {}, RateLimited, 60.0),
    (500, api_error("internal_error"), {}, TransientError, None),
    (200, api_error("something_new"), {}, BadPayload, None),
    (400, {"error": "invalid_grant", "error_description": "Refresh token is invalid or expired."},
     {}, AuthExpired, None),
    (200, {"error": "invalid_grant", "error_description": "expired"}, {}, AuthExpired, None),
    (401, {"error": "invalid_client", "error_description": "bad secret"}, {}, AuthInvalid, None),
    (503, {"error": "temporarily_unavailable"}, {}, TransientError, None),
    # issue 13 §3: the status decides before a flat {"error": text} body is read as OAuth
    (429, {"error": "Too many requests"}, {}, RateLimited, 60.0),
    (429, {"error": "slow down"}, {"Retry-After": "30"}, RateLimited, 30.0),
    (503, {"error": "Service Unavailable"}, {}, TransientError, None),
    (502, {"error": "bad gateway"}, {}, TransientError, None),
])
def test_error_bodies_map_to_error_classes(status, body, headers, expected, retry_after):
    error = classify(response(status, **headers), body)
    assert type(error) is expected
    assert getattr(error, "retry_after", None) == retry_after


@pytest.mark.parametrize("body", [api_error("ok"), {"access_token": "act.x", "expires_in": 7200}, None])
def test_success_bodies_are_not_errors(body):
    assert classify(response(200), body) is None


@pytest.mark.parametrize(("expires_in", "refresh_expires_in", "expires_at", "refresh_expires_at"), [
    (7200, 15552000, "2026-11-23T08:00:00+00:00", "2027-05-22T06:00:00+00:00"),  # Nov 2026 docs
    (86400, 31536000, "2026-11-24T06:00:00+00:00", "2027-11-23T06:00:00+00:00"),  # older docs
])
def test_token_lifetimes_are_read_from_each_response(expires_in, refresh_expires_in, expires_at,
                                                     refresh_expires_at):
    payload = {"access_token": "act.new", "refresh_token": "rft.new", "expires_in": expires_in,
               "refresh_expires_in": refresh_expires_in}
    assert parse_token(payload, {"access_token": "act.old", "refresh_token": "rft.old"}, NOW) == {
        "access_token": "act.new", "refresh_token": "rft.new", "expires_at": expires_at,
        "refresh_expires_at": refresh_expires_at}


def test_a_token_response_without_a_new_refresh_token_keeps_the_old_one():
    previous = {"refresh_token": "rft.old", "refresh_expires_at": "2027-01-01T00:00:00+00:00"}
    credentials = parse_token({"access_token": "act.new", "expires_in": 60}, previous, NOW)
    assert credentials["refresh_token"] == "rft.old"
    assert credentials["refresh_expires_at"] == "2027-01-01T00:00:00+00:00"


def test_fetch_walks_every_cursor_page_even_after_a_short_one():
    with FakeTikTok() as fake:
        harvest = run(fake)
        bodies = [json.loads(r.body) for r in fake.calls("/video/list/")]
    assert [b.get("cursor") for b in bodies] == [None, (1762102809 - 19 * 86400) * 1000,
                                                 (1762102809 - 39 * 86400) * 1000]
    assert all(b["max_count"] == 20 for b in bodies)
    assert len(harvest.posts) == 45  # 19 (one hidden) + 20 + 6
    assert harvest.calls == 4 and harvest.credentials is None
    assert {m.metric: m.value for m in harvest.metrics} == {
        "followers": 241877, "following": 102, "total_likes": 5310422, "video_count": 46}
    assert (harvest.posts[0].views, harvest.posts[-1].post_id) == (1000, str(7433829011223344556 - 45))


def test_fetch_stops_at_the_post_cap():
    with FakeTikTok(videos=250, hidden=()) as fake:
        harvest = run(fake)
        assert len(fake.calls("/video/list/")) == 10
    assert len(harvest.posts) == 200


def test_fetch_stops_at_the_first_page_reaching_before_since():
    with FakeTikTok() as fake:
        harvest = run(fake, since=date(2025, 10, 10))  # video 23 is from 2025-10-10
        assert len(fake.calls("/video/list/")) == 2
    assert len(harvest.posts) == 39


def stored_credentials(fake, expires_at: str) -> dict:
    return {**fake.seed_account()["credentials"], "expires_at": expires_at,
            "refresh_expires_at": "2027-05-01T00:00:00+00:00"}


@pytest.mark.parametrize(("expires_at", "refreshed"), [
    ("2026-11-23T05:00:00+00:00", True),   # expired an hour ago
    ("2026-11-23T06:04:00+00:00", True),   # four minutes left
    ("2026-11-23T07:00:00+00:00", False),  # an hour left
])
def test_an_expired_or_nearly_expired_access_token_is_refreshed_first(expires_at, refreshed):
    with FakeTikTok() as fake:
        harvest = run(fake, stored_credentials(fake, expires_at), now=lambda: NOW)
        assert (fake.requests[0].path == "/v2/oauth/token/") is refreshed
    assert (harvest.credentials is not None) is refreshed


def test_refresh_rotates_the_refresh_token_and_returns_the_new_credentials():
    with FakeTikTok(access_lifetime_s=7200, refresh_lifetime_s=15552000) as fake:
        old = stored_credentials(fake, "2026-11-23T05:00:00+00:00")
        harvest = run(fake, old, now=lambda: NOW)
        form = fake.calls("/oauth/token/")[0].form()
        assert form == {"client_key": "fake-client-key", "client_secret": "fake-client-secret",
                        "grant_type": "refresh_token", "refresh_token": old["refresh_token"]}
        new = harvest.credentials
        assert new["refresh_token"] != old["refresh_token"]
        assert new["access_token"] != old["access_token"]
        assert (new["expires_at"], new["refresh_expires_at"]) == \
            ("2026-11-23T08:00:00+00:00", "2027-05-22T06:00:00+00:00")
        assert harvest.calls == 5
        with pytest.raises(AuthExpired, match="invalid_grant"):  # the old one stopped working
            run(fake, old, now=lambda: NOW)
        assert run(fake, {**new, "expires_at": "2026-11-23T05:00:00+00:00"},
                   now=lambda: NOW).credentials is not None


def test_a_rejected_access_token_is_refreshed_once_and_the_call_retried():
    with FakeTikTok() as fake:
        fake.expire_access_tokens()
        harvest = run(fake)
        paths = [r.path for r in fake.requests]
    assert paths[:3] == ["/v2/user/info/", "/v2/oauth/token/", "/v2/user/info/"]
    assert harvest.calls == 6 and harvest.credentials is not None
    assert len(harvest.posts) == 45


def test_an_access_token_rejected_after_refresh_raises_and_carries_the_new_credentials():
    with FakeTikTok() as fake:
        fake.fault = "expired_token"
        with pytest.raises(AuthExpired) as caught:
            run(fake)
        assert len(fake.calls("/oauth/token/")) == 1
    assert caught.value.credentials["refresh_token"] != fake.seed_account()["credentials"]["refresh_token"]


def test_a_failure_after_rotation_keeps_the_rotated_credentials_on_the_error():
    with FakeTikTok() as fake:
        fake.fault = "second_page_fails"
        with pytest.raises(TransientError) as caught:
            run(fake, stored_credentials(fake, "2026-11-23T05:00:00+00:00"), now=lambda: NOW)
        issued = set(fake.refresh_tokens)
    assert caught.value.credentials["refresh_token"] in issued


def test_an_expired_refresh_token_asks_for_reconnection_without_calling():
    credentials = {"access_token": "act.x", "refresh_token": "rft.x",
                   "expires_at": "2026-11-23T05:00:00+00:00",
                   "refresh_expires_at": "2026-11-22T00:00:00+00:00"}
    with FakeTikTok() as fake:
        with pytest.raises(AuthExpired, match="reconnect"):
            run(fake, credentials, now=lambda: NOW)
        assert fake.requests == []


def test_an_account_without_tokens_is_not_connected():
    with FakeTikTok() as fake, pytest.raises(AuthInvalid):
        run(fake, {})


def test_refreshing_without_the_app_keys_is_a_config_error():
    with FakeTikTok() as fake, pytest.raises(ConfigError):
        run(fake, stored_credentials(fake, "2026-11-23T05:00:00+00:00"), now=lambda: NOW,
            TIKTOK_CLIENT_SECRET=None)


def test_rate_limit_without_header_waits_a_minute_and_is_not_retried_in_process():
    with FakeTikTok() as fake:
        fake.fault = "rate_limited"
        with pytest.raises(RateLimited) as caught:
            run(fake)
        assert len(fake.requests) == 1
    assert caught.value.retry_after == 60.0
