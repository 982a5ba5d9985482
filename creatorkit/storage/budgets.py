"""Per-platform rate budgets, counted from what was actually spent.

Spending is read from ``refresh_runs`` (HTTP calls and quota units of the runs that
finished inside each rolling window) plus an estimate for every account under a live
lease (refreshes in flight, in any worker process). Rolling windows are used because
a quota that holds over every rolling 24 hours also holds over the platform's own
quota day, whatever its time zone.

A spent budget does not fail anything: the due queue simply leaves the platform's
accounts unclaimed until the window has room again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from creatorkit.models import PLATFORMS
from creatorkit.storage import iso


@dataclass(frozen=True)
class Budget:
    """Limits of one platform; ``None`` means no limit of that kind."""

    platform: str
    per_minute: int | None = None  # calls per rolling minute, whole app
    per_day: int | None = None  # quota units (calls when the platform has none) per rolling 24 h
    per_account_hour: int | None = None  # calls per rolling hour for one account's token


#: each limit and the setting that overrides it (``{P}`` is the platform, upper case)
SETTING_KEYS = (
    ("per_minute", "{P}_RATE_PER_MIN"),
    ("per_day", "{P}_DAILY_QUOTA"),
    ("per_account_hour", "{P}_CALLS_PER_ACCOUNT_HOUR"),
)

#: the platforms' published limits, used while a setting does not say otherwise
PUBLISHED = {
    "youtube": Budget("youtube", per_day=10_000),
    "twitch": Budget("twitch", per_minute=800),
    "tiktok": Budget("tiktok", per_minute=600),
    "instagram": Budget("instagram", per_account_hour=200),
}


def budgets_from_settings(settings: Mapping[str, Any]) -> dict[str, Budget]:
    budgets = {}
    for platform in PLATFORMS:
        published = PUBLISHED.get(platform, Budget(platform))
        limits = {}
        for attribute, key in SETTING_KEYS:
            value = settings.get(key.format(P=platform.upper()), getattr(published, attribute))
            limits[attribute] = None if value in (None, "") else int(value)
        budgets[platform] = Budget(platform, **limits)
    return budgets


@dataclass(frozen=True)
class Allowance:
    """What may start now: accounts per platform (absent: no limit) and accounts held back
    because their own hourly budget is spent."""

    accounts: dict[str, int] = field(default_factory=dict)
    held: frozenset[int] = frozenset()

    def blocked_platforms(self) -> list[str]:
        return sorted(platform for platform, left in self.accounts.items() if left <= 0)


USAGE_SQL = """
SELECT a.platform, COUNT(*) AS runs, SUM(r.http_calls) AS calls_day,
       SUM(CASE WHEN r.quota_units > 0 THEN r.quota_units ELSE r.http_calls END) AS units_day,
       SUM(CASE WHEN r.finished_at > :minute THEN r.http_calls ELSE 0 END) AS calls_minute
FROM refresh_runs r JOIN accounts a ON a.id = r.account_id
WHERE r.finished_at > :day
GROUP BY a.platform
"""


def allowance(db: Database, budgets: Mapping[str, Budget], now: datetime) -> Allowance:
    """How many accounts of each platform may start at ``now`` without overspending."""
    usage = {row["platform"]: row for row in db.query(USAGE_SQL, {
        "minute": iso(now - timedelta(minutes=1)), "day": iso(now - timedelta(days=1))})}
    in_flight = dict(db.execute(
        "SELECT platform, COUNT(*) FROM accounts WHERE lease_expires_at > ? GROUP BY platform",
        [iso(now)]).fetchall())
    paused = {row[0] for row in db.execute(
        "SELECT DISTINCT platform FROM accounts WHERE status = 'error' "
        "AND last_error = 'quota_exhausted' AND next_refresh_at > ?", [iso(now)])}
    accounts: dict[str, int] = {}
    held: set[int] = set()
    for platform, budget in budgets.items():
        row = usage.get(platform) or {"runs": 0, "calls_day": 0, "units_day": 0, "calls_minute": 0}
        calls_each = max(1.0, row["calls_day"] / row["runs"]) if row["runs"] else 1.0
        units_each = max(1.0, row["units_day"] / row["runs"]) if row["runs"] else 1.0
        flying = in_flight.get(platform, 0)
        limits = [
            _room(budget.per_minute, row["calls_minute"], flying, calls_each),
            _room(budget.per_day, row["units_day"], flying, units_each),
            0 if platform in paused else None,
        ]
        known = [limit for limit in limits if limit is not None]
        if known:
            accounts[platform] = min(known)
        if budget.per_account_hour is not None:
            held |= _over_hourly(db, platform, budget.per_account_hour, calls_each, now)
    return Allowance(accounts, frozenset(held))


def _room(limit: int | None, spent: float, flying: int, each: float) -> int | None:
    """Accounts that fit in what is left of one limit, after the ones in flight."""
    if limit is None:
        return None
    return max(0, math.floor((limit - spent - flying * each) / each))


def _over_hourly(db: Database, platform: str, limit: int, each: float, now: datetime) -> set[int]:
    rows = db.execute(
        "SELECT r.account_id FROM refresh_runs r JOIN accounts a ON a.id = r.account_id "
        "WHERE a.platform = ? AND r.finished_at > ? GROUP BY r.account_id "
        "HAVING SUM(r.http_calls) + ? > ?",
        [platform, iso(now - timedelta(hours=1)), each, limit],
    )
    return {row[0] for row in rows}
