"""SQLite storage: ``open_db(path)`` everywhere outside a request.

One connection per thread (never shared), WAL so page reads run beside refresh
writes, foreign keys on, and a busy timeout so concurrent writers wait instead of
failing. Every ``open_db`` brings the schema up to date.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from creatorkit.clock import utcnow as utcnow  # the real time, for the stamps storage writes itself
from creatorkit.storage.migrations import migrations

BUSY_TIMEOUT_MS = 10_000


def open_db(path: str | Path, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path``, ready for use."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn, execute_plugins=False)
    if migrate:
        migrations.apply(db)
    return db


def iso(moment: datetime | None) -> str | None:
    """UTC ISO-8601 with seconds, the one time format stored."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
