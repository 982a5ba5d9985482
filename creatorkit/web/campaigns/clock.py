"""The campaigns' clock: ``app.extensions["clock"]`` when a test pins one, else UTC now."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app


def now() -> datetime:
    pinned = current_app.extensions.get("clock")
    return pinned() if pinned else datetime.now(UTC)
