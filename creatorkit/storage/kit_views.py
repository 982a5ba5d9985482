"""Kit-view analytics that count visits, not people.

A visitor is known only as a keyed hash of (kit, address, user agent) under a salt
that lives for one UTC day: the address is never written, the salt and the day's
hashes are deleted when the next day's first view arrives, so yesterday's hashes
cannot be recomputed from a guessed address. What is kept is per kit and day:
page views, distinct visitors (that day), PDF downloads and referring hosts.

Dashboard read (for the dashboard and the creator's own views)::

    kit_view_stats(db, creator_id, days=30) -> {
        "days": [{"day": "2026-05-01", "views": 3, "visitors": 2, "pdf_downloads": 1}, ...],
        "totals": {"views": 40, "visitors": 31, "pdf_downloads": 5},
        "referrers": [{"host": "instagram.com", "views": 12}, ...],
    }

``days`` runs oldest first, one entry per day of the window (zeros included), the
last one being ``today``. Totals of ``visitors`` add days up (visitor-days): the
same person on two days counts twice, because nothing links two days on purpose.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlite_utils import Database

from creatorkit.errors import InputError
from creatorkit.storage import utcnow
from creatorkit.storage.queue import immediate

ViewKind = Literal["page", "pdf"]
COUNTS = ("views", "visitors", "pdf_downloads")
TOP_REFERRERS = 10


def record_view(db: Database, creator_id: int, *, visitor: str, kind: ViewKind,
                referrer_host: str | None, now: datetime) -> bool:
    """Count one view of a kit; ``visitor`` (address and user agent) is only hashed.

    Returns True when it is the visitor's first view of this kit today.
    """
    day = now.date().isoformat()
    with immediate(db):
        salt = _salt_of_day(db, day)
        digest = hmac.new(salt, f"{creator_id}\n{visitor}".encode(), hashlib.sha256).hexdigest()[:24]
        first = db.execute(
            "INSERT OR IGNORE INTO kit_visitors (creator_id, day, visitor) VALUES (?, ?, ?)",
            [creator_id, day, digest],
        ).rowcount == 1
        db.execute(
            """
            INSERT INTO kit_views (creator_id, day, views, visitors, pdf_downloads)
            VALUES (:creator, :day, :page, :first, :pdf)
            ON CONFLICT (creator_id, day) DO UPDATE SET
                views = views + excluded.views,
                visitors = visitors + excluded.visitors,
                pdf_downloads = pdf_downloads + excluded.pdf_downloads
            """,
            {"creator": creator_id, "day": day, "page": int(kind == "page"), "first": int(first),
             "pdf": int(kind == "pdf")},
        )
        if referrer_host:
            db.execute(
                """
                INSERT INTO kit_referrers (creator_id, day, host, views) VALUES (?, ?, ?, 1)
                ON CONFLICT (creator_id, day, host) DO UPDATE SET views = views + 1
                """,
                [creator_id, day, referrer_host],
            )
    return first


def _salt_of_day(db: Database, day: str) -> bytes:
    """Today's salt; the first view of a day forgets the previous salt and hashes."""
    row = db.execute("SELECT salt FROM kit_view_salt WHERE day = ?", [day]).fetchone()
    if row is None:
        db.execute("DELETE FROM kit_view_salt WHERE day <> ?", [day])
        db.execute("DELETE FROM kit_visitors WHERE day <> ?", [day])
        db.execute("INSERT INTO kit_view_salt (day, salt) VALUES (?, ?)", [day, secrets.token_bytes(32)])
        row = db.execute("SELECT salt FROM kit_view_salt WHERE day = ?", [day]).fetchone()
    return row[0]


def kit_view_stats(db: Database, creator_id: int, days: int = 30, *,
                   today: date | None = None) -> dict[str, Any]:
    """Views, distinct visitors and PDF downloads per day over the last ``days`` days
    (``today`` included, UTC), their totals and the top referring hosts."""
    if days < 1:
        raise InputError(f"A stats window is at least one day, not {days}.")
    last = today or utcnow().date()
    first = last - timedelta(days=days - 1)
    window = [first.isoformat(), last.isoformat()]
    counted = {
        row["day"]: row
        for row in db.query(
            "SELECT day, views, visitors, pdf_downloads FROM kit_views "
            "WHERE creator_id = ? AND day BETWEEN ? AND ?", [creator_id, *window])
    }
    series = []
    for offset in range(days):
        day = (first + timedelta(days=offset)).isoformat()
        row = counted.get(day, {})
        series.append({"day": day, **{key: row.get(key, 0) for key in COUNTS}})
    referrers = list(db.query(
        "SELECT host, SUM(views) AS views FROM kit_referrers WHERE creator_id = ? "
        "AND day BETWEEN ? AND ? GROUP BY host ORDER BY views DESC, host LIMIT ?",
        [creator_id, *window, TOP_REFERRERS]))
    totals = {key: sum(day[key] for day in series) for key in COUNTS}
    return {"days": series, "totals": totals, "referrers": referrers}
