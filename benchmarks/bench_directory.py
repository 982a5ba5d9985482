"""Directory latency over real HTTP: p50/p95 of representative brand queries.

    python benchmarks/bench_directory.py [--creators 100000] [--db PATH] [--rounds 40] [--json]

Seeds a scratch database with ``creatorkit.cli.bench.seed`` (or reuses ``--db`` when it
already holds creators), serves the app with waitress on 127.0.0.1:0 in a thread, and
times each query with keep-alive requests, rounds interleaved so background load hits
every query alike; "cpu" is the server thread's CPU time per request, which other
load on the machine hardly changes. "first" is each query's first request (SQLite's
and the card cache still cold); p50/p95 come from the rounds after it. Two baselines from the same
server and run: a static file (HTTP, WSGI, Flask and the client, no database) and
``/healthz`` (plus a connection and the accounts' status): the share of each figure
that is not the directory.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

import requests
from waitress.server import create_server

from creatorkit.app import create_app
from creatorkit.cli import bench
from creatorkit.storage import open_db
from creatorkit.storage.credentials import new_key

QUERIES = {
    "landing": "/directory",
    "instagram FR by engagement": "/directory?platform=instagram&country=FR&sort=engagement",
    "text: beauty": "/directory?q=beauty",
    "text: a name": "/directory?q=chloe+martin",
    "tiktok micro ER>=5% by percentile": "/directory?platform=tiktok&tier=micro&er_min=5&sort=percentile",
    "audience US>=40%, ok, fresh 7d": "/directory?audience_country=US&audience_country_min=40&verdict=ok"
                                      "&fresh=7",
    "spanish 10k-100k by growth": "/directory?language=es&followers_min=10k&followers_max=100k&sort=growth",
    "youtube gaming page 3": "/directory?platform=youtube&niche=gaming&page=3",
    "mega by engagement": "/directory?tier=mega&sort=engagement",
    "audience female>=60% by percentile": "/directory?audience_gender=female&audience_gender_min=60"
                                          "&sort=percentile",
    "API instagram fashion 50k+": "/api/v1/creators?platform=instagram&niche=fashion&followers_min=50k"
                                  "&sort=engagement",
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def seeded_db(path: Path, creators: int) -> None:
    db = open_db(path)
    if not db.execute("SELECT COUNT(*) FROM directory_summary").fetchone()[0]:
        started = time.perf_counter()
        for _ in bench.seed(db, creators):
            pass
        print(f"seeded {creators:,} creators in {time.perf_counter() - started:.0f} s")
    db.conn.close()


def make_app(path: Path):
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "bench", "CREDENTIALS_KEY": new_key()})
    return app


class ServerCpu:
    """WSGI middleware: the server thread's CPU time per request, by URL. Unlike the
    wall-clock figures it hardly moves when other processes load the machine."""

    def __init__(self, app):
        self.app, self.ms = app, {}

    def __call__(self, environ, start_response):
        started = time.thread_time()
        body = b"".join(self.app(environ, start_response))
        url = environ["PATH_INFO"] + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
        self.ms.setdefault(url, []).append((time.thread_time() - started) * 1000)
        return [body]


def run(path: Path, rounds: int) -> dict[str, dict[str, float]]:
    db = open_db(path, migrate=False)
    handles = [row[0] for row in db.execute(
        "SELECT handle FROM directory_summary WHERE listed = 1 ORDER BY creator_id LIMIT 3")]
    db.conn.close()
    queries = {**QUERIES, "compare 3": f"/compare?h={','.join(handles)}",
               "baseline: static file": "/static/css/directory.css", "baseline: /healthz": "/healthz"}
    cpu = ServerCpu(make_app(path))
    server = create_server(cpu, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    timings: dict[str, list[float]] = {name: [] for name in queries}
    first: dict[str, float] = {}
    try:
        with requests.Session() as http:
            for name, url in queries.items():  # first (cold) request: empty caches
                started = time.perf_counter()
                http.get(base + url, timeout=30).raise_for_status()
                first[name] = (time.perf_counter() - started) * 1000
            for _ in range(rounds):
                for name, url in queries.items():
                    started = time.perf_counter()
                    response = http.get(base + url, timeout=30)
                    timings[name].append((time.perf_counter() - started) * 1000)
                    response.raise_for_status()
    finally:
        server.task_dispatcher.shutdown()
        server.close()
    return {name: {"first": first[name], "p50": statistics.median(ms), "p95": percentile(ms, 0.95),
                   "max": max(ms), "cpu_p50": statistics.median(cpu.ms[queries[name]][1:]),
                   "cpu_p95": percentile(cpu.ms[queries[name]][1:], 0.95)}
            for name, ms in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="database to reuse (seeded on first use)")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = options.db or Path(scratch) / "bench.db"
        seeded_db(path, options.creators)
        figures = run(path, options.rounds)
    directory_p95 = [f["p95"] for name, f in figures.items() if not name.startswith("baseline")]
    if options.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{'query':36} {'first':>7} {'p50':>6} {'p95':>6} {'max':>6} {'cpu p50':>8} {'cpu p95':>8}  (ms)")
    for name, f in figures.items():
        print(f"{name:36} {f['first']:7.1f} {f['p50']:6.1f} {f['p95']:6.1f} {f['max']:6.1f} "
              f"{f['cpu_p50']:8.1f} {f['cpu_p95']:8.1f}")
    print(f"worst directory p95: {max(directory_p95):.1f} ms (target < 50 ms)")


if __name__ == "__main__":
    main()
