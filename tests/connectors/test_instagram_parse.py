"""Instagram parsers and error table, on recorded payloads and documented shapes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from creatorkit.connectors.instagram.errors import InsightsUnavailable, graph_error
from creatorkit.connectors.instagram.parse import (
    media_kind,
    parse_account_insights,
    parse_demographics,
    parse_media,
    parse_media_insights,
    parse_media_page,
    parse_user,
)
from creatorkit.errors import (
    AuthExpired,
    AuthInvalid,
    BadPayload,
    PermissionMissing,
    RateLimited,
    ResourceNotFound,
    TransientError,
)
from tests.fakes.instagram import USER_ID

TODAY = date(2026, 11, 23)


def recorded(real_fixtures, name: str):
    return json.loads((real_fixtures / "instagram" / name).read_text(encoding="utf-8"))


# --- parsers on the recorded payloads -------------------------------------------------------

def test_user_fields_give_profile_followers_and_media_count(real_fixtures):
    profile, metrics = parse_user(recorded(real_fixtures, "ig_user_fields_followers_media_count.json"), TODAY)
    assert (profile.external_id, profile.username) == ("17841407673135339", "facebookfordevelopers")
    assert profile.display_name == "Facebook for Developers"
    assert {m.metric: m.value for m in metrics} == {"followers": 64363, "media_count": 427}
    assert all(m.day == TODAY for m in metrics)


def test_business_discovery_user_parses_like_an_own_user(real_fixtures):
    payload = recorded(real_fixtures, "ig_business_discovery_user_fields.json")
    profile, metrics = parse_user(payload["business_discovery"], TODAY)
    assert profile.external_id == "17841407673135339"
    assert {m.metric: m.value for m in metrics} == {"followers": 64976, "media_count": 436}


def test_first_media_page_gives_items_and_the_after_cursor(real_fixtures):
    items, after = parse_media_page(recorded(real_fixtures, "ig_user_media_page1_with_next.json"))
    posts = [parse_media(item) for item in items]
    assert after == "after"
    assert [p.post_id for p in posts] == ["17895731045244887", "17896622936197745"]
    assert [p.kind for p in posts] == ["image", "image"]
    assert (posts[0].likes, posts[0].comments) == (0, 0)  # a real 0 stays 0
    assert (posts[1].likes, posts[1].comments) == (2, 6)
    assert posts[0].published_at == datetime(2021, 8, 13, 8, 25, 28, tzinfo=UTC)
    assert posts[0].title is None and posts[0].views is None


def test_last_media_page_ends_the_walk_despite_an_after_cursor(real_fixtures):
    items, after = parse_media_page(recorded(real_fixtures, "ig_user_media_page2_carousel_children.json"))
    posts = [parse_media(item) for item in items]
    assert after is None
    assert [(p.kind, p.title, p.likes) for p in posts] == [
        ("carousel", "ALBUM", 1), ("image", "Peach new", 1)]


def test_legacy_media_insights_give_impressions_reach_and_saves(real_fixtures):
    found = parse_media_insights(recorded(real_fixtures, "ig_media_insights_impressions_reach_saved.json"))
    assert found == {"impressions": 8, "reach": 5, "saves": 0}


def test_media_insights_ignore_metrics_the_kit_does_not_use(real_fixtures):
    payload = recorded(real_fixtures, "ig_media_insights_profile_activity_breakdown.json")
    assert parse_media_insights(payload) == {}


def test_legacy_daily_account_insights_are_dated_by_the_day_they_end(real_fixtures):
    samples = parse_account_insights(recorded(real_fixtures, "ig_user_insights_day_legacy.json"), TODAY)
    assert {(s.metric, s.day.isoformat(), s.value) for s in samples} == {
        ("daily_impressions", "2017-05-03", 4), ("daily_impressions", "2017-05-04", 66),
        ("daily_reach", "2017-05-03", 3), ("daily_reach", "2017-05-04", 36),
    }


def test_total_value_reach_is_the_figure_of_the_requested_day(real_fixtures):
    payload = recorded(real_fixtures, "ig_user_insights_reach_total_value_breakdown.json")
    samples = parse_account_insights(payload, date(2023, 11, 7))
    assert [(s.metric, s.day, s.value) for s in samples] == [("daily_reach", date(2023, 11, 7), 14516883)]


def test_city_demographics_become_shares_of_the_listed_followers(real_fixtures):
    item = recorded(real_fixtures, "ig_user_insights_follower_demographics_city_item.json")
    slices = parse_demographics({"data": [item]}, "city")
    assert len(slices) == 45
    assert sum(s.share for s in slices) == pytest.approx(1.0)
    shares = {s.bucket: s.share for s in slices}
    assert shares["London, England"] == pytest.approx(263 / 4396)  # 4396 = the 45 counts added up
    assert shares["Sydney, New South Wales"] == pytest.approx(467 / 4396)


@pytest.mark.parametrize(("name", "error_class"), [
    ("graph_error_190_subcode_463_session_expired.json", AuthExpired),
    ("graph_error_100_object_does_not_exist.json", BadPayload),
    ("graph_error_100_subcode_2108006_media_posted_before_business.json", InsightsUnavailable),
    ("graph_error_4_application_request_limit.json", RateLimited),
])
def test_recorded_error_bodies_map_to_their_class(real_fixtures, name, error_class):
    assert type(graph_error(recorded(real_fixtures, name), {})) is error_class


# --- error table ----------------------------------------------------------------------------

def body(code, subcode=None, message="msg", **extra):
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbC", **extra}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


@pytest.mark.parametrize(("payload", "error_class"), [
    (body(190, 463), AuthExpired),
    (body(190, 467), AuthExpired),
    (body(190, 460), AuthInvalid),
    (body(190), AuthInvalid),
    (body(10), PermissionMissing),
    (body(200), PermissionMissing),
    (body(299), PermissionMissing),
    (body(4, is_transient=True), RateLimited),
    (body(17, 2446079, is_transient=True), RateLimited),
    (body(32), RateLimited),
    (body(613), RateLimited),
    (body(80002), RateLimited),
    (body(1), TransientError),
    (body(2, is_transient=True), TransientError),
    (body(9007, is_transient=True), TransientError),
    (body(100, 33), ResourceNotFound),
    (body(100), BadPayload),
    (body(100, 2108006), InsightsUnavailable),
    (body(10, message="(#10) Not enough viewers for the media to show insights"), InsightsUnavailable),
])
def test_graph_errors_are_classified_by_code_and_subcode(payload, error_class):
    error = graph_error(payload, {})
    assert type(error) is error_class
    assert "AbC" in str(error)  # the fbtrace id, for Meta support


@pytest.mark.parametrize("payload", [body(12345), {"data": []}, None, "<html>"])
def test_unknown_codes_and_non_errors_are_left_to_the_http_status(payload):
    assert graph_error(payload, {}) is None


def test_rate_limit_waits_the_estimated_time_to_regain_access():
    usage = {USER_ID: [{"type": "instagram", "call_count": 100, "estimated_time_to_regain_access": 7}],
             "99": [{"type": "instagram", "call_count": 40, "estimated_time_to_regain_access": 0}]}
    error = graph_error(body(80002), {"X-Business-Use-Case-Usage": json.dumps(usage)})
    assert error.retry_after == 7 * 60


def test_rate_limit_without_an_estimate_has_no_retry_after():
    usage = {USER_ID: [{"type": "instagram", "call_count": 100, "estimated_time_to_regain_access": 0}]}
    assert graph_error(body(4), {"X-Business-Use-Case-Usage": json.dumps(usage)}).retry_after is None
    assert graph_error(body(4), {"X-Business-Use-Case-Usage": "not json"}).retry_after is None


# --- shapes ---------------------------------------------------------------------------------

def test_me_response_wrapped_in_data_uses_the_professional_user_id():
    payload = {"data": [{"id": "9173405512345678", "user_id": USER_ID, "username": "acme",
                         "followers_count": 5, "follows_count": 3}]}
    profile, metrics = parse_user(payload, TODAY)
    assert profile.external_id == USER_ID
    assert {m.metric: m.value for m in metrics} == {"followers": 5, "following": 3}


@pytest.mark.parametrize("payload", [{"username": "x", "followers_count": 1}, {"id": "1"},
                                     {"id": "1", "followers_count": "12"}, []])
def test_user_without_id_or_follower_count_is_a_bad_payload(payload):
    with pytest.raises(BadPayload):
        parse_user(payload, TODAY)


@pytest.mark.parametrize("item", [{"timestamp": "2026-11-02T17:00:09+0000"}, {"id": "1"},
                                  {"id": "1", "timestamp": "yesterday"}])
def test_media_without_id_or_timestamp_is_a_bad_payload(item):
    with pytest.raises(BadPayload):
        parse_media(item)


@pytest.mark.parametrize(("media", "kind"), [
    ({"media_type": "VIDEO", "media_product_type": "REELS"}, "reel"),
    ({"media_type": "IMAGE", "media_product_type": "STORY"}, "story"),
    ({"media_type": "CAROUSEL_ALBUM", "media_product_type": "FEED"}, "carousel"),
    ({"media_type": "IMAGE"}, "image"),
    ({"media_type": "VIDEO", "media_product_type": "FEED"}, "video"),
    ({"media_type": "VIDEO", "media_product_type": "IGTV"}, "video"),
])
def test_media_kind_follows_product_type_then_media_type(media, kind):
    assert media_kind(media) == kind


def test_joint_age_gender_breakdown_gives_each_dimension_its_marginal_shares():
    payload = {"data": [{"name": "follower_demographics", "total_value": {"breakdowns": [{
        "dimension_keys": ["age", "gender"], "results": [
            {"dimension_values": ["25-34", "F"], "value": 30},
            {"dimension_values": ["25-34", "M"], "value": 10},
            {"dimension_values": ["18-24", "F"], "value": 60}]}]}}]}
    ages = {s.bucket: s.share for s in parse_demographics(payload, "age")}
    genders = {s.bucket: s.share for s in parse_demographics(payload, "gender")}
    assert ages == {"25-34": pytest.approx(0.4), "18-24": pytest.approx(0.6)}
    assert genders == {"female": pytest.approx(0.9), "male": pytest.approx(0.1)}
