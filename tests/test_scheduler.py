"""The scheduler: when it runs, what one tick does, how it stops, what /healthz says."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import os
import signal
import sys
import threading
import time
from datetime import date, timedelta
from typing import ClassVar

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from creatorkit.app import create_app
from creatorkit.cli import cli
from creatorkit.cli.worker import worker
from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.ingest import scheduler as scheduler_module
from creatorkit.ingest.scheduler import JOBS, RefreshScheduler, should_start
from creatorkit.models import Harvest, MetricSample, Profile
from creatorkit.storage import heartbeats, iso, open_db
from creatorkit.storage.credentials import new_key
from tests.clock import NOW


class Paced(Connector):
    """Takes ``delay`` seconds per account and remembers how many ran at once."""

    name = "test-paced"
    platform = "*"
    label = "Paced"
    delay = 0.0
    gate: ClassVar[threading.Event | None] = None
    lock = threading.Lock()
    running = 0
    most = 0

    def fetch(self, account, client, since):
        cls = type(self)
        with cls.lock:
            cls.running += 1
            cls.most = max(cls.most, cls.running)
        try:
            if cls.gate is not None:
                cls.gate.wait(5)
            time.sleep(cls.delay)
        finally:
            with cls.lock:
                cls.running -= 1
        return Harvest(source="api", profile=Profile(username=f"{account.ref}-ok"),
                       metrics=(MetricSample("followers", date(2026, 11, 23), 10),), calls=1)


class Batched(Connector):
    name = "test-batched"
    platform = "*"
    label = "Batched"
    batch_size = 3
    batches: ClassVar[list[list[str]]] = []

    def fetch_many(self, accounts, client, since):
        self.batches.append(sorted(account.ref for account in accounts))
        return {account.id: Harvest(source="api") for account in accounts}


register(Paced)
register(Batched)


@pytest.fixture(autouse=True)
def reset_connectors():
    Paced.delay, Paced.gate, Paced.running, Paced.most = 0.0, None, 0, 0
    Batched.batches = []


def settings(db_path, **extra):
    return {"TESTING": True, "DATABASE": str(db_path), "CREDENTIALS_KEY": new_key(),
            "REFRESH_WORKERS": 2, "REFRESH_TICK_S": 0.1, "DEFAULT_REFRESH_INTERVAL_S": 3600,
            "CLOCK": NOW, **extra}


@pytest.fixture
def app(db, db_path):
    return create_app(settings(db_path))


def accounts(make_account, n, connector="test-paced", platform="twitch"):
    return [make_account(handle=f"c{i}", platform=platform, connector=connector, ref=f"r{i}")
            for i in range(n)]


def ok_runs(db):
    return db["refresh_runs"].count_where("status = 'ok'")


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def calling(thread: threading.Thread, caller: str, callee: str) -> bool:
    """Whether ``thread`` is, right now, inside a function ``callee`` called from ``caller``."""
    frame = sys._current_frames().get(thread.ident)
    while frame is not None and frame.f_back is not None:
        if (frame.f_back.f_code.co_name, frame.f_code.co_name) == (caller, callee):
            return True
        frame = frame.f_back
    return False


def sigterm_after_runs(db_path, runs):
    """From another thread: SIGTERM this process once ``runs`` refreshes succeeded."""
    own = open_db(db_path, migrate=False)
    try:
        wait_for(lambda: ok_runs(own) >= runs)
    finally:
        own.conn.close()
        os.kill(os.getpid(), signal.SIGTERM)


def test_jobs_are_data_with_one_coalescing_instance(app):
    scheduler = RefreshScheduler(app)
    scheduler.start()
    try:
        jobs = {job.id: job for job in scheduler.jobs()}
    finally:
        scheduler.stop()
    assert [spec.id for spec in JOBS] == list(jobs) == ["refresh-due", "notices"]
    assert all((job.coalesce, job.max_instances) == (True, 1) for job in jobs.values())
    assert jobs["refresh-due"].trigger.interval == timedelta(seconds=0.1)
    assert jobs["notices"].trigger.interval == timedelta(hours=1)


@pytest.mark.parametrize("testing, debug, run_main, starts", [
    (True, False, None, False),
    (False, False, None, True),
    (False, True, None, False),  # the reloader's watcher process
    (False, True, "true", True),  # the reloader's child, which serves
])
def test_the_scheduler_starts_only_outside_tests_and_once_under_the_reloader(
        db_path, monkeypatch, testing, debug, run_main, starts):
    if run_main:
        monkeypatch.setenv("WERKZEUG_RUN_MAIN", run_main)
    else:
        monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    app = create_app(settings(db_path, TESTING=testing, DEBUG=debug))
    assert should_start(app) is starts


def test_creating_the_app_starts_no_background_thread(db_path):
    before = set(threading.enumerate())
    create_app(settings(db_path, TESTING=False))
    assert set(threading.enumerate()) <= before  # none new (a fake server's thread may have ended)


def test_a_tick_refreshes_the_due_accounts_and_gives_their_leases_back(app, db, make_account):
    due = accounts(make_account, 2)
    later = make_account(handle="later", platform="twitch", connector="test-paced",
                         next_refresh_at=NOW + timedelta(hours=1))
    scheduler = RefreshScheduler(app)
    assert scheduler.tick() == 2
    assert scheduler.wait_idle(5)
    for account in due:
        row = db["accounts"].get(account)
        assert (row["status"], row["lease_owner"], row["username"]) == ("ok", None, row["ref"] + "-ok")
    assert db["accounts"].get(later)["last_attempt_at"] is None
    assert [run["trigger"] for run in db["refresh_runs"].rows] == ["schedule", "schedule"]
    [beat] = db["scheduler_heartbeats"].rows
    assert (beat["owner"], beat["workers"]) == (scheduler.owner, 2)


def test_no_more_refreshes_run_at_once_than_there_are_workers(app, db, make_account):
    Paced.gate, Paced.delay = threading.Event(), 0.02
    accounts(make_account, 6)
    scheduler = RefreshScheduler(app)
    assert scheduler.tick() == 2
    assert scheduler.tick() == 0  # both threads busy: nothing more is claimed
    Paced.gate.set()
    while ok_runs(db) < 6:
        scheduler.wait_idle(5)
        scheduler.tick()
    scheduler.wait_idle(5)
    assert Paced.most == 2


def test_a_batching_connector_receives_its_due_accounts_in_one_fetch(app, db, make_account):
    accounts(make_account, 4, connector="test-batched", platform="youtube")
    scheduler = RefreshScheduler(app)
    assert scheduler.tick() == 2
    scheduler.wait_idle(5)
    assert sorted(Batched.batches) == [["r0", "r1", "r2"], ["r3"]]


def test_an_account_whose_connector_is_unknown_is_recorded_as_failed(app, db, make_account):
    [account] = accounts(make_account, 1, connector="no-such-connector")
    scheduler = RefreshScheduler(app)
    scheduler.tick()
    scheduler.wait_idle(5)
    [run] = db["refresh_runs"].rows
    assert (run["status"], run["error_class"]) == ("error", "config")
    row = db["accounts"].get(account)
    assert (row["failures"], row["lease_owner"]) == (1, None)


def test_stop_lets_the_refresh_in_flight_finish_then_claims_nothing(app, db, db_path, make_account):
    Paced.gate = threading.Event()
    accounts(make_account, 3)
    scheduler = RefreshScheduler(app)
    scheduler.tick()
    runs_when_stopped = []

    def stop():
        scheduler.stop()
        own = open_db(db_path, migrate=False)
        try:
            runs_when_stopped.append(ok_runs(own))
        finally:
            own.conn.close()

    stopper = threading.Thread(target=stop)
    stopper.start()
    # the gate opens once stop() is joining the pool's threads (or, were it not to wait, has returned)
    wait_for(lambda: not stopper.is_alive() or calling(stopper, "shutdown", "join"))
    assert stopper.is_alive()
    Paced.gate.set()
    stopper.join(5)
    assert not stopper.is_alive()
    assert runs_when_stopped == [2]  # stop() returned only once both had been recorded
    assert ok_runs(db) == 2
    assert scheduler.tick() == 0
    assert db["accounts"].count_where("lease_owner IS NOT NULL") == 0
    assert db["scheduler_heartbeats"].get(scheduler.owner)["stopped_at"] is not None


def test_a_backlog_drains_at_pool_speed_not_one_claim_per_tick(db_path, db, make_account):
    app = create_app(settings(db_path, REFRESH_TICK_S=30))
    Paced.delay = 0.02
    accounts(make_account, 8)
    scheduler = RefreshScheduler(app)
    scheduler.start()
    try:
        wait_for(lambda: ok_runs(db) == 8, timeout=10)  # one claim a tick: 90 s
    finally:
        scheduler.stop()


def test_the_worker_command_refreshes_until_sigterm_then_stops_cleanly(db_path, db, make_account):
    accounts(make_account, 2)
    info = ScriptInfo(create_app=lambda: create_app(settings(db_path, TESTING=False)))
    threading.Thread(target=sigterm_after_runs, args=(db_path, 2)).start()
    result = CliRunner().invoke(worker, ["--tick", "0.1"], obj=info)
    assert result.exit_code == 0, result.output
    assert ok_runs(db) == 2
    [beat] = db["scheduler_heartbeats"].rows
    assert beat["stopped_at"] is not None and beat["tick_s"] == 0.1


def test_serve_runs_the_scheduler_beside_the_web_server(db_path, db, make_account, monkeypatch):
    accounts(make_account, 1)
    monkeypatch.setenv("CREATORKIT_DATABASE", str(db_path))
    monkeypatch.setenv("CREATORKIT_INSTANCE_PATH", str(db_path.parent))
    monkeypatch.setenv("CREATORKIT_REFRESH_TICK_S", "0.1")
    monkeypatch.setenv("CREATORKIT_CLOCK", NOW.isoformat())
    served = []

    def fake_waitress(app, **kwargs):
        wait_for(lambda: ok_runs(db) == 1)
        try:  # as waitress does: SIGTERM arrives as KeyboardInterrupt and ends the loop
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        except KeyboardInterrupt:
            served.append(kwargs["port"])

    monkeypatch.setattr("creatorkit.cli.operations.waitress_serve", fake_waitress)
    result = CliRunner().invoke(cli, ["serve", "--port", "5099"])
    assert result.exit_code == 0, result.output
    assert served == [5099]
    [beat] = db["scheduler_heartbeats"].rows
    assert beat["stopped_at"] is not None
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def beat(db, seconds_ago, owner="w1", tick_s=60.0):
    """A heartbeat ``seconds_ago`` before the app's clock (NOW)."""
    heartbeats.beat(db, owner, now=NOW - timedelta(seconds=seconds_ago), started_at=NOW, host="h",
                    pid=1, tick_s=tick_s, workers=4, in_flight=1)


@pytest.mark.parametrize("seconds_ago, stopped, status, state", [
    (None, False, "degraded", "not_running"),
    (30, False, "ok", "alive"),
    (600, False, "degraded", "late"),  # more than 3 ticks of 60 s
    (30, True, "degraded", "not_running"),
])
def test_healthz_reports_scheduler_liveness(app, db, seconds_ago, stopped, status, state):
    if seconds_ago is not None:
        beat(db, seconds_ago)
    if stopped:
        heartbeats.stopped(db, "w1", now=NOW)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["scheduler"]["state"]) == (status, state)
    if seconds_ago is not None:
        assert body["scheduler"]["last_heartbeat_age_s"] == seconds_ago


def test_healthz_counts_accounts_stale_for_twice_their_interval(app, db, make_account):
    fresh, stale, expired = accounts(make_account, 3)
    db["accounts"].update(fresh, {"last_success_at": iso(NOW - timedelta(hours=1, minutes=59))})
    db["accounts"].update(stale, {"last_success_at": iso(NOW - timedelta(hours=2, minutes=1)),
                                  "refresh_interval_s": 3600})
    db["accounts"].update(expired, {"status": "auth_expired"})
    beat(db, 1)
    body = app.test_client().get("/healthz").get_json()
    assert (body["status"], body["stale_accounts"], body["auth_expired_accounts"]) == ("ok", 1, 1)


def imported_modules(module) -> set[str]:
    """The modules a module's own source imports (``import a.b``, ``from a import b`` as
    ``a.b``, relative imports resolved), read from its syntax tree."""
    tree = ast.parse(inspect.getsource(module))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), module.__package__) \
                if node.level else node.module
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def platform_modules(names) -> set[str]:
    """Connector modules other than the shared HTTP client (the scheduler may hold one)."""
    return {name for name in names if name.split(".")[:2] == ["creatorkit", "connectors"]
            and not name.startswith("creatorkit.connectors.http")}


def test_the_scheduler_module_never_imports_a_platform_connector():
    imported = imported_modules(scheduler_module)
    assert "creatorkit.ingest.refresh" in imported  # what it goes through instead (and proof the walk works)
    assert platform_modules(imported) == set()
    homes = {name: getattr(inspect.getmodule(value), "__name__", "")
             for name, value in vars(scheduler_module).items()}
    assert platform_modules(homes.values()) == set()
