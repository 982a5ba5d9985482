"""Brand shortlists: named lists of creators with a note each.

Every read and write is scoped by the owner's user id, so a list id guessed from a URL
never reaches someone else's list.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from creatorkit.errors import InputError
from creatorkit.storage import iso, utcnow

MAX_NAME = 80
MAX_NOTE = 2_000
DEFAULT_NAME = "My shortlist"


def _name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise InputError(f"Name the shortlist (1 to {MAX_NAME} characters).")
    return name


def create_shortlist(db: Database, user_id: int, name: str) -> int:
    name = _name(name)
    if db["shortlists"].count_where("user_id = ? AND name = ?", [user_id, name]):
        raise InputError(f"You already have a shortlist called {name!r}.")
    return db["shortlists"].insert({"user_id": user_id, "name": name, "created_at": iso(utcnow())}).last_pk


def default_shortlist(db: Database, user_id: int) -> int:
    """The user's first shortlist, created on the first save."""
    row = db.execute("SELECT id FROM shortlists WHERE user_id = ? ORDER BY id LIMIT 1", [user_id]).fetchone()
    return row[0] if row else create_shortlist(db, user_id, DEFAULT_NAME)


def shortlists_of(db: Database, user_id: int) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT l.id, l.name, l.created_at, COUNT(i.creator_id) AS size FROM shortlists l "
        "LEFT JOIN shortlist_items i ON i.shortlist_id = l.id WHERE l.user_id = ? "
        "GROUP BY l.id ORDER BY l.name", [user_id]))


def get_shortlist(db: Database, user_id: int, shortlist_id: int) -> dict[str, Any] | None:
    rows = list(db["shortlists"].rows_where("id = ? AND user_id = ?", [shortlist_id, user_id]))
    return rows[0] if rows else None


def delete_shortlist(db: Database, user_id: int, shortlist_id: int) -> None:
    db.execute("DELETE FROM shortlists WHERE id = ? AND user_id = ?", [shortlist_id, user_id])


def add_item(db: Database, shortlist_id: int, creator_id: int) -> bool:
    """Save a creator to a list; False when it was already there (its note is kept)."""
    cursor = db.execute(
        "INSERT INTO shortlist_items (shortlist_id, creator_id, added_at) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING", [shortlist_id, creator_id, iso(utcnow())])
    return cursor.rowcount == 1


def set_note(db: Database, shortlist_id: int, creator_id: int, note: str) -> None:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InputError(f"The note is too long ({len(note)} characters; at most {MAX_NOTE}).")
    db.execute("UPDATE shortlist_items SET note = ? WHERE shortlist_id = ? AND creator_id = ?",
               [note, shortlist_id, creator_id])


def remove_item(db: Database, shortlist_id: int, creator_id: int) -> None:
    db.execute("DELETE FROM shortlist_items WHERE shortlist_id = ? AND creator_id = ?",
               [shortlist_id, creator_id])


def items(db: Database, shortlist_id: int) -> list[dict[str, Any]]:
    """The saved creators, oldest first, each with its card while the kit stays listed
    (``card`` is None once a creator leaves the directory: no figures are shown then)."""
    rows = db.query(
        "SELECT i.creator_id, c.handle, c.display_name, i.note, i.added_at, "
        "CASE WHEN s.listed = 1 THEN s.card END AS card FROM shortlist_items i "
        "JOIN creators c ON c.id = i.creator_id "
        "LEFT JOIN directory_summary s ON s.creator_id = i.creator_id "
        "WHERE i.shortlist_id = ? ORDER BY i.added_at, c.handle", [shortlist_id])
    return [{**row, "card": json.loads(row["card"]) if row["card"] else None} for row in rows]
