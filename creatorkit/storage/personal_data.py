"""Everything stored about one user, to hand it over or to erase it.

The rows are found through the schema's own foreign keys, starting from the user and
their kit: a table added later that points at either is exported without anyone
editing this module. Secrets stay out of the export (the password hash, sealed
platform tokens) and so do visitors' salted hashes, which are about other people.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from sqlite_utils import Database

#: table → columns never exported (secrets), or None for a table left out whole
WITHHELD: dict[str, tuple[str, ...] | None] = {
    "users": ("password_hash",), "accounts": ("credentials",), "kit_visitors": None,
}


def _children(db: Database) -> dict[str, list[tuple[str, str, str]]]:
    """parent table → [(child table, child column, parent column)] from the schema."""
    links: dict[str, list[tuple[str, str, str]]] = {}
    for table in db.table_names():
        for key in db[table].foreign_keys:
            links.setdefault(key.other_table, []).append((key.table, key.column, key.other_column))
    return links


def collect(db: Database, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """table → the rows about this user (and their kit), secrets removed."""
    user = db["users"].get(user_id)
    found: dict[str, dict[tuple, dict[str, Any]]] = {"users": {_key(user): user}}
    if user["creator_id"] is not None:
        creator = db["creators"].get(user["creator_id"])
        found["creators"] = {_key(creator): creator}
    links, queue = _children(db), deque(found)
    while queue:
        parent = queue.popleft()
        for child, column, parent_column in links.get(parent, ()):
            values = sorted({row[parent_column] for row in found[parent].values()})
            marks = ", ".join("?" * len(values))
            sql = f"SELECT * FROM [{child}] WHERE [{column}] IN ({marks})"
            rows = db.execute_returning_dicts(sql, values)
            known = found.setdefault(child, {})
            fresh = {_key(row): row for row in rows}
            if set(fresh) - set(known):
                known.update(fresh)
                queue.append(child)
    return {table: [_withhold(table, row) for row in rows.values()]
            for table, rows in sorted(found.items()) if WITHHELD.get(table, ()) is not None}


def _key(row: dict[str, Any]) -> tuple:
    """A row's identity whatever its table's key (some tables have no rowid)."""
    return tuple(row.values())


def _withhold(table: str, row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in WITHHELD.get(table, ())}


def delete_user(db: Database, user_id: int) -> None:
    """The user, their kit (and with it, through the schema's cascades, accounts,
    history, content, uploads, views) and a brand's campaigns, in one transaction."""
    user = db["users"].get(user_id)
    with db.conn:
        db.execute("DELETE FROM campaigns WHERE brand_user_id = ?", [user_id])
        db.execute("DELETE FROM users WHERE id = ?", [user_id])
        if user["creator_id"] is not None:
            db.execute("DELETE FROM creators WHERE id = ?", [user["creator_id"]])
