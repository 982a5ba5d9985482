"""``creatorkit seed-bench``: many synthetic listed creators for the directory benchmark.

Rows go straight into the directory summary in bulk (no history, no refresh), with
distributions shaped like real creator populations: followers log-normal (most are
nano and micro, a few mega), engagement rates by basis per platform around the
published medians, audiences centred on the creator's country.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlite_utils import Database

from creatorkit import clock, kpi
from creatorkit.cli.output import progress
from creatorkit.kit import summary
from creatorkit.storage import directory, iso, open_db

CHUNK = 5_000
FIRST = ("ana", "ben", "chloe", "diego", "emma", "farah", "gabriel", "hana", "ines", "jonas", "kim", "leo",
         "maya", "nora", "omar", "paula", "quentin", "rosa", "sami", "tara", "ugo", "vera", "will", "yuki")
LAST = ("martin", "silva", "kowalski", "nguyen", "moreau", "garcia", "smith", "rossi", "khan", "tanaka",
        "dubois", "müller", "costa", "lopez", "brown", "haddad", "novak", "okafor", "berg", "lemaire")
NICHES = {"beauty": 12, "fashion": 11, "fitness": 9, "food": 9, "travel": 8, "gaming": 10, "tech": 7,
          "parenting": 5, "finance": 4, "music": 6, "comedy": 6, "education": 5, "pets": 4, "diy": 4}
WORDS = ("daily", "tips", "reviews", "tutorials", "vlogs", "honest", "budget", "luxury", "vegan", "outdoor",
         "family", "streams", "routines", "hauls", "recipes", "guides", "workouts", "sustainable", "retro")
COUNTRIES = {"US": (25, "en"), "GB": (8, "en"), "FR": (8, "fr"), "DE": (7, "de"), "BR": (8, "pt"),
             "IN": (8, "hi"), "ES": (5, "es"), "IT": (5, "it"), "CA": (4, "en"), "MX": (5, "es"),
             "JP": (4, "ja"), "NL": (3, "nl"), "PL": (3, "pl"), "AU": (3, "en"), "NG": (2, "en")}
#: platform → (share of creators on it, engagement basis, median ER, label)
PLATFORMS = {"instagram": (0.7, "followers", 0.015, "Instagram"), "tiktok": (0.5, "views", 0.08, "TikTok"),
             "youtube": (0.4, "views", 0.03, "YouTube"), "twitch": (0.1, "followers", 0.02, "Twitch")}
AGES = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
SOURCES = {"api": 6, "import": 2.5, "self": 1.5}
VISIBILITY = {"public": 90, "unlisted": 7, "off": 3}


def _pick(rng: random.Random, weights: dict[str, Any]) -> str:
    names = list(weights)
    values = [w[0] if isinstance(w, tuple) else w for w in weights.values()]
    return rng.choices(names, values)[0]


def _shares(rng: random.Random, buckets, alpha: float = 1.0) -> dict[str, float]:
    draws = [rng.gammavariate(alpha, 1) for _ in buckets]
    total = sum(draws)
    return {bucket: round(draw / total, 4) for bucket, draw in zip(buckets, draws, strict=True)}


def _platform(rng: random.Random, name: str, followers: float, now: datetime) -> dict[str, Any]:
    _, basis, median_er, label = PLATFORMS[name]
    pct = rng.gauss(0.02, 0.04)
    tier = kpi.tier(followers)
    verdict = rng.choices(summary.VERDICTS, (85, 10, 5))[0]
    refreshed = now - timedelta(days=rng.expovariate(1 / 2))
    peers = rng.random() < 0.8
    return {
        "platform": name, "label": label, "username": None, "followers": followers,
        "follower_word": "subscribers" if name == "youtube" else "followers",
        "source": _pick(rng, SOURCES), "status": "ok", "last_refreshed_at": iso(refreshed),
        "tier": tier.name if tier else None,
        "engagement": {"value": round(median_er * math.exp(rng.gauss(0, 0.5)), 5), "basis": basis,
                       "posts": rng.randint(12, 30), "method": "median"},
        "growth_30": {"abs": round(followers * pct / (1 + pct)), "pct": round(pct, 4)},
        "percentile": round(rng.random(), 3) if peers else None,
        "percentile_source": "peers" if peers else "published",
        "authenticity": {"score": {"ok": rng.randint(75, 100), "review": rng.randint(45, 74),
                                   "suspicious": rng.randint(5, 44)}[verdict], "verdict": verdict,
                         "flags": [] if verdict == "ok" else ["follower spike"]},
        "avg_views": round(followers * rng.uniform(0.05, 0.6)), "avg_viewers": None,
        "posts_per_week": round(rng.uniform(0.5, 10), 1),
    }


def fake_creator(rng: random.Random, number: int, now: datetime) -> tuple[dict, dict, dict]:
    """(creators row, card, audience) of one synthetic creator."""
    first, last, niche = rng.choice(FIRST), rng.choice(LAST), _pick(rng, NICHES)
    country = _pick(rng, COUNTRIES)
    languages = sorted({COUNTRIES[country][1], *(["en"] if rng.random() < 0.4 else [])})
    names = [p for p, spec in PLATFORMS.items() if rng.random() < spec[0]] or ["instagram"]
    main = min(200e6, max(300.0, math.exp(rng.gauss(math.log(15_000), 1.6))))
    platforms = [_platform(rng, name, round(main if i == 0 else main * math.exp(rng.gauss(-0.5, 1))), now)
                 for i, name in enumerate(names)]
    others = rng.sample([c for c in COUNTRIES if c != country], 3)
    audience = {
        "country": {country: round(rng.uniform(0.3, 0.75), 4),
                    **{c: round(rng.uniform(0.02, 0.15), 4) for c in others}},
        "gender": _shares(rng, ("female", "male", "other"), 2.0),
        "age": _shares(rng, AGES),
    }
    handle = f"{first}-{last}-{number}".replace("ü", "u")
    tagline = f"{rng.choice(WORDS)} {niche} {rng.choice(WORDS)}"
    bio = " ".join(rng.sample(WORDS, 6))
    card = {
        "handle": handle, "display_name": f"{first.title()} {last.title()}", "tagline": tagline,
        "avatar_url": None, "niche": niche, "country": country, "city": None, "languages": languages,
        "total_followers": sum(p["followers"] for p in platforms),
        "updated_at": max(p["last_refreshed_at"] for p in platforms), "data_version": 1,
        "top_audience_country": {"bucket": country, "share": audience["country"][country]},
        "platforms": platforms,
    }
    row = {"handle": handle, "display_name": card["display_name"], "tagline": tagline, "bio": bio,
           "niche": niche, "country": country, "languages": json.dumps(languages),
           "visibility": _pick(rng, VISIBILITY), "created_at": iso(now), "updated_at": iso(now)}
    return row, card, audience


def seed(db: Database, creators: int, *, seed: int = 7, now: datetime | None = None) -> Iterator[int]:
    """Insert ``creators`` synthetic creators with their directory rows; yields progress."""
    rng, now = random.Random(seed), now or clock.utcnow()
    start = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM creators").fetchone()[0]
    for chunk_start in range(start, start + creators, CHUNK):
        rows, summaries = [], []
        for creator_id in range(chunk_start, min(chunk_start + CHUNK, start + creators)):
            row, card, audience = fake_creator(rng, creator_id, now)
            rows.append({"id": creator_id, **row})
            summaries.append(summary.summary_of(creator_id, card, listed=row["visibility"] == "public",
                                                bio=row["bio"], audience=audience))
        with db.atomic():
            db["creators"].insert_all(rows)
            directory.write_summaries(db, summaries)
        yield len(rows)
    db.analyze()


@click.command("seed-bench")
@click.option("--creators", default=100_000, show_default=True, type=click.IntRange(1, 10_000_000),
              help="How many synthetic creators to add.")
@click.option("--seed", "seed_value", default=7, show_default=True, type=int, help="Random seed.")
@with_appcontext
def seed_bench(creators: int, seed_value: int) -> None:
    """Add N synthetic creators to the directory (for benchmarks; use a scratch database)."""
    db = open_db(current_app.config["DATABASE"])
    with progress() as bar:
        task = bar.add_task("Seeding", total=creators)
        for done in seed(db, creators, seed=seed_value, now=clock.now(current_app.config)):
            bar.advance(task, done)
    click.echo(f"{creators:,} creators added to {current_app.config['DATABASE']}.")


COMMANDS = (seed_bench,)
