"""Tell creators when an account needs them, by e-mail, once per problem.

Two notices: ``auth_expired`` (a refresh found the token expired or revoked; the
account waits for a reconnect) and ``expires_soon`` (the credential will stop working
within ``TOKEN_WARNING_DAYS`` and a refresh inside that window did not renew it, so
waiting will not help: the creator must log in again before it breaks). A notice is
recorded only once its mail went out, so a mail server that is down is tried again on
the next pass; a reconnect forgets the notices (``storage.account_state.reconnect``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from creatorkit import mail
from creatorkit.storage import account_state, parse_iso
from creatorkit.storage.credentials import CredentialBox

log = logging.getLogger(__name__)
Sender = Callable[[Mapping[str, Any], str, str, str], str]


def lasts_until(credentials: Mapping[str, Any]) -> datetime | None:
    """When the credential stops working for good unless the creator logs in again: the
    refresh token's end when there is one (``None``: no known end, as with Google), else
    the access token's own end (Instagram's long-lived tokens renew themselves)."""
    if credentials.get("refresh_token"):
        return _moment(credentials.get("refresh_expires_at"))
    return _moment(credentials.get("expires_at"))


def _moment(value: Any) -> datetime | None:
    """Epoch seconds (YouTube) or ISO-8601 (Instagram, TikTok) as an aware datetime."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def expiring(row: Mapping[str, Any], box: CredentialBox, now: datetime,
             warning: timedelta) -> datetime | None:
    """The end of ``row``'s credential when it is due for an ``expires_soon`` notice."""
    try:
        until = lasts_until(box.open(row["credentials"]))
    except Exception:  # undecryptable: the next refresh records that as its own failure
        return None
    attempted = parse_iso(row["last_attempt_at"])
    if until is None or until - now >= warning or attempted is None or attempted < until - warning:
        return None
    return until


def send_notices(db: Database, settings: Mapping[str, Any], *, now: datetime,
                 send: Sender = mail.send) -> list[tuple[int, str]]:
    """Mail every notice not yet sent; returns the (account id, kind) pairs sent."""
    box = CredentialBox(settings["CREDENTIALS_KEY"])
    warning = timedelta(days=int(settings.get("TOKEN_WARNING_DAYS", 7)))
    dashboard = f"{str(settings.get('BASE_URL', '')).rstrip('/')}/dashboard/accounts"
    due: list[tuple[dict[str, Any], str, str]] = []
    for row in account_state.expired_accounts(db):
        if not account_state.notice_sent(db, row["id"], "auth_expired"):
            reason = row["last_error_message"] or "the platform refused its token"
            due.append((row, "auth_expired", f"stopped updating: {reason}.\n\nReconnect it at {dashboard}"))
    for row in account_state.accounts_with_tokens(db):
        until = expiring(row, box, now, warning)
        if until is not None and not account_state.notice_sent(db, row["id"], "expires_soon"):
            due.append((row, "expires_soon", f"will stop updating on {until:%Y-%m-%d}: its login cannot "
                        f"be renewed automatically.\n\nReconnect it before then at {dashboard}"))
    sent = []
    for row, kind, text in due:
        name = row["username"] or row["ref"]
        subject = f"Reconnect your {row['platform'].title()} account {name}"
        body = f"Your {row['platform'].title()} account {name} on the kit @{row['handle']} {text}\n"
        try:
            for address in account_state.creator_emails(db, row["creator_id"]):
                send(settings, address, subject, body)
        except mail.MailError as exc:
            log.warning("notice %s for account %s not sent: %s", kind, row["id"], exc)
            continue
        account_state.record_notice(db, row["id"], kind, now=now)
        sent.append((row["id"], kind))
    return sent
