"""Instagram connector against its fake: paging, skipped insights, tokens, audience."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from creatorkit.config import default_config
from creatorkit.connectors.http import HttpClient
from creatorkit.connectors.instagram import InstagramConnector
from creatorkit.errors import AuthExpired, AuthInvalid, RateLimited
from creatorkit.models import Account
from tests.fakes.instagram import USER_ID, FakeInstagram

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


# --- fetching from the fake -----------------------------------------------------------------

@pytest.fixture
def fake():
    with FakeInstagram() as server:
        server.now = lambda: NOW
        yield server


def fetch(fake, *, age=timedelta(days=10), connector=None, **credentials):
    token = fake.issue_token(NOW - age)
    stored = {"access_token": token, "expires_at": fake.tokens[token]["expires_at"].isoformat(),
              **credentials}
    account = Account(id=1, creator_id=1, handle="alice", platform="instagram", connector="instagram",
                      ref=USER_ID, credentials=stored)
    connector = connector or InstagramConnector({**default_config(), **fake.settings()}, now=lambda: NOW)
    client = HttpClient(sleep=lambda seconds: None, retries=2)
    return connector.fetch(account, client, None), token


def tokens_used(fake) -> set[str]:
    return {r.arg("access_token") for r in fake.requests if r.path != "/refresh_access_token"}


def test_media_walk_follows_after_cursors_until_next_is_absent(fake):
    connector = InstagramConnector({**default_config(), **fake.settings()}, now=lambda: NOW)
    connector.page_size = 7
    harvest, _ = fetch(fake, connector=connector)
    pages = fake.calls("/media")
    assert [r.arg("after") is None for r in pages] == [True, False, False, False, False]  # 7+7+7+7+2
    assert [p.post_id for p in harvest.posts] == [m["id"] for m in fake.media]
    # user + 5 pages + 30 media insights + account insights + 4 demographics
    assert harvest.calls == len(fake.requests) == 1 + 5 + 30 + 1 + 4


def test_media_walk_stops_at_the_post_cap(fake):
    connector = InstagramConnector({**default_config(), **fake.settings()}, now=lambda: NOW)
    connector.page_size, connector.max_posts = 4, 10
    harvest, _ = fetch(fake, connector=connector)
    assert [r.arg("limit") for r in fake.calls("/media")] == ["4", "4", "2"]
    assert len(harvest.posts) == 10 and len(fake.calls("/insights")) == 10 + 1 + 4


def test_media_posted_before_business_conversion_keeps_its_post_without_insights(fake):
    harvest, _ = fetch(fake)
    oldest = harvest.posts[-1]
    assert oldest.post_id == fake.media[-1]["id"] and fake.media[-1]["before_business"]
    assert (oldest.views, oldest.reach, oldest.saves, oldest.shares) == (None, None, None, None)
    assert oldest.likes == fake.media[-1]["like_count"]
    second = harvest.posts[1]
    assert (second.views, second.reach, second.saves, second.shares) == (9100, 6050, 101, 71)


def test_missing_insights_and_hidden_likes_stay_none_not_zero(fake):
    harvest, _ = fetch(fake)
    assert harvest.posts[0].views is None and harvest.posts[0].reach is None
    assert harvest.posts[4].likes is None and harvest.posts[4].comments == 24


def test_story_insights_ask_only_story_metrics(fake):
    fake.media.insert(0, {**fake.media[1], "id": "17900000000000001", "media_product_type": "STORY"})
    harvest, _ = fetch(fake)
    assert harvest.posts[0].kind == "story" and harvest.posts[0].saves is None
    assert fake.calls("/17900000000000001/insights")[0].arg("metric") == "views,reach,shares"


def test_account_insights_are_yesterdays_reach_and_views(fake):
    harvest, _ = fetch(fake)
    request = next(r for r in fake.calls(f"{USER_ID}/insights") if r.arg("metric") == "reach,views")
    assert int(request.arg("until")) - int(request.arg("since")) == 86400
    assert int(request.arg("until")) == int(datetime(2026, 11, 23, tzinfo=UTC).timestamp())
    daily = {(m.metric, m.day) : m.value for m in harvest.metrics if m.metric.startswith("daily_")}
    assert daily == {("daily_reach", date(2026, 11, 22)): 18340, ("daily_views", date(2026, 11, 22)): 52210}


def test_demographics_counts_become_shares_per_dimension(fake):
    harvest, _ = fetch(fake)
    shares = {(s.dimension, s.bucket): s.share for s in harvest.audience}
    assert shares[("age", "25-34")] == pytest.approx(500 / 1000)
    assert shares[("gender", "female")] == pytest.approx(600 / 1000)
    assert shares[("gender", "unknown")] == pytest.approx(50 / 1000)
    assert shares[("country", "IE")] == pytest.approx(200 / 1000)
    assert shares[("city", "Dublin, Dublin")] == pytest.approx(150 / 500)
    assert [r.arg("breakdown") for r in fake.calls("/insights") if r.arg("breakdown")] == [
        "age", "gender", "country", "city"]


def test_throttled_account_raises_rate_limited_with_the_buc_wait(fake):
    fake.fault, fake.throttle_code, fake.throttle_status = "rate_limited", 80002, 429
    with pytest.raises(RateLimited) as caught:
        fetch(fake)
    assert caught.value.retry_after == fake.regain_minutes * 60


# --- tokens ---------------------------------------------------------------------------------

def test_token_near_expiry_is_refreshed_and_the_new_one_returned(fake):
    harvest, old = fetch(fake, age=timedelta(days=55), user_id=USER_ID)
    new = harvest.credentials["access_token"]
    assert len(fake.calls("/refresh_access_token")) == 1 and new != old and new in fake.tokens
    assert harvest.credentials["expires_at"] == (NOW + timedelta(days=60)).isoformat()
    assert harvest.credentials["issued_at"] == NOW.isoformat()
    assert harvest.credentials["user_id"] == USER_ID
    assert tokens_used(fake) == {new}
    assert harvest.calls == len(fake.requests)


@pytest.mark.parametrize("age", [timedelta(hours=2), timedelta(days=30)])
def test_token_far_from_expiry_is_not_refreshed(fake, age):
    harvest, token = fetch(fake, age=age)
    assert harvest.credentials is None and not fake.calls("/refresh_access_token")
    assert tokens_used(fake) == {token}


def test_token_younger_than_a_day_is_not_refreshed_even_near_expiry(fake):
    issued = (NOW - timedelta(hours=3)).isoformat()
    harvest, _ = fetch(fake, age=timedelta(days=56), issued_at=issued)
    assert harvest.credentials is None and not fake.calls("/refresh_access_token")


def test_failed_refresh_keeps_the_current_token_for_next_time(fake):
    fake._refresh = lambda request: fake._server_error()
    harvest, token = fetch(fake, age=timedelta(days=55))
    assert harvest.credentials is None and len(fake.calls("/refresh_access_token")) == 2  # one retry
    assert tokens_used(fake) == {token}


def test_expired_token_raises_auth_expired_without_calling(fake):
    with pytest.raises(AuthExpired):
        fetch(fake, age=timedelta(days=61))
    assert fake.requests == []


def test_account_without_a_token_raises_auth_invalid(fake):
    connector = InstagramConnector({**default_config(), **fake.settings()}, now=lambda: NOW)
    account = Account(id=1, creator_id=1, handle="a", platform="instagram", connector="instagram", ref="me")
    with pytest.raises(AuthInvalid):
        connector.fetch(account, HttpClient(), None)
