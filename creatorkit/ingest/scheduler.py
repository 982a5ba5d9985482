"""The refresh scheduler: one APScheduler interval job that keeps every kit current.

Started only by ``creatorkit serve`` (beside the web server) and ``creatorkit worker``
(alone): never by ``create_app``, never when ``app.testing``, and in debug mode only
in the reloader's child process, so it never runs twice.

Each tick, inside an app context: say we are alive (heartbeat), extend our own
leases, claim due accounts for the threads that are free (within the platforms'
rate budgets) and hand them to a bounded thread pool; each thread opens its own
connection. A finished refresh wakes the job early when the last claim filled every
thread, so a backlog drains at the pool's speed rather than one tick at a time.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask, current_app

from creatorkit.clock import Clock, clock_of
from creatorkit.connectors.http import HttpClient
from creatorkit.ingest import notices, refresh
from creatorkit.storage import heartbeats, open_db, queue
from creatorkit.storage.budgets import budgets_from_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A scheduled job: the ``RefreshScheduler`` method it runs and the setting that
    holds its interval in seconds."""

    id: str
    method: str
    every_setting: str


JOBS = (Job("refresh-due", "tick", "REFRESH_TICK_S"), Job("notices", "announce", "NOTICE_TICK_S"))


class _OverlapIsExpected(logging.Filter):
    """A tick that is still claiming (refreshes keep finishing) when the next one is due
    makes APScheduler skip the next one and warn; that is the intended coalescing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in record.getMessage()


jobs_log = logging.getLogger(f"{__name__}.jobs")
jobs_log.addFilter(_OverlapIsExpected())


def should_start(app: Flask) -> bool:
    """Never in tests; in debug mode only in the reloader's child (``WERKZEUG_RUN_MAIN``),
    never in the watcher process that would run a second copy."""
    if app.testing:
        return False
    return not app.debug or os.environ.get("WERKZEUG_RUN_MAIN") == "true"


class RefreshScheduler:
    def __init__(self, app: Flask, *, clock: Clock | None = None):
        """``clock`` (default: the app's ``CLOCK``) stamps heartbeats, leases and refreshes."""
        clock = clock or clock_of(app.config)
        self.app, self.clock = app, clock
        self.tick_s = float(app.config.get("REFRESH_TICK_S", 60))
        self.workers = max(1, int(app.config.get("REFRESH_WORKERS", 4)))
        self.lease_s = float(app.config.get("REFRESH_LEASE_S", 15 * 60))
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.started_at = clock()
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="creatorkit-refresh")
        self._lock = threading.Lock()
        self._running: set[Future] = set()
        self._saturated = False  # the last claim filled every free thread
        self._ticking = False
        self._again = False  # a refresh finished during a tick: claim once more
        self._stopping = threading.Event()
        self._jobs: BackgroundScheduler | None = None

    def start(self) -> None:
        db = open_db(self.app.config["DATABASE"])
        try:
            heartbeats.forget_old(db, now=self.clock())
        except sqlite3.OperationalError as exc:  # another process holds the write lock
            log.info("old heartbeats left for the next start: %s", exc)  # housekeeping only
        finally:
            db.conn.close()
        self._jobs = BackgroundScheduler(timezone=UTC, logger=jobs_log)
        for job in JOBS:
            self._jobs.add_job(getattr(self, job.method), "interval", id=job.id,
                               seconds=float(self.app.config[job.every_setting]),
                               coalesce=True, max_instances=1, next_run_time=datetime.now(UTC))
        self._jobs.start()
        log.info("refresh scheduler %s started: tick %g s, %d workers", self.owner, self.tick_s,
                 self.workers)

    def jobs(self) -> list[Any]:
        """The APScheduler jobs, once started."""
        return self._jobs.get_jobs() if self._jobs is not None else []

    def tick(self) -> int:
        """One pass over the due queue; returns the number of refresh tasks started."""
        if self._stopping.is_set():
            return 0
        with self._lock:
            self._ticking, self._again = True, False
        started = 0
        try:
            with self.app.app_context():
                settings = dict(current_app.config)
                while True:
                    started += self._claim_and_submit(settings)
                    with self._lock:
                        if not self._again or self._stopping.is_set():
                            return started
                        self._again = False
        finally:
            with self._lock:
                self._ticking = False

    def announce(self) -> int:
        """Mail the account notices due (``ingest.notices``); returns how many went out."""
        if self._stopping.is_set():
            return 0
        with self.app.app_context():
            db = open_db(current_app.config["DATABASE"], migrate=False)
            try:
                return len(notices.send_notices(db, current_app.config, now=self.clock()))
            finally:
                db.conn.close()

    def _claim_and_submit(self, settings: dict[str, Any]) -> int:
        db = open_db(settings["DATABASE"], migrate=False)
        try:
            now = self.clock()
            with self._lock:
                free = self.workers - len(self._running)
            queue.renew(db, self.owner, now=now, lease_s=self.lease_s)
            heartbeats.beat(db, self.owner, now=now, started_at=self.started_at,
                            host=socket.gethostname(), pid=os.getpid(), tick_s=self.tick_s,
                            workers=self.workers, in_flight=self.workers - free)
            batch_sizes, imports = refresh.scheduling_traits()
            tasks = queue.claim_due(db, self.owner, now=now, lease_s=self.lease_s, slots=free,
                                    batch_sizes=batch_sizes, skip_connectors=imports,
                                    budgets=budgets_from_settings(settings))
        finally:
            db.conn.close()
        with self._lock:
            self._saturated = free > 0 and len(tasks) >= free
            futures = [self._pool.submit(self._refresh, [row["id"] for row in task], settings)
                       for task in tasks]
            self._running.update(futures)
        for future in futures:  # outside the lock: a finished one calls back at once
            future.add_done_callback(self._finished)
        return len(tasks)

    def _refresh(self, account_ids: list[int], settings: dict[str, Any]) -> None:
        """One task; a stop signal ends it at its next platform call (the grace period)."""
        db = open_db(settings["DATABASE"], migrate=False)
        client = HttpClient.from_settings(settings)
        client.cancelled = self._stopping.is_set
        try:
            refresh.refresh_accounts(db, account_ids, settings, client=client, trigger="schedule",
                                     now=self.clock, lease_owner=self.owner)
        except Exception:
            log.exception("scheduled refresh of accounts %s failed", account_ids)
            queue.release(db, account_ids, self.owner)
        finally:
            client.close()
            db.conn.close()

    def _finished(self, future: Future) -> None:
        with self._lock:
            self._running.discard(future)
            wake = self._saturated and not self._stopping.is_set()
            self._saturated = False
            if wake and self._ticking:  # the running tick claims again instead
                self._again, wake = True, False
        if wake and self._jobs is not None and self._jobs.running:
            self._jobs.modify_job(JOBS[0].id, next_run_time=datetime.now(UTC))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait for the refreshes in flight (tests and benchmarks); True when none is left."""
        with self._lock:
            pending = list(self._running)
        for future in pending:
            future.exception(timeout=timeout)
        with self._lock:
            return not self._running

    def stop(self) -> None:
        """Stop claiming, let the refreshes in flight finish, give back every lease left."""
        self._stopping.set()
        if self._jobs is not None and self._jobs.running:
            self._jobs.shutdown(wait=True)
        self._pool.shutdown(wait=True, cancel_futures=True)
        db = open_db(self.app.config["DATABASE"], migrate=False)
        try:
            released = queue.release_owner(db, self.owner)
            heartbeats.stopped(db, self.owner, now=self.clock())
        finally:
            db.conn.close()
        log.info("refresh scheduler %s stopped (%d unstarted leases released)", self.owner,
                 released)


@contextmanager
def scheduler_for(app: Flask) -> Iterator[RefreshScheduler | None]:
    """Run the scheduler for the duration of the block, when this process should."""
    if not should_start(app):
        log.info("refresh scheduler not started (testing, or the reloader's watcher)")
        yield None
        return
    scheduler = RefreshScheduler(app)
    scheduler.start()
    try:
        yield scheduler
    finally:
        scheduler.stop()


@contextmanager
def on_stop_signals(handler: Callable[[], None]) -> Iterator[None]:
    """Call ``handler`` on SIGTERM and SIGINT inside the block (main thread only)."""
    previous = {sig: signal.signal(sig, lambda *_: handler())
                for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
