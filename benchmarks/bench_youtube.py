"""Refresh many YouTube channels through ``refresh_accounts``, batched, against the fake.

Usage: ``python benchmarks/bench_youtube.py [--channels 500 --latency-ms 20 --videos 20]``

Every request to the fake YouTube waits ``--latency-ms`` (a stand-in for the network).
The batched run refreshes all channels as ``refresh_accounts`` does (50 accounts a
batch: channels.list and videos.list take 50 ids a call). The baseline, measured in the
same run on ``--baseline`` channels, refreshes them one account at a time, which is
the unbatched plan: one channels.list per channel and videos.list per channel. Its
calls and wall time per channel are scaled to the full count to give the ratios.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from creatorkit.config import default_config
from creatorkit.connectors.http import HttpClient
from creatorkit.ingest.refresh import refresh_account, refresh_accounts
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db
from tests.fakes.youtube import FakeYouTube


def seed(db, fake: FakeYouTube) -> list[int]:
    ids = []
    for n, channel_id in enumerate(fake.channels):
        creator_id = creator_store.create_creator(db, f"creator{n}", f"Creator {n}")
        ids.append(account_store.add_account(db, creator_id, "youtube", "youtube", channel_id))
    return ids


def endpoint_counts(fake: FakeYouTube) -> Counter:
    return Counter(request.path.rsplit("/", 1)[-1] for request in fake.requests)


def measure(fake: FakeYouTube, refresh) -> tuple[float, Counter, list]:
    fake.requests.clear()
    started = time.perf_counter()
    results = refresh()
    return time.perf_counter() - started, endpoint_counts(fake), results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=500)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--videos", type=int, default=20, help="uploads per channel")
    parser.add_argument("--baseline", type=int, default=50, help="channels refreshed unbatched")
    args = parser.parse_args(argv)
    latency = args.latency_ms / 1000
    with tempfile.TemporaryDirectory() as folder, \
            FakeYouTube(args.channels, args.videos, latency, daily_quota=10**9) as fake:
        db = open_db(Path(folder) / "bench.db")
        settings = {**default_config(), **fake.settings()}
        client = HttpClient.from_settings(settings)
        ids = seed(db, fake)
        wall, calls, results = measure(fake, lambda: refresh_accounts(db, ids, settings, client=client))
        subset = ids[:args.baseline]
        base_wall, base_calls, base_results = measure(
            fake, lambda: [refresh_account(db, i, settings, client=client) for i in subset])
        quota = sum(run["quota_units"] for run in db["refresh_runs"].rows_where("status = 'ok'"))
        db.conn.close()
    total, base_total = sum(calls.values()), sum(base_calls.values())
    per_channel, base_per_channel = total / len(ids), base_total / len(subset)
    base_wall_scaled = base_wall / len(subset) * len(ids)
    print(f"YouTube refresh: {len(ids)} channels x {args.videos} uploads, {args.latency_ms:g} ms per request")
    print(f"batched   : {sum(r.ok for r in results)}/{len(results)} ok, {total} HTTP calls "
          f"({per_channel:.2f}/channel: {dict(calls)}), wall {wall:.2f} s")
    print(f"unbatched : {sum(r.ok for r in base_results)}/{len(subset)} ok "
          f"on a {len(subset)}-channel subset, "
          f"{base_per_channel:.2f} calls/channel ({dict(base_calls)}), "
          f"wall {base_wall:.2f} s -> {base_wall_scaled:.2f} s scaled to {len(ids)}")
    print(f"floor     : calls x latency = {total * latency:.2f} s batched, "
          f"{base_per_channel * len(ids) * latency:.2f} s unbatched")
    print(f"ratio     : {base_per_channel / per_channel:.2f}x fewer calls, "
          f"{base_wall_scaled / wall:.2f}x less wall time; quota units spent (both runs): {quota}")


if __name__ == "__main__":
    main()
