"""One directory summary per creator, built from its kit view after each refresh.

The card (what the directory, the compare page and the API show) is derived from the
``KitView``, so the directory can never disagree with the kit, and a figure the
creator hides is absent here too. The filter columns are derived from the card in
turn (``summary_of``), so what a brand filters on is exactly what the card shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from creatorkit.clock import clock_of
from creatorkit.kit.build import as_of_day, build_kit_view
from creatorkit.kit.view import KitView, PlatformView
from creatorkit.storage import creators as creator_store
from creatorkit.storage import directory, iso, queue

#: worst last: the ``'all'`` row carries the worst verdict of any account
VERDICTS = ("ok", "review", "suspicious")
#: audience buckets kept per dimension for the audience-share filters
AUDIENCE_BUCKETS = 10


def refresh_summary(db: Database, creator_id: int, settings: Mapping[str, Any], today: date,
                    *, now: datetime) -> None:
    """Rebuild the directory rows of one creator (called after each successful refresh);
    ``now`` tells which of its accounts are overdue."""
    row = db.execute("SELECT handle FROM creators WHERE id = ?", [creator_id]).fetchone()
    if row is None:
        directory.forget(db, creator_id)
        return
    creator = creator_store.get_creator(db, row[0])
    view = build_kit_view(db, creator, today, settings, now=now)
    directory.write_summaries(db, [summary_of(
        creator_id, card_of(view), listed=view.visibility == "public", bio=view.bio,
        categories=view.categories, audience=view.audience.shares)])


def after_store(db: Database, creator_id: int, settings: Mapping[str, Any], finished: datetime) -> None:
    """The ``AFTER_STORE`` hook the app gives ingestion: the creator's summary as of
    their latest data."""
    refresh_summary(db, creator_id, settings, as_of_day(db, creator_id, finished.date()), now=finished)


@contextmanager
def kit_edit(db: Database, creator_id: int, settings: Mapping[str, Any]) -> Iterator[Database]:
    """A write that changes a kit (profile, settings, content): the directory summary is
    rebuilt in the same transaction, so a figure hidden on the kit is gone from the
    directory, the API, search and exports at once, refresh or not."""
    with queue.immediate(db):
        yield db
        after_store(db, creator_id, settings, clock_of(settings)())


def creator_ids(db: Database) -> list[int]:
    """Every creator, for a full rebuild (``creatorkit rebuild-directory``)."""
    return [row[0] for row in db.execute("SELECT id FROM creators ORDER BY id")]


def card_of(view: KitView) -> dict[str, Any]:
    """The figures a brand scans first, as plain JSON-ready data."""
    countries = sorted((view.audience.shares.get("country") or {}).items(), key=lambda item: -item[1])
    return {
        "handle": view.handle, "display_name": view.display_name, "tagline": view.tagline,
        "avatar_url": view.avatar_url, "niche": view.niche, "country": view.country, "city": view.city,
        "languages": list(view.languages), "total_followers": view.total_followers,
        "updated_at": iso(view.updated_at), "data_version": view.data_version,
        "top_audience_country": ({"bucket": countries[0][0], "share": countries[0][1]}
                                 if countries else None),
        "platforms": [_platform_card(p) for p in view.platforms],
    }


def _platform_card(p: PlatformView) -> dict[str, Any]:
    er, growth, comparison, authenticity = p.engagement, p.growth.get(30), p.comparison, p.authenticity
    return {
        "platform": p.platform, "label": p.label, "username": p.username, "followers": p.followers,
        "follower_word": p.follower_word, "source": p.source, "status": p.status,
        "last_refreshed_at": iso(p.last_refreshed_at), "tier": p.tier.name if p.tier else None,
        "engagement": ({"value": er.value, "basis": er.basis, "posts": er.posts, "method": er.method} if er
                       else {"value": None, "basis": None, "posts": 0, "method": None}),
        "growth_30": {"abs": growth.abs, "pct": growth.pct} if growth else None,
        "percentile": comparison.percentile if comparison else None,
        "percentile_group": comparison.group if comparison else None,
        "percentile_peers": comparison.n if comparison else None,
        "authenticity": ({"score": authenticity.score, "verdict": authenticity.verdict,
                          "checks_ran": len(authenticity.ran), "checks": len(authenticity.checks),
                          "flags": [str(flag) for flag in authenticity.flags]}
                         if authenticity and authenticity.verdict else None),
        "avg_views": p.avg_views.median if p.avg_views else None,
        "avg_viewers": p.avg_viewers.median if p.avg_viewers and p.uses_viewers else None,
        "posts_per_week": p.posts_per_week,
    }


def summary_of(
    creator_id: int, card: Mapping[str, Any], *, listed: bool, bio: str | None = None,
    categories: Sequence[str] = (), audience: Mapping[str, Mapping[str, float]] | None = None,
) -> directory.Summary:
    """The directory rows of a card: one stats row per platform (its largest account)
    and the ``'all'`` row of headline figures. ``audience``: dimension → bucket → share."""
    largest = main_accounts(card)
    stats = [_stats(name, p, p["followers"], _worst([p])) for name, p in largest.items()]
    if largest:
        main = max(largest.values(), key=lambda p: p["followers"] or 0)
        stats.append(_stats(directory.ALL, main, card["total_followers"], _worst(card["platforms"])))
    audience = audience or {}
    return directory.Summary(
        creator_id=creator_id, handle=card["handle"], listed=listed, data_version=card["data_version"],
        card=card, stats=tuple(stats), niche=card["niche"], country=card["country"],
        languages=tuple(card["languages"]), updated_at=card["updated_at"],
        audience=tuple((dim, bucket, share) for dim in directory.AUDIENCE_DIMENSIONS
                       for bucket, share in sorted((audience.get(dim) or {}).items(),
                                                   key=lambda item: -item[1])[:AUDIENCE_BUCKETS]),
        text={"display_name": card["display_name"], "handle": card["handle"],
              "niche": " ".join(filter(None, (card["niche"], *categories))),
              "bio": " ".join(filter(None, (card["tagline"], bio)))},
    )


def main_accounts(card: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """platform → the card's largest account on it (a creator may have two on one platform)."""
    largest: dict[str, Mapping[str, Any]] = {}
    for platform in sorted(card["platforms"], key=lambda p: p["followers"] or 0):
        largest[platform["platform"]] = platform
    return largest


def _stats(name: str, p: Mapping[str, Any], followers: float | None, verdict: str | None) -> directory.Stats:
    growth = p["growth_30"]
    return directory.Stats(
        platform=name, followers=followers, tier=p["tier"], er=p["engagement"]["value"],
        er_basis=p["engagement"]["basis"], growth_30=growth["pct"] if growth else None,
        percentile=p["percentile"], verdict=verdict,
    )


def _worst(platforms: Sequence[Mapping[str, Any]]) -> str | None:
    verdicts = [(p["authenticity"] or {}).get("verdict") for p in platforms]
    known = [v for v in verdicts if v in VERDICTS]
    return max(known, key=VERDICTS.index) if known else None
