"""The directory summary: one creator's rows written, cards and form choices read.

``creatorkit.kit.summary`` builds a ``Summary`` from the kit view after each refresh; this
module stores it in the tables of migration m003. ``directory_search`` answers the
directory's queries from those tables alone, so a query never reads history.

``directory_stats`` holds one row per (creator, platform) and one ``'all'`` row of
headline figures: total followers; tier, engagement, growth and percentile of the
largest account; the worst authenticity verdict of any account.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from creatorkit.storage import iso, utcnow

ALL = "all"
AUDIENCE_DIMENSIONS = ("country", "age", "gender")
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


def peer_rates(db: Database, platform: str, tier: str | None, basis: str, *, niche: str | None = None,
               exclude_creator_id: int | None = None) -> list[float]:
    """Engagement rates of the listed accounts of one platform and basis (and tier, and
    niche, when given): the peer distribution a creator's rate is ranked in (read from
    the summary, not history)."""
    sql = ("SELECT er FROM directory_stats WHERE listed = 1 AND platform = ? AND er_basis = ? "
           "AND er IS NOT NULL AND creator_id IS NOT ?")
    params: list[Any] = [platform, basis, exclude_creator_id]
    if tier is not None:
        sql, params = sql + " AND tier = ?", [*params, tier]
    if niche is not None:
        sql, params = sql + " AND niche = ?", [*params, niche.lower()]
    return [row[0] for row in db.execute(sql, params).fetchall()]


def listed_count(db: Database) -> int:
    """How many kits the directory lists (the home page says so)."""
    return db["directory_summary"].count_where("listed = 1")
