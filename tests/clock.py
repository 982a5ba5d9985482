"""The tests' clock: the suite runs on Monday 23 November 2026, 12:00 UTC, whatever the
date it is run on (``faketime`` a year either way changes nothing).

Apps get it as ``"CLOCK": NOW`` (``creatorkit.clock``), fake platform servers and the
connectors that talk to them share one ``Clock``; a test that needs time to pass
moves its own ``Clock``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


class Clock:
    """A clock that stands still at ``moment`` until a test moves it."""

    def __init__(self, moment: datetime = NOW):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        """Move the clock on (``advance(seconds=400)``) and return the new moment."""
        self.moment += timedelta(**delta)
        return self.moment
