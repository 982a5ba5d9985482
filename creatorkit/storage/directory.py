"""The directory summary: write one creator's rows, search the listed creators fast.

``creatorkit.summary`` builds a ``Summary`` from the kit view after each refresh; this
module stores it (tables of migration m003) and answers directory queries from those
tables alone, through their partial indexes, so a query never reads history.

Search semantics: every figure filter and the sort apply to one ``directory_stats``
row per creator: the chosen platform's, or the ``'all'`` row of headline figures
(total followers; tier, engagement, growth and percentile of the largest account;
the worst authenticity verdict of any account).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from creatorkit.errors import InputError
from creatorkit.storage import iso, utcnow

ALL = "all"
#: sort key → column, always descending (NULLs last) with the creator id as tie-break
SORTS = {"followers": "followers", "engagement": "er", "growth": "growth_30", "percentile": "percentile"}
#: counting stops here: beyond it a page says "500+" (and deeper pages are refused)
COUNT_CAP = 500
#: a text or audience match with at most this many creators drives the query
DRIVER_MAX = 2_000
AUDIENCE_DIMENSIONS = ("country", "age", "gender")
FTS_MAX_TERMS = 8
STATS_COLUMNS = ("platform", "followers", "tier", "er", "er_basis", "growth_30", "percentile", "verdict")


@dataclass(frozen=True)
class Stats:
    """The figures of one platform (or ``'all'``) that filters and sorts read."""

    platform: str
    followers: float | None = None
    tier: str | None = None
    er: float | None = None
    er_basis: str | None = None
    growth_30: float | None = None
    percentile: float | None = None
    verdict: str | None = None


@dataclass(frozen=True)
class Summary:
    creator_id: int
    handle: str
    listed: bool
    data_version: int
    card: Mapping[str, Any]
    stats: tuple[Stats, ...]
    niche: str | None = None
    country: str | None = None
    languages: tuple[str, ...] = ()
    updated_at: str | None = None
    audience: tuple[tuple[str, str, float], ...] = ()  # (dimension, bucket, share)
    text: Mapping[str, str] = field(default_factory=dict)  # display_name, handle, niche, bio


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


@dataclass(frozen=True)
class Page:
    cards: list[dict[str, Any]]
    total: int
    capped: bool  # more than COUNT_CAP matched; ``total`` is the cap
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def write_summaries(db: Database, summaries: Iterable[Summary]) -> None:
    """Replace everything the directory holds about these creators, in one transaction
    (one creator after a refresh, or many at once when seeding)."""
    summaries = list(summaries)
    ids = [(s.creator_id,) for s in summaries]
    now = iso(utcnow())
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO directory_summary (creator_id, handle, listed, card, data_version, summarised_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (creator_id) DO UPDATE SET handle = excluded.handle, "
            "listed = excluded.listed, card = excluded.card, data_version = excluded.data_version, "
            "summarised_at = excluded.summarised_at",
            [(s.creator_id, s.handle, int(s.listed), json.dumps(s.card), s.data_version, now)
             for s in summaries])
        for table in ("directory_stats", "directory_audience"):
            db.conn.executemany(f"DELETE FROM {table} WHERE creator_id = ?", ids)
        db.conn.executemany("DELETE FROM directory_fts WHERE rowid = ?", ids)
        db.conn.executemany(
            f"INSERT INTO directory_stats (creator_id, listed, niche, country, languages, updated_at, "
            f"{', '.join(STATS_COLUMNS)}) VALUES ({', '.join('?' * (6 + len(STATS_COLUMNS)))})",
            [(*_creator_columns(s), *(getattr(row, c) for c in STATS_COLUMNS))
             for s in summaries for row in s.stats])
        db.conn.executemany(
            "INSERT INTO directory_audience (creator_id, dimension, bucket, share) VALUES (?, ?, ?, ?)",
            [(s.creator_id, *row) for s in summaries for row in s.audience])
        db.conn.executemany(
            "INSERT INTO directory_fts (rowid, display_name, handle, niche, bio) VALUES (?, ?, ?, ?, ?)",
            [(s.creator_id, s.text.get("display_name", ""), s.text.get("handle", s.handle),
              s.text.get("niche", ""), s.text.get("bio", "")) for s in summaries])


def _creator_columns(s: Summary) -> tuple[Any, ...]:
    """The creator-level columns copied into each stats row (one table to filter)."""
    languages = "," + "".join(f"{code.lower()}," for code in s.languages)
    return (s.creator_id, int(s.listed), (s.niche or "").lower() or None, (s.country or "").upper() or None,
            languages, s.updated_at)


def forget(db: Database, creator_id: int) -> None:
    """Drop a creator from the directory (its stats, audience and text go with it)."""
    db.execute("DELETE FROM directory_summary WHERE creator_id = ?", [creator_id])


def fts_match(text: str) -> str | None:
    """A safe FTS5 query from what a visitor typed: each word becomes a quoted prefix
    term (``"ali"*``), all required, so quotes, ``*``, ``NEAR``, ``OR`` or column
    filters are plain text, never syntax. None when nothing searchable is left."""
    words = re.findall(r"\w+", text)[:FTS_MAX_TERMS]
    return " ".join(f'"{word}"*' for word in words) or None


def _where(db: Database, filters: Filters, *, ordered: bool) -> tuple[str, list[Any]]:
    """The WHERE clause. ``ordered`` (a page): a ``+`` keeps SQLite from using the
    range and tier/verdict terms as the index, so it walks the sort column's index in
    order and stops after one page. Unordered (the count): SQLite picks the index of
    the most selective term."""
    sort_column = SORTS[filters.sort] if ordered else None
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
    match = fts_match(filters.q)
    if match:
        subquery = "SELECT rowid FROM directory_fts WHERE directory_fts MATCH ?"
        clauses.append(_probe(db, subquery, [match]))
        params.append(match)
    for wanted in filters.audience:
        subquery = ("SELECT creator_id FROM directory_audience WHERE dimension = ? AND bucket = ? "
                    "AND share >= ?")
        values = [wanted.dimension, wanted.bucket, wanted.min_share]
        clauses.append(_probe(db, subquery, values))
        params.extend(values)
    return " AND ".join(clauses), params


def _probe(db: Database, subquery: str, params: list[Any]) -> str:
    """``creator_id IN (subquery)``: a small candidate set drives the query (one lookup
    each); a large one is only probed while the sort index is walked (the ``+`` keeps
    SQLite from driving with it, which would mean thousands of lookups)."""
    small = db.execute(f"SELECT COUNT(*) FROM ({subquery} LIMIT ?)",
                       [*params, DRIVER_MAX + 1]).fetchone()[0] <= DRIVER_MAX
    return f"{'' if small else '+'}s.creator_id IN ({subquery})"


def search(db: Database, filters: Filters, page: int = 1, per_page: int = 24) -> Page:
    """One page of listed creators matching ``filters``, best first by ``filters.sort``."""
    if filters.sort not in SORTS:
        raise InputError(f"Unknown sort {filters.sort!r}; choose one of {', '.join(SORTS)}.")
    offset = (page - 1) * per_page
    if offset >= COUNT_CAP:
        raise InputError(f"Only the first {COUNT_CAP:,} results can be paged through; narrow the search.")
    where, params = _where(db, filters, ordered=True)
    ids = [row[0] for row in db.execute(
        f"SELECT s.creator_id FROM directory_stats s WHERE {where} ORDER BY s.{SORTS[filters.sort]} DESC, "
        "s.creator_id DESC LIMIT ? OFFSET ?", [*params, per_page, offset])]
    if 0 < len(ids) < per_page or (not ids and page == 1):
        total = offset + len(ids)
    else:
        where, params = _where(db, filters, ordered=False)
        total = db.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM directory_stats s WHERE {where} LIMIT ?)",
                           [*params, COUNT_CAP + 1]).fetchone()[0]
    return Page(cards_of(db, ids), min(total, COUNT_CAP), total > COUNT_CAP, page, per_page)


def cards_of(db: Database, creator_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The cards of these creators, in the order given."""
    if not creator_ids:
        return []
    rows = db.execute(
        f"SELECT creator_id, card FROM directory_summary WHERE creator_id IN "
        f"({', '.join('?' * len(creator_ids))})", list(creator_ids))
    cards = {cid: json.loads(card) for cid, card in rows}
    return [cards[cid] for cid in creator_ids if cid in cards]


def listed_cards(db: Database, handles: Iterable[str]) -> dict[str, dict[str, Any]]:
    """handle → card of the listed creators among ``handles`` (others are left out)."""
    handles = list(handles)
    if not handles:
        return {}
    rows = db.execute(
        f"SELECT handle, card FROM directory_summary WHERE listed = 1 AND handle IN "
        f"({', '.join('?' * len(handles))})", handles)
    return {handle: json.loads(card) for handle, card in rows}


def facets(db: Database) -> dict[str, list[tuple[str, int]]]:
    """Niches, countries and languages of listed creators with their counts (for the form)."""
    result = {}
    for name in ("niche", "country"):
        result[name] = [tuple(row) for row in db.execute(
            f"SELECT {name}, COUNT(*) FROM directory_stats WHERE listed = 1 AND platform = ? "
            f"AND {name} IS NOT NULL GROUP BY {name} ORDER BY {name}", [ALL])]
    languages: dict[str, int] = {}
    for codes, count in db.execute("SELECT languages, COUNT(*) FROM directory_stats WHERE listed = 1 "
                                   "AND platform = ? GROUP BY languages", [ALL]):
        for code in filter(None, codes.split(",")):
            languages[code] = languages.get(code, 0) + count
    result["language"] = sorted(languages.items())
    return result
