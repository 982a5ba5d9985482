"""Reconnecting an account: new credentials, a fresh start, and a refresh at once.

Shared by ``creatorkit reconnect`` and the dashboard's OAuth callback, so both check
the credentials against the connector (``ingest.connect``), seal them, reset the
account's status and failures, and fetch right away: the creator sees fresh figures
(or the reason there are none) without waiting for the scheduler.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from creatorkit.clock import clock_of
from creatorkit.connectors.http import HttpClient
from creatorkit.ingest import connect, refresh
from creatorkit.storage import account_state
from creatorkit.storage.credentials import CredentialBox


def reconnect(db: Database, account_id: int, credentials: dict[str, Any] | None,
              settings: Mapping[str, Any], *, creator_id: int | None = None,
              client: HttpClient | None = None,
              now: Callable[[], datetime] | None = None) -> refresh.RefreshResult:
    """Store ``credentials`` for the account (``creator_id``: only if it is theirs) and
    refresh it now (on the ``CLOCK`` of ``settings`` unless ``now`` is given); returns the
    refresh's result."""
    now = now or clock_of(settings)
    row = account_state.owned_account(db, account_id, creator_id)
    connect.check_credentials(row["connector"], credentials)
    sealed = CredentialBox(settings["CREDENTIALS_KEY"]).seal(credentials) if credentials else None
    account_state.reconnect(db, account_id, sealed, now=now(), creator_id=creator_id)
    return refresh.refresh_account(db, account_id, settings, client=client, trigger="reconnect", now=now)
