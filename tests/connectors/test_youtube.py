"""The YouTube connector against the fake YouTube: batching, paging, OAuth, isolation."""

from __future__ import annotations

import contextlib
import math
from datetime import UTC, datetime, timedelta

import pytest

from creatorkit.config import default_config
from creatorkit.connectors import get_connector
from creatorkit.connectors.http import HttpClient
from creatorkit.connectors.youtube.fetch import apportion, expires_at
from creatorkit.errors import (
    AuthExpired,
    ConfigError,
    QuotaExhausted,
    ResourceNotFound,
    TransientError,
)
from creatorkit.models import Account, Harvest
from tests.fakes.youtube import FakeYouTube
from tests.fakes.youtube_world import NEWEST_UPLOAD, REFRESH_TOKEN, google_error

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def start_fake():
    with contextlib.ExitStack() as stack:
        yield lambda **options: stack.enter_context(FakeYouTube(**options))


def run(fake, accounts, since=None, **settings):
    settings = {**default_config(), "HTTP_TIMEOUT_S": 2, "HTTP_RETRIES": 2, "HTTP_BACKOFF_S": 0.01,
                **fake.settings(), **settings}
    client = HttpClient.from_settings(settings, sleep=lambda seconds: None)
    connector = get_connector("youtube")(settings, now=lambda: NOW)
    return connector.fetch_many(accounts, client, since), client


def account(ref, account_id=1, credentials=None):
    return Account(id=account_id, creator_id=account_id, handle=f"c{account_id}", platform="youtube",
                   connector="youtube", ref=ref, credentials=credentials)


def public_accounts(fake):
    return [account(channel_id, n) for n, channel_id in enumerate(fake.channels, start=1)]


def followers(harvest):
    return {m.metric: m.value for m in harvest.metrics}.get("followers")


def test_the_connector_is_registered_with_its_contract():
    cls = get_connector("youtube")
    assert (cls.platform, cls.label, cls.credentials, cls.source, cls.batch_size) == \
        ("youtube", "YouTube", "api_key", "api", 50)


def test_a_batch_takes_fifty_channel_ids_a_call_and_batches_videos_across_channels(start_fake):
    fake = start_fake(channels=120, videos_per_channel=3)  # video 1 of each channel is private
    results, client = run(fake, public_accounts(fake))
    channel_calls, video_calls = fake.calls("/channels"), fake.calls("/videos")
    assert len(channel_calls) == math.ceil(120 / 50)
    assert [len(r.arg("id").split(",")) for r in channel_calls] == [50, 50, 20]
    assert len(video_calls) == math.ceil(120 * 2 / 50)
    assert all(len(r.arg("id").split(",")) <= 50 for r in video_calls)
    assert len(fake.calls("/playlistItems")) == 120
    assert all(isinstance(h, Harvest) and len(h.posts) == 2 for h in results.values())
    assert followers(results[7]) == 1200 * 7
    assert sum(h.calls for h in results.values()) == client.calls == len(fake.requests) == 128
    assert sum(h.quota_units for h in results.values()) == fake.quota_used == 128


def test_a_spent_quota_resets_at_the_pacific_midnight_after_the_connectors_clock(start_fake):
    fake = start_fake(channels=2, daily_quota=0)
    results, _ = run(fake, public_accounts(fake))
    assert all(isinstance(error, QuotaExhausted) for error in results.values())
    # NOW is 04:00 in Los Angeles (PST, UTC-8): the quota comes back at the next midnight there
    assert {error.reset_at for error in results.values()} == {datetime(2026, 11, 24, 8, 0, tzinfo=UTC)}


def test_calls_are_charged_to_the_accounts_they_served():
    assert apportion({1: 2.6, 2: 1.4}) == {1: 3, 2: 1}
    assert sorted(apportion({1: 1 / 3, 2: 1 / 3, 3: 1 / 3}).values()) == [0, 0, 1]


@pytest.mark.parametrize("value, seconds", [
    (1_795_000_000, 1_795_000_000), ("2026-11-23T12:00:00+00:00", NOW.timestamp()),
    (None, None), ("soon", None),
])
def test_a_token_expiry_is_epoch_seconds_or_iso_text(value, seconds):
    assert expires_at({"expires_at": value}) == seconds


def test_unknown_channels_and_a_missing_playlist_fail_only_their_own_accounts(start_fake):
    fake = start_fake(channels=3, videos_per_channel=4)
    first, second, third = fake.channels.values()
    fake.deleted_playlists.add(third.uploads)
    accounts = [account(first.channel_id, 1), account("UC" + "x" * 22, 2), account("@nobody", 3),
                account(second.handle.upper(), 4), account(third.channel_id, 5)]
    results, _ = run(fake, accounts)
    assert len(fake.calls("/channels")) == 3  # one for the two ids, one per handle
    assert isinstance(results[2], ResourceNotFound) and isinstance(results[3], ResourceNotFound)
    assert isinstance(results[5], ResourceNotFound) and "playlistNotFound" in str(results[5])
    assert [len(results[n].posts) for n in (1, 4)] == [3, 3]
    assert followers(results[4]) == second.subscribers


def test_a_failing_second_playlist_page_fails_that_channel_only(start_fake):
    fake = start_fake(channels=2, videos_per_channel=60)
    small = list(fake.channels.values())[1]
    del small.videos[10:]
    fake.fault = "second_page_fails"
    results, _ = run(fake, public_accounts(fake))
    assert isinstance(results[1], TransientError)
    assert len(results[2].posts) == 9  # 10 uploads, the second one private


def test_a_hidden_subscriber_count_stores_no_followers_figure(start_fake):
    fake = start_fake(channels=1, videos_per_channel=2)
    fake.owner.hidden = True
    results, _ = run(fake, public_accounts(fake))
    assert followers(results[1]) is None
    assert {m.metric for m in results[1].metrics} == {"total_views", "video_count"}


def test_the_walk_stops_at_the_two_hundred_most_recent_public_uploads(start_fake):
    fake = start_fake(channels=1, videos_per_channel=260)
    results, _ = run(fake, public_accounts(fake))
    posts = results[1].posts
    assert len(posts) == 200 and posts[0].published_at == NEWEST_UPLOAD
    assert len(fake.calls("/playlistItems")) == 5  # 4 pages hold 8 private items
    assert {p.kind for p in posts} == {"short", "video"}


def test_since_stops_the_walk_at_older_uploads(start_fake):
    fake = start_fake(channels=1, videos_per_channel=60)
    results, _ = run(fake, public_accounts(fake), since=NEWEST_UPLOAD.date() - timedelta(days=5))
    assert len(results[1].posts) == 5  # days 0..5, day 1 private
    assert len(fake.calls("/playlistItems")) == 1


def test_no_api_key_is_a_configuration_error(start_fake):
    fake = start_fake(channels=1)
    with pytest.raises(ConfigError, match="YOUTUBE_API_KEY"):
        run(fake, public_accounts(fake), YOUTUBE_API_KEY=None)


def oauth(fake, expires_in, token=None):
    return {"access_token": token or fake.issue_token(expires_in), "refresh_token": REFRESH_TOKEN,
            "expires_at": int(NOW.timestamp()) + expires_in}


def test_an_oauth_account_reads_its_own_channel_and_its_audience(start_fake):
    fake = start_fake(channels=2, videos_per_channel=60)
    results, client = run(fake, [account("ignored-for-mine", 1, oauth(fake, 3000))])
    harvest = results[1]
    assert fake.calls("/channels")[0].arg("mine") == "true" and not fake.calls("/token")
    assert len(harvest.posts) == 57 and harvest.credentials is None
    shares = {(s.dimension, s.bucket): s.share for s in harvest.audience}
    assert shares["age", "25-34"] == pytest.approx(0.43) and shares["gender", "other"] == 0.002
    assert shares["country", "GB"] == pytest.approx(52110 / 98364)
    assert (harvest.calls, harvest.quota_units) == (client.calls, 5)  # 2 analytics calls are free


def test_an_expired_access_token_is_renewed_and_returned_to_be_stored(start_fake):
    fake = start_fake(channels=1, videos_per_channel=3)
    results, _ = run(fake, [account("x", 1, oauth(fake, -10))])
    renewed = results[1].credentials
    assert len(fake.calls("/token")) == 1 and fake.calls("/token")[0].form()["grant_type"] == "refresh_token"
    assert renewed["refresh_token"] == REFRESH_TOKEN
    assert renewed["expires_at"] == int(NOW.timestamp()) + 3599
    assert fake.tokens[renewed["access_token"]] > NOW.timestamp()
    assert all(r.headers["authorization"] == f"Bearer {renewed['access_token']}"
               for r in fake.calls("/youtube/v3/"))


def test_a_token_refused_before_its_expiry_is_renewed_once_and_the_call_retried(start_fake):
    fake = start_fake(channels=1, videos_per_channel=3)
    results, _ = run(fake, [account("x", 1, oauth(fake, 3000, token="ya29.revoked"))])
    assert isinstance(results[1], Harvest) and results[1].credentials is not None
    assert len(fake.calls("/token")) == 1 and len(fake.calls("/channels")) == 2


def test_a_revoked_refresh_token_is_auth_expired_without_leaking_it(start_fake):
    fake = start_fake(channels=1)
    fake.refresh_tokens.clear()
    results, _ = run(fake, [account("x", 1, oauth(fake, -10))])
    assert isinstance(results[1], AuthExpired) and REFRESH_TOKEN not in str(results[1])
    assert not fake.calls("/youtube/v3/")


def test_a_token_without_the_analytics_scope_still_gives_the_channel(start_fake):
    fake = start_fake(channels=1, videos_per_channel=3)
    fake.reports = lambda request: google_error(403, "Forbidden", "forbidden")
    results, _ = run(fake, [account("x", 1, oauth(fake, 3000))])
    assert results[1].audience == () and len(results[1].posts) == 2


def test_oauth_and_public_accounts_share_a_batch_without_sharing_failures(start_fake):
    fake = start_fake(channels=3, videos_per_channel=3)
    fake.refresh_tokens.clear()
    accounts = [*public_accounts(fake)[1:], account("x", 9, oauth(fake, -10))]
    results, _ = run(fake, accounts)
    assert isinstance(results[9], AuthExpired)
    assert [len(results[n].posts) for n in (2, 3)] == [2, 2]
