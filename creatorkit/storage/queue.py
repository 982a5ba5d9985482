"""The due queue: accounts are claimed with a lease, so two workers (threads or
processes sharing the database) never refresh the same account.

A claim is one ``BEGIN IMMEDIATE`` transaction: it reads the rate budgets, picks due
accounts and writes their leases before any other writer can look. A lease is
released in the transaction that stores the refresh's outcome; a worker that dies
leaves leases that simply expire (``lease_expires_at``), and the account, still due,
is claimed again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from creatorkit.storage import iso
from creatorkit.storage.budgets import Budget, allowance

#: statuses the scheduler never retries on its own (reconnect or enable first)
PAUSED_STATUSES = ("auth_expired", "disabled")

DUE_SQL = """
SELECT id, platform, connector FROM accounts
WHERE next_refresh_at <= ? AND status NOT IN ({paused})
  AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
  AND connector NOT IN ({skip}) AND platform NOT IN ({blocked})
ORDER BY next_refresh_at, id
"""


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock at once (``BEGIN IMMEDIATE``).

    A deferred transaction that reads first may fail to upgrade when another
    connection wrote meanwhile; an immediate one waits on the busy timeout instead.
    Inside a transaction already open, it is a savepoint of that one.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.conn.commit()
    except BaseException:
        db.conn.rollback()
        raise


def claim_due(
    db: Database,
    owner: str,
    *,
    now: datetime,
    lease_s: float,
    slots: int,
    batch_sizes: Mapping[str, int],
    skip_connectors: Collection[str] = (),
    budgets: Mapping[str, Budget] | None = None,
) -> list[list[dict[str, Any]]]:
    """Lease due accounts for up to ``slots`` tasks and return the tasks.

    A task is the accounts one thread refreshes together: one account, or up to
    ``batch_sizes[connector]`` accounts of a connector that fetches several at once.
    Accounts of a platform whose budget is spent stay unclaimed and untouched.
    """
    if slots <= 0:
        return []
    with immediate(db):
        room = allowance(db, budgets or {}, now)
        sql = DUE_SQL.format(paused=_marks(PAUSED_STATUSES), skip=_marks(skip_connectors),
                             blocked=_marks(room.blocked_platforms()))
        params = [iso(now), *PAUSED_STATUSES, iso(now), *skip_connectors,
                  *room.blocked_platforms()]
        tasks = _pack(db.query(sql, params), slots, batch_sizes, dict(room.accounts), room.held)
        ids = [row["id"] for task in tasks for row in task]
        if ids:
            db.execute(
                f"UPDATE accounts SET lease_owner = ?, lease_expires_at = ? WHERE id IN ({_marks(ids)})",
                [owner, iso(now + timedelta(seconds=lease_s)), *ids],
            )
    return tasks


def _pack(rows, slots, batch_sizes, room, held) -> list[list[dict[str, Any]]]:
    """Fill at most ``slots`` tasks in due order, batching accounts of one connector."""
    tasks: list[list[dict[str, Any]]] = []
    open_batch: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["id"] in held or room.get(row["platform"], 1) <= 0:
            continue
        size = max(1, batch_sizes.get(row["connector"], 1))
        task = open_batch.get(row["connector"])
        if task is None or len(task) >= size:
            if len(tasks) >= slots:
                if all(len(t) >= max(1, batch_sizes.get(c, 1)) for c, t in open_batch.items()):
                    break
                continue
            task = open_batch[row["connector"]] = []
            tasks.append(task)
        task.append(row)
        if row["platform"] in room:
            room[row["platform"]] -= 1
    return tasks


def take(db: Database, account_ids: Collection[int], owner: str, *, now: datetime,
         lease_s: float) -> list[int]:
    """Lease these accounts, due or not, where no one else holds them (a manual
    refresh); returns the ones now held by ``owner``."""
    if not account_ids:
        return []
    with immediate(db):
        db.execute(
            "UPDATE accounts SET lease_owner = ?, lease_expires_at = ? WHERE id IN "
            f"({_marks(account_ids)}) AND (lease_expires_at IS NULL OR lease_expires_at <= ?)",
            [owner, iso(now + timedelta(seconds=lease_s)), *account_ids, iso(now)],
        )
        held = {row[0] for row in db.execute(
            f"SELECT id FROM accounts WHERE lease_owner = ? AND id IN ({_marks(account_ids)})",
            [owner, *account_ids])}
    return [account_id for account_id in account_ids if account_id in held]


def holders(db: Database, account_ids: Collection[int]) -> dict[int, str]:
    """account id → the owner of its lease, for the accounts that have one."""
    return {row[0]: row[1] for row in db.execute(
        f"SELECT id, lease_owner FROM accounts WHERE lease_owner IS NOT NULL AND id IN "
        f"({_marks(account_ids)})", list(account_ids))}


def release(db: Database, account_ids: Collection[int], owner: str) -> None:
    """Give back leases this owner holds (a no-op for ones already released)."""
    if account_ids:
        db.execute(
            "UPDATE accounts SET lease_owner = NULL, lease_expires_at = NULL "
            f"WHERE lease_owner = ? AND id IN ({_marks(account_ids)})",
            [owner, *account_ids],
        )


def release_owner(db: Database, owner: str) -> int:
    """Give back every lease of ``owner`` (clean shutdown); returns how many."""
    return db.execute(
        "UPDATE accounts SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?",
        [owner],
    ).rowcount


def renew(db: Database, owner: str, *, now: datetime, lease_s: float) -> int:
    """Extend the leases of a live owner, so only a dead owner's leases expire."""
    return db.execute(
        "UPDATE accounts SET lease_expires_at = ? WHERE lease_owner = ?",
        [iso(now + timedelta(seconds=lease_s)), owner],
    ).rowcount


def _marks(values: Collection[Any]) -> str:
    """Placeholders for an IN list; SQLite accepts the empty list ``IN ()``."""
    return ", ".join("?" * len(values))
