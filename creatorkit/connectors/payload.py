"""Figures within reason: the one parser of counts, numbers, shares and times that every
API connector and the export files go through.

Platforms and files can send anything: negative followers, NaN, 10^30, a 5,000-digit
number, a timestamp of 1e20, a day after today, audience shares summing to 2.7. Each
parser here takes a raw value (a JSON value, or a cell already read from its locale)
and returns it typed, or raises ``BadValue`` naming the field and the value. API
parsers read through a ``Reader`` (a ``BadPayload`` of their platform); the export
files turn ``BadValue.reason`` into an error at the file's line and column.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from creatorkit.errors import BadPayload
from creatorkit.models import AudienceSlice

#: no platform count comes near: the most viewed channel has some 3·10^11 views, and
#: SQLite's integers end at 9.2·10^18
MAX_COUNT = 10**13
#: watch time in seconds of the largest channel is near 10^14
MAX_NUMBER = 1e15
#: the platforms are younger; later is a corrupted or millisecond timestamp
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
#: token lifetimes (an hour to a year) are far below this
MAX_LIFETIME_S = 2 * 366 * 86400
#: rounded shares (three decimals, a dozen buckets) may overshoot 1 by this much
SHARE_TOLERANCE = 0.02
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
#: longer digit strings are refused before ``int()`` (which refuses 4,300 digits, slowly)
_MAX_DIGITS = 24


class BadValue(ValueError):
    """A value its field cannot hold; ``reason`` completes "<value> ..."."""

    def __init__(self, field: str, value: Any, reason: str):
        self.field, self.value, self.reason = field, value, reason
        super().__init__(f"{field} {shown(value)} {reason}")


def shown(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer of thousands of digits
        return f"<an integer of {value.bit_length()} bits>"
    return text if len(text) <= 60 else text[:57] + "..."


def number(value: Any, field: str, *, signed: bool = False, limit: float = MAX_NUMBER) -> float | None:
    """A finite measure (a JSON number or a plain decimal string); None when absent."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not _DECIMAL.fullmatch(text):
            raise BadValue(field, value, "is not a number")
        parsed = float(text)  # digits beyond float's range give inf: out of range below
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise BadValue(field, value, "is not a finite number")
        parsed = value  # a huge JSON integer is compared as it is: float() would overflow
    else:
        raise BadValue(field, value, "is not a number")
    return float(_bounded(parsed, value, field, signed, limit))


def count(value: Any, field: str, *, signed: bool = False, limit: int = MAX_COUNT,
          text: bool = True) -> int | None:
    """A whole number (JSON integer, integral float, or digit string); None when absent.

    ``text=False`` refuses digit strings: from a platform that sends JSON numbers they
    mean a changed or broken payload."""
    if value is None:
        return None
    if isinstance(value, str) and not text:
        raise BadValue(field, value, "is text, not a JSON number")
    if isinstance(value, str):
        text = value.strip()
        if not _INTEGER.fullmatch(text):
            raise BadValue(field, value, "is not a whole number")
        if len(text.lstrip("+-0")) > _MAX_DIGITS:
            raise BadValue(field, value, f"is out of range (beyond {limit:,.0f})")
        parsed = int(text)
    elif isinstance(value, int) and not isinstance(value, bool):
        parsed = value
    elif isinstance(value, float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise BadValue(field, value, "is not a finite number")
        if value != int(value):
            raise BadValue(field, value, "is not a whole number")
        parsed = int(value)
    else:
        raise BadValue(field, value, "is not a whole number")
    return _bounded(parsed, value, field, signed, limit)


def _bounded(parsed, value: Any, field: str, signed: bool, limit: float):
    if parsed < 0 and not signed:
        raise BadValue(field, value, "is negative")
    if not abs(parsed) <= limit:
        raise BadValue(field, value, f"is out of range (beyond {limit:,.0f})")
    return parsed


def share(value: Any, field: str) -> float | None:
    """A fraction of an audience, 0..1."""
    parsed = number(value, field)
    if parsed is not None and parsed > 1:
        raise BadValue(field, value, "is not a share between 0 and 1")
    return parsed


def instant(value: Any, field: str) -> datetime:
    """An aware UTC time from epoch seconds or ISO-8601 text, between 2000 and 2100."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value) or not EARLIEST.timestamp() <= value < LATEST.timestamp():
            raise BadValue(field, value, "is not a time between 2000 and 2100 (epoch seconds)")
        return datetime.fromtimestamp(value, UTC)
    if not isinstance(value, str):
        raise BadValue(field, value, "is not a time")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadValue(field, value, "is not an ISO-8601 time") from None
    parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    if not EARLIEST <= parsed < LATEST:
        raise BadValue(field, value, "is not a time between 2000 and 2100")
    return parsed


def day(value: date, field: str, *, today: date) -> date:
    """A day that has happened: from 2000 to ``today``."""
    if value > today:
        raise BadValue(field, value.isoformat(), f"is after today ({today.isoformat()})")
    if value < EARLIEST.date():
        raise BadValue(field, value.isoformat(), "is before 2000")
    return value


def audience(slices: Iterable[AudienceSlice], field: str = "audience") -> tuple[AudienceSlice, ...]:
    """Slices with each bucket once and each dimension's shares summing to at most 1."""
    slices = tuple(slices)
    totals: dict[str, float] = defaultdict(float)
    seen: set[tuple[str, str]] = set()
    for s in slices:
        share(s.share, f"{field} {s.dimension} {s.bucket!r}")
        if (s.dimension, s.bucket) in seen:
            raise BadValue(f"{field} {s.dimension}", s.bucket, "is listed twice")
        seen.add((s.dimension, s.bucket))
        totals[s.dimension] += s.share
    for dimension, total in totals.items():
        if total > 1 + SHARE_TOLERANCE:
            raise BadValue(f"{field} {dimension}", round(total, 6),
                           "is the sum of its shares: more than the whole audience")
    return slices


class Reader:
    """The parsers above for one platform's API: a refused value is its ``BadPayload``.

    ``counts_as_text``: the platform sends counts as JSON strings (YouTube's uint64)."""

    def __init__(self, platform: str, *, counts_as_text: bool = False):
        self.platform, self.counts_as_text = platform, counts_as_text

    def count(self, value: Any, field: str, **options: Any) -> int | None:
        return self._checked(count, value, field, text=self.counts_as_text, **options)

    def number(self, value: Any, field: str, **options: Any) -> float | None:
        return self._checked(number, value, field, **options)

    def instant(self, value: Any, field: str) -> datetime:
        return self._checked(instant, value, field)

    def day(self, value: date, field: str, *, today: date) -> date:
        return self._checked(day, value, field, today=today)

    def audience(self, slices: Iterable[AudienceSlice], field: str = "audience") -> tuple[AudienceSlice, ...]:
        return self._checked(audience, slices, field)

    def _checked(self, parse, *args: Any, **options: Any) -> Any:
        try:
            return parse(*args, **options)
        except BadValue as bad:
            raise BadPayload(self.platform, str(bad)) from None
