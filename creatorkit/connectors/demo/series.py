"""Demo daily metrics: followers and the counters each platform keeps.

Followers follow a trend (the account's yearly growth, a seasonal swell and a weekly
rhythm) with small noise, plus bumps on the day of a viral post and the two days after,
plus, for an account that bought followers, an instant jump that then tapers. Each
day's noise comes from its own seed and the curve is scaled to end on today's size.

Daily noise stays far below 0.5 % of followers, so the follower-spike check of
reference §7.4 (robust z on relative deltas, Δ ≥ max(50, 0.5 % of F)) only fires on
viral bumps (explained) and bought followers (unexplained).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate

from creatorkit.connectors.demo.posts import ACCRUAL_DAYS, Plan
from creatorkit.connectors.demo.world import Spec
from creatorkit.models import MetricSample, Post

#: share of a week's follower growth on each weekday, Monday first (mean 1)
RHYTHM = {
    "instagram": (1.05, 1.04, 1.02, 1.0, 0.97, 0.94, 0.98),
    "tiktok": (0.97, 0.98, 0.99, 1.0, 1.02, 1.03, 1.01),
    "youtube": (0.94, 0.95, 0.97, 0.99, 1.03, 1.07, 1.05),
    "twitch": (0.94, 0.95, 0.97, 0.99, 1.03, 1.07, 1.05),
}
#: a viral post's follower bump (fraction of followers per unit of boost), spread over 3 days
BUMP_PER_BOOST = 0.0006
BUMP_SHAPE = (0.5, 0.33, 0.17)
#: bought followers: share landing on the first day, share later purged, days of the taper
BOUGHT_FIRST_DAY = 2 / 3
BOUGHT_PURGED = 0.12
TAPER_DAYS = 14


def followers_by_day(spec: Spec, days: Sequence[date], plans: Sequence[Plan],
                     draws: Sequence[tuple[float, float]]) -> list[int]:
    """Followers on each of ``days`` (consecutive, ending today)."""
    growth = math.log1p(spec.growth) / 365
    phase = random.Random(f"{spec.seed}|trend").uniform(0, 2 * math.pi)
    noise = 0.00006 + 0.15 * abs(growth)
    bumps: dict[date, float] = {}
    for plan in plans:
        if plan.viral:
            for offset, share in enumerate(BUMP_SHAPE):
                day = plan.published_at.date() + timedelta(days=offset)
                bumps[day] = bumps.get(day, 0.0) + BUMP_PER_BOOST * plan.boost * share
    rhythm = RHYTHM[spec.platform]
    steps = [0.0]
    for day, (gauss, _) in zip(days[1:], draws[1:], strict=True):
        season = 1 + 0.3 * math.sin(2 * math.pi * day.toordinal() / 365.25 + phase)
        trend = growth * rhythm[day.weekday()] * season
        steps.append(math.log1p(trend + noise * gauss + bumps.get(day, 0.0)))
    levels = list(accumulate(steps))
    bought = _bought_by_day(spec, days)
    organic_today = spec.followers - bought[-1]
    followers = [round(organic_today * math.exp(level - levels[-1]) + extra)
                 for level, extra in zip(levels, bought, strict=True)]
    if spec.bought and spec.bought[0] < len(days) - 1:  # the first day's jump is a round number
        jump = len(days) - 1 - spec.bought[0]
        followers[jump] = followers[jump - 1] + round(spec.bought[1] * BOUGHT_FIRST_DAY)
    return followers


def _bought_by_day(spec: Spec, days: Sequence[date]) -> list[float]:
    """Bought followers present on each day: a jump over two days, then a slow purge."""
    if spec.bought is None:
        return [0.0] * len(days)
    days_ago, amount = spec.bought
    spike = spec.today - timedelta(days=days_ago)
    present = []
    for day in days:
        since = (day - spike).days
        if since < 0:
            present.append(0.0)
        elif since == 0:
            present.append(amount * BOUGHT_FIRST_DAY)
        else:
            purged = BOUGHT_PURGED * min(1.0, max(0, since - 2) / TAPER_DAYS)
            present.append(amount * (1 - purged))
    return present


def day_draws(spec: Spec, days: Sequence[date]) -> list[tuple[float, float]]:
    """(gaussian, uniform) of each day, from the day's own seed so history does not shift."""
    draws = []
    for day in days:
        rng = random.Random(f"{spec.seed}|day|{day.toordinal()}")
        draws.append((rng.gauss(0, 1), rng.random()))
    return draws


def daily_metrics(spec: Spec, days: Sequence[date], followers: Sequence[int], posts: Sequence[Post],
                  draws: Sequence[tuple[float, float]]) -> tuple[MetricSample, ...]:
    """Followers plus the platform's other daily counters, as integers."""
    habits = random.Random(f"{spec.seed}|counters")
    series = {"followers": list(followers)}
    published = _running_count(days, posts)
    if spec.platform in ("instagram", "tiktok"):
        base = habits.randint(180, 1_200) if spec.platform == "instagram" else habits.randint(40, 600)
        steps = [1 if u < 0.1 else -1 if u > 0.94 else 0 for _, u in draws]
        series["following"] = [base + walked for walked in accumulate(steps)]
    if spec.platform in ("instagram", "tiktok", "youtube"):
        name, earlier = ("media_count", habits.randint(150, 900)) if spec.platform == "instagram" else \
            ("video_count", habits.randint(60, 400))
        series[name] = [earlier + n for n in published]
    if spec.platform == "tiktok":
        series["total_likes"] = _running_total(days, posts, "likes", spec.followers * habits.uniform(8, 25),
                                               [f * 0.002 for f in followers], spec)
    if spec.platform in ("youtube", "twitch"):
        catalogue = 0.02 if spec.platform == "youtube" else 0.0
        series["total_views"] = _running_total(days, posts, "views", spec.followers * habits.uniform(60, 200),
                                               [f * catalogue for f in followers], spec)
    return tuple(MetricSample(metric, day, value)
                 for metric, values in series.items() for day, value in zip(days, values, strict=True))


def _running_count(days: Sequence[date], posts: Sequence[Post]) -> list[int]:
    per_day = dict.fromkeys(days, 0)
    for post in posts:
        per_day[post.published_at.date()] += 1
    return list(accumulate(per_day[day] for day in days))


def _running_total(days: Sequence[date], posts: Sequence[Post], attr: str, prior: float,
                   catalogue: Sequence[float], spec: Spec) -> list[int]:
    """A lifetime counter: the back catalogue's trickle plus each post's count as it accrued."""
    index = {day: i for i, day in enumerate(days)}
    inflow = list(catalogue)
    tau = ACCRUAL_DAYS[spec.platform]
    for post in posts:
        value = getattr(post, attr) or 0
        first = index[post.published_at.date()]
        last = min(len(days), first + math.ceil(6 * tau))
        weights = [math.exp(-k / tau) for k in range(last - first)]
        total = sum(weights)
        for k, weight in enumerate(weights):
            inflow[first + k] += value * weight / total
    return [round(prior + flowed) for flowed in accumulate(inflow)]
