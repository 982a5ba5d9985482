"""Refresh: a harvest is written whole or not at all, and every attempt is recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import ClassVar

import pytest

from creatorkit.app import create_app
from creatorkit.config import default_config
from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.errors import AuthExpired, QuotaExhausted, RateLimited, TransientError
from creatorkit.ingest.refresh import next_attempt, refresh_account
from creatorkit.models import Harvest, MetricSample, Post, Profile
from creatorkit.storage import history
from creatorkit.storage.credentials import CredentialBox, new_key

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SETTINGS = {**default_config(), "DEFAULT_REFRESH_INTERVAL_S": 3600}


class Scripted(Connector):
    """Answers with whatever the test put in ``script`` for the account's ref."""

    name = "test-scripted"
    platform = "*"
    label = "Scripted"
    script: ClassVar[dict] = {}

    def fetch(self, account, client, since):
        outcome = self.script[account.ref]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


register(Scripted)


def good(followers: float, day: date = date(2026, 11, 23)) -> Harvest:
    return Harvest(source="api", profile=Profile(username="alice_ig"),
                   metrics=(MetricSample("followers", day, followers),),
                   posts=(Post("p1", "reel", NOW - timedelta(days=5), likes=50),), calls=3)


@pytest.fixture
def account(make_account):
    return make_account(connector="test-scripted", ref="alice-ig")


def clock():
    return NOW


def test_success_writes_everything_and_records_the_run(db, account):
    Scripted.script = {"alice-ig": good(1000)}
    version = db["creators"].get(1)["data_version"]
    result = refresh_account(db, account, SETTINGS, now=clock)
    assert result.ok and result.rows_written == 2
    assert history.metric_series(db, account, "followers") == [(date(2026, 11, 23), 1000)]
    row = db["accounts"].get(account)
    assert row["username"] == "alice_ig" and row["status"] == "ok"
    assert row["next_refresh_at"] == (NOW + timedelta(hours=1)).isoformat()
    assert db["creators"].get(1)["data_version"] == version + 1
    [run] = list(db["refresh_runs"].rows)
    assert (run["status"], run["http_calls"], run["rows_written"]) == ("ok", 3, 2)


def test_connector_failure_leaves_earlier_rows_untouched(db, account):
    Scripted.script = {"alice-ig": good(1000, date(2026, 11, 22))}
    refresh_account(db, account, SETTINGS, now=clock)
    version = db["creators"].get(1)["data_version"]
    Scripted.script = {"alice-ig": TransientError("instagram", "HTTP 500")}
    result = refresh_account(db, account, SETTINGS, now=clock)
    assert not result.ok and result.error_class == "transient"
    assert history.metric_series(db, account, "followers") == [(date(2026, 11, 22), 1000)]
    assert db["creators"].get(1)["data_version"] == version
    row = db["accounts"].get(account)
    assert (row["status"], row["failures"], row["last_error"]) == ("error", 1, "transient")
    assert [r["status"] for r in db["refresh_runs"].rows] == ["ok", "error"]


def test_a_write_failing_halfway_rolls_back_the_whole_harvest(db, account):
    Scripted.script = {"alice-ig": good(1000, date(2026, 11, 22))}
    refresh_account(db, account, SETTINGS, now=clock)
    broken = Harvest(source="api", metrics=(MetricSample("followers", date(2026, 11, 23), 2000),),
                     posts=(Post("p2", None, NOW),))  # kind NOT NULL: the insert fails
    Scripted.script = {"alice-ig": broken}
    result = refresh_account(db, account, SETTINGS, now=clock)
    assert not result.ok and result.error_class == "internal"
    assert history.metric_series(db, account, "followers") == [(date(2026, 11, 22), 1000)]
    assert [p.post_id for p in history.recent_posts(db, account)] == ["p1"]


@pytest.mark.parametrize("error, status, delay", [
    (TransientError("x", "boom"), "error", timedelta(seconds=300)),
    (RateLimited("x", "slow", retry_after=900), "error", timedelta(seconds=900)),
    (QuotaExhausted("x", "spent", reset_at=NOW + timedelta(hours=7)), "error", timedelta(hours=7)),
    (AuthExpired("x", "token expired"), "auth_expired", None),
])
def test_next_attempt_follows_the_failure_policy(error, status, delay):
    got_status, at = next_attempt(error, NOW, 1, SETTINGS)
    assert got_status == status
    assert at == (NOW + delay if delay else None)


@pytest.mark.parametrize("failures, seconds", [(1, 300), (2, 600), (5, 4800), (20, 86400)])
def test_transient_backoff_doubles_up_to_the_cap(failures, seconds):
    _, at = next_attempt(TransientError("x", "boom"), NOW, failures, SETTINGS)
    assert at == NOW + timedelta(seconds=seconds)


def test_rotated_tokens_are_kept_even_when_the_fetch_then_fails(db, make_account):
    key = new_key()
    box = CredentialBox(key)
    account = make_account(connector="test-scripted", ref="alice-tt", platform="tiktok",
                           sealed_credentials=box.seal({"refresh_token": "old"}))
    failure = TransientError("tiktok", "HTTP 500 on the second page")
    failure.credentials = {"refresh_token": "rotated"}
    Scripted.script = {"alice-tt": failure}
    result = refresh_account(db, account, {**SETTINGS, "CREDENTIALS_KEY": key}, now=clock)
    assert not result.ok
    assert box.open(db["accounts"].get(account)["credentials"]) == {"refresh_token": "rotated"}


def test_a_success_brings_the_directory_summary_up_to_date_through_the_apps_hook(db, account, tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "other.db"), "CREDENTIALS_KEY": new_key()})
    Scripted.script = {"alice-ig": good(1000)}
    refresh_account(db, account, {**SETTINGS, "AFTER_STORE": app.config["AFTER_STORE"]}, now=clock)
    [row] = list(db.query("SELECT followers FROM directory_stats WHERE platform = 'instagram'"))
    assert row["followers"] == 1000


def test_a_failing_after_store_hook_leaves_the_harvest_stored(db, account):
    def broken(*args):
        raise RuntimeError("summary down")

    Scripted.script = {"alice-ig": good(1000)}
    result = refresh_account(db, account, {**SETTINGS, "AFTER_STORE": broken}, now=clock)
    assert result.ok
    assert db["accounts"].get(account)["status"] == "ok"
    assert [v for _, v in history.metric_series(db, account, "followers")] == [1000]
