"""Gives a test app a body cache of its own, and counts how often a view really runs."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from creatorkit.web.kits import caching
from creatorkit.web.kits.body_cache import BodyCache


def wire(app: Flask, cache_dir: Path) -> Flask:
    """The app with an empty body cache whose PDFs go to ``cache_dir`` (never to the
    instance folder shared by every test)."""
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
