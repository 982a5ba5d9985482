"""SQLite storage: ``open_db(path)`` everywhere outside a request.

One connection per thread (never shared), WAL so page reads run beside refresh
writes, foreign keys on, and a busy timeout so concurrent writers wait instead of
failing. Every ``open_db`` brings the schema up to date.

SQLite's errors about the file itself (read-only, full, damaged, not a database)
become ``DatabaseProblem``: one line naming the file and what to do about it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from creatorkit.clock import utcnow as utcnow  # the real time, for the stamps storage writes itself
from creatorkit.errors import DatabaseProblem
from creatorkit.storage.migrations import migrations

BUSY_TIMEOUT_MS = 10_000
#: free space under which an I/O error is taken for a full disk
FULL_BELOW_BYTES = 64 * 1024
#: primary SQLite result code → (what happened, what to do)
PROBLEMS = {
    sqlite3.SQLITE_READONLY: ("it is read-only (the file, its folder or the file system)",
                              "make it writable, or set CREATORKIT_DATABASE to a writable place"),
    sqlite3.SQLITE_FULL: ("the disk is full (nothing more was stored)",
                          "free some space and run the command again"),
    sqlite3.SQLITE_NOTADB: ("it is not a SQLite database (a damaged or foreign file)",
                            "restore it from a backup, or set CREATORKIT_DATABASE to another file"),
    sqlite3.SQLITE_CORRUPT: ("it is damaged (malformed)",
                             "restore it from a backup, or set CREATORKIT_DATABASE to another file"),
    sqlite3.SQLITE_CANTOPEN: ("it cannot be opened (no such folder, or no permission)",
                              "check the path and its permissions, or set CREATORKIT_DATABASE"),
    sqlite3.SQLITE_IOERR: ("reading or writing it failed (an I/O error: a full or failing disk?)",
                           "check the disk and free some space, then run the command again"),
    sqlite3.SQLITE_BUSY: ("another process keeps it locked",
                          "wait for that process to finish, then run the command again"),
}


def open_db(path: str | Path, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path``, ready for use."""
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            if not Path(path).exists():  # SQLite gives its -wal and -shm files the same mode
                Path(path).touch(mode=0o600)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn, execute_plugins=False)
        if migrate:
            migrations.apply(db)
    except (sqlite3.Error, OSError) as exc:
        problem = database_problem(exc, path)
        if problem is None:
            raise
        raise problem from exc
    return db


def database_problem(exc: sqlite3.Error | OSError, path: str | Path) -> DatabaseProblem | None:
    """The ``DatabaseProblem`` an error about the file at ``path`` means, or None for an
    error about a statement (a bug, a constraint), which stays what it is."""
    if Path(path).is_dir():
        return DatabaseProblem(str(path), "it is a directory, not a file",
                               "set CREATORKIT_DATABASE to a file path")
    if isinstance(exc, OSError):
        return DatabaseProblem(str(path), f"its folder cannot be created ({exc.strerror})",
                               "create it, or set CREATORKIT_DATABASE to a writable place")
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if code is not None else None
    folder = Path(path).parent
    if primary in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR) and Path(path).exists():
        # SQLite cannot say why: a WAL file it may not create, or the space it lacks
        if not os.access(folder, os.W_OK):
            primary = sqlite3.SQLITE_READONLY
        elif shutil.disk_usage(folder).free < FULL_BELOW_BYTES:
            primary = sqlite3.SQLITE_FULL
    problem = PROBLEMS.get(primary)
    return DatabaseProblem(str(path), *problem) if problem else None


def iso(moment: datetime | None) -> str | None:
    """UTC ISO-8601 with seconds, the one time format stored."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
