"""Cell values of export files: numbers, shares, durations and localized dates.

Each parser takes one raw cell (text from a CSV, or the typed value of an XLSX cell)
and returns a value or raises ``BadCell`` with the reason; the table layer adds the
file, line and column. Locale forms are read here; whether a figure is within reason
(not negative, not NaN, not 10^30) is decided by ``connectors.payload``, as for the
APIs. Empty cells and TikTok's literal ``undefined`` are ``None`` (the file gives
nothing), never 0. Dates without a year (TikTok) come back as ``MonthDay`` and are
resolved against a later anchor day with ``on_or_before``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from creatorkit.connectors import payload

MISSING = frozenset({"", "undefined", "-", "—"})

#: month names and abbreviations (en, es, fr, de, pt, it, nl, sv), accents stripped
MONTH_NAMES = (
    "january jan enero ene janvier janv januar janner janeiro gennaio gen januari",
    "february feb febrero fevrier fevr fev februar fevereiro febbraio februari",
    "march mar marzo mars marz mrz marco maart mrt",
    "april apr abril avril avr aprile abr",
    "may mayo mai maio maggio mag mei maj",
    "june jun junio juin juni junho giugno giu",
    "july jul julio juillet juil juli julho luglio lug",
    "august aug agosto ago aout augustus augusti",
    "september sep sept septiembre setiembre set septembre setembro settembre",
    "october oct octubre octobre oktober okt outubro out ottobre ott",
    "november nov noviembre novembre novembro",
    "december dec diciembre dic decembre dezember dez dezembro dicembre",
)
MONTHS = {name: number for number, names in enumerate(MONTH_NAMES, 1) for name in names.split()}
#: Vietnamese "tháng <n>" month words, accents stripped
VI_MONTHS = {name: number for number, name in enumerate(
    ("mot", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi", "muoi mot", "muoi hai"), 1)}
FILLER_WORDS = frozenset({"de", "del", "di", "du", "of", "the", "er"})

_NUMERIC_DATE = re.compile(r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*m?\.?$", re.IGNORECASE)
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")


class BadCell(Exception):
    """A cell that does not hold what its column promises; ``reason`` completes "'raw' ..."."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class MonthDay(NamedTuple):
    """A day of a date printed without its year."""

    month: int
    day: int


#: the buckets an imported audience dimension may hold, when the set is closed (ages and
#: countries are checked by their patterns); anything else is refused, never shown
AUDIENCE_BUCKETS = {"gender": ("female", "male", "other")}


def audience_bucket(dimension: str, bucket: str) -> str:
    """``bucket`` if ``dimension`` may hold it, else BadCell."""
    known = AUDIENCE_BUCKETS.get(dimension)
    if known is not None and bucket not in known:
        raise BadCell(f"is not one of {', '.join(known)}")
    return bucket


def text(raw: Any) -> str | None:
    value = "" if raw is None else str(raw).strip()
    return value or None


def filled(raw: Any) -> str:
    """Text that must be there (an id, a link)."""
    value = text(raw)
    if value is None:
        raise BadCell("is empty")
    return value


def https_url(*hosts: str) -> Callable[[Any], str]:
    """A cell parser for links to the platform's own site: https on one of ``hosts`` (or
    a subdomain), no credentials or port; the canonical form is stored (no fragment)."""

    def parse(raw: Any) -> str:
        value = filled(raw)
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
        if parts.scheme.lower() != "https" or parts.username or parts.port or not any(
                host == h or host.endswith("." + h) for h in hosts):
            raise BadCell(f"is not an https link on {' or '.join(hosts)}")
        return urlunsplit(("https", host, parts.path, parts.query, ""))

    return parse


def is_missing(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip().casefold() in MISSING)


def number(raw: Any, *, whole: bool = False, signed: bool = False) -> float | int | None:
    """A count (``whole``) or a measure; thousands separators and locale decimals allowed.

    Only ``signed`` columns (net subscribers, follower differences) may be negative."""
    if is_missing(raw):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise BadCell("is not a number")
    value = raw if not isinstance(raw, str) else _parse_number(raw.strip(), whole)
    try:
        if whole:
            return payload.count(value, "cell", signed=signed)
        return payload.number(value, "cell", signed=signed)
    except payload.BadValue as bad:
        raise BadCell(bad.reason) from None


def count(raw: Any) -> int | None:
    return number(raw, whole=True)


def signed_count(raw: Any) -> int | None:
    """A count that may be negative: a net change."""
    return number(raw, whole=True, signed=True)


def _parse_number(raw: str, whole: bool) -> str:
    """Locale digits (``1.204,5``, ``1 204``, ``−3``) → plain decimal text (``1204.5``)."""
    body = re.sub(r"[\s\u00a0\u202f']", "", raw).replace("\u2212", "-")
    sign = -1 if body.startswith("-") else 1
    body = body.lstrip("+-")
    if not re.fullmatch(r"\d[\d.,]*", body) or body[-1] in ".,":
        raise BadCell("is not a number")
    if "," in body and "." in body:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        grouped, _, fraction = body.rpartition(decimal)
    elif body.count(",") + body.count(".") > 1:
        grouped, fraction = body, ""
    elif "," in body or "." in body:
        head, tail = re.split(r"[.,]", body)
        thousands = len(tail) == 3 and (whole or "," in body)
        grouped, fraction = (body, "") if thousands else (head, tail)
    else:
        grouped, fraction = body, ""
    if re.search(r"[.,]", grouped) and not _GROUPED.fullmatch(grouped):
        raise BadCell("is not a number (misplaced thousands separator)")
    digits = re.sub(r"[.,]", "", grouped)
    if whole and not fraction.strip("0"):
        fraction = ""  # 12.0 is a whole number
    return ("-" if sign < 0 else "") + digits + (f".{fraction}" if fraction else "")


def percent(raw: Any) -> float | None:
    """A "(%)" column: ``5.9`` or ``5.9%`` → 0.059."""
    if isinstance(raw, str):
        raw = raw.strip().removesuffix("%")
    value = number(raw)
    return None if value is None else round(value / 100, 12)


def share(raw: Any) -> float | None:
    """A fraction 0..1 (``0.59``); ``59%`` is read as 0.59."""
    value = percent(raw) if isinstance(raw, str) and raw.strip().endswith("%") else number(raw)
    try:
        return payload.share(value, "cell")
    except payload.BadValue as bad:
        raise BadCell(bad.reason) from None


def duration(raw: Any) -> float | None:
    """Seconds, from ``H:MM:SS``, ``M:SS`` or a plain number of seconds."""
    if isinstance(raw, timedelta):
        return number(raw.total_seconds())
    if isinstance(raw, time):
        return float(raw.hour * 3600 + raw.minute * 60 + raw.second)
    if isinstance(raw, str) and ":" in raw:
        parts = raw.strip().split(":")
        if len(parts) > 3 or not parts[0].isdigit() or \
                not all(re.fullmatch(r"[0-5]?\d", p) for p in parts[1:]):
            raise BadCell("is not a duration (H:MM:SS)")
        if len(parts[0]) > 9:
            raise BadCell("is not a duration (H:MM:SS)")
        seconds = 0
        for part in parts:
            seconds = seconds * 60 + int(part)
        return number(seconds)
    return number(raw)


def hour(raw: Any) -> int:
    value = count(raw)
    if value is None or not 0 <= value <= 23:
        raise BadCell("is not an hour of the day (0-23)")
    return value


def day(raw: Any, *, order: str = "mdy") -> date | MonthDay:
    """A calendar day; ``MonthDay`` when the file prints no year."""
    when, _ = moment(raw, order=order)
    return when


def moment(raw: Any, *, order: str = "mdy") -> tuple[date | MonthDay, time | None]:
    """A day and, when the cell has one, a time of day.

    ``order`` ("mdy" or "dmy") reads ambiguous numeric dates like ``11/02/2026``;
    dotted dates (``02.11.2026``) are always day first, ISO dates year first.
    """
    if isinstance(raw, datetime):
        return raw.date(), raw.time()
    if isinstance(raw, date):
        return raw, None
    value = text(raw)
    if value is None or not isinstance(raw, str):
        raise BadCell("is not a date")
    clock = _TIME.search(value)
    when = _numeric_date(value, order) or _worded_date(value[: clock.start()] if clock else value)
    if when is None:
        raise BadCell("is not a date")
    return when, (_clock(clock) if clock else None)


def _numeric_date(value: str, order: str) -> date | None:
    found = _NUMERIC_DATE.match(value)
    if not found:
        return None
    first, separator, middle, last = found.groups()
    if len(first) == 4:
        parts = (int(first), int(middle), int(last))
    else:
        year = int(last) + (2000 if len(last) == 2 else 0)
        day_first = separator == "." or order == "dmy"
        month, dom = (int(middle), int(first)) if day_first else (int(first), int(middle))
        parts = (year, month, dom)
    try:
        return date(*parts)
    except ValueError:
        raise BadCell("is not a valid date") from None


def _worded_date(value: str) -> date | MonthDay | None:
    plain = unicodedata.normalize("NFKD", value.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).replace("đ", "d")
    tokens = [t for t in re.split(r"[\s,.]+", plain) if t and t not in FILLER_WORDS]
    tokens = [t.removesuffix("er") if re.fullmatch(r"\d+er", t) else t for t in tokens]
    numbers = [t for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit()]
    if words[:1] == ["thang"]:
        month = VI_MONTHS.get(" ".join(words[1:]))
    elif len(words) == 1:
        month = MONTHS.get(words[0])
    else:
        month = None
    days = [int(n) for n in numbers if len(n) <= 2]
    years = [int(n) for n in numbers if len(n) == 4]
    if month is None or len(days) != 1 or len(years) > 1 or len(numbers) != len(days) + len(years):
        return None
    try:
        return date(years[0], month, days[0]) if years else _month_day(month, days[0])
    except ValueError:
        raise BadCell("is not a valid date") from None


def _month_day(month: int, dom: int) -> MonthDay:
    date(2000, month, dom)  # a leap year: 29 February exists, 30 February does not
    return MonthDay(month, dom)


def _clock(found: re.Match) -> time:
    hours, minutes, seconds, meridiem = found.groups()
    hours = int(hours)
    if meridiem:
        hours = hours % 12 + (12 if meridiem.lower() == "p" else 0)
    if hours > 23 or int(minutes) > 59:
        raise BadCell("is not a valid time of day")
    return time(hours, int(minutes), int(seconds or 0))


def on_or_before(when: date | MonthDay, anchor: date) -> date:
    """``when`` itself, or the latest day with that month and day not after ``anchor``."""
    if isinstance(when, date):
        return when
    year = anchor.year
    while True:
        try:
            candidate = date(year, when.month, when.day)
        except ValueError:  # 29 February outside a leap year
            candidate = None
        if candidate is not None and candidate <= anchor:
            return candidate
        year -= 1
