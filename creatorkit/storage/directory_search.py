"""Directory queries: filter, sort and page the listed creators from the summary tables.

Every figure filter and the sort read one ``directory_stats`` row per creator: the
chosen platform's, or the ``'all'`` row of headline figures (see ``directory``). With
all platforms, rates of different bases are never ranked against each other: a sort
by engagement ranks the peer percentile, and a bound on the rate needs a platform.

How a query stays fast at 100,000 creators: each index of ``directory_stats`` leads
with the platform and one sort or equality column and carries every filter column,
so a page walks the sort column's index in order, tests each entry in the index
itself and stops after one page. A ``+`` before a term keeps SQLite from choosing
that term's index instead (it would then read and sort every match). A text or
audience condition met by few creators drives the page instead (one lookup each);
met by many, it is tested per entry: text against the match list, audience by one
primary-key lookup. The count joins those tables and lets SQLite start from the
smaller side; it stops at ``COUNT_CAP``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from creatorkit.errors import InputError
from creatorkit.storage.directory import ALL, cards_of

#: sort key → column, always descending (NULLs last) with the creator id as tie-break
SORTS = {"followers": "followers", "engagement": "er", "growth": "growth_30", "percentile": "percentile"}
#: across platforms a rate of views (TikTok) and a rate of followers (Instagram) cannot be
#: ranked together: engagement is ranked by the peer percentile instead (each account
#: ranked among accounts of its own platform and basis), and rate bounds need a platform
ALL_PLATFORMS_SORTS = {"engagement": "percentile"}
RATE_FILTERS = ("er_min", "er_max")
#: counting stops here: beyond it a page says "500+" (and deeper pages are refused)
COUNT_CAP = 500
#: a text or audience condition met by at most this many creators drives the query
DRIVER_MAX = 5_000
FTS_MAX_TERMS = 8
TEXT = "SELECT rowid FROM directory_fts WHERE directory_fts MATCH ?"
AUDIENCE = "SELECT creator_id FROM directory_audience WHERE dimension = ? AND bucket = ? AND share >= ?"
AUDIENCE_PROBE = ("EXISTS (SELECT 1 FROM directory_audience a WHERE a.creator_id = s.creator_id "
                  "AND a.dimension = ? AND a.bucket = ? AND a.share >= ?)")


@dataclass(frozen=True)
class AudienceFilter:
    dimension: str
    bucket: str
    min_share: float = 0.0


@dataclass(frozen=True)
class Filters:
    q: str = ""
    platform: str = ALL
    niche: str | None = None
    country: str | None = None
    language: str | None = None
    followers_min: float | None = None
    followers_max: float | None = None
    tiers: tuple[str, ...] = ()
    er_min: float | None = None
    er_max: float | None = None
    percentile_min: float | None = None
    audience: tuple[AudienceFilter, ...] = ()
    verdicts: tuple[str, ...] = ()
    updated_since: str | None = None
    sort: str = "followers"

    @property
    def sorted_by(self) -> str:
        """The sort key actually applied: engagement across platforms is ranked by percentile."""
        return ALL_PLATFORMS_SORTS.get(self.sort, self.sort) if self.platform == ALL else self.sort


@dataclass(frozen=True)
class Page:
    cards: list[dict[str, Any]]
    total: int
    capped: bool  # more than COUNT_CAP matched; ``total`` is the cap
    page: int
    per_page: int
    sorted_by: str = "followers"  # the sort applied (``Filters.sorted_by``)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def fts_match(text: str) -> str | None:
    """A safe FTS5 query from what a visitor typed: each word becomes a quoted prefix
    term (``"ali"*``), all required, so quotes, ``*``, ``NEAR``, ``OR`` or column
    filters are plain text, never syntax. None when nothing searchable is left."""
    words = re.findall(r"\w+", text)[:FTS_MAX_TERMS]
    return " ".join(f'"{word}"*' for word in words) or None


def _columns(filters: Filters, *, ordered: bool) -> tuple[list[str], list[Any]]:
    """Terms on ``directory_stats`` columns. ``ordered`` (a page): ranges and lists get a
    ``+`` unless on the sort column. Unordered (the count): SQLite picks the index of
    the most selective term."""
    sort_column = SORTS[filters.sorted_by] if ordered else None
    clauses, params = ["s.platform = ?", "s.listed = 1"], [filters.platform]
    for column, operator, value in (
        ("niche", "=", filters.niche), ("country", "=", filters.country),
        ("followers", ">=", filters.followers_min), ("followers", "<=", filters.followers_max),
        ("er", ">=", filters.er_min), ("er", "<=", filters.er_max),
        ("percentile", ">=", filters.percentile_min), ("updated_at", ">=", filters.updated_since),
    ):
        if value is not None:
            usable = operator == "=" or not ordered or column == sort_column
            clauses.append(f"{'' if usable else '+'}s.{column} {operator} ?")
            params.append(value)
    if filters.language:
        clauses.append("instr(s.languages, ?) > 0")
        params.append(f",{filters.language},")
    for column, values in (("tier", filters.tiers), ("verdict", filters.verdicts)):
        if values:
            clauses.append(f"{'+' if ordered else ''}s.{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return clauses, params


def _few(db: Database, subquery: str, params: list[Any]) -> bool:
    return db.execute(f"SELECT COUNT(*) FROM ({subquery} LIMIT ?)",
                      [*params, DRIVER_MAX + 1]).fetchone()[0] <= DRIVER_MAX


def _page_sets(db: Database, filters: Filters) -> tuple[list[str], list[Any]]:
    """Text and audience terms of a page, each by the size of its match set."""
    clauses: list[str] = []
    params: list[Any] = []
    match = fts_match(filters.q)
    if match:
        clauses.append(f"{'' if _few(db, TEXT, [match]) else '+'}s.creator_id IN ({TEXT})")
        params.append(match)
    for wanted in filters.audience:
        values = [wanted.dimension, wanted.bucket, wanted.min_share]
        clauses.append(f"s.creator_id IN ({AUDIENCE})" if _few(db, AUDIENCE, values) else AUDIENCE_PROBE)
        params.extend(values)
    return clauses, params


def _count_sets(filters: Filters) -> tuple[str, list[str], list[Any]]:
    """Joins for the count: SQLite starts from whichever side is smaller, and the
    count stops at the cap, so a large text or audience match costs a few hundred
    lookups rather than a list of every match."""
    joins, clauses, params = "", [], []
    match = fts_match(filters.q)
    if match:
        joins += " JOIN directory_fts f ON f.rowid = s.creator_id"
        clauses.append("f.directory_fts MATCH ?")
        params.append(match)
    for index, wanted in enumerate(filters.audience):
        joins += f" JOIN directory_audience a{index} ON a{index}.creator_id = s.creator_id"
        clauses.append(f"a{index}.dimension = ? AND a{index}.bucket = ? AND a{index}.share >= ?")
        params.extend((wanted.dimension, wanted.bucket, wanted.min_share))
    return joins, clauses, params


def search(db: Database, filters: Filters, page: int = 1, per_page: int = 24) -> Page:
    """One page of listed creators matching ``filters``, best first by ``filters.sort``."""
    if filters.sort not in SORTS:
        raise InputError(f"Unknown sort {filters.sort!r}; choose one of {', '.join(SORTS)}.")
    bounded = [name for name in RATE_FILTERS if getattr(filters, name) is not None]
    if bounded and filters.platform == ALL:
        raise InputError(f"{bounded[0]} needs a platform: engagement rates of different platforms have "
                         "different bases (views on TikTok, followers on Instagram); choose one.")
    offset = (page - 1) * per_page
    if offset >= COUNT_CAP:
        raise InputError(f"Only the first {COUNT_CAP:,} results can be paged through; narrow the search.")
    clauses, params = _columns(filters, ordered=True)
    set_clauses, set_params = _page_sets(db, filters)
    ids = [row[0] for row in db.execute(
        f"SELECT s.creator_id FROM directory_stats s WHERE {' AND '.join(clauses + set_clauses)} "
        f"ORDER BY s.{SORTS[filters.sorted_by]} DESC, s.creator_id DESC LIMIT ? OFFSET ?",
        [*params, *set_params, per_page, offset])]
    if 0 < len(ids) < per_page or (not ids and page == 1):
        total = offset + len(ids)
    else:
        clauses, params = _columns(filters, ordered=False)
        joins, set_clauses, set_params = _count_sets(filters)
        total = db.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM directory_stats s{joins} WHERE "
            f"{' AND '.join(clauses + set_clauses)} LIMIT ?)", [*params, *set_params, COUNT_CAP + 1],
        ).fetchone()[0]
    return Page(cards_of(db, ids), min(total, COUNT_CAP), total > COUNT_CAP, page, per_page,
                filters.sorted_by)
