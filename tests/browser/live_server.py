"""The app on a demo database, served over real HTTP by waitress in a thread.

Shared by the browser tests and ``benchmarks/bench_kit.py``; both run on the tests'
clock (``tests.clock.NOW``), so the kits they serve are the same whatever the date.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask
from waitress import create_server

from creatorkit.app import create_app
from creatorkit.config import default_config
from creatorkit.demo.seed import seed_demo
from creatorkit.ingest.refresh import refresh_accounts
from creatorkit.storage import open_db
from creatorkit.storage.credentials import new_key
from tests.clock import NOW
from tests.web.kit_hooks import wire


def build_demo_db(path: Path) -> Path:
    """The demo creators refreshed once, as ``creatorkit demo`` does."""
    db = open_db(path)
    try:
        settings = {**default_config(), "CLOCK": NOW}
        failed = [r for r in refresh_accounts(db, seed_demo(db), settings, trigger="demo") if not r.ok]
    finally:
        db.conn.close()
    if failed:
        raise RuntimeError(f"demo refresh failed: {failed}")
    return path


def demo_app(database: Path, folder: Path, **config) -> Flask:
    """The app on ``database``, with the delivery hooks and a cache folder of its own."""
    app = create_app({"DATABASE": str(database), "CREDENTIALS_KEY": new_key(), "CLOCK": NOW, **config})
    return wire(app, folder / "cache")


class LiveServer:
    """waitress on 127.0.0.1 at a free port, in a daemon thread; ``close()`` stops it."""

    def __init__(self, app: Flask, threads: int = 4):
        self.server = create_server(app, host="127.0.0.1", port=0, threads=threads, ident="creatorkit")
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self._thread = threading.Thread(target=self._run, name="waitress", daemon=True)
        self._stopping = False

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _run(self) -> None:
        try:
            self.server.run()
        except (OSError, ValueError):  # the sockets closed under the loop by close()
            if not self._stopping:
                raise

    def close(self) -> None:
        """Close the listener and every open connection: the loop ends with its map."""
        self._stopping = True
        logging.getLogger("waitress").setLevel(logging.CRITICAL)
        for channel in list(self.server._map.values()):
            channel.handle_close()
        self.server.task_dispatcher.shutdown()
        self._thread.join(timeout=5)
