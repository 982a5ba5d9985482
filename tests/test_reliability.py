"""Fault injection through the scheduler: whatever fails, the previous data stays, the
run is recorded with its class and the next attempt follows the failure policy.

Every fault class runs once against a scripted connector (exact expectations), and
every fault a fake platform server supports runs against its real connector.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

import pytest

from creatorkit.app import create_app
from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.errors import (
    AuthExpired,
    AuthInvalid,
    BadPayload,
    ConnectorError,
    PermissionMissing,
    QuotaExhausted,
    RateLimited,
    ResourceNotFound,
    TransientError,
)
from creatorkit.ingest.scheduler import RefreshScheduler
from creatorkit.models import AudienceSlice, Harvest, MetricSample, Post, Profile
from creatorkit.storage import iso, parse_iso
from creatorkit.storage.credentials import CredentialBox
from tests.clock import NOW
from tests.connectors.test_contract import FAKE_IDS, FAKES, FAULT_ERRORS, contract_settings

BACKOFF = timedelta(seconds=300)  # REFRESH_BACKOFF_BASE_S after a first failure


class Faulty(Connector):
    """Answers ``outcome`` (a harvest, or an exception to raise) for every account."""

    name = "test-faulty"
    platform = "*"
    label = "Faulty"
    outcome: ClassVar[object] = None

    def fetch(self, account, client, since):
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


register(Faulty)


@pytest.fixture
def frozen():
    """The scheduler's clock: a moment just after every account was made due (at NOW)."""
    moment = NOW + timedelta(minutes=1)
    return lambda: moment


def scheduler_for(db_path, frozen, **config) -> RefreshScheduler:
    app = create_app({"REFRESH_WORKERS": 2, "DEFAULT_REFRESH_INTERVAL_S": 3600, **config,
                      "TESTING": True, "DATABASE": str(db_path)})
    return RefreshScheduler(app, clock=frozen)


def run_once(scheduler: RefreshScheduler) -> int:
    started = scheduler.tick()
    assert scheduler.wait_idle(10)
    return started


def snapshot(db, account_id):
    """Everything a refresh may write for an account, the kit's data version included."""
    tables = {name: list(db.query(f"SELECT * FROM {name} WHERE account_id = ? ORDER BY 1, 2, 3",
                                  [account_id])) for name in ("account_metrics", "posts", "audience")}
    account = db["accounts"].get(account_id)
    creator = db["creators"].get(account["creator_id"])
    return tables, account["username"], account["last_success_at"], creator["data_version"]


def make_due(db, account_id, frozen):
    db["accounts"].update(account_id, {"next_refresh_at": iso(frozen())})


def harvest(followers: int) -> Harvest:
    day = date(2026, 11, 20)
    return Harvest(
        source="api", profile=Profile(username=f"user-{followers}"),
        metrics=(MetricSample("followers", day, followers),),
        posts=(Post("p1", "video", NOW - timedelta(days=3), likes=followers // 10),),
        audience=(AudienceSlice("country", "FR", 0.5, day),), calls=2)


@pytest.mark.parametrize("error, status, delay", [
    (AuthExpired("twitch", "token expired"), "auth_expired", None),
    (AuthInvalid("twitch", "bad key"), "auth_expired", None),
    (PermissionMissing("twitch", "scope missing"), "auth_expired", None),
    (RateLimited("twitch", "slow down", retry_after=900), "error", timedelta(seconds=900)),
    (RateLimited("twitch", "slow down", retry_after=5), "error", timedelta(seconds=60)),
    (RateLimited("twitch", "slow down"), "error", BACKOFF),
    (QuotaExhausted("twitch", "spent", reset_at=None), "error", BACKOFF),
    (TransientError("twitch", "HTTP 503"), "error", BACKOFF),
    (ResourceNotFound("twitch", "gone"), "error", BACKOFF),
    (BadPayload("twitch", "not JSON"), "error", BACKOFF),
    (KeyError("followers"), "error", BACKOFF),  # a connector bug
], ids=lambda value: getattr(value, "code", None) if isinstance(value, Exception) else None)
def test_each_fault_class_keeps_the_data_records_the_run_and_schedules_the_retry(
        db, db_path, make_account, frozen, error, status, delay):
    account = make_account(platform="twitch", connector="test-faulty")
    scheduler = scheduler_for(db_path, frozen)
    Faulty.outcome = harvest(1000)
    run_once(scheduler)
    before = snapshot(db, account)
    make_due(db, account, frozen)
    Faulty.outcome = error
    assert run_once(scheduler) == 1
    assert snapshot(db, account) == before
    last = list(db["refresh_runs"].rows_where(order_by="id"))[-1]
    assert (last["status"], last["trigger"]) == ("error", "schedule")
    assert last["error_class"] == getattr(error, "code", "internal")
    row = db["accounts"].get(account)
    counted = 0 if isinstance(error, RateLimited | QuotaExhausted) else 1  # a wait, no failure
    assert (row["status"], row["failures"], row["lease_owner"]) == (status, counted, None)
    assert row["next_refresh_at"] == (iso(frozen() + delay) if delay else None)


def test_an_account_whose_auth_expired_is_not_retried_until_reconnected(
        db, db_path, make_account, frozen):
    account = make_account(platform="twitch", connector="test-faulty")
    scheduler = scheduler_for(db_path, frozen)
    Faulty.outcome = AuthExpired("twitch", "revoked")
    run_once(scheduler)
    make_due(db, account, frozen)
    assert run_once(scheduler) == 0
    assert db["refresh_runs"].count == 1


def test_backoff_doubles_with_each_failure_up_to_the_cap(db, db_path, make_account, frozen):
    account = make_account(platform="twitch", connector="test-faulty")
    scheduler = scheduler_for(db_path, frozen, REFRESH_BACKOFF_CAP_S=1000)
    Faulty.outcome = TransientError("twitch", "HTTP 500")
    delays = []
    for _ in range(4):
        make_due(db, account, frozen)
        run_once(scheduler)
        next_at = db["accounts"].get(account)["next_refresh_at"]
        delays.append(int((parse_iso(next_at) - frozen()).total_seconds()))
    assert delays == [300, 600, 1000, 1000]


def test_a_quota_reset_pauses_the_whole_platform_without_failing_its_other_accounts(
        db, db_path, make_account, frozen):
    hit = make_account(handle="hit", platform="youtube", connector="test-faulty")
    Faulty.outcome = QuotaExhausted("youtube", "quotaExceeded", reset_at=frozen() + timedelta(hours=5))
    scheduler = scheduler_for(db_path, frozen, REFRESH_WORKERS=1)
    run_once(scheduler)
    waiting = make_account(handle="waits", platform="youtube", connector="test-faulty")
    make_due(db, waiting, frozen)
    assert run_once(scheduler) == 0
    row = db["accounts"].get(waiting)
    assert (row["failures"], row["last_attempt_at"]) == (0, None)
    assert db["accounts"].get(hit)["next_refresh_at"] == iso(frozen() + timedelta(hours=5))


@pytest.mark.parametrize("fake_cls", FAKES, ids=FAKE_IDS)
def test_each_fault_of_a_fake_platform_leaves_the_previous_harvest_intact(
        fake_cls, db, db_path, make_account, frozen):
    with fake_cls() as fake:
        config = contract_settings(fake)
        seed = fake.seed_account()
        sealed = CredentialBox(config["CREDENTIALS_KEY"]).seal(seed["credentials"]) \
            if seed.get("credentials") else None
        account = make_account(platform=fake.platform, connector=fake.connector, ref=seed["ref"],
                               sealed_credentials=sealed)
        scheduler = scheduler_for(db_path, frozen, **config)
        run_once(scheduler)
        assert db["accounts"].get(account)["status"] == "ok"
        before = snapshot(db, account)
        # an expired token may make the connector rotate the account's tokens: last
        for fault in sorted(fake_cls.supported_faults, key=lambda name: name == "expired_token"):
            fake.fault = fault
            fake.hold_s = 0.6  # longer than HTTP_TIMEOUT_S of the contract settings
            db["accounts"].update(account, {"failures": 0, "status": "ok"})
            make_due(db, account, frozen)
            run_once(scheduler)
            assert snapshot(db, account) == before, fault
            last = list(db["refresh_runs"].rows_where(order_by="id"))[-1]
            assert issubclass(error_class(last["error_class"]), FAULT_ERRORS[fault]), fault
            expect_next_attempt(db["accounts"].get(account), fault, frozen())


def error_class(code: str) -> type[ConnectorError]:
    """The ``errors`` class whose ``code`` was recorded."""
    classes, found = [ConnectorError], {}
    while classes:
        cls = classes.pop()
        found[cls.code] = cls
        classes.extend(cls.__subclasses__())
    return found[code]


def expect_next_attempt(row, fault, now):
    if fault == "expired_token":
        assert (row["status"], row["next_refresh_at"]) == ("auth_expired", None)
    elif fault in ("rate_limited", "quota"):
        assert row["status"] == "error"
        assert now + timedelta(seconds=60) <= parse_iso(row["next_refresh_at"]) <= now + timedelta(days=1)
    else:
        assert (row["status"], row["next_refresh_at"]) == ("error", iso(now + BACKOFF)), fault
