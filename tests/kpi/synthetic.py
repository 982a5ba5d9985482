"""Synthetic creators for KPI tests and the benchmark: realistic, seeded, fast to build.

Followers grow by a steady daily rate with a weekly rhythm and noise; posts come every
few days with log-normal views and engagement in line with the tier's published band;
about one post in thirty goes viral (10–40× the usual views) and brings a follower bump
that tapers over four days.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from creatorkit.kpi.benchmarks import candidates
from creatorkit.models import Post

WEEKLY = (1.0, 0.9, 0.9, 1.0, 1.1, 1.3, 1.2)  # Monday .. Sunday
BUMP = (0.5, 0.3, 0.15, 0.05)  # share of a viral bump on the post's day and the next three


@dataclass
class Creator:
    platform: str
    series: list[tuple[date, float]]
    posts: list[Post] = field(default_factory=list)

    @property
    def followers(self) -> float:
        return self.series[-1][1]


def make_creator(
    seed: int, *, platform: str = "instagram", followers: float = 20_000, days: int = 400,
    today: date = date(2024, 6, 1), posts: int = 100, daily_growth: float = 0.001,
) -> Creator:
    rng = random.Random(seed)
    start = today - timedelta(days=days - 1)
    published = sorted(rng.uniform(0, days - 1) for _ in range(posts))
    basis = "views" if platform in ("tiktok", "youtube") else "followers"
    band = candidates(platform, followers, basis)[0]  # the published "Average" band, in %
    target_er = rng.uniform(band.low / 100, band.high / 100)
    view_rate = rng.uniform(0.15, 0.4)
    boosts = [rng.uniform(10, 40) if rng.random() < 1 / 30 else 1.0 for _ in published]
    bumps = [0.0] * (days + len(BUMP))
    for offset, boost in zip(published, boosts, strict=True):
        if boost > 1:
            size = rng.uniform(0.005, 0.03)
            for k, share in enumerate(BUMP):
                bumps[int(offset) + k] += share * size
    series = []
    count = followers
    for d in range(days):
        day = start + timedelta(days=d)
        gain = count * daily_growth * WEEKLY[day.weekday()] + rng.gauss(0, count * daily_growth * 0.5)
        count = max(0.0, count + gain + count * bumps[d])
        series.append((day, float(round(count))))
    built = []
    for i, (offset, boost) in enumerate(zip(published, boosts, strict=True)):
        audience = series[int(offset)][1]
        reach_factor = rng.lognormvariate(0, 0.4) * boost
        views = audience * view_rate * reach_factor
        er = target_er * rng.lognormvariate(0, 0.3)
        total = er * views if basis == "views" else er * audience * reach_factor**0.5
        comments = total * rng.uniform(0.02, 0.06)
        built.append(Post(
            post_id=f"{seed}-{i}", kind=rng.choice(("reel", "image", "video")),
            published_at=datetime.combine(start, datetime.min.time(), tzinfo=UTC) + timedelta(days=offset),
            views=round(views), likes=round(total - comments), comments=round(comments),
        ))
    return Creator(platform, series, built)


def buy_followers(creator: Creator, day: date, share: float, days: int = 1) -> Creator:
    """The same creator with ``share`` of its followers added on ``day`` (over ``days`` days)."""
    series = []
    added = 0.0
    for d, value in creator.series:
        if day <= d < day + timedelta(days=days):
            added += share * value / days
        series.append((d, float(round(value + added))))
    return Creator(creator.platform, series, creator.posts)


def quiet_day(creator: Creator, margin: int = 5) -> date:
    """A day well inside the history with no post in the ``margin`` days around it."""
    posted = {p.published_at.date() for p in creator.posts}
    for d, _ in creator.series[200:]:
        if all(d + timedelta(days=k) not in posted for k in range(-margin, margin + 1)):
            return d
    return creator.series[300][0]
