"""Directory fixtures: an app with the directory blueprints, and hand-built summaries.

``card(...)`` builds a summary card the way ``summary.card_of`` does, with only the
figures a test names; ``put(db, card)`` stores it through ``summary.summary_of``.
"""

from __future__ import annotations

import functools
import re

import pytest

from creatorkit.app import create_app
from creatorkit.kit import summary
from creatorkit.kit.view import PLATFORM_LABELS
from creatorkit.storage import creators as creator_store
from creatorkit.storage import directory
from creatorkit.storage.credentials import new_key
from tests.clock import NOW as CLOCK_NOW

NOW = CLOCK_NOW.isoformat()  # "2026-11-23T12:00:00+00:00": cards are refreshed at the app's now


def platform(name: str = "instagram", followers: float | None = 10_000, *, er: float | None = 0.03,
             basis: str = "followers", growth: float | None = 0.02, tier: str | None = "micro",
             percentile: float | None = 0.5, verdict: str | None = "ok", source: str = "api",
             refreshed: str = NOW, avg_views: float | None = None) -> dict:
    return {
        "platform": name, "label": PLATFORM_LABELS[name], "username": None, "followers": followers,
        "follower_word": "followers", "source": source, "status": "ok", "last_refreshed_at": refreshed,
        "tier": tier, "engagement": {"value": er, "basis": basis, "posts": 20, "method": "median"},
        "growth_30": None if growth is None else {"abs": 100, "pct": growth},
        "percentile": percentile, "percentile_source": "peers" if percentile is not None else "published",
        "authenticity": None if verdict is None else {"score": 90, "verdict": verdict, "flags": []},
        "avg_views": avg_views, "avg_viewers": None, "posts_per_week": 3.0,
    }


def card(handle: str, *platforms: dict, niche: str | None = "beauty", country: str | None = "FR",
         languages: tuple[str, ...] = ("fr",), display_name: str | None = None, tagline: str | None = None,
         top_country: tuple[str, float] | None = None) -> dict:
    platforms = platforms or (platform(),)
    return {
        "handle": handle, "display_name": display_name or handle.title(), "tagline": tagline,
        "avatar_url": None, "niche": niche, "country": country, "city": None, "languages": list(languages),
        "total_followers": sum(p["followers"] or 0 for p in platforms),
        "updated_at": max(p["last_refreshed_at"] for p in platforms), "data_version": 1,
        "top_audience_country": {"bucket": top_country[0], "share": top_country[1]} if top_country else None,
        "platforms": list(platforms),
    }


def put_card(db, card: dict, *, listed: bool = True, bio: str | None = None,
             audience: dict | None = None) -> int:
    """Store a hand-built card (creating the creator) and return its creator id."""
    creator_id = creator_store.create_creator(
        db, card["handle"], card["display_name"], niche=card["niche"], country=card["country"],
        visibility="public" if listed else "unlisted")
    directory.write_summaries(db, [summary.summary_of(creator_id, card, listed=listed, bio=bio,
                                                      audience=audience)])
    return creator_id


@pytest.fixture
def put(db):
    return functools.partial(put_card, db)


@pytest.fixture
def app(db_path, tmp_path, monkeypatch, db):
    monkeypatch.setenv("CREATORKIT_INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app({"TESTING": True, "DATABASE": str(db_path), "SECRET_KEY": "test-secret",
                              "CREDENTIALS_KEY": new_key(), "BASE_URL": "https://kits.example",
                              "CLOCK": CLOCK_NOW})
    return application


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path: str) -> str:
    """The CSRF token of the form at ``path`` (tokens are tied to the session)."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
