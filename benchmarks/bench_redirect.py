"""Tracked-link redirect over real HTTP: ``/r/<code>`` against a bare redirect route.

    python benchmarks/bench_redirect.py [--requests 3000] [--clients 8] [--json]

Serves the app with waitress on 127.0.0.1:0 in a thread, on a scratch database with
one campaign and link, and adds a bare route that only answers a 302 (no lookup, no
click) to the same app and server: the baseline. Latency (p50/p95) comes from one
keep-alive client, rounds interleaved so background load hits both alike;
throughput from ``--clients`` concurrent clients. Clicks are sent with a browser's
User-Agent, so every one goes through the click log; at the end the log is flushed
and the stored count checked against the clicks sent (none lost, none held).
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from flask import redirect
from waitress.server import create_server

from creatorkit.app import create_app
from creatorkit.storage import campaign_tracking as tracking
from creatorkit.storage import campaigns, creators, open_db, users
from creatorkit.storage.credentials import new_key

AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
DESTINATION = "https://shop.example/teas"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def scratch(path: Path) -> str:
    db = open_db(path)
    brand = users.create_user(db, "bench@brand.example", "-", name="Bench")
    creator = creators.create_creator(db, "bench", display_name="Bench")
    campaign = campaigns.create_campaign(db, brand, brand="Bench", name="Bench", starts_on="2026-01-01",
                                         ends_on="2026-12-31", destinations=[DESTINATION])
    campaigns.invite_creator(db, campaign, creator)
    campaigns.set_status(db, campaign, creator, "accepted")
    code = tracking.create_link(db, campaign, creator, DESTINATION)
    db.conn.commit()
    db.conn.close()
    return code


def run(path: Path, total: int, clients: int) -> dict:
    code = scratch(path)
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "bench", "CREDENTIALS_KEY": new_key()})
    app.add_url_rule("/bench/bare", "bare", lambda: redirect(DESTINATION, code=302))
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" lines at full load
    server = create_server(app, host="127.0.0.1", port=0, threads=clients)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    urls = {"/r/<code>": f"{base}/r/{code}", "bare redirect": f"{base}/bench/bare"}
    headers = {"User-Agent": AGENT}

    def hit(http: requests.Session, url: str) -> float:
        started = time.perf_counter()
        response = http.get(url, headers=headers, allow_redirects=False, timeout=30)
        if response.status_code != 302:
            raise RuntimeError(f"{url}: {response.status_code}")
        return (time.perf_counter() - started) * 1000

    latency: dict[str, list[float]] = {name: [] for name in urls}
    throughput: dict[str, float] = {}
    try:
        with requests.Session() as http:
            for url in urls.values():
                hit(http, url)  # warm-up: connection, first lookup, click-log thread
            for _ in range(total // 2):
                for name, url in urls.items():
                    latency[name].append(hit(http, url))
        for name, url in urls.items():
            def batch(count: int, url: str = url) -> None:
                with requests.Session() as http:
                    for _ in range(count):
                        hit(http, url)
            started = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(batch, [total // clients] * clients))
            throughput[name] = (total // clients) * clients / (time.perf_counter() - started)
        app.extensions["click_log"].flush()
    finally:
        server.task_dispatcher.shutdown()
        server.close()
    db = open_db(path, migrate=False)
    stored = db.execute("SELECT COALESCE(SUM(clicks), 0) FROM link_clicks").fetchone()[0]
    db.conn.close()
    sent = 1 + total // 2 + (total // clients) * clients
    figures = {name: {"p50_ms": statistics.median(ms), "p95_ms": percentile(ms, 0.95),
                      "per_s": throughput[name]} for name, ms in latency.items()}
    bare, tracked = figures["bare redirect"], figures["/r/<code>"]
    return {**figures, "p95_ratio": tracked["p95_ms"] / bare["p95_ms"],
            "throughput_ratio": tracked["per_s"] / bare["per_s"], "clicks_sent": sent,
            "clicks_stored": stored}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        result = run(Path(folder) / "bench.db", args.requests, args.clients)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for name in ("/r/<code>", "bare redirect"):
        row = result[name]
        print(f"{name:15} p50 {row['p50_ms']:6.2f} ms  p95 {row['p95_ms']:6.2f} ms  "
              f"{row['per_s']:7.0f} req/s")
    print(f"/r/<code> vs bare: p95 x{result['p95_ratio']:.2f}, throughput x{result['throughput_ratio']:.2f}; "
          f"clicks stored {result['clicks_stored']} of {result['clicks_sent']} sent")


if __name__ == "__main__":
    main()
