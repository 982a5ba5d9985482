"""Refresh: fetch accounts through their connectors and store what comes back.

The only module that imports both connectors and storage. Each account's harvest is
written in one transaction together with its account row, its ``refresh_runs`` row
and the creator's ``data_version``, so a failure at any point leaves the previous
data exactly as it was. Failures are recorded, never lost, and set the next attempt:

* success → the account's interval;
* transient error → exponential backoff, capped;
* rate limited / quota exhausted → the platform's retry-after or reset time, capped
  like the backoff; a wait for a budget, not a failure (``failures`` stays as it was);
* auth error → no automatic retry (``auth_expired`` until reconnected).

When even recording a failure fails (a full disk), the failure is logged and the
account's lease left to expire, and the other accounts go on.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from creatorkit.clock import Clock, clock_of
from creatorkit.connectors import get_connector, registered
from creatorkit.connectors.http import HttpClient
from creatorkit.errors import (
    AuthError,
    ConnectorError,
    QuotaExhausted,
    RateLimited,
)
from creatorkit.models import Account, Harvest
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import history, queue, runs
from creatorkit.storage.credentials import CredentialBox

log = logging.getLogger(__name__)

#: the backoff doubles this many times at most (2 ** failures overflows a float)
MAX_DOUBLINGS = 40
#: no retry sooner than this after a rate limit or a spent quota
MIN_WAIT_S = 60.0


@dataclass(frozen=True)
class RefreshResult:
    account_id: int
    handle: str
    platform: str
    ok: bool
    rows_written: int = 0
    calls: int = 0
    error_class: str | None = None
    error_message: str | None = None
    next_refresh_at: datetime | None = None


def refresh_account(
    db: Database,
    account_id: int,
    settings: Mapping[str, Any],
    *,
    client: HttpClient | None = None,
    trigger: str = "manual",
    now: Clock | None = None,
    lease_owner: str | None = None,
) -> RefreshResult:
    return refresh_accounts(db, [account_id], settings, client=client, trigger=trigger, now=now,
                            lease_owner=lease_owner)[0]


def refresh_accounts(
    db: Database,
    account_ids: Iterable[int],
    settings: Mapping[str, Any],
    *,
    client: HttpClient | None = None,
    trigger: str = "manual",
    now: Clock | None = None,
    on_done: Callable[[RefreshResult], None] | None = None,
    lease_owner: str | None = None,
) -> list[RefreshResult]:
    """Refresh accounts, batching those whose connector can fetch several at once.

    With ``lease_owner`` (the scheduler), each account's lease is given back in the
    transaction that stores its outcome. ``now`` stamps the runs and sets the next
    attempts (default: the ``CLOCK`` of ``settings``, which the connectors read too).
    """
    now = now or clock_of(settings)
    box = credential_box(settings)
    owned_client = client is None
    client = client or HttpClient.from_settings(settings)
    by_connector: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for account_id in account_ids:
        row = account_store.get_account_row(db, account_id)
        by_connector[row["connector"]].append(row)
    results: list[RefreshResult] = []
    store = _Store(db, box, settings, trigger, lease_owner)
    try:
        for connector_name, rows in by_connector.items():
            for result in _refresh_group(store, connector_name, rows, client, now):
                results.append(result)
                if on_done:
                    on_done(result)
    finally:
        if owned_client:
            client.close()
    return results


@dataclass(frozen=True)
class _Store:
    """What storing an outcome needs besides the outcome itself."""

    db: Database
    box: CredentialBox | None
    settings: Mapping[str, Any]
    trigger: str
    lease_owner: str | None


def _refresh_group(store, connector_name, rows, client, now):
    """One connector's accounts, in batches of its size; a connector that cannot even
    be built (unknown name, missing setting) is recorded as every account's failure."""
    started = now()
    try:
        connector = get_connector(connector_name)(store.settings)
    except Exception as exc:
        for row in rows:
            yield _store_failure(store, row, exc, started, now(), 0)
        return
    for start in range(0, len(rows), connector.batch_size):
        yield from _refresh_batch(store, connector, rows[start:start + connector.batch_size],
                                  client, now)


def _refresh_batch(store, connector, rows, client, now):
    box = store.box
    started = now()
    client.deadline = time.monotonic() + float(store.settings.get("REFRESH_DEADLINE_S", 300))
    calls_before = client.calls
    outcomes: dict[int, Harvest | Exception] = {}
    accounts: list[Account] = []
    for row in rows:
        try:
            accounts.append(account_store.to_model(row, box))
        except Exception as exc:  # undecryptable credentials: record, keep going
            outcomes[row["id"]] = exc
    since = None
    try:
        outcomes.update(connector.fetch_many(accounts, client, since))
    except Exception as exc:
        log.exception("connector %s failed on a batch of %d", connector.name, len(accounts))
        outcomes.update({account.id: exc for account in accounts})
    spent = _failed_shares(rows, outcomes, client.calls - calls_before)
    for row in rows:
        outcome = outcomes.get(row["id"]) or ConnectorError(row["platform"], "no result returned")
        yield _store_outcome(store, row, outcome, started, now(), spent.get(row["id"], 0))


def _failed_shares(rows, outcomes, calls: int) -> dict[int, int]:
    """The calls of a batch its harvests did not account for, split between the other
    accounts in whole calls that add up (so a failed batch still spends the budget)."""
    failed = [row["id"] for row in rows if not isinstance(outcomes.get(row["id"]), Harvest)]
    left = max(0, calls - sum(h.calls for h in outcomes.values() if isinstance(h, Harvest)))
    each, extra = divmod(left, len(failed) or 1)
    return {account_id: each + (n < extra) for n, account_id in enumerate(failed)}


def _store_outcome(store, row, outcome, started, finished, calls):
    interval = timedelta(seconds=row["refresh_interval_s"]
                         or int(store.settings.get("DEFAULT_REFRESH_INTERVAL_S", 6 * 3600)))
    if isinstance(outcome, Harvest):
        try:
            return _store_harvest(store, row, outcome, started, finished, finished + interval,
                                  calls)
        except Exception as exc:
            log.exception("storing the harvest of account %s failed", row["id"])
            outcome = exc
    return _store_failure(store, row, outcome, started, finished, calls)


def _store_harvest(store, row, harvest, started, finished, next_at, calls):
    db, box = store.db, store.box
    sealed = box.seal(harvest.credentials) if harvest.credentials and box else None
    calls = harvest.calls or calls
    with queue.immediate(db):
        written = history.write_harvest(db, row["id"], harvest, now=finished)
        account_store.record_success(db, row["id"], harvest.profile, now=finished,
                                     next_refresh_at=next_at, sealed_credentials=sealed)
        creator_store.bump_data_version(db, row["creator_id"])
        runs.record_run(db, row["id"], trigger=store.trigger, started_at=started,
                        finished_at=finished, status="ok", http_calls=calls,
                        quota_units=harvest.quota_units, rows_written=written)
        _release(store, row)
    after_store(db, row["creator_id"], store.settings, finished)
    return RefreshResult(row["id"], row["handle"], row["platform"], True, written, calls,
                         next_refresh_at=next_at)


def after_store(db: Database, creator_id: int, settings: Mapping[str, Any], finished: datetime) -> None:
    """Tell the layers above that a creator's stored data changed (``AFTER_STORE``).

    The app wires the directory summary here (``creatorkit.app``), so ingestion knows
    nothing of kits. Called after the harvest's commit, not inside it: building a kit
    view takes tens of milliseconds that would otherwise hold SQLite's write lock. A
    failure is logged and leaves the harvest stored.
    """
    hook = settings.get("AFTER_STORE")
    if hook is None:
        return
    try:
        hook(db, creator_id, settings, finished)
    except Exception:
        log.exception("after storing data of creator %s, AFTER_STORE failed", creator_id)


def _store_failure(store, row, exc, started, finished, calls):
    db = store.db
    error_class = getattr(exc, "code", "internal")
    message = str(exc) or exc.__class__.__name__
    status, next_at = next_attempt(exc, finished, row["failures"] + 1, store.settings)
    rotated = getattr(exc, "credentials", None)
    try:
        with queue.immediate(db):
            if rotated and store.box:  # tokens that changed on use must outlive the failure
                account_store.store_credentials(db, row["id"], store.box.seal(rotated))
            account_store.record_failure(db, row["id"], now=finished, status=status,
                                         error_class=error_class, message=message,
                                         next_refresh_at=next_at,
                                         counted=not isinstance(exc, RateLimited | QuotaExhausted))
            runs.record_run(db, row["id"], trigger=store.trigger, started_at=started,
                            finished_at=finished, status="error", error_class=error_class,
                            error_message=message, http_calls=calls)
            _release(store, row)
    except sqlite3.Error as db_exc:
        log.error("refresh of %s/%s failed (%s) and could not be recorded: %s", row["handle"],
                  row["platform"], message, db_exc)
        return RefreshResult(row["id"], row["handle"], row["platform"], False, 0, calls,
                             error_class, f"{message} (not recorded: {db_exc})", next_at)
    log.warning("refresh of %s/%s failed: %s", row["handle"], row["platform"], message)
    return RefreshResult(row["id"], row["handle"], row["platform"], False, 0, calls,
                         error_class, message, next_at)


def next_attempt(
    exc: Exception, now: datetime, failures: int, settings: Mapping[str, Any]
) -> tuple[str, datetime | None]:
    """(status, next attempt) after a failure, following the failure policy."""
    if isinstance(exc, AuthError):
        return "auth_expired", None
    base = float(settings.get("REFRESH_BACKOFF_BASE_S", 300))
    cap = float(settings.get("REFRESH_BACKOFF_CAP_S", 24 * 3600))
    wait = min(cap, base * 2 ** min(max(failures - 1, 0), MAX_DOUBLINGS))
    if isinstance(exc, RateLimited) and exc.retry_after is not None:
        asked = exc.retry_after if math.isfinite(exc.retry_after) else cap
        wait = min(cap, max(asked, MIN_WAIT_S))
    elif isinstance(exc, QuotaExhausted) and exc.reset_at is not None:
        asked = (exc.reset_at - now).total_seconds()
        wait = min(cap, max(asked, MIN_WAIT_S))
    return "error", now + timedelta(seconds=wait)


def _release(store: _Store, row: dict[str, Any]) -> None:
    if store.lease_owner is not None:
        queue.release(store.db, [row["id"]], store.lease_owner)


def scheduling_traits() -> tuple[dict[str, int], frozenset[str]]:
    """What the scheduler needs to know of the connectors without importing them: each
    one's batch size, and the ones it never runs (file imports have nothing to fetch)."""
    connectors = registered()
    batch_sizes = {name: cls.batch_size for name, cls in connectors.items()}
    imports = frozenset(name for name, cls in connectors.items() if cls.source == "import")
    return batch_sizes, imports


def split_import_only(db: Database, account_ids: Iterable[int]) -> tuple[list[int], list[int]]:
    """(accounts a refresh can fetch, import-only accounts): the second have nothing to
    fetch and are filled by ``creatorkit import``, so a refresh skips them."""
    _, imports = scheduling_traits()
    fetchable, import_only = [], []
    for account_id in account_ids:
        connector = account_store.get_account_row(db, account_id)["connector"]
        (import_only if connector in imports else fetchable).append(account_id)
    return fetchable, import_only


def credential_box(settings: Mapping[str, Any]) -> CredentialBox | None:
    key = settings.get("CREDENTIALS_KEY")
    return CredentialBox(key) if key else None
