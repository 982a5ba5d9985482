"""Serve the kit page over real HTTP and compare it with a static file of the same size.

Usage: ``python benchmarks/bench_kit.py [--seconds 1 --rounds 5 --connections 4 --threads 4 --cold 5]``

The app runs on the demo database with the delivery hooks (caching, view counting),
served by waitress in a thread, as ``creatorkit serve`` does. The load comes from
another process (keep-alive connections, one thread each), so that client and server
do not share an interpreter lock. Reported:

- cold render: a GET of ``/@demo`` right after its ``data_version`` was bumped (what
  the first visitor after a refresh waits), median of ``--cold`` runs;
- warm throughput of ``/@demo`` (cached body), of ``/@demo`` revalidated (304), and of
  a static file of the same size served by the same server and app
  (``send_from_directory``), with their ratio; warm page views are counted as a
  browser's would be (the analytics write after the response) unless ``--robot``;
- the PDF: cold, cached in memory and cached on disk after a restart, when the
  ``/@<handle>.pdf`` route is registered.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import send_from_directory

from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db
from creatorkit.web.kits.body_cache import BodyCache
from creatorkit.web.kits.caching import DEFAULT_CACHE_BYTES
from tests.browser.live_server import LiveServer, build_demo_db, demo_app

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
ROBOT = "bench-kit-bot/1.0"


def hammer(port: int, path: str, headers: dict, seconds: float, connections: int) -> tuple[int, int]:
    """Requests answered and errors, over ``connections`` keep-alive connections."""
    deadline = time.perf_counter() + seconds
    counts = [[0, 0] for _ in range(connections)]

    def worker(slot: list[int]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < deadline:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            slot[0 if response.status in (200, 304) else 1] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in counts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


def throughputs(pool, port: int, targets: dict[str, tuple[str, dict]], args) -> dict[str, float]:
    """Requests per second of each target, measured in interleaved rounds so that a
    change in the machine's load shows in all of them alike."""
    done = dict.fromkeys(targets, 0)
    for path, headers in targets.values():  # warm up the server's threads and connections
        pool.apply(hammer, (port, path, headers, 0.3, args.connections))
    for _ in range(args.rounds):
        for name, (path, headers) in targets.items():
            answered, errors = pool.apply(hammer, (port, path, headers, args.seconds, args.connections))
            if errors:
                raise RuntimeError(f"{errors} failed requests on {path}")
            done[name] += answered
    return {name: count / (args.seconds * args.rounds) for name, count in done.items()}


def timed_get(port: int, path: str) -> tuple[float, bytes, http.client.HTTPMessage]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request("GET", path, headers={"User-Agent": ROBOT})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status}")
    return elapsed, body, response.msg


def bump(database: str, handle: str) -> None:
    db = open_db(database, migrate=False)
    try:
        creator_store.bump_data_version(db, creator_store.get_creator(db, handle)["id"])
    finally:
        db.conn.close()


def cold_renders(app, port: int, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        bump(app.config["DATABASE"], "demo")
        times.append(timed_get(port, path)[0])
    return times


def pdf_times(app, port: int) -> str:
    if "/@<handle>.pdf" not in {rule.rule for rule in app.url_map.iter_rules()}:
        return "PDF: /@<handle>.pdf is not registered yet (it lands with the PDF work): not measured"
    bump(app.config["DATABASE"], "demo")
    cold, body, _ = timed_get(port, "/@demo.pdf")
    memory = statistics.median(timed_get(port, "/@demo.pdf")[0] for _ in range(5))
    folder = app.extensions["kit_cache"].disk.folder
    disk = []
    for _ in range(5):  # a restart: an empty memory cache over the same cache folder
        app.extensions["kit_cache"] = BodyCache(DEFAULT_CACHE_BYTES, folder)
        disk.append(timed_get(port, "/@demo.pdf")[0])
    return (f"PDF ({len(body) / 1024:.0f} KiB): cold {cold * 1000:.0f} ms, cached in memory "
            f"{memory * 1000:.1f} ms, cached on disk after a restart {statistics.median(disk) * 1000:.1f} ms")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one throughput run")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved runs of each target")
    parser.add_argument("--connections", type=int, default=4, help="concurrent keep-alive connections")
    parser.add_argument("--threads", type=int, default=4, help="waitress worker threads")
    parser.add_argument("--cold", type=int, default=5, help="cold renders timed")
    parser.add_argument("--robot", action="store_true", help="warm requests as a robot: not counted")
    args = parser.parse_args(argv)
    agent = ROBOT if args.robot else BROWSER
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" notes under load
    with tempfile.TemporaryDirectory() as folder, \
            multiprocessing.get_context("spawn").Pool(1) as pool:
        folder = Path(folder)
        app = demo_app(build_demo_db(folder / "demo.db"), folder)
        static_dir = folder / "static"
        static_dir.mkdir()
        app.add_url_rule("/bench-static/<path:name>", "bench_static",
                         lambda name: send_from_directory(static_dir, name))
        with LiveServer(app, threads=args.threads) as server:
            port = int(server.url.rsplit(":", 1)[1])
            cold = cold_renders(app, port, "/@demo", args.cold)
            _, page, headers = timed_get(port, "/@demo")
            (static_dir / "same-size.html").write_bytes(b"x" * len(page))
            rates = throughputs(pool, port, {
                "warm": ("/@demo", {"User-Agent": agent}),
                "revalidated": ("/@demo", {"User-Agent": agent, "If-None-Match": headers["ETag"]}),
                "static": ("/bench-static/same-size.html", {"User-Agent": agent}),
            }, args)
            pdf = pdf_times(app, port)
    warm, revalidated, static = rates["warm"], rates["revalidated"], rates["static"]
    print(f"Kit page /@demo: {len(page) / 1024:.1f} KiB, waitress {args.threads} threads, "
          f"{args.connections} keep-alive connections from another process, "
          f"{args.rounds} interleaved rounds of {args.seconds:g} s")
    print(f"cold render   : median {statistics.median(cold) * 1000:.0f} ms "
          f"(min {min(cold) * 1000:.0f}, max {max(cold) * 1000:.0f}; "
          f"{len(cold)} runs after a data_version bump)")
    print(f"warm page     : {warm:.0f} req/s ({'robot, not counted' if args.robot else 'counted as views'})")
    print(f"304 revalidate: {revalidated:.0f} req/s")
    print(f"static file   : {static:.0f} req/s (same size, same server)")
    print(f"ratio         : warm page / static = {warm / static:.2f}; "
          f"304 / static = {revalidated / static:.2f}")
    print(pdf)


if __name__ == "__main__":
    main()
