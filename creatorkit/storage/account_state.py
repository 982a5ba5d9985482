"""Keeping accounts alive: reconnect, disable, enable, disconnect, and the notices
already mailed about an account (``account_notices``, one row per kind, so a creator
is told once, and told again only after a reconnect cleared it).

Every change here is scoped by ``creator_id`` when one is given, so a web route that
passes the signed-in creator's id can never touch another creator's account: an
account that is not theirs is the same ``UnknownAccount`` as one that does not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlite_utils import Database

from creatorkit.errors import UnknownAccount
from creatorkit.storage import iso
from creatorkit.storage.queue import immediate

NoticeKind = Literal["auth_expired", "expires_soon"]
#: the columns a fresh start resets: the account is tried at once, as if new
FRESH = {"status": "ok", "failures": 0, "last_error": None, "last_error_message": None}


def owned_account(db: Database, account_id: int, creator_id: int | None = None) -> dict[str, Any]:
    """The account row, if it exists and (with ``creator_id``) belongs to that creator."""
    sql, params = "SELECT * FROM accounts WHERE id = ?", [account_id]
    if creator_id is not None:
        sql += " AND creator_id = ?"
        params.append(creator_id)
    rows = list(db.query(sql, params))
    if not rows:
        raise UnknownAccount(account_id)
    return rows[0]


def reconnect(db: Database, account_id: int, sealed: str | None, *, now: datetime,
              creator_id: int | None = None) -> None:
    """New credentials: status, failures and errors reset, due at once, notices forgotten."""
    owned_account(db, account_id, creator_id)
    with immediate(db):
        db["accounts"].update(account_id, {**FRESH, "credentials": sealed, "next_refresh_at": iso(now)})
        db.execute("DELETE FROM account_notices WHERE account_id = ?", [account_id])


def set_enabled(db: Database, account_id: int, enabled: bool, *, now: datetime,
                creator_id: int | None = None) -> None:
    """``disable`` pauses refreshes (the scheduler skips it); ``enable`` makes it due now."""
    owned_account(db, account_id, creator_id)
    values = {**FRESH, "next_refresh_at": iso(now)} if enabled else {"status": "disabled"}
    db["accounts"].update(account_id, values)


def disconnect(db: Database, account_id: int, *, keep_history: bool,
               creator_id: int | None = None) -> None:
    """Forget the tokens. With ``keep_history`` the account stays, disabled, with its
    figures (the kit keeps showing them); without, the account and its history go."""
    owned_account(db, account_id, creator_id)
    with immediate(db):
        if keep_history:
            db["accounts"].update(account_id, {"credentials": None, "status": "disabled"})
            db.execute("DELETE FROM account_notices WHERE account_id = ?", [account_id])
        else:
            db.execute("DELETE FROM accounts WHERE id = ?", [account_id])


def set_access(db: Database, account_id: int, access: Literal["owner", "public"]) -> None:
    db["accounts"].update(account_id, {"access": access})


def notice_sent(db: Database, account_id: int, kind: NoticeKind) -> bool:
    return db.execute("SELECT 1 FROM account_notices WHERE account_id = ? AND kind = ?",
                      [account_id, kind]).fetchone() is not None


def record_notice(db: Database, account_id: int, kind: NoticeKind, *, now: datetime) -> None:
    db.execute("INSERT OR IGNORE INTO account_notices (account_id, kind, sent_at) VALUES (?, ?, ?)",
               [account_id, kind, iso(now)])


def accounts_with_tokens(db: Database) -> list[dict[str, Any]]:
    """Accounts that hold credentials and are not paused: the ones whose token may expire."""
    return list(db.query(
        "SELECT a.*, c.handle FROM accounts a JOIN creators c ON c.id = a.creator_id "
        "WHERE a.credentials IS NOT NULL AND a.status NOT IN ('auth_expired', 'disabled') "
        "ORDER BY a.id"))


def expired_accounts(db: Database) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT a.*, c.handle FROM accounts a JOIN creators c ON c.id = a.creator_id "
        "WHERE a.status = 'auth_expired' ORDER BY a.id"))


def creator_emails(db: Database, creator_id: int) -> list[str]:
    """Where a creator's notices go: the e-mail of every sign-in linked to the kit."""
    return [row["email"] for row in db.query(
        "SELECT email FROM users WHERE creator_id = ? AND role = 'creator' ORDER BY id", [creator_id])]
