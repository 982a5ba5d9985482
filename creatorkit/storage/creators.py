"""The ``creators`` table: one row per media kit."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlite_utils import Database

from creatorkit.errors import InputError, UnknownCreator
from creatorkit.storage import iso, utcnow

HANDLE_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
JSON_FIELDS = ("categories", "languages", "hidden")
EDITABLE = (
    "display_name", "tagline", "bio", "niche", "categories", "country", "city", "languages",
    "contact_email", "avatar_url", "cover_url", "theme", "locale", "visibility", "hidden",
)


def normalise_handle(handle: str) -> str:
    """Lower-case slug of 1–40 letters, digits and inner hyphens, or InputError."""
    cleaned = handle.strip().lstrip("@").lower()
    if not HANDLE_RE.match(cleaned):
        raise InputError(
            f"Handle {handle!r} is not valid: use 1 to 40 lower-case letters, digits and "
            "hyphens (not at either end)."
        )
    return cleaned


def _encode(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InputError(f"Unknown creator field(s): {', '.join(sorted(unknown))}.")
    return {
        key: json.dumps(list(value)) if key in JSON_FIELDS else value
        for key, value in fields.items()
    }


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    return {key: json.loads(value) if key in JSON_FIELDS else value for key, value in row.items()}


def create_creator(db: Database, handle: str, display_name: str | None = None, **fields) -> int:
    handle = normalise_handle(handle)
    if db["creators"].count_where("handle = ?", [handle]):
        raise InputError(f"A creator with handle {handle!r} already exists.")
    now = iso(utcnow())
    row = {"handle": handle, "display_name": display_name or handle, "created_at": now,
           "updated_at": now, **_encode(fields)}
    return db["creators"].insert(row).last_pk


def ensure_creator(db: Database, handle: str, display_name: str, **fields) -> int:
    """Create the creator, or update its profile fields if it exists (idempotent seeding)."""
    handle = normalise_handle(handle)
    existing = find_creator(db, handle)
    if existing is None:
        return create_creator(db, handle, display_name, **fields)
    update_creator(db, existing["id"], display_name=display_name, **fields)
    return existing["id"]


def update_creator(db: Database, creator_id: int, **fields) -> None:
    """Change profile fields; bumps ``data_version`` because the kit changes."""
    values = _encode(fields)
    if not values:
        return
    assignments = ", ".join(f"{key} = :{key}" for key in values)
    db.execute(
        f"UPDATE creators SET {assignments}, updated_at = :now, "
        "data_version = data_version + 1 WHERE id = :id",
        {**values, "now": iso(utcnow()), "id": creator_id},
    )


def find_creator(db: Database, handle: str) -> dict[str, Any] | None:
    rows = list(db["creators"].rows_where("handle = ?", [handle.lower().lstrip("@")]))
    return _decode(rows[0]) if rows else None


def get_creator(db: Database, handle: str) -> dict[str, Any]:
    creator = find_creator(db, handle)
    if creator is None:
        raise UnknownCreator(handle)
    return creator


def list_creators(db: Database) -> list[dict[str, Any]]:
    return [_decode(row) for row in db["creators"].rows_where(order_by="handle")]


def bump_data_version(db: Database, creator_id: int) -> None:
    db.execute(
        "UPDATE creators SET data_version = data_version + 1, updated_at = ? WHERE id = ?",
        [iso(utcnow()), creator_id],
    )
