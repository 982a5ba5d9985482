"""Demo posts: a weekly plan on the calendar, then counts sized to the account.

Each calendar week draws its posts from its own seed, so a post keeps its id, date and
title from one refresh to the next. Counts follow the account's size and the
engagement levels published for its tier (reference §4): Instagram by followers
(Modash bands), TikTok by views (Modash bands), YouTube 2–5 % of views. A few posts
go viral (25–50× a typical post), which is what explains the follower bumps; after
bought followers, engagement falls.
"""

from __future__ import annotations

import math
import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import NormalDist

from creatorkit.connectors.demo.world import NICHES, TITLES, Spec
from creatorkit.models import Post

WINDOW_DAYS = 400
#: Modash "Average" median-ER bands in % (reference §4.1, §4.2): (followers below, low, high);
#: Instagram by followers, TikTok by views
BANDS = {
    "instagram": ((5_000, 3.38, 4.42), (10_000, 1.25, 1.62), (50_000, 0.84, 1.11), (100_000, 0.75, 1.01),
                  (500_000, 0.87, 1.14), (1_000_000, 0.88, 1.13), (math.inf, 1.02, 1.27)),
    "tiktok": ((5_000, 12.06, 14.04), (10_000, 10.50, 11.83), (50_000, 8.38, 9.37), (100_000, 7.22, 8.03),
               (500_000, 6.66, 7.39), (1_000_000, 6.19, 6.85), (math.inf, 6.20, 6.84)),
}
#: engagement of sponsored posts, and of every post once followers were bought
SPONSORED_FACTOR = 0.75
AFTER_BOUGHT_FACTOR = 0.6
#: spread (log-normal sigma) of a post's performance, and the chance an eligible post goes viral
SIGMA = {"instagram": 0.5, "tiktok": 0.6, "youtube": 0.5, "twitch": 0.4}
VIRAL_ODDS = {"instagram": 0.04, "tiktok": 0.02, "youtube": 0.022, "twitch": 0.12}
GOLDEN = (math.sqrt(5) - 1) / 2
VIRAL_KINDS = {"reel", "video", "short", "highlight"}
#: days a post keeps gathering counts (time constant of 1 − e^(−age/τ))
ACCRUAL_DAYS = {"instagram": 1.0, "tiktok": 2.0, "youtube": 4.0, "twitch": 2.0}
VIRAL_ACCRUAL_DAYS = 0.25  # a viral post takes off within hours
FORMAT = {"reel": "short", "short": "short", "highlight": "short", "image": "feed", "carousel": "feed",
          "stream": "live", "video": "long"}
ID_CHARS = string.ascii_letters + string.digits + "-_"


@dataclass(frozen=True)
class Plan:
    """What is fixed about a post when it is published; counts are sized later."""

    post_id: str
    kind: str
    published_at: datetime
    permalink: str
    title: str
    boost: float  # performance multiple: ~1 typical, 25–50 viral
    viral: bool
    sponsored: bool
    draws: tuple[float, ...]  # uniform draws that size the counts


def plan_posts(spec: Spec) -> list[Plan]:
    """The posts published in the window, oldest first (never on ``today`` itself)."""
    start = spec.today - timedelta(days=WINDOW_DAYS - 1)
    habits = random.Random(f"{spec.seed}|habits")
    schedule = sorted(habits.sample(range(7), 3))
    hour = habits.randint(15, 19)
    quiet = _quiet_days(spec)
    plans = []
    for week in range((start.toordinal() - 1) // 7, (spec.today.toordinal() - 1) // 7 + 1):
        rng = random.Random(f"{spec.seed}|week|{week}")
        slots = _slots(spec.platform, rng, schedule, hour)
        for slot, (weekday, kind, at_hour) in enumerate(slots):
            day = date.fromordinal(week * 7 + 1 + weekday)
            published = datetime.combine(day, time(at_hour, rng.randrange(60), rng.randrange(60)), UTC)
            boost = _boost(spec.platform, week * GOLDEN + slot / len(slots) + rng.uniform(-0.04, 0.04))
            viral = kind in VIRAL_KINDS and rng.random() < VIRAL_ODDS[spec.platform]
            if viral:
                boost = 25 + 25 * rng.random()
            post_id, permalink = _identity(spec, kind, published, rng)
            sponsored = rng.random() < 0.08 and not viral
            plan = Plan(post_id, kind, published, permalink, _title(spec, kind, rng), boost,
                        viral and day not in quiet, sponsored, tuple(rng.random() for _ in range(7)))
            if start <= day < spec.today:
                plans.append(plan if plan.viral or not viral else _tamed(plan))
    return sorted(plans, key=lambda plan: plan.published_at)


def _boost(platform: str, position: float) -> float:
    """Log-normal performance at the quantile ``position`` (mod 1) falls on.

    A week's posts sit evenly around the circle and each week turns it by the golden
    ratio, so any few weeks of posts cover the whole spread: a window's median stays
    near the account's typical level instead of drifting by luck.
    """
    quantile = min(0.99, max(0.01, position % 1))
    return math.exp(SIGMA[platform] * NormalDist().inv_cdf(quantile))


def _tamed(plan: Plan) -> Plan:
    """A would-be viral post that falls where none may (around bought followers)."""
    return Plan(plan.post_id, plan.kind, plan.published_at, plan.permalink, plan.title, 1.0,
                False, False, plan.draws)


def _quiet_days(spec: Spec) -> set[date]:
    if spec.bought is None:
        return set()
    spike = spec.today - timedelta(days=spec.bought[0])
    return {spike + timedelta(days=offset) for offset in range(-6, 5)}


def _slots(platform: str, rng: random.Random, schedule: list[int], hour: int) -> list[tuple[int, str, int]]:
    """(weekday, kind, hour UTC) of one week's posts: each platform's usual cadence."""
    if platform == "instagram":
        days = rng.sample(range(7), 2 + (rng.random() < 0.45))
        return [(day, rng.choices(("reel", "image", "carousel"), (2, 1, 1))[0], rng.randint(7, 19))
                for day in sorted(days)]
    if platform == "tiktok":
        days = rng.sample(range(7), 2 + (rng.random() < 0.5))
        return [(day, "video", rng.randint(10, 21)) for day in sorted(days)]
    if platform == "youtube":
        slots = [(schedule[0], "video", hour)] if rng.random() < 0.95 else []
        shorts = (rng.random() < 0.6) + (rng.random() < 0.5)
        others = [day for day in range(7) if day != schedule[0]]
        return slots + [(day, "short", rng.randint(12, 20)) for day in sorted(rng.sample(others, shorts))]
    streams = [(day, "stream", hour + 1) for day in schedule if rng.random() < 0.65]
    if rng.random() < 0.35:
        streams.append((rng.randrange(7), "highlight", rng.randint(12, 16)))
    return streams


def _identity(spec: Spec, kind: str, published: datetime, rng: random.Random) -> tuple[str, str]:
    """A platform-shaped post id and permalink."""
    code = "".join(rng.choices(ID_CHARS, k=11))
    if spec.platform == "instagram":
        path = "reel" if kind == "reel" else "p"
        return str(rng.randrange(17_800_000_000_000_000, 18_100_000_000_000_000)), \
            f"https://www.instagram.com/{path}/{code}/"
    if spec.platform == "youtube":
        url = f"https://www.youtube.com/shorts/{code}" if kind == "short" else \
            f"https://www.youtube.com/watch?v={code}"
        return code, url
    if spec.platform == "tiktok":  # TikTok ids carry their creation time in the top 32 bits
        video_id = str((int(published.timestamp()) << 32) | rng.getrandbits(32))
        return video_id, f"https://www.tiktok.com/@{spec.username}/video/{video_id}"
    video_id = str(2_000_000_000 + (int(published.timestamp()) - 1_700_000_000) // 20 + rng.randrange(1000))
    return video_id, f"https://www.twitch.tv/videos/{video_id}"


def _title(spec: Spec, kind: str, rng: random.Random) -> str:
    _, _, english, french = NICHES[spec.niche]
    subject = rng.choice(french if spec.locale == "fr" else english)
    style = "short" if spec.platform == "tiktok" else FORMAT[kind]
    pattern = rng.choice(TITLES[style]["fr" if spec.locale == "fr" else "en"])
    return pattern.format(s=subject, S=subject[0].upper() + subject[1:])


def engagement_target(spec: Spec) -> float:
    """The account's typical engagement rate (fraction): followers for Instagram, views otherwise."""
    rng = random.Random(f"{spec.seed}|engagement")
    size = max(spec.followers, 1_000)
    if spec.platform in BANDS:
        low, high = next((low, high) for below, low, high in BANDS[spec.platform] if size < below)
        return (low + (high - low) * rng.uniform(0.3, 0.7)) / 100
    # YouTube by views, lower for bigger channels (Twitch has no likes and ignores it)
    return min(0.05, max(0.022, 0.05 - 0.0075 * math.log10(size / 1_000))) * rng.uniform(0.92, 1.05)


def build_posts(spec: Spec, plans: list[Plan], followers_on: Callable[[date], int]) -> tuple[Post, ...]:
    """Counts of each planned post as of ``today``, from the followers on its day."""
    now = datetime.combine(spec.today, time(12), UTC)
    er = engagement_target(spec)
    spike = spec.today - timedelta(days=spec.bought[0]) if spec.bought else None
    count = COUNTS[spec.platform]
    posts = []
    for plan in plans:
        age = (now - plan.published_at).total_seconds() / 86_400
        accrued = 1 - math.exp(-age / (VIRAL_ACCRUAL_DAYS if plan.viral else ACCRUAL_DAYS[spec.platform]))
        rate = er * (SPONSORED_FACTOR if plan.sponsored else 1.0)
        if spike and plan.published_at.date() > spike:  # bots do not engage; the real audience tires
            rate *= AFTER_BOUGHT_FACTOR
        counts = count(plan, followers_on(plan.published_at.date()), rate, accrued)
        posts.append(Post(plan.post_id, plan.kind, plan.published_at, plan.permalink, plan.title,
                          is_sponsored=plan.sponsored, **counts))
    return tuple(posts)


def _wobble(u: float, spread: float) -> float:
    """A multiplicative noise in [e^-spread, e^spread] from a uniform draw."""
    return math.exp((2 * u - 1) * spread)


def _comment_ratio(followers: int, u: float) -> float:
    """Comments per like: ~7 % for small accounts, ~3 % for celebrities (reference §6.4)."""
    return (0.065 - 0.0085 * math.log10(max(followers, 1_000) / 1_000)) * _wobble(u, 0.3)


def _instagram(plan: Plan, followers: int, er: float, accrued: float) -> dict:
    d = plan.draws
    engagements = er * followers * {"reel": 1.05, "carousel": 1.0, "image": 0.82}[plan.kind] * plan.boost
    engagements *= accrued * _wobble(d[0], 0.15)
    comments = _comment_ratio(followers, d[1])
    saves = {"reel": 0.07, "carousel": 0.14, "image": 0.06}[plan.kind] * _wobble(d[2], 0.4)
    shares = {"reel": 0.09, "carousel": 0.04, "image": 0.03}[plan.kind] * _wobble(d[3], 0.4)
    likes = engagements / (1 + comments + saves + shares)
    reach_rate = max(0.1, 0.45 - 0.08 * math.log10(max(followers, 1_000) / 1_000))
    reach = followers * reach_rate * (1.5 if plan.kind == "reel" else 1.0) * plan.boost ** 0.9
    reach *= accrued * _wobble(d[4], 0.2)
    return {"likes": round(likes), "comments": round(likes * comments), "saves": round(likes * saves),
            "shares": round(likes * shares), "reach": round(reach),
            "impressions": round(reach * (1.15 + 0.35 * d[5])),
            "views": round(reach * (1.3 + 0.5 * d[6])) if plan.kind == "reel" else None}


def _tiktok(plan: Plan, followers: int, er: float, accrued: float) -> dict:
    d = plan.draws
    view_rate = max(0.2, 0.6 - 0.08 * math.log10(max(followers, 1_000) / 1_000))
    views = followers * view_rate * plan.boost * accrued * _wobble(d[0], 0.15)
    comments = _comment_ratio(followers, d[1])
    shares, saves = 0.07 * _wobble(d[2], 0.5), 0.09 * _wobble(d[3], 0.5)
    likes = er * views * _wobble(d[4], 0.1) / (1 + comments + shares + saves)
    return {"views": round(views), "likes": round(likes), "comments": round(likes * comments),
            "shares": round(likes * shares), "saves": round(likes * saves), "duration_s": 9 + int(d[5] * 80)}


def _youtube(plan: Plan, followers: int, er: float, accrued: float) -> dict:
    d = plan.draws
    short = plan.kind == "short"
    view_rate = max(0.06, 0.3 - 0.045 * math.log10(max(followers, 1_000) / 1_000))
    views = followers * view_rate * (1.3 if short else 1.0) * plan.boost * accrued * _wobble(d[0], 0.15)
    comments = _comment_ratio(followers, d[1])
    likes = views * er * (0.75 if short else 1.0) * _wobble(d[2], 0.1) / (1 + comments)
    duration = 15 + int(d[3] * 45) if short else 360 + int(d[3] * 1140)
    watched = duration * ((0.75 + 0.3 * d[4]) if short else (0.32 + 0.2 * d[4]))
    return {"views": round(views), "likes": round(likes), "comments": round(likes * comments),
            "duration_s": duration, "avg_view_duration_s": round(watched),
            "watch_time_s": round(views * watched)}


def _twitch(plan: Plan, followers: int, er: float, accrued: float) -> dict:
    d = plan.draws
    if plan.kind == "highlight":
        views = followers * 0.02 * plan.boost * accrued * _wobble(d[1], 0.15)
        return {"views": round(views), "duration_s": 60 + int(d[0] * 540)}
    viewers = followers * 0.006 * plan.boost * _wobble(d[1], 0.15)
    return {"duration_s": 7_200 + int(d[0] * 10_800), "avg_viewers": round(viewers, 1),
            "peak_viewers": round(viewers * (1.4 + 0.8 * d[2])),
            "views": round(viewers * (2 + 3 * d[3]) * accrued)}


COUNTS = {"instagram": _instagram, "tiktok": _tiktok, "youtube": _youtube, "twitch": _twitch}
