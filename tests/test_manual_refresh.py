"""A manual refresh never runs beside a worker's on the same account: it takes the
account's lease, waits while someone else holds it, and then uses the credentials the
worker stored. The connector here hands out single-use refresh tokens, as TikTok's
are: two refreshes of one account at once would spend the same token twice."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from typing import ClassVar

import pytest
from click.testing import CliRunner

from creatorkit.cli import cli
from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.errors import AuthExpired
from creatorkit.ingest.manual import refresh_now
from creatorkit.ingest.refresh import refresh_accounts
from creatorkit.models import Harvest, MetricSample, Profile
from creatorkit.storage import open_db, queue
from creatorkit.storage.credentials import CredentialBox, new_key

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KEY = new_key()
SETTINGS = {"CREDENTIALS_KEY": KEY, "REFRESH_LEASE_S": 900, "MANUAL_REFRESH_WAIT_S": 10}
HOLD = """
import sys
from datetime import UTC, datetime
from creatorkit.storage import open_db, queue
db = open_db(sys.argv[1])
held = queue.take(db, [int(sys.argv[2])], "other-process", now=datetime(2999, 1, 1, tzinfo=UTC), lease_s=60)
print(held, flush=True)
sys.stdin.readline()
queue.release(db, held, "other-process")
"""


class SingleUse(Connector):
    """Each fetch spends the account's refresh token and hands back the next one; a
    spent token is refused. ``log`` says what each fetch saw, in order."""

    name = "test-single-use"
    platform = "tiktok"
    label = "Single use"
    valid: ClassVar[set[str]] = set()
    log: ClassVar[list[tuple[str, str]]] = []
    gate: ClassVar[threading.Event | None] = None
    db_path: ClassVar[str] = ""

    def fetch(self, account, client, since):
        token = account.credentials["refresh_token"]
        holder = open_db(self.db_path, migrate=False)["accounts"].get(account.id)["lease_owner"]
        self.log.append(("start", token, holder))
        if self.gate is not None:
            self.gate.wait(10)
        if token not in self.valid:
            raise AuthExpired("tiktok", f"refresh token {token} was already used")
        self.valid.discard(token)
        rotated = f"{token}+"
        self.valid.add(rotated)
        self.log.append(("end", token, holder))
        return Harvest(source="api", profile=Profile(username="alice"), calls=1,
                       metrics=(MetricSample("followers", date(2026, 11, 30), 1000 + len(self.log)),),
                       credentials={"refresh_token": rotated})


register(SingleUse)


@pytest.fixture
def account(db, db_path, make_account):
    SingleUse.valid, SingleUse.log, SingleUse.gate = {"t0"}, [], None
    SingleUse.db_path = str(db_path)
    return make_account(platform="tiktok", connector="test-single-use",
                        sealed_credentials=CredentialBox(KEY).seal({"refresh_token": "t0"}))


def test_a_manual_refresh_waits_for_the_worker_and_uses_the_token_it_stored(db, db_path, account):
    assert queue.take(db, [account], "worker-1", now=NOW, lease_s=900) == [account]
    SingleUse.gate = threading.Event()
    worker = threading.Thread(target=lambda: refresh_accounts(
        open_db(db_path), [account], SETTINGS, trigger="schedule", now=lambda: NOW,
        lease_owner="worker-1"))
    worker.start()
    polls = []

    def sleep(seconds):  # the worker's fetch finishes while the manual refresh waits
        polls.append(seconds)
        SingleUse.gate.set()
        worker.join(10)

    [result] = refresh_now(db, [account], SETTINGS, now=lambda: NOW, sleep=sleep)
    assert result.ok, result.error_message
    assert len(polls) == 1
    assert SingleUse.log[:2] == [("start", "t0", "worker-1"), ("end", "t0", "worker-1")]
    assert [entry[:2] for entry in SingleUse.log[2:]] == [("start", "t0+"), ("end", "t0+")]
    assert SingleUse.log[2][2].startswith("manual:")
    row = db["accounts"].get(account)
    assert (row["status"], row["lease_owner"], row["lease_expires_at"]) == ("ok", None, None)
    assert CredentialBox(KEY).open(row["credentials"]) == {"refresh_token": "t0++"}


def test_a_manual_refresh_takes_the_lease_a_worker_would_otherwise_claim(db, db_path, account):
    SingleUse.gate = threading.Event()
    manual = threading.Thread(target=lambda: refresh_now(open_db(db_path), [account], SETTINGS,
                                                         now=lambda: NOW))
    manual.start()
    while not SingleUse.log:
        time.sleep(0.01)  # a timed Event.wait never returns under faketime
    db["accounts"].update(account, {"next_refresh_at": "2026-12-01T08:00:00+00:00"})
    claimed = queue.claim_due(db, "worker-1", now=NOW, lease_s=900, slots=4, batch_sizes={})
    SingleUse.gate.set()
    manual.join(10)
    assert claimed == [] and SingleUse.log[0][2].startswith("manual:")


def test_an_account_another_process_holds_is_reported_busy_and_left_as_it_was(
        db, db_path, account, monkeypatch):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path), str(account)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == f"[{account}]"
        before = db["accounts"].get(account)
        monkeypatch.setenv("CREATORKIT_DATABASE", str(db_path))
        monkeypatch.setenv("CREATORKIT_CREDENTIALS_KEY", KEY)
        monkeypatch.setenv("CREATORKIT_MANUAL_REFRESH_WAIT_S", "0.2")
        result = CliRunner().invoke(cli, ["refresh", "alice", "--json"])
        assert result.exit_code == 1
        [busy] = json.loads(result.stdout)
        assert (busy["ok"], busy["error_class"]) == (False, "busy")
        assert "alice/tiktok (account 1) is being refreshed by other-process" in busy["error_message"]
        assert SingleUse.log == []
        assert db["accounts"].get(account) == before
        assert db["refresh_runs"].count == 0
    finally:
        holder.communicate("\n", timeout=10)
    result = CliRunner().invoke(cli, ["refresh", "alice", "--json"])
    assert result.exit_code == 0, result.output
    assert [entry[:2] for entry in SingleUse.log] == [("start", "t0"), ("end", "t0")]
