"""A refresh asked for by hand (``creatorkit refresh``), never beside a worker's.

A manual refresh takes each account's lease exactly as a worker does, so the two never
fetch one account at once: TikTok's refresh tokens are single-use, and two refreshes
racing on one would lock the account out. An account a worker holds is waited for
(``MANUAL_REFRESH_WAIT_S``) and then refreshed with the credentials the worker stored;
one still held after the wait is reported as busy, and nothing about it is recorded.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from creatorkit.clock import clock_of
from creatorkit.ingest.refresh import RefreshResult, refresh_accounts
from creatorkit.storage import accounts as account_store
from creatorkit.storage import queue

#: seconds between two looks at a lease someone else holds
POLL_S = 0.5


def refresh_now(
    db: Database,
    account_ids: Iterable[int],
    settings: Mapping[str, Any],
    *,
    trigger: str = "manual",
    now: Callable[[], datetime] | None = None,
    on_done: Callable[[RefreshResult], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[RefreshResult]:
    """Refresh these accounts under their leases, in the order given (``now``: the
    ``CLOCK`` of ``settings`` unless given)."""
    now = now or clock_of(settings)
    owner = f"manual:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    lease_s = float(settings.get("REFRESH_LEASE_S", 15 * 60))
    wait_s = float(settings.get("MANUAL_REFRESH_WAIT_S", 120))
    give_up = time.monotonic() + wait_s
    ordered = list(dict.fromkeys(account_ids))
    pending, results = ordered, {}
    try:
        while pending:
            taken = queue.take(db, pending, owner, now=now(), lease_s=lease_s)
            for result in refresh_accounts(db, taken, settings, trigger=trigger, now=now,
                                           on_done=on_done, lease_owner=owner):
                results[result.account_id] = result
            pending = [account_id for account_id in pending if account_id not in results]
            if pending and time.monotonic() >= give_up:
                for result in _busy(db, pending, wait_s):
                    results[result.account_id] = result
                    if on_done:
                        on_done(result)
                break
            if pending:
                sleep(POLL_S)
    finally:
        queue.release_owner(db, owner)  # leases of a refresh cut short (Ctrl+C, a crash)
    return [results[account_id] for account_id in ordered]


def _busy(db: Database, account_ids: list[int], wait_s: float) -> list[RefreshResult]:
    holders = queue.holders(db, account_ids)
    results = []
    for account_id in account_ids:
        row = account_store.get_account_row(db, account_id)
        message = (f"{row['handle']}/{row['platform']} (account {account_id}) is being refreshed by "
                   f"{holders.get(account_id, 'another process')}; still busy after {wait_s:g} s: "
                   "try again once it is done (see `creatorkit status`).")
        results.append(RefreshResult(account_id, row["handle"], row["platform"], False,
                                     error_class="busy", error_message=message))
    return results
