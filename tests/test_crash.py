"""Crash safety: a worker killed with SIGKILL in the middle of writing a harvest, again
and again, never corrupts the database nor leaves an account with half a harvest.

Every harvest of the connector below carries one generation number in each of its
rows (metric values, post likes, audience buckets, the username), so an account
holds a whole harvest exactly when all its rows carry the same generation. Readers
request kit pages and read history while the worker writes.

Run as ``python -m tests.test_crash`` this module is the worker process itself:
the real ``creatorkit worker`` command with this connector registered, and its
harvest writes instrumented (``instrument_writes``): while a thread stores a harvest,
a marker file beside the database names the account, the generation, which of the
store's transactions is open and how many write statements it began; each write
statement waits ``WRITE_PAUSE_S``. The test kills a worker a few statements after
its marker shows a write statement begun in the harvest's transaction, then checks
that the kill landed there (before the COMMIT) and that no row of that generation
survived. A COMMIT that came too early would leave half a harvest on disk, which
the whole-harvest check finds.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from creatorkit.app import create_app
from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.ingest import refresh
from creatorkit.models import PLATFORMS, AudienceSlice, Harvest, MetricSample, Post, Profile
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db

ROOT = Path(__file__).resolve().parents[1]
CREATORS, METRIC_DAYS, POSTS, SLICES = 4, 30, 200, 10
KILLS = 3
#: seconds a worker may take to start (imports) on a busy two-core machine
STARTUP_S = 90
#: each write statement of a harvest waits this long first, so a kill can land among them
WRITE_PAUSE_S = 0.03
#: a kill that lands after this many write statements began had rows of the harvest written
KILL_AFTER_STATEMENTS = 2


class Generations(Connector):
    """A slow fetch, then a large harvest whose every row says which generation it is."""

    name = "test-generations"
    platform = "*"
    label = "Generations"

    def fetch(self, account, client, since):
        threading.Event().wait(random.uniform(0.01, 0.08))  # not time.sleep: see start_worker
        generation = random.randrange(1, 2**31)
        today, published = date(2026, 11, 20), datetime(2026, 11, 16, 12, tzinfo=UTC)
        return Harvest(
            source="api", profile=Profile(username=f"gen-{generation}"),
            metrics=tuple(MetricSample("followers", today - timedelta(days=n), generation)
                          for n in range(METRIC_DAYS)),
            posts=tuple(Post(f"p{n}", "video", published - timedelta(days=n), views=generation,
                             likes=generation % 1000) for n in range(POSTS)),
            audience=tuple(AudienceSlice("country", f"{generation}-{n}", 1 / SLICES, today)
                           for n in range(SLICES)),
        )


register(Generations)


def seed(db_path: Path) -> list[int]:
    db = open_db(db_path)
    ids = []
    for n in range(CREATORS):
        creator = creator_store.create_creator(db, f"crash{n}", f"Crash {n}")
        for platform in PLATFORMS:
            ids.append(account_store.add_account(db, creator, platform, Generations.name,
                                                 f"{platform}-{n}", refresh_interval_s=1))
    db.conn.close()
    return ids


def generations(conn: sqlite3.Connection, account_id: int) -> tuple[set, tuple[int, int, int]]:
    """The generations found in an account's rows, and its row counts."""
    def column(sql):
        return [row[0] for row in conn.execute(sql, [account_id])]

    metrics = column("SELECT value FROM account_metrics WHERE account_id = ?")
    posts = column("SELECT views FROM posts WHERE account_id = ?")
    buckets = column("SELECT bucket FROM audience WHERE account_id = ?")
    username = column("SELECT username FROM accounts WHERE id = ?")
    found = {int(v) for v in metrics} | set(posts) | {int(b.split("-")[0]) for b in buckets}
    found |= {int(name.removeprefix("gen-")) for name in username if name}
    return found, (len(metrics), len(posts), len(buckets))


def assert_whole_harvests(db_path: Path, account_ids: list[int]) -> None:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for account_id in account_ids:
            found, counts = generations(conn, account_id)
            assert (len(found), counts) in ((0, (0, 0, 0)), (1, (METRIC_DAYS, POSTS, SLICES))), \
                f"account {account_id} holds a mix: {sorted(found)} in {counts} rows"
    finally:
        conn.close()


def start_worker(db_path: Path) -> subprocess.Popen:
    """A ``creatorkit worker`` process; its log goes to a file beside the database (a
    pipe nobody reads while it runs could fill up and block it).

    Under Debian's faketime (libfaketime 0.9.10) the worker keeps the faked date but
    not a faked monotonic clock: with one, the timed waits of APScheduler's loop
    (``sem_clockwait``, not intercepted) never end, wolfcw/libfaketime#390. Without
    one, ``time.sleep`` fails (EINVAL, wolfcw/libfaketime#426), so the worker's
    connector waits on an event instead. Outside faketime the variable does nothing."""
    env = {**os.environ, "CREATORKIT_DATABASE": str(db_path),
           "CREATORKIT_INSTANCE_PATH": str(db_path.parent), "CREATORKIT_REFRESH_WORKERS": "3",
           "CREATORKIT_REFRESH_LEASE_S": "2", "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    with tempfile.NamedTemporaryFile("w", dir=db_path.parent, suffix=".log", delete=False) as log:
        worker = subprocess.Popen([sys.executable, "-m", "tests.test_crash", "--tick", "0.2"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    worker.log = Path(log.name)
    return worker


def log_of(worker: subprocess.Popen) -> str:
    return worker.log.read_text()[-3000:]


def ok_runs(db_path: Path) -> int:
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        return conn.execute("SELECT COUNT(*) FROM refresh_runs WHERE status = 'ok'").fetchone()[0]
    finally:
        conn.close()


def wait_for_runs(db_path: Path, worker: subprocess.Popen, count: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while ok_runs(db_path) < count:
        assert worker.poll() is None, log_of(worker)
        assert time.monotonic() < deadline, "the worker made no progress"
        time.sleep(0.05)


class Readers:
    """Kit pages, /healthz and plain history reads in threads, counting what failed."""

    def __init__(self, db_path: Path, handles: list[str]):
        self.app = create_app({"TESTING": True, "DATABASE": str(db_path)})
        self.db_path, self.handles = db_path, handles
        self.failures: list[str] = []
        self.reads = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._pages), threading.Thread(target=self._rows)]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join()

    # The readers pause with time.sleep, not Event.wait(timeout): under faketime (a faked
    # monotonic clock in this process) a timed wait never ends; see start_worker.

    def _pages(self):
        client = self.app.test_client()
        while not self._stop.is_set():
            time.sleep(0.02)  # leave the worker most of the machine's 2 cores
            for path in [f"/@{handle}" for handle in self.handles] + ["/healthz"]:
                status = client.get(path).status_code
                self.reads += 1
                if status != 200:
                    self.failures.append(f"{path}: HTTP {status}")

    def _rows(self):
        db = open_db(self.db_path, migrate=False)
        try:
            while not self._stop.is_set():
                time.sleep(0.01)
                try:
                    db.execute("SELECT account_id, COUNT(*), MIN(views), MAX(views) FROM posts "
                               "GROUP BY account_id").fetchall()
                    self.reads += 1
                except sqlite3.Error as exc:
                    self.failures.append(f"read: {exc}")
        finally:
            db.conn.close()


def wait_for_beats(db_path: Path, workers: list[subprocess.Popen]) -> None:
    """Wait until every worker has started (its first heartbeat)."""
    deadline = time.monotonic() + STARTUP_S
    pids = {worker.pid for worker in workers}
    while True:
        conn = sqlite3.connect(db_path, timeout=10)
        beating = {row[0] for row in conn.execute("SELECT pid FROM scheduler_heartbeats")}
        conn.close()
        if pids <= beating:
            return
        for worker in workers:
            assert worker.poll() is None, log_of(worker)
        assert time.monotonic() < deadline, f"workers {pids - beating} did not start"
        time.sleep(0.1)


def marker_of(db_path: Path, pid: int, thread: int) -> Path:
    """The file a worker's thread keeps while it stores a harvest (see ``instrument_writes``)."""
    return db_path.parent / f"writing-{pid}-{thread}"


def read_marker(marker: Path) -> tuple[int, ...] | None:
    """(account id, generation, transaction, write statements in it, open) of the harvest a
    thread is storing; transaction 1 is the harvest's own, later ones refresh the summary."""
    try:
        return tuple(map(int, marker.read_text().split()))
    except FileNotFoundError:
        return None


def writing_rows(marker: Path) -> bool:
    """Whether the marker's thread is inside its harvest transaction, a write statement begun."""
    state = read_marker(marker)
    return state is not None and state[2] == 1 and state[3] >= 1 and state[4] == 1


def kill_mid_write(db_path: Path, worker: subprocess.Popen,
                   timeout: float = 30) -> tuple[int, ...] | None:
    """SIGKILL the worker while it writes a harvest: once a write statement of the harvest's
    transaction has begun, a few statements later. The marker as the kill left it."""
    deadline = time.monotonic() + timeout
    while True:
        # only the thread holding the write lock can have begun a write statement
        writing = [marker for marker in db_path.parent.glob(f"writing-{worker.pid}-*[0-9]")
                   if writing_rows(marker)]
        if writing:
            break
        assert worker.poll() is None, log_of(worker)
        assert time.monotonic() < deadline, "the worker never started writing a harvest"
        time.sleep(0.002)
    [marker] = writing
    time.sleep(random.uniform(2 * WRITE_PAUSE_S, 6 * WRITE_PAUSE_S))  # statements 3-7 of about 12
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    return read_marker(marker)


def assert_gone(db_path: Path, account_id: int, generation: int) -> None:
    """No row of the harvest that was being written survived the kill."""
    conn = sqlite3.connect(db_path)
    try:
        found, _ = generations(conn, account_id)
    finally:
        conn.close()
    assert generation not in found, f"account {account_id} kept rows of the interrupted harvest"


@pytest.mark.slow
def test_sigkill_mid_refresh_never_leaves_half_a_harvest(db_path):
    """Several workers share the database (their imports overlap, which keeps this
    test short); each in turn is killed while it writes a harvest, the last is stopped
    with SIGTERM."""
    account_ids = seed(db_path)
    handles = [f"crash{n}" for n in range(CREATORS)]
    landed: list[int] = []  # per kill that landed inside a write transaction: statements started
    workers = [start_worker(db_path) for _ in range(KILLS + 1)]
    try:
        wait_for_beats(db_path, workers)
        with Readers(db_path, handles) as readers:
            for worker in workers[:-1]:
                wait_for_runs(db_path, worker, ok_runs(db_path) + 2)
                left = kill_mid_write(db_path, worker)
                assert_whole_harvests(db_path, account_ids)
                if left is not None and left[2] == 1 and left[4] == 1:  # in the harvest's transaction
                    account_id, generation, _, statements, _ = left
                    assert_gone(db_path, account_id, generation)
                    landed.append(statements)
            survivor = workers[-1]
            wait_for_runs(db_path, survivor, ok_runs(db_path) + 3)
            survivor.send_signal(signal.SIGTERM)
            survivor.wait(15)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    assert survivor.returncode == 0, log_of(survivor)
    assert len(landed) == KILLS, f"only {len(landed)} of {KILLS} kills landed while a harvest was written"
    assert all(statements >= KILL_AFTER_STATEMENTS for statements in landed)
    assert_whole_harvests(db_path, account_ids)
    assert readers.failures == [] and readers.reads > 0
    db = open_db(db_path, migrate=False)
    own = db["accounts"].count_where("lease_owner LIKE ?", [f"%:{survivor.pid}:%"])
    [beat] = db.query("SELECT stopped_at FROM scheduler_heartbeats WHERE pid = ?", [survivor.pid])
    db.conn.close()
    assert own == 0 and beat["stopped_at"] is not None  # the clean stop gave its leases back


def pause(seconds: float) -> None:
    """Wait on the monotonic clock by looking at it: the worker's ``time.sleep`` fails
    under faketime with a real monotonic clock (see ``worker_env``)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def instrument_writes(db_path: Path) -> None:
    """In the worker process: follow each harvest's transactions in a marker file (one
    per thread) and make each write statement wait ``WRITE_PAUSE_S``."""
    original = refresh._store_harvest

    def store_harvest(store, row, harvest, *args):
        marker = marker_of(db_path, os.getpid(), threading.get_ident())
        generation = int(harvest.profile.username.removeprefix("gen-"))
        state = {"storing": True, "transaction": 0, "statements": 0, "open": 0}

        def mark():
            staged = marker.with_suffix(".tmp")
            staged.write_text(f"{row['id']} {generation} {state['transaction']} {state['statements']} "
                              f"{state['open']}")
            staged.replace(marker)

        def trace(sql: str) -> None:
            statement = sql.strip().upper()
            if not state["storing"]:
                return
            if statement.startswith("BEGIN"):
                state.update(transaction=state["transaction"] + 1, statements=0, open=1)
                mark()
            elif statement in ("COMMIT", "ROLLBACK"):
                state["open"] = 0
                mark()
            elif statement.startswith(("INSERT", "UPDATE", "DELETE")) and state["open"]:
                state["statements"] += 1
                mark()
                pause(WRITE_PAUSE_S)

        store.db.conn.set_trace_callback(trace)
        try:
            return original(store, row, harvest, *args)
        finally:
            state["storing"] = False
            marker.unlink(missing_ok=True)

    refresh._store_harvest = store_harvest


if __name__ == "__main__":
    from flask.cli import ScriptInfo

    from creatorkit.cli.worker import worker as worker_command

    instrument_writes(Path(os.environ["CREATORKIT_DATABASE"]))
    worker_command.main(sys.argv[1:], prog_name="creatorkit worker",
                        obj=ScriptInfo(create_app=create_app))
