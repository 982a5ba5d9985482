"""The app's one clock: what "now" and "today" are for figures, refreshes, caching
validators, the analytics day and the demo world.

Everything that reads the time for those takes it from the ``CLOCK`` setting through
``clock_of(settings)`` (or ``now(settings)``) instead of calling ``datetime.now``:

* unset (the default): the real UTC time;
* a moment, as an aware ``datetime`` or ISO-8601 text
  (``CREATORKIT_CLOCK=2026-11-23T12:00:00+00:00``): time stands still there, the way
  tests and reproducible demos pin it;
* a callable returning an aware ``datetime`` (``test_config`` only): a clock the
  caller moves.

Stamps that storage writes on its own (a row's ``created_at``, a new account's first
due time) stay on the real time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The real time, in UTC."""
    return datetime.now(UTC)


def fixed(moment: datetime | str) -> Clock:
    """A clock standing still at ``moment`` (naive moments are read as UTC)."""
    at = moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)
    at = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    return lambda: at


def clock_of(settings: Mapping[str, Any]) -> Clock:
    """The clock the ``CLOCK`` setting names (the real UTC time when it is unset)."""
    value = settings.get("CLOCK")
    if value is None or value == "":
        return utcnow
    if callable(value):
        return value
    if isinstance(value, datetime | str):
        return fixed(value)
    raise TypeError(f"CLOCK must be a moment (ISO-8601 or datetime) or a callable, not {value!r}")


def now(settings: Mapping[str, Any]) -> datetime:
    """The current moment on the clock of ``settings``."""
    return clock_of(settings)()
