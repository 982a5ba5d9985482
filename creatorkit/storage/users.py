"""The ``users`` table: brand (and creator) accounts that sign in.

Storage only ever sees password hashes (the web layer hashes with werkzeug), never a
password. E-mail addresses are unique without regard to case.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from creatorkit.errors import InputError
from creatorkit.storage import iso, utcnow

ROLES = ("brand", "creator")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME = 120


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if len(cleaned) > 254 or not EMAIL_RE.match(cleaned):
        raise InputError("Enter a valid e-mail address, such as name@brand.com.")
    return cleaned


def normalise_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > MAX_NAME:
        raise InputError(f"Enter a name (1 to {MAX_NAME} characters).")
    return cleaned


def create_user(db: Database, email: str, password_hash: str, *, name: str, role: str = "brand",
                creator_id: int | None = None, verified: bool = True) -> int:
    """A new account; ``verified=False`` for self sign-ups, which confirm their address."""
    email = normalise_email(email)
    name = normalise_name(name)
    if role not in ROLES:
        raise InputError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    if find_user(db, email) is not None:
        raise InputError("An account with this e-mail address already exists: sign in instead.")
    return db["users"].insert({
        "email": email, "password_hash": password_hash, "role": role, "name": name,
        "creator_id": creator_id, "created_at": (now := iso(utcnow())),
        "email_verified_at": now if verified else None,
    }).last_pk


def find_user(db: Database, email: str) -> dict[str, Any] | None:
    rows = list(db["users"].rows_where("email = ?", [email.strip().lower()]))
    return rows[0] if rows else None


def get_user(db: Database, user_id: int) -> dict[str, Any] | None:
    rows = list(db["users"].rows_where("id = ?", [user_id]))
    return rows[0] if rows else None


def record_sign_in(db: Database, user_id: int, now: datetime | None = None) -> None:
    db["users"].update(user_id, {"last_sign_in_at": iso(now or utcnow())})


def revoke_sessions(db: Database, user_id: int) -> None:
    """Every session cookie of this user stops working (they carry the old counter)."""
    db.execute("UPDATE users SET session_counter = session_counter + 1 WHERE id = ?", [user_id])



def mark_verified(db: Database, user_id: int, now: datetime | None = None) -> None:
    db["users"].update(user_id, {"email_verified_at": iso(now or utcnow())})


def set_password(db: Database, user_id: int, password_hash: str) -> None:
    """A new password hash; every session of the user ends with the old one."""
    db["users"].update(user_id, {"password_hash": password_hash})
    revoke_sessions(db, user_id)


def set_email(db: Database, user_id: int, email: str, now: datetime | None = None) -> None:
    """A new, confirmed address (the link that confirms it came to that address)."""
    email = normalise_email(email)
    other = find_user(db, email)
    if other is not None and other["id"] != user_id:
        raise InputError("An account with this e-mail address already exists.")
    db["users"].update(user_id, {"email": email, "email_verified_at": iso(now or utcnow())})
