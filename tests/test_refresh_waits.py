"""Huge, infinite and unreadable waits through the real scheduler against the fakes
(issue 13 §4), what a failed batch charges (§13b), and a full disk (§11): the run is
recorded (or logged), the next try is at most a day away, and nothing hangs."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import pytest

from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.errors import RateLimited, TransientError
from creatorkit.ingest.refresh import next_attempt, refresh_accounts
from creatorkit.models import Harvest, MetricSample, Profile
from creatorkit.storage import parse_iso
from creatorkit.storage.credentials import CredentialBox
from tests.connectors.test_contract import contract_settings
from tests.fakes.tiktok import FakeTikTok
from tests.fakes.twitch import FakeTwitch
from tests.test_reliability import run_once, scheduler_for

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)  # REFRESH_BACKOFF_CAP_S: the longest any wait may be


def clock():
    return NOW


def connect(db, make_account, fake, config):
    seed = fake.seed_account()
    sealed = CredentialBox(config["CREDENTIALS_KEY"]).seal(seed["credentials"]) \
        if seed.get("credentials") else None
    return make_account(platform=fake.platform, connector=fake.connector, ref=seed["ref"],
                        sealed_credentials=sealed, next_refresh_at=NOW - timedelta(minutes=1))


@pytest.mark.parametrize(("fake_cls", "headers", "wait"), [
    (FakeTikTok, {"Retry-After": "inf"}, timedelta(seconds=60)),       # unreadable: TikTok's minute
    (FakeTikTok, {"Retry-After": "1e12"}, DAY),
    (FakeTikTok, {"Retry-After": "99999999"}, DAY),                    # not 3 years out
    (FakeTikTok, {"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"}, DAY),
    (FakeTwitch, {"Ratelimit-Reset": "99999999999999"}, DAY),          # an epoch in milliseconds
    (FakeTwitch, {"Ratelimit-Reset": "1e12"}, timedelta(seconds=60)),  # 1e12 ms is in 2001
    (FakeTwitch, {"Ratelimit-Reset": "inf"}, timedelta(seconds=300)),  # unknown: the backoff
], ids=lambda value: next(iter(value.values())) if isinstance(value, dict) else None)
def test_a_huge_wait_is_recorded_capped_and_not_counted_as_a_failure(
        db, db_path, make_account, fake_cls, headers, wait):
    with fake_cls() as fake:
        config = contract_settings(fake)
        account = connect(db, make_account, fake, config)
        fake.fault = "rate_limited"
        if fake_cls is FakeTikTok:
            fake.rate_limit_headers = headers
        else:
            fake.reset_header = headers["Ratelimit-Reset"]
        scheduler = scheduler_for(db_path, clock, **config)
        started = time.monotonic()
        assert run_once(scheduler) == 1
        assert run_once(scheduler) == 0  # the next tick leaves the waiting account alone
        assert time.monotonic() - started < 5
    [run] = db["refresh_runs"].rows
    assert (run["status"], run["error_class"]) == ("error", "rate_limited")
    row = db["accounts"].get(account)
    assert (row["failures"], row["lease_owner"]) == (0, None)
    assert parse_iso(row["next_refresh_at"]) == NOW + wait


def test_refresh_all_goes_on_past_an_account_with_an_infinite_wait(db, make_account):
    with FakeTikTok() as fake:
        config = contract_settings(fake)
        limited = connect(db, make_account, fake, config)
        fake.fault, fake.rate_limit_headers = "rate_limited", {"Retry-After": "inf"}
        with FakeTwitch() as healthy:
            other = connect(db, make_account, healthy, {**config, **healthy.settings()})
            results = refresh_accounts(db, [limited, other], {**config, **healthy.settings()},
                                       now=clock)
    assert [(r.account_id, r.ok, r.error_class) for r in results] == [
        (limited, False, "rate_limited"), (other, True, None)]


@pytest.mark.parametrize("failures", [1_000, 10**6])
def test_the_backoff_exponent_is_clamped(failures):
    settings = {"REFRESH_BACKOFF_BASE_S": 300, "REFRESH_BACKOFF_CAP_S": 86400}
    assert next_attempt(TransientError("x", "boom"), NOW, failures, settings) == ("error", NOW + DAY)


@pytest.mark.parametrize("retry_after", [float("inf"), 1e12, 10.0**300])
def test_a_rate_limit_a_connector_raised_with_a_huge_wait_is_capped(retry_after):
    settings = {"REFRESH_BACKOFF_BASE_S": 300, "REFRESH_BACKOFF_CAP_S": 86400}
    error = RateLimited("x", "slow", retry_after=retry_after)
    assert next_attempt(error, NOW, 1, settings) == ("error", NOW + DAY)


class Batch(Connector):
    """A batching connector that spends ``spend`` calls, then fails as told."""

    name = "test-batch-calls"
    platform = "*"
    label = "Batch"
    batch_size = 50
    spend = 0
    fail_whole: ClassVar[bool] = True

    def fetch_many(self, accounts, client, since):
        client.calls += self.spend
        if self.fail_whole:
            raise TransientError("youtube", "HTTP 503 on the shared channels call")
        first, *rest = accounts
        return {first.id: Harvest(source="api", profile=Profile(username="ok"), calls=2),
                **{a.id: TransientError("youtube", "page failed") for a in rest}}


register(Batch)


@pytest.mark.parametrize(("fail_whole", "spend", "calls"), [
    (True, 3, [1, 1, 1, 0]),   # 3 calls for 4 accounts: not 3 // 4 = 0 each
    (True, 9, [3, 2, 2, 2]),
    (False, 7, [2, 2, 2, 1]),  # the harvest says its 2; the 5 others are shared
])
def test_a_failed_batch_charges_the_calls_it_made(db, make_account, fail_whole, spend, calls):
    Batch.spend, Batch.fail_whole = spend, fail_whole
    ids = [make_account(handle=f"b{n}", platform="youtube", connector="test-batch-calls")
           for n in range(4)]
    results = refresh_accounts(db, ids, {"DEFAULT_REFRESH_INTERVAL_S": 3600}, now=clock)
    assert [r.calls for r in results] == calls
    assert [row["http_calls"] for row in db["refresh_runs"].rows_where(order_by="account_id")] == calls


class Full(Connector):
    """A harvest far bigger than the room left, or a failure too long to record."""

    name = "test-full-disk"
    platform = "*"
    label = "Full"

    def fetch(self, account, client, since):
        if account.ref == "long-failure":
            raise TransientError("twitch", "x" * 2_000_000)
        return Harvest(source="api", profile=Profile(username="u" * 2_000_000),
                       metrics=(MetricSample("followers", NOW.date(), 10),))


register(Full)


@pytest.fixture
def full_disk(db):
    """No page more than the database has now (SQLite's SQLITE_FULL, as on a full disk)."""
    def fill() -> None:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
    return fill


def test_a_harvest_that_does_not_fit_on_the_disk_is_recorded_as_a_failure(db, make_account, full_disk):
    account = make_account(platform="twitch", connector="test-full-disk", ref="big")
    full_disk()
    [result] = refresh_accounts(db, [account], {"DEFAULT_REFRESH_INTERVAL_S": 3600}, now=clock)
    assert not result.ok and result.error_message == "database or disk is full"
    [run] = db["refresh_runs"].rows
    assert (run["status"], run["error_message"]) == ("error", "database or disk is full")
    assert db["account_metrics"].count == 0


def test_a_failure_that_cannot_be_recorded_is_logged_and_the_others_go_on(
        db, make_account, full_disk, caplog):
    stuck = make_account(handle="a", platform="twitch", connector="test-full-disk", ref="long-failure")
    other = make_account(handle="b", platform="twitch", connector="test-full-disk", ref="big")
    before = db["accounts"].get(stuck)
    full_disk()
    results = refresh_accounts(db, [stuck, other], {"DEFAULT_REFRESH_INTERVAL_S": 3600}, now=clock)
    assert [(r.account_id, r.ok) for r in results] == [(stuck, False), (other, False)]
    assert "not recorded: database or disk is full" in results[0].error_message
    [logged] = [r for r in caplog.records if "could not be recorded" in r.getMessage()]
    assert logged.levelname == "ERROR" and "a/twitch" in logged.getMessage()
    assert db["accounts"].get(stuck) == before
    assert [run["account_id"] for run in db["refresh_runs"].rows] == [other]
