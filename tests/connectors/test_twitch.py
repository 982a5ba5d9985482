"""Twitch connector: parsers on real payloads, error table, paging, app tokens, live streams."""

from __future__ import annotations

import json
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

TODAY = date(2026, 11, 23)


def load(real_fixtures, name):
    return json.loads((real_fixtures / "twitch" / name).read_text())


def make_client() -> HttpClient:
    return HttpClient(timeout=2, retries=2, backoff=0.01, sleep=lambda seconds: None)


def fetch(connector: TwitchConnector, ref: str = "acmecooking", since: date | None = None):
    account = Account(id=1, creator_id=1, handle="alice", platform="twitch", connector="twitch",
                      ref=ref)
    return connector.fetch(account, make_client(), since)


@pytest.mark.parametrize("name", ["helix_users_by_id_2023_view_count_zero.json",
                                  "helix_users_by_id_2020_fractional_created_at.json"])
@pytest.mark.parametrize("ref", ["18587270", "day9tv", "Day9tv"])
def test_users_payload_gives_the_profile_by_id_or_login(real_fixtures, name, ref):
    profile = parse_user(load(real_fixtures, name), ref)
    assert (profile.external_id, profile.username, profile.display_name) == \
        ("18587270", "day9tv", "Day9tv")
    assert profile.url == "https://www.twitch.tv/day9tv"
    assert profile.avatar_url.endswith("day9tv-profile_image-2226c4b27aaf487a-300x300.png")
    assert profile.bio.startswith("A mixture of thoughtful gaming strategy")


@pytest.mark.parametrize("payload", [{"data": []}, {"data": [{"id": "1", "login": "someone"}]}])
def test_an_unknown_user_is_not_found(payload):
    with pytest.raises(ResourceNotFound):
        parse_user(payload, "acmecooking")


@pytest.mark.parametrize("payload", [{}, {"data": [{"login": "acmecooking"}]}, {"data": {}}])
def test_users_without_required_fields_are_a_bad_payload(payload):
    with pytest.raises(BadPayload):
        parse_user(payload, "acmecooking")


def test_follower_total_is_read_from_the_total_field(real_fixtures):
    # the decommissioned users/follows endpoint had the same {total, data, pagination} shape
    assert parse_follower_total(load(real_fixtures, "helix_users_follows_legacy_total.json")) == 57
    assert parse_follower_total({"total": 15342, "data": [], "pagination": {}}) == 15342
    with pytest.raises(BadPayload):
        parse_follower_total({"data": [], "pagination": {}})


def test_video_page_gives_posts_with_kinds_durations_and_the_cursor(real_fixtures):
    posts, cursor = parse_video_page(load(real_fixtures, "helix_videos_by_user_paged.json"))
    assert cursor == "eyJiIjpudWxsLCJhIjp7Ik9mZnNldCI6MjB9fQ"
    assert len(posts) == 20
    assert [p.kind for p in posts].count("vod") == 1 and [p.kind for p in posts].count("highlight") == 19
    vod, highlight = posts[0], posts[1]
    assert (vod.post_id, vod.views, vod.duration_s) == ("1652727194", 5234, 3 * 3600 + 45 * 60 + 54)
    assert vod.published_at == datetime(2022, 11, 14, 19, 17, 15, tzinfo=UTC)
    assert vod.permalink == "https://www.twitch.tv/videos/1652727194"
    assert vod.thumbnail_url.endswith("/thumb/thumb0-320x180.jpg")
    assert (highlight.kind, highlight.views, highlight.duration_s) == ("highlight", 97, 41 * 60 + 50)
    assert (vod.likes, vod.comments, vod.shares) == (None, None, None)


def test_the_last_video_page_has_no_cursor():
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


def test_a_live_stream_becomes_a_stream_post_and_a_viewer_sample(real_fixtures):
    payload = load(real_fixtures, "helix_streams_single_live_empty_pagination.json")
    post, sample = parse_stream(payload, "508623691", TODAY)
    assert sample == MetricSample("live_viewers", TODAY, 2.0)
    assert (post.post_id, post.kind, post.avg_viewers, post.peak_viewers) == \
        ("stream:40971485260", "stream", 2.0, 2)
    assert post.published_at == datetime(2021, 2, 3, 3, 45, 19, tzinfo=UTC)
    assert post.permalink == "https://www.twitch.tv/sunsetclub"
    assert post.thumbnail_url.endswith("live_user_sunsetclub-320x180.jpg")


def test_the_stream_of_the_asked_user_is_picked_from_many(real_fixtures):
    payload = load(real_fixtures, "helix_streams_top20_with_cursor.json")
    assert parse_stream(payload, "71092938", TODAY)[1].value == 72991
    assert parse_stream(payload, "418276501", TODAY) == (None, None)
    assert parse_stream({"data": [], "pagination": {}}, "418276501", TODAY) == (None, None)


def response(status: int, **headers) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp.headers.update(headers)
    return resp


@pytest.mark.parametrize(("name", "status", "expected"), [
    ("helix_401_invalid_oauth_token.json", 401, AuthExpired),
    ("id_oauth2_validate_401_invalid_access_token.json", 401, AuthExpired),
    ("helix_401_client_id_missing.json", 401, AuthInvalid),
    ("helix_400_missing_broadcaster_id.json", 400, type(None)),  # left to the status: BadPayload
])
def test_real_error_bodies_map_to_error_classes(real_fixtures, name, status, expected):
    assert type(classify(response(status), load(real_fixtures, name))) is expected


def test_too_many_requests_waits_until_the_ratelimit_reset():
    body = {"error": "Too Many Requests", "status": 429, "message": "Request limit exceeded"}
    error = classify(response(429, **{"Ratelimit-Reset": str(int(NOW.timestamp()) + 42)}), body, now=NOW)
    assert isinstance(error, RateLimited) and error.retry_after == 42


@pytest.mark.parametrize("body", [{"status": 400, "message": "invalid client"},
                                  {"status": 403, "message": "invalid client secret"}])
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
