"""Refresh 1,000 accounts across platforms through the scheduler, against the fakes.

Usage: ``python benchmarks/bench_refresh.py [--accounts 1000 --latency-ms 20 --workers 8]``

Every fake platform server (``tests/fakes``) answers each request after
``--latency-ms`` (a stand-in for the network). The accounts are spread evenly over
the platforms and all due at once; the real ``RefreshScheduler`` (APScheduler job,
leases, thread pool) refreshes them. Reported: wall time against the ideal
``calls x latency / workers`` (the time the requests alone take on that many threads),
calls per account, and the scheduler process's peak resident memory. The fakes run
in a child process so that their CPU does not count against the scheduler's.

Rate budgets are lifted for the run: with the platforms' published limits (TikTok's
600 calls a minute ...) the scheduler would rightly spread the same work over minutes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from creatorkit.app import create_app
from creatorkit.config import default_config
from creatorkit.ingest.scheduler import RefreshScheduler
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db
from creatorkit.storage.budgets import SETTING_KEYS
from creatorkit.storage.credentials import CredentialBox, new_key
from tests.fakes.instagram import FakeInstagram
from tests.fakes.tiktok import FakeTikTok
from tests.fakes.twitch import FakeTwitch
from tests.fakes.youtube import FakeYouTube


def serve_fakes(conn, accounts: int, latency: float) -> None:
    """In a child process (so the fakes do not share the scheduler's GIL): start the
    fakes, send what the scheduler needs, wait, send back how many requests each got."""
    per_platform = -(-accounts // 4)
    fakes = [FakeYouTube(per_platform, 20, latency, daily_quota=10**9), FakeInstagram(latency_s=latency),
             FakeTikTok(latency_s=latency), FakeTwitch(latency_s=latency)]
    for fake in fakes:
        fake.__enter__()
    conn.send([Platform(fake.platform, fake.connector, fake.settings(), fake.seed_account(),
                        list(getattr(fake, "channels", ()))) for fake in fakes])
    conn.recv()
    conn.send({fake.platform: len(fake.requests) for fake in fakes})
    for fake in fakes:
        fake.__exit__(None, None, None)


@dataclass(frozen=True)
class Platform:
    name: str
    connector: str
    settings: dict
    seed: dict
    refs: list  # one per account when the fake serves many (YouTube channels)


class TimedScheduler(RefreshScheduler):
    """Adds up the time the pool's threads spend refreshing (busy time)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.busy_s, self._busy_lock = 0.0, threading.Lock()

    def _refresh(self, account_ids, settings):
        started = time.perf_counter()
        try:
            super()._refresh(account_ids, settings)
        finally:
            with self._busy_lock:
                self.busy_s += time.perf_counter() - started


def seed(db, platforms: list[Platform], accounts: int, box: CredentialBox) -> list[int]:
    """``accounts`` accounts round-robin over the platforms (YouTube: a channel each; the
    other fakes serve one account, shared by all their accounts)."""
    ids, refs = [], {p.name: iter(p.refs) for p in platforms}
    for n in range(accounts):
        platform = platforms[n % len(platforms)]
        credentials = platform.seed.get("credentials")
        creator_id = creator_store.create_creator(db, f"creator{n}", f"Creator {n}")
        ids.append(account_store.add_account(
            db, creator_id, platform.name, platform.connector,
            next(refs[platform.name], platform.seed["ref"]),
            sealed_credentials=box.seal(credentials) if credentials else None))
    return ids


def settings_for(platforms: list[Platform], db_path: Path, workers: int) -> dict:
    lifted = {key.format(P=p.name.upper()): None for p in platforms for _, key in SETTING_KEYS}
    config = {**default_config(), **lifted, "TESTING": True, "DATABASE": str(db_path),
              "CREDENTIALS_KEY": new_key(), "REFRESH_WORKERS": workers, "REFRESH_TICK_S": 1,
              "DEFAULT_REFRESH_INTERVAL_S": 86_400}
    for platform in platforms:
        config.update(platform.settings)
    return config


def run(accounts: int, latency: float, workers: int) -> dict:
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=serve_fakes, args=(theirs, accounts, latency))
    child.start()
    try:
        platforms = ours.recv()
        with tempfile.TemporaryDirectory() as folder:
            db_path = Path(folder) / "bench.db"
            config = settings_for(platforms, db_path, workers)
            db = open_db(db_path)
            ids = seed(db, platforms, accounts, CredentialBox(config["CREDENTIALS_KEY"]))
            scheduler = TimedScheduler(create_app(config))
            started = time.perf_counter()
            scheduler.start()
            while db["refresh_runs"].count < len(ids):
                time.sleep(0.05)
            wall = time.perf_counter() - started
            scheduler.stop()
            outcomes = Counter(row["platform"] + ":" + (row["error_class"] or "ok") for row in db.query(
                "SELECT a.platform, r.error_class FROM refresh_runs r JOIN accounts a "
                "ON a.id = r.account_id"))
            db.conn.close()
        ours.send("stop")
        calls = ours.recv()
    finally:
        child.join(10)
    return {"wall": wall, "calls": calls, "outcomes": outcomes, "busy": scheduler.busy_s,
            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "fakes_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args(argv)
    latency = args.latency_ms / 1000
    result = run(args.accounts, latency, args.workers)
    total = sum(result["calls"].values())
    ideal = total * latency / args.workers
    per_platform = args.accounts / len(result["calls"])
    print(f"Scheduled refresh: {args.accounts} accounts, {args.workers} workers, "
          f"{args.latency_ms:g} ms per request")
    print(f"outcomes        : {dict(sorted(result['outcomes'].items()))}")
    print(f"HTTP calls      : {total} ({total / args.accounts:.2f}/account; per platform and "
          f"account: {', '.join(f'{p} {n / per_platform:.2f}' for p, n in result['calls'].items())})")
    print(f"wall time       : {result['wall']:.2f} s; ideal calls x latency / workers = {ideal:.2f} s "
          f"({result['wall'] / ideal:.2f}x ideal)")
    print(f"threads         : busy {result['busy'] / (args.workers * result['wall']):.0%} of the wall "
          f"time; {result['busy'] / total * 1000:.1f} ms of thread time per call "
          f"({args.latency_ms:g} ms of it latency)")
    print(f"peak memory     : {result['rss_mib']:.0f} MiB resident (scheduler process; "
          f"the fakes' process: {result['fakes_rss_mib']:.0f} MiB)")


if __name__ == "__main__":
    main()
