"""Directory filters from a query string (the page's GET form and the JSON API share it).

Anything a visitor can type is checked here, so a bad value is a clear 400 naming the
parameter, never a 500. Rates and shares are given in percent (``er_min=2.5``) and
become fractions; follower counts accept ``12k`` and ``1.5m``. A comma is refused
rather than guessed (``1,500`` is 1500 in English and 1.5 in French).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from werkzeug.datastructures import MultiDict

from creatorkit import kpi
from creatorkit.errors import InputError
from creatorkit.kit.summary import VERDICTS
from creatorkit.models import PLATFORMS
from creatorkit.storage import directory, iso
from creatorkit.storage import directory_search as search

PER_PAGE = 24
MAX_PER_PAGE = 100
MAX_QUERY = 200
FRESHNESS_DAYS = (1, 7, 30, 90)
TIERS = tuple(name for name, _, _ in kpi.TIER_SCHEMES["default"])
SUFFIXES = {"k": 1e3, "m": 1e6}
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
BUCKET_RE = re.compile(r"^[\w+\- ]{1,20}$")
#: audience dimension → how its bucket is written (countries upper case, genders lower case)
AUDIENCE_CASE = {"country": str.upper, "age": str.strip, "gender": str.lower}


@dataclass(frozen=True)
class Query:
    filters: search.Filters
    page: int
    per_page: int


def _text(args: MultiDict, name: str) -> str:
    return (args.get(name) or "").strip()


def _number(args: MultiDict, name: str, low: float, high: float, *, suffixes: bool = False,
            whole: bool = False) -> float | None:
    raw = _text(args, name).lower().replace(" ", "").replace("_", "")
    if not raw:
        return None
    scale = SUFFIXES.get(raw[-1], 1) if suffixes else 1
    try:
        value = float(raw[:-1] if scale != 1 else raw) * scale
    except ValueError:
        raise InputError(f"{name} must be a number, not {raw[:20]!r}.") from None
    if not math.isfinite(value) or not low <= value <= high or (whole and value != int(value)):
        raise InputError(f"{name} must be a{' whole' if whole else ''} number between {low:g} and {high:g}.")
    return value


def _percent(args: MultiDict, name: str) -> float | None:
    value = _number(args, name, 0, 100)
    return None if value is None else value / 100


def _choice(args: MultiDict, name: str, allowed, default: str | None = None) -> str | None:
    value = _text(args, name).lower() or default
    if value is not None and value not in allowed:
        raise InputError(f"Unknown {name} {value[:20]!r}; choose one of {', '.join(allowed)}.")
    return value


def _choices(args: MultiDict, name: str, allowed) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(v.strip().lower() for v in args.getlist(name) if v.strip()))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InputError(f"Unknown {name} {unknown[0][:20]!r}; choose from {', '.join(allowed)}.")
    return values


def _pattern(args: MultiDict, name: str, pattern: re.Pattern, case=str.strip, what: str = "") -> str | None:
    value = case(_text(args, name))
    if value and not pattern.match(value):
        raise InputError(f"{name} {value[:20]!r} is not valid{what}.")
    return value or None


def _audience(args: MultiDict) -> tuple[search.AudienceFilter, ...]:
    wanted = []
    for dimension, case in AUDIENCE_CASE.items():
        bucket = _pattern(args, f"audience_{dimension}", BUCKET_RE, case)
        share = _percent(args, f"audience_{dimension}_min")
        if share is not None and bucket is None:
            raise InputError(f"audience_{dimension}_min needs audience_{dimension} (which {dimension}?).")
        if bucket is not None:
            wanted.append(search.AudienceFilter(dimension, bucket, share or 0.0))
    return tuple(wanted)


def parse(args: MultiDict, now: datetime) -> Query:
    """The filters, page and page size of a directory request, or InputError."""
    q = _text(args, "q")
    if len(q) > MAX_QUERY:
        raise InputError(f"The search text is too long ({len(q)} characters; at most {MAX_QUERY}).")
    fresh = _number(args, "fresh", 1, 3650, whole=True)
    filters = search.Filters(
        q=q, platform=_choice(args, "platform", (directory.ALL, *PLATFORMS), directory.ALL),
        niche=_text(args, "niche").lower()[:60] or None,
        country=_pattern(args, "country", COUNTRY_RE, str.upper, " (a two-letter country code)"),
        language=_pattern(args, "language", LANGUAGE_RE, str.lower, " (a two-letter language code)"),
        followers_min=_number(args, "followers_min", 0, 1e10, suffixes=True),
        followers_max=_number(args, "followers_max", 0, 1e10, suffixes=True),
        tiers=_choices(args, "tier", TIERS),
        er_min=_percent(args, "er_min"), er_max=_percent(args, "er_max"),
        percentile_min=_percent(args, "percentile_min"), audience=_audience(args),
        verdicts=_choices(args, "verdict", VERDICTS),
        updated_since=iso(now - timedelta(days=fresh)) if fresh else None,
        sort=_choice(args, "sort", tuple(search.SORTS), "followers"),
    )
    for low, high, what in ((filters.followers_min, filters.followers_max, "followers"),
                            (filters.er_min, filters.er_max, "er")):
        if low is not None and high is not None and low > high:
            raise InputError(f"{what}_min is above {what}_max: nothing can match.")
    per_page = int(_number(args, "per_page", 1, MAX_PER_PAGE, whole=True) or PER_PAGE)
    page = int(_number(args, "page", 1, search.COUNT_CAP, whole=True) or 1)
    if (page - 1) * per_page >= search.COUNT_CAP:
        raise InputError(f"Only the first {search.COUNT_CAP:,} results can be paged through; "
                         "narrow the search instead.")
    return Query(filters, page, per_page)
