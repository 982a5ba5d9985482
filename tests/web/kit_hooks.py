"""Wires the delivery hooks (caching, view counting, ``/version``) on a test app until
``creatorkit.web`` does it itself, and counts how often a view really runs."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from creatorkit.web import caching, live, track
from creatorkit.web.body_cache import BodyCache


def wire(app: Flask, cache_dir: Path) -> Flask:
    """The app with the hooks registered once and an empty body cache whose PDFs go to
    ``cache_dir`` (never to the instance folder shared by every test)."""
    if "kit_cache" not in app.extensions:
        caching.init_app(app)
        track.init_app(app)
        app.register_blueprint(live.bp)
    app.extensions["kit_cache"] = BodyCache(caching.DEFAULT_CACHE_BYTES, cache_dir)
    return app


def count_runs(app: Flask, endpoint: str) -> list[dict]:
    """Wrap a view so that each real run (not a cache hit) is recorded."""
    runs: list[dict] = []
    view = app.view_functions[endpoint]

    def counted(**kwargs):
        runs.append(kwargs)
        return view(**kwargs)

    app.view_functions[endpoint] = counted
    return runs
