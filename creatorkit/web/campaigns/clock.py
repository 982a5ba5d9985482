"""The campaigns' clock: ``app.extensions["clock"]`` when a test pins one, else the
app's ``CLOCK`` (``creatorkit.clock``)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from creatorkit import clock


def now() -> datetime:
    pinned = current_app.extensions.get("clock")
    return pinned() if pinned else clock.now(current_app.config)
