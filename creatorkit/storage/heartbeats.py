"""The ``scheduler_heartbeats`` table: each scheduler says it is alive at every tick.

``/healthz`` reads it to tell an operator whether anything is keeping the kits
current. A scheduler that stops cleanly says so (``stopped_at``); one that died or
hangs simply stops beating and turns ``late``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from creatorkit.storage import iso, parse_iso

#: a beat older than this many ticks means the scheduler is late (dead or stuck)
LATE_AFTER_TICKS = 3
#: however short the tick, a beat this recent still counts as alive
LATE_AFTER_MIN_S = 10.0
#: rows of schedulers gone for this long are forgotten
FORGET_AFTER = timedelta(days=7)


def beat(db: Database, owner: str, *, now: datetime, started_at: datetime, host: str, pid: int,
         tick_s: float, workers: int, in_flight: int) -> None:
    db["scheduler_heartbeats"].upsert(
        {"owner": owner, "host": host, "pid": pid, "started_at": iso(started_at),
         "beat_at": iso(now), "tick_s": tick_s, "workers": workers, "in_flight": in_flight,
         "stopped_at": None},
        pk="owner",
    )


def stopped(db: Database, owner: str, *, now: datetime) -> None:
    db.execute("UPDATE scheduler_heartbeats SET stopped_at = ?, in_flight = 0 WHERE owner = ?",
               [iso(now), owner])


def forget_old(db: Database, *, now: datetime) -> None:
    db.execute("DELETE FROM scheduler_heartbeats WHERE beat_at < ?", [iso(now - FORGET_AFTER)])


def liveness(db: Database, *, now: datetime) -> dict[str, Any]:
    """``state`` is ``alive`` (a running scheduler beat recently), ``late`` (one that
    did not stop cleanly has not beaten for a few ticks) or ``not_running``."""
    rows = list(db.query("SELECT * FROM scheduler_heartbeats ORDER BY beat_at DESC"))
    running = [row for row in rows if row["stopped_at"] is None]
    alive = [row for row in running if _age(row, now) <= _late_after(row)]
    if alive:
        state, latest = "alive", alive[0]
    elif running:
        state, latest = "late", running[0]
    else:
        state, latest = "not_running", rows[0] if rows else None
    return {
        "state": state,
        "schedulers": len(alive),
        "last_heartbeat_age_s": round(_age(latest, now), 1) if latest else None,
        "in_flight": sum(row["in_flight"] for row in alive),
    }


def _age(row: dict[str, Any], now: datetime) -> float:
    return max(0.0, (now - parse_iso(row["beat_at"])).total_seconds())


def _late_after(row: dict[str, Any]) -> float:
    return max(LATE_AFTER_TICKS * row["tick_s"], LATE_AFTER_MIN_S)
