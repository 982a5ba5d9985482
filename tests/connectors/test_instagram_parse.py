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
    parse_token,
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
from tests.recordings import Recording, files_in, recordings, sources

TODAY = date(2026, 11, 23)
USER_FILES = recordings(
    # file → (external id, username, display name, {metric: value})
    "instagram",
    own={
        "ig_user_fields.json": ("17841405822304914", "acmecooking", "Acme Cooking",
                                {"followers": 128_450, "following": 311, "media_count": 904}),
        "ig_me_instagram_login.json": ("17841405822304914", "acmecooking", "Acme Cooking",  # user_id, not id
                                       {"followers": 128_450, "following": 311, "media_count": 904}),
    },
    real={"ig_user_fields_followers_media_count.json": (
        "17841407673135339", "facebookfordevelopers", "Facebook for Developers",
        {"followers": 64363, "media_count": 427})},
)
DISCOVERY_FILES = recordings(
    # file → (external id, {metric: value}) of the account looked up
    "instagram",
    own={"ig_business_discovery_user.json": (
        "17841401441775531", {"followers": 267_793, "media_count": 1205})},
    real={"ig_business_discovery_user_fields.json": (
        "17841407673135339", {"followers": 64976, "media_count": 436})},
)
FIRST_PAGES = recordings(
    # file → (after cursor, [(id, kind, likes, comments)], publish time of the first, ids without a title)
    "instagram",
    own={"ig_user_media_page1_with_next.json": (
        "QVFIUnRYb2pGZAzl3",
        [("18035507131611621", "reel", 4210, 188), ("17895731045244887", "carousel", 2311, 64),
         ("17902284400158236", "image", 0, 0)],  # a real 0 stays 0
        datetime(2026, 11, 2, 17, 0, 9, tzinfo=UTC), {"17902284400158236"})},
    real={"ig_user_media_page1_with_next.json": (
        "after", [("17895731045244887", "image", 0, 0), ("17896622936197745", "image", 2, 6)],
        datetime(2021, 8, 13, 8, 25, 28, tzinfo=UTC), {"17895731045244887", "17896622936197745"})},
)
LAST_PAGES = recordings(
    # file → [(kind, title, likes)] of a page whose paging has cursors but no "next"
    "instagram",
    own={"ig_user_media_page2_last_carousel_children.json": [
        ("carousel", "Three sauces, one pan", 1105), ("video", "Our first post!", 37)]},
    real={"ig_user_media_page2_carousel_children.json": [
        ("carousel", "ALBUM", 1), ("image", "Peach new", 1)]},
)
MEDIA_INSIGHT_FILES = recordings(
    # file → the Post fields it gives (metrics the kit does not use are left out)
    "instagram",
    own={
        "ig_media_insights_views_reach_saved_shares.json": {
            "views": 96512, "reach": 61877, "saves": 1290, "shares": 734},  # total_interactions unused
        "ig_media_insights_legacy_impressions_reach_saved.json": {
            "impressions": 1420, "reach": 988, "saves": 0},
        "ig_media_insights_profile_activity_breakdown.json": {},
        "ig_media_insights_empty.json": {},  # no data is no figure, not 0
    },
    real={
        "ig_media_insights_impressions_reach_saved.json": {"impressions": 8, "reach": 5, "saves": 0},
        "ig_media_insights_profile_activity_breakdown.json": {},
    },
)
LEGACY_DAY_FILES = recordings(
    # file → {(metric, day, value)}: each value counts the day before its end_time
    "instagram",
    own={"ig_user_insights_day_legacy_time_series.json": {  # the week period and follower_count unused
        ("daily_impressions", "2026-11-18", 212), ("daily_impressions", "2026-11-19", 187),
        ("daily_reach", "2026-11-18", 150), ("daily_reach", "2026-11-19", 140)}},
    real={"ig_user_insights_day_legacy.json": {
        ("daily_impressions", "2017-05-03", 4), ("daily_impressions", "2017-05-04", 66),
        ("daily_reach", "2017-05-03", 3), ("daily_reach", "2017-05-04", 36)}},
)
TOTAL_VALUE_FILES = recordings(
    # file → (the day asked for, [(metric, value)])
    "instagram",
    own={"ig_user_insights_reach_views_total_value.json": (
        date(2026, 11, 22), [("daily_reach", 183_406), ("daily_views", 412_003)])},
    real={"ig_user_insights_reach_total_value_breakdown.json": (
        date(2023, 11, 7), [("daily_reach", 14516883)])},
)
DEMOGRAPHIC_FILES = recordings(
    # file → (breakdown, number of buckets, {bucket: share} of some of them)
    "instagram",
    own={
        "ig_user_insights_follower_demographics_city.json": (  # 480 + 240 + 160 + 120 = 1000 followers
            "city", 4, {"London, England": 0.48, "Manchester, England": 0.24, "Dublin, Leinster": 0.16,
                        "Paris, Île-de-France": 0.12}),
        "ig_user_insights_follower_demographics_country.json": (  # of 10,000
            "country", 4, {"GB": 0.5, "US": 0.3, "IE": 0.15, "FR": 0.05}),
        "ig_user_insights_follower_demographics_age_gender.json": (  # 10,000 followers by age and gender
            "age", 3, {"18-24": 0.3, "25-34": 0.6, "35-44": 0.1}),
    },
    real={"ig_user_insights_follower_demographics_city_item.json": (  # 4396 = the 45 counts added up
        "city", 45, {"London, England": 263 / 4396, "Sydney, New South Wales": 467 / 4396})},
)
ERROR_FILES = recordings(
    "instagram",
    own={
        "graph_error_190_463_session_expired.json": AuthExpired,
        "graph_error_190_460_password_changed.json": AuthInvalid,
        "graph_error_100_33_object_does_not_exist.json": ResourceNotFound,
        "graph_error_100_range_over_30_days.json": BadPayload,
        "graph_error_100_2108006_media_before_business.json": InsightsUnavailable,
        "graph_error_10_not_enough_viewers.json": InsightsUnavailable,
        "graph_error_10_permission_missing.json": PermissionMissing,
        "graph_error_4_application_request_limit.json": RateLimited,
        "graph_error_17_user_request_limit.json": RateLimited,
        "graph_error_2_service_unavailable.json": TransientError,
    },
    real={
        "graph_error_190_subcode_463_session_expired.json": AuthExpired,
        "graph_error_100_object_does_not_exist.json": BadPayload,
        "graph_error_100_subcode_2108006_media_posted_before_business.json": InsightsUnavailable,
        "graph_error_4_application_request_limit.json": RateLimited,
    },
)
#: files read by the single-file tests below (own), or by no parser (real: /me/accounts is not used)
OWN_ELSEWHERE = {"ig_user_insights_follower_demographics_under_100_followers.json",
                 "ig_refresh_access_token.json"}
REAL_UNPARSED = {"me_accounts_pages_some_without_instagram_business_account.json"}


def own(name: str):
    return Recording("own", "instagram", name).json()


@pytest.mark.parametrize("source", sources())
def test_every_instagram_payload_file_has_a_parser_test(source):
    tables = (USER_FILES, DISCOVERY_FILES, FIRST_PAGES, LAST_PAGES, MEDIA_INSIGHT_FILES, LEGACY_DAY_FILES,
              TOTAL_VALUE_FILES, DEMOGRAPHIC_FILES, ERROR_FILES)
    covered = {r.name for table in tables for r in table if r.source == source}
    covered |= OWN_ELSEWHERE if source == "own" else REAL_UNPARSED
    assert files_in(source, "instagram") == covered


# --- parsers on the payload files -----------------------------------------------------------

@pytest.mark.parametrize("recording", USER_FILES, ids=str)
def test_user_fields_give_profile_followers_and_media_count(recording):
    user_id, username, name, figures = USER_FILES[recording]
    profile, metrics = parse_user(recording.json(), TODAY)
    assert (profile.external_id, profile.username, profile.display_name) == (user_id, username, name)
    assert profile.url == f"https://www.instagram.com/{username}/"
    assert {m.metric: m.value for m in metrics} == figures
    assert all(m.day == TODAY for m in metrics)


def test_user_fields_keep_the_bio_and_the_picture():
    profile, _ = parse_user(own("ig_user_fields.json"), TODAY)
    assert profile.bio == "Weeknight recipes · new reel every Tue & Fri"
    assert profile.avatar_url.startswith("https://scontent.cdninstagram.com/v/t51.2885-19/4412_n.jpg?")


@pytest.mark.parametrize("recording", DISCOVERY_FILES, ids=str)
def test_business_discovery_user_parses_like_an_own_user(recording):
    user_id, figures = DISCOVERY_FILES[recording]
    profile, metrics = parse_user(recording.json()["business_discovery"], TODAY)
    assert profile.external_id == user_id
    assert {m.metric: m.value for m in metrics} == figures


@pytest.mark.parametrize("recording", FIRST_PAGES, ids=str)
def test_first_media_page_gives_items_and_the_after_cursor(recording):
    cursor, expected, first_published, untitled = FIRST_PAGES[recording]
    items, after = parse_media_page(recording.json())
    posts = [parse_media(item) for item in items]
    assert after == cursor
    assert [(p.post_id, p.kind, p.likes, p.comments) for p in posts] == expected
    assert posts[0].published_at == first_published
    assert {p.post_id for p in posts if p.title is None} == untitled
    assert all(p.views is None for p in posts)  # views come from insights, not the media list


def test_a_caption_gives_its_first_line_as_title_and_a_video_its_thumbnail():
    items, _ = parse_media_page(own("ig_user_media_page1_with_next.json"))
    reel, carousel, image = map(parse_media, items)
    assert reel.title == "Miso salmon in 15 minutes 🐟 #weeknightdinner"
    assert reel.thumbnail_url.endswith("/thumb.jpg?_nc_ht=scontent.cdninstagram.com")
    assert carousel.thumbnail_url.endswith("/batch.jpg")  # not a video: its media_url
    assert image.permalink == "https://www.instagram.com/p/DAy3h7KmW1s/"


@pytest.mark.parametrize("recording", LAST_PAGES, ids=str)
def test_last_media_page_ends_the_walk_despite_an_after_cursor(recording):
    items, after = parse_media_page(recording.json())
    posts = [parse_media(item) for item in items]
    assert after is None
    assert [(p.kind, p.title, p.likes) for p in posts] == LAST_PAGES[recording]


@pytest.mark.parametrize("recording", MEDIA_INSIGHT_FILES, ids=str)
def test_media_insights_give_the_post_fields_the_kit_uses(recording):
    assert parse_media_insights(recording.json()) == MEDIA_INSIGHT_FILES[recording]


@pytest.mark.parametrize("recording", LEGACY_DAY_FILES, ids=str)
def test_legacy_daily_account_insights_are_dated_by_the_day_they_end(recording):
    samples = parse_account_insights(recording.json(), TODAY)
    assert {(s.metric, s.day.isoformat(), s.value) for s in samples} == LEGACY_DAY_FILES[recording]


@pytest.mark.parametrize("recording", TOTAL_VALUE_FILES, ids=str)
def test_total_value_insights_are_the_figures_of_the_requested_day(recording):
    day, expected = TOTAL_VALUE_FILES[recording]
    samples = parse_account_insights(recording.json(), day)
    assert [(s.metric, s.day, s.value) for s in samples] == [(m, day, v) for m, v in expected]


@pytest.mark.parametrize("recording", DEMOGRAPHIC_FILES, ids=str)
def test_follower_demographics_become_shares_of_the_listed_followers(recording):
    dimension, count, expected = DEMOGRAPHIC_FILES[recording]
    payload = recording.json()
    slices = parse_demographics(payload if "data" in payload else {"data": [payload]}, dimension)
    assert len(slices) == count and {s.dimension for s in slices} == {dimension}
    assert sum(s.share for s in slices) == pytest.approx(1.0)
    shares = {s.bucket: s.share for s in slices}
    assert {bucket: shares[bucket] for bucket in expected} == pytest.approx(expected)


def test_the_age_gender_file_gives_gender_shares_too():
    genders = {s.bucket: s.share for s in parse_demographics(
        own("ig_user_insights_follower_demographics_age_gender.json"), "gender")}
    assert genders == pytest.approx({"female": 0.62, "male": 0.34, "unknown": 0.04})  # F, M, U of 10,000


def test_demographics_of_zeros_give_no_shares_rather_than_a_division_by_zero():
    payload = own("ig_user_insights_follower_demographics_under_100_followers.json")
    assert parse_demographics(payload, "country") == ()


def test_a_refreshed_token_lives_the_seconds_it_says():
    now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    assert parse_token(own("ig_refresh_access_token.json"), now) == {
        "access_token": "IGAATownFixtureRefreshed",
        "expires_at": "2027-01-22T05:59:04+00:00",  # 5,183,944 s = 60 days less 56 s
        "issued_at": "2026-11-23T06:00:00+00:00"}


@pytest.mark.parametrize("recording", ERROR_FILES, ids=str)
def test_recorded_error_bodies_map_to_their_class(recording):
    error = graph_error(recording.json(), {})
    assert type(error) is ERROR_FILES[recording]
    assert recording.json()["error"]["fbtrace_id"] in str(error)


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
