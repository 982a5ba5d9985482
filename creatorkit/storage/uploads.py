"""The ``uploads`` table: images a creator uploaded, stored as files named by their
content's hash (the table says whose they are, of which kind, and their size).

Every query but ``find`` takes the creator: an upload is only ever read or removed
through its owner.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from creatorkit.storage import iso, utcnow

KINDS = ("avatar", "cover", "logo", "collaboration")


def add(db: Database, creator_id: int, kind: str, name: str, content_type: str, width: int, height: int,
        size: int) -> dict[str, Any]:
    """Record an upload; the same file uploaded again is the same row (names hash the
    creator with the content, so two creators never share one)."""
    existing = find(db, name)
    if existing is not None:
        return existing
    row = {"creator_id": creator_id, "kind": kind, "name": name, "content_type": content_type,
           "width": width, "height": height, "bytes": size, "created_at": iso(utcnow())}
    row["id"] = db["uploads"].insert(row).last_pk
    return row


def find(db: Database, name: str) -> dict[str, Any] | None:
    rows = list(db["uploads"].rows_where("name = ?", [name]))
    return rows[0] if rows else None


def of_creator(db: Database, creator_id: int) -> list[dict[str, Any]]:
    return list(db["uploads"].rows_where("creator_id = ?", [creator_id], order_by="kind, id"))


def names(db: Database, creator_id: int) -> list[str]:
    return [row["name"] for row in of_creator(db, creator_id)]


def remove(db: Database, creator_id: int, upload_id: int) -> dict[str, Any] | None:
    """Forget one upload of this creator; None when they have none with this id."""
    rows = list(db["uploads"].rows_where("id = ? AND creator_id = ?", [upload_id, creator_id]))
    if rows:
        db["uploads"].delete(upload_id)
    return rows[0] if rows else None
