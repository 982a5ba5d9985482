"""The compare table: up to four creators, the same metrics and bases, best marked.

Each platform's rows read the creator's largest account on it. An engagement row is
ranked only when every value has the same basis (a rate of views and a rate of
followers are not comparable); otherwise each value still shows its basis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from creatorkit.errors import InputError
from creatorkit.kit.summary import main_accounts
from creatorkit.models import PLATFORMS
from creatorkit.storage.creators import normalise_handle

MAX_COMPARED = 4
#: (label, format, value of one platform account, ranked) of each platform row; posting
#: more often is no better, so that row marks no "best"
PLATFORM_ROWS: tuple[tuple[str, str, Callable[[Mapping[str, Any]], Any], bool], ...] = (
    ("Followers", "count", lambda p: p["followers"], True),
    ("Engagement rate", "percent", lambda p: p["engagement"]["value"], True),
    ("Growth, 30 days", "signed_percent", lambda p: (p["growth_30"] or {}).get("pct"), True),
    ("Peer percentile", "percentile", lambda p: p["percentile"], True),
    ("Typical views (median)", "count", lambda p: p["avg_views"], True),
    ("Posts per week", "number", lambda p: p["posts_per_week"], False),
    ("Authenticity score", "number", lambda p: (p["authenticity"] or {}).get("score"), True),
)
#: platforms of live streams: typical viewers per stream stand in for views, as on the kit
VIEWER_ROWS = {"twitch": ("Typical viewers (median per stream)", "count", lambda p: p["avg_viewers"], True)}


@dataclass(frozen=True)
class Cell:
    value: Any
    best: bool = False
    note: str | None = None  # the basis of a rate


@dataclass(frozen=True)
class Row:
    label: str
    format: str
    cells: tuple[Cell, ...]
    note: str | None = None  # why a row with several values is not ranked


def handles_of(values: Sequence[str]) -> list[str]:
    """``?h=a,b&h=c`` → ["a", "b", "c"]: normalised, without repeats, at most four."""
    handles = list(dict.fromkeys(normalise_handle(part) for value in values
                                 for part in value.split(",") if part.strip()))
    if len(handles) > MAX_COMPARED:
        raise InputError(f"Compare at most {MAX_COMPARED} creators at once ({len(handles)} given).")
    return handles


def _row(label: str, fmt: str, values: Sequence[Any], notes: Sequence[str | None], rank: bool = True) -> Row:
    pairs = list(zip(values, notes, strict=True))
    present = [value for value, _ in pairs if value is not None]
    same_basis = len({note for value, note in pairs if value is not None}) == 1
    ranked = rank and len(present) >= 2 and same_basis and min(present) != max(present)  # all equal: no best
    best = max(present) if ranked else None
    cells = tuple(Cell(value, best is not None and value == best, note) for value, note in pairs)
    why = "different bases: not ranked" if len(present) >= 2 and not same_basis else None
    return Row(label, fmt, cells, why)


def rows(cards: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[Row]]]:
    """(group, rows): "Overall" first, then one group per platform any of them is on."""
    none = [None] * len(cards)
    groups = [("Overall", [_row("Total followers", "count", [c["total_followers"] for c in cards], none)])]
    accounts = [main_accounts(card) for card in cards]
    for platform in (p for p in PLATFORMS if any(p in a for a in accounts)):
        label = next(a[platform]["label"] for a in accounts if platform in a)
        group = []
        for name, fmt, read, rank in PLATFORM_ROWS:
            if name.startswith("Typical views") and platform in VIEWER_ROWS:
                name, fmt, read, rank = VIEWER_ROWS[platform]
            values = [read(a[platform]) if platform in a else None for a in accounts]
            notes = [a[platform]["engagement"]["basis"] if platform in a and fmt == "percent" else None
                     for a in accounts]
            group.append(_row(name, fmt, values, notes, rank))
        groups.append((label, group))
    return groups


def chart_data(cards: Sequence[Mapping[str, Any]]) -> tuple[tuple, tuple[tuple[str, str], ...]]:
    """(creators, platforms) for ``compare_chart.compare_followers_svg`` (hashable: it caches)."""
    accounts = [main_accounts(card) for card in cards]
    platforms = tuple((p, next(a[p]["label"] for a in accounts if p in a))
                      for p in PLATFORMS if any(p in a for a in accounts))
    creators = tuple((card["display_name"], tuple((key, account["followers"]) for key, account in a.items()))
                     for card, a in zip(cards, accounts, strict=True))
    return creators, platforms
