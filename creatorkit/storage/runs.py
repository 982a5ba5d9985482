"""The ``refresh_runs`` table: one row per refresh attempt, success or not."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from creatorkit.storage import iso


def record_run(
    db: Database,
    account_id: int,
    *,
    trigger: str,
    started_at: datetime,
    finished_at: datetime,
    status: str,
    error_class: str | None = None,
    error_message: str | None = None,
    http_calls: int = 0,
    quota_units: int = 0,
    rows_written: int = 0,
) -> int:
    return db["refresh_runs"].insert(
        {
            "account_id": account_id, "trigger": trigger, "status": status,
            "error_class": error_class, "error_message": error_message,
            "http_calls": http_calls, "quota_units": quota_units, "rows_written": rows_written,
            "started_at": iso(started_at), "finished_at": iso(finished_at),
            "duration_ms": int((finished_at - started_at).total_seconds() * 1000),
        }
    ).last_pk
