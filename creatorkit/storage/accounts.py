"""The ``accounts`` table: platform accounts, their refresh state and sealed credentials."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from creatorkit.errors import InputError, UnknownAccount
from creatorkit.models import PLATFORMS, Account, Profile
from creatorkit.storage import iso, parse_iso, utcnow
from creatorkit.storage.credentials import CredentialBox

STATUS_SQL = """
SELECT a.id, c.handle, a.platform, a.connector, a.ref, a.username, a.status,
       a.last_success_at, a.last_attempt_at, a.next_refresh_at, a.refresh_interval_s,
       a.failures, a.last_error, a.last_error_message
FROM accounts a JOIN creators c ON c.id = a.creator_id
"""


def add_account(
    db: Database,
    creator_id: int,
    platform: str,
    connector: str,
    ref: str,
    *,
    sealed_credentials: str | None = None,
    refresh_interval_s: int | None = None,
    next_refresh_at: datetime | None = None,
) -> int:
    if platform not in PLATFORMS:
        raise InputError(f"Unknown platform {platform!r}; choose one of {', '.join(PLATFORMS)}.")
    if not ref.strip():
        raise InputError("The account reference (channel id, @handle, username) is empty.")
    if db["accounts"].count_where(
        "creator_id = ? AND platform = ? AND ref = ?", [creator_id, platform, ref]
    ):
        raise InputError(f"This creator already has the {platform} account {ref!r}.")
    return db["accounts"].insert(
        {
            "creator_id": creator_id,
            "platform": platform,
            "connector": connector,
            "ref": ref.strip(),
            "credentials": sealed_credentials,
            "refresh_interval_s": refresh_interval_s,
            "next_refresh_at": iso(next_refresh_at or utcnow()),
            "created_at": iso(utcnow()),
        }
    ).last_pk


def ensure_account(db: Database, creator_id: int, platform: str, connector: str, ref: str) -> int:
    rows = list(
        db["accounts"].rows_where(
            "creator_id = ? AND platform = ? AND ref = ?", [creator_id, platform, ref]
        )
    )
    if rows:
        return rows[0]["id"]
    return add_account(db, creator_id, platform, connector, ref)


def get_account_row(db: Database, account_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT a.*, c.handle FROM accounts a JOIN creators c "
                         "ON c.id = a.creator_id WHERE a.id = ?", [account_id]))
    if not rows:
        raise UnknownAccount(account_id)
    return rows[0]


def accounts_of_creator(db: Database, creator_id: int) -> list[dict[str, Any]]:
    return list(db["accounts"].rows_where("creator_id = ?", [creator_id], order_by="platform, id"))


def account_ids(db: Database, handle: str | None = None) -> list[int]:
    sql = "SELECT a.id FROM accounts a JOIN creators c ON c.id = a.creator_id"
    params: list[Any] = []
    if handle is not None:
        sql += " WHERE c.handle = ?"
        params.append(handle)
    return [row["id"] for row in db.query(sql + " ORDER BY c.handle, a.platform, a.id", params)]


def to_model(row: dict[str, Any], box: CredentialBox | None) -> Account:
    """The connector's view of an account row, with credentials decrypted if any."""
    credentials = box.open(row["credentials"]) if row["credentials"] and box else None
    return Account(
        id=row["id"], creator_id=row["creator_id"], handle=row["handle"],
        platform=row["platform"], connector=row["connector"], ref=row["ref"],
        external_id=row["external_id"], username=row["username"], credentials=credentials,
    )


def record_success(
    db: Database,
    account_id: int,
    profile: Profile,
    *,
    now: datetime,
    next_refresh_at: datetime,
    sealed_credentials: str | None = None,
) -> None:
    values = {
        "status": "ok", "failures": 0, "last_error": None, "last_error_message": None,
        "last_success_at": iso(now), "last_attempt_at": iso(now),
        "next_refresh_at": iso(next_refresh_at),
    }
    for column, value in (
        ("external_id", profile.external_id), ("username", profile.username),
        ("display_name", profile.display_name), ("avatar_url", profile.avatar_url),
        ("profile_url", profile.url), ("credentials", sealed_credentials),
    ):
        if value is not None:
            values[column] = value
    db["accounts"].update(account_id, values)


def store_credentials(db: Database, account_id: int, sealed: str) -> None:
    db["accounts"].update(account_id, {"credentials": sealed})


def record_failure(
    db: Database,
    account_id: int,
    *,
    now: datetime,
    status: str,
    error_class: str,
    message: str,
    next_refresh_at: datetime | None,
    counted: bool = True,
) -> None:
    """``counted=False`` for a wait that is no failure (a rate limit, a spent quota)."""
    db.execute(
        "UPDATE accounts SET status = ?, last_error = ?, last_error_message = ?, "
        "last_attempt_at = ?, next_refresh_at = ?, failures = failures + ? WHERE id = ?",
        [status, error_class, message, iso(now), iso(next_refresh_at), int(counted), account_id],
    )


def status_rows(
    db: Database, *, now: datetime, default_interval_s: int, handle: str | None = None
) -> list[dict[str, Any]]:
    """Accounts with their refresh state; ``status`` says ``stale`` when an otherwise
    healthy account has not succeeded for twice its interval (derived here, never
    stored, though the first migration's CHECK allows it)."""
    sql, params = STATUS_SQL, []
    if handle is not None:
        sql += " WHERE c.handle = ?"
        params.append(handle)
    rows = list(db.query(sql + " ORDER BY c.handle, a.platform, a.id", params))
    for row in rows:
        row["status"] = effective_status(row, now, default_interval_s)
    return rows


def effective_status(row: dict[str, Any], now: datetime, default_interval_s: int) -> str:
    if row["status"] not in ("ok", "error"):
        return row["status"]
    interval = row["refresh_interval_s"] or default_interval_s
    last = parse_iso(row["last_success_at"])
    if last is not None and (now - last).total_seconds() > 2 * interval:
        return "stale"
    return row["status"]
