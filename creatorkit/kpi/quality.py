"""Audience authenticity: a 0–100 score, a verdict and the evidence behind each deduction.

Never a fraud label (§7.4 step 7): each check that fires becomes a ``Flag`` with its
evidence, and the score is 100 minus the flags' penalties. Penalties are sized so
that one weak signal alone never leaves "ok"; an unexplained overnight jump of a few
percent of the followers does. Thresholds are [R]/[U] choices of reference §6–7.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from creatorkit.kpi.benchmarks import benchmark, percentile_rank
from creatorkit.kpi.engagement import engagement_rate, engagements, followers_at
from creatorkit.kpi.posts import comment_to_like
from creatorkit.kpi.spikes import VIRAL_FACTOR, Spike, follower_spikes, robust_z
from creatorkit.kpi.timeseries import growth
from creatorkit.models import Post

#: score ≥ 75 "ok", ≥ 45 "review", below "suspicious" (a code: kit and directory both say
#: "unusual patterns", never a fraud label)
VERDICTS = ((75, "ok"), (45, "review"), (0, "suspicious"))
#: every check, in the order the kit lists them
CHECKS = ("follower_spikes", "er_vs_peers", "comment_to_like", "growth_vs_engagement", "likes_spread")
#: why a post-based check cannot run on a partial post list (an export of top posts)
PARTIAL = "the post list is partial (an export of top posts), so post-based patterns would mislead"
#: an unexplained day costs points only when it beats the usual daily gain by ≥ 1 % of the
#: followers and lies ≥ 6 robust z out (3.5 flags it; noisy fast growers reach 3.5–5 on
#: their own); then 1 point per 0.1 % of excess, at most 40 a day and 70 in all, scaled
#: down by the best post of t−2..t (a post at 7× the median leaves 30 % of the points)
MATERIAL_EXCESS, MATERIAL_Z = 0.01, 6.0
SPIKE_POINTS_PER_REL, SPIKE_MAX, SPIKES_MAX, REASON_POINTS = 1000, 40, 70, 5
STRONG, MEDIUM, WEAK = 20, 10, 5
#: followers +20 % in 90 days with engagement per follower halved (a median of ≥ 12 posts
#: per quarter moves by ±25 % on its own; medians under 20 engagements are too grainy)
GROWTH_MIN, RATE_DROP, MIN_POSTS, MIN_ENGAGEMENTS = 0.20, 0.5, 12, 20
#: comment-to-like fallbacks without peers (§6.4, unsourced): above 20 % or below 0.5 %
CL_HIGH, CL_LOW = 0.20, 0.005
#: likes spread (CV of likes): trendHERO calls < 40 % likely inflated and > 100 % boosted;
#: 40 % is within normal noise for accounts with steady reach, so "too uniform" starts at 25 %
CV_LOW, CV_HIGH = 0.25, 1.0
MIN_PEERS = 30


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    evidence: Mapping[str, object] = field(default_factory=dict)
    penalty: int = 0


@dataclass(frozen=True)
class Check:
    code: str  # one of CHECKS
    ran: bool
    why_not: str | None = None  # why it could not run


@dataclass(frozen=True)
class Authenticity:
    score: int | None  # 0–100; None when no check could run
    verdict: str | None  # a code of VERDICTS; None when no check could run
    flags: tuple[Flag, ...]
    spikes: tuple[Spike, ...] = ()
    checks: tuple[Check, ...] = ()

    @property
    def ran(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.checks if c.ran)

    @property
    def skipped(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ran)


def _spike_flags(spikes: Sequence[Spike]) -> list[Flag]:
    flags, total = [], 0
    for s in spikes:
        evidence = {"day": s.day, "delta": s.delta, "rel": s.rel, "usual_rel": s.usual_rel, "z": s.z,
                    "reasons": s.reasons, "peak_ratio": s.peak_ratio, "imputed": s.imputed}
        if s.kind == "drop":
            flags.append(Flag("follower_drop", f"{s.delta:+,.0f} followers on {s.day}", evidence))
        elif s.explained:
            flags.append(Flag("explained_follower_spike",
                              f"{s.delta:+,.0f} followers on {s.day} after a viral post",
                              {**evidence, "posts": s.explained_by}))
        else:
            excess = s.rel - s.usual_rel
            points = 0.0
            if excess >= MATERIAL_EXCESS and s.z >= MATERIAL_Z:
                points = min(SPIKE_MAX, SPIKE_POINTS_PER_REL * excess) + REASON_POINTS * len(s.reasons)
            if s.peak_ratio is not None:  # the nearer a post came to viral, the more it explains
                points *= max(0.0, 1 - s.peak_ratio / VIRAL_FACTOR)
            points = round(min(points, SPIKES_MAX - total))
            total += points
            flags.append(Flag("unexplained_follower_spike",
                              f"{s.delta:+,.0f} followers ({s.rel:+.1%}) on {s.day} with no viral post "
                              "in the three days before", evidence, points))
    return flags


def _rate_flags(rate_value, platform, basis, followers, peer_rates, skipped) -> list[Flag]:
    """Engagement far below (inactive or fake audience) or far above (pods, bought likes)."""
    peers = [v for v in peer_rates or () if v is not None]
    if len(peers) >= MIN_PEERS:
        rank = percentile_rank(rate_value, peers)
        evidence = {"rate": rate_value, "percentile": rank, "peers": len(peers)}
        if rank < 0.05:
            return [Flag("er_far_below_peers", "engagement rate below the peers' 5th percentile",
                         evidence, STRONG)]
        if rank > 0.99:
            return [Flag("er_far_above_peers", "engagement rate above the peers' 99th percentile",
                         evidence, WEAK)]
        return []
    bench = benchmark(platform, followers, basis)
    if bench is None:
        skipped["er_vs_peers"] = f"fewer than {MIN_PEERS} peers and no comparable published benchmark"
        return []
    evidence = {"rate": rate_value, "range_low": bench.range_low, "range_high": bench.range_high,
                "source": bench.source, "data_year": bench.data_year}
    if rate_value < bench.range_low / 3:
        return [Flag("er_far_below_tier", "engagement rate under a third of the tier's published band",
                     evidence, STRONG)]
    if rate_value > bench.range_high * 3:
        return [Flag("er_far_above_tier", "engagement rate over three times the tier's published band",
                     evidence, WEAK)]
    return []


def _comment_flags(posts, today, peer_comment_ratios, skipped) -> list[Flag]:
    ratio = comment_to_like(posts, today=today, min_age_hours=72).median
    if ratio is None or ratio <= 0:
        skipped["comment_to_like"] = "no posts with both likes and comments"
        return []
    peers = [math.log(r) for r in peer_comment_ratios or () if r is not None and r > 0]
    if len(peers) >= MIN_PEERS:
        z = robust_z(math.log(ratio), peers)
        high, low = z > 3.5, z < -3.5
        evidence = {"comment_to_like": ratio, "z": z, "peers": len(peers)}
    else:
        high, low = ratio > CL_HIGH, ratio < CL_LOW
        evidence = {"comment_to_like": ratio, "high": CL_HIGH, "low": CL_LOW}
    if high:
        return [Flag("comment_ratio_high", "unusually many comments per like (pods, giveaways, bought "
                     "comments)", evidence, WEAK)]
    if low:
        return [Flag("comment_ratio_low", "unusually few comments per like (bought likes)", evidence, WEAK)]
    return []


def _growth_flags(series, posts, today, skipped) -> list[Flag]:
    """Followers up ≥ 20 % in 90 days while engagement per follower halved.

    Organic followers engage about like the old ones, so the rate holds; followers that
    never engage (bought drip by drip, with no spike to see) dilute it.
    """
    quarter = growth(series, today, 90)
    if quarter is None or quarter.pct is None:
        skipped["growth_vs_engagement"] = "less than 90 days of follower history"
        return []
    if quarter.pct < GROWTH_MIN:
        return []
    start = today - timedelta(days=90)
    recent, prior, counts = [], [], []
    for post in posts:
        count = engagements(post)
        base, _ = followers_at(post.published_at.date(), series, None)
        if count is None or not base:
            continue
        day = post.published_at.date()
        if start < day <= today - timedelta(days=3):
            recent.append(count / base)
        elif start - timedelta(days=90) < day <= start:
            prior.append(count / base)
            counts.append(count)
    if len(recent) < MIN_POSTS or len(prior) < MIN_POSTS or statistics.median(counts) < MIN_ENGAGEMENTS:
        skipped["growth_vs_engagement"] = (f"fewer than {MIN_POSTS} posts in each quarter, "
                                           "or too few engagements")
        return []
    now, before = statistics.median(recent), statistics.median(prior)
    if not before or now > before * (1 - RATE_DROP):
        return []
    return [Flag("growth_without_engagement",
                 f"followers {quarter.pct:+.0%} in 90 days while engagement per follower fell "
                 f"{1 - now / before:.0%}",
                 {"growth": quarter.pct, "rate": now, "rate_before": before}, MEDIUM)]


def likes_cv(likes: Sequence[float]) -> float | None:
    """Coefficient of variation (population standard deviation / mean); None when undefined."""
    if len(likes) < 2 or not statistics.fmean(likes):
        return None
    return statistics.pstdev(likes) / abs(statistics.fmean(likes))


def _spread_flags(posts, today, skipped) -> list[Flag]:
    likes = [p.likes for p in sorted(posts, key=lambda p: p.published_at, reverse=True)
             if p.likes is not None and p.published_at.date() <= today - timedelta(days=3)][:30]
    spread = likes_cv(likes) if len(likes) >= 12 else None
    if spread is None:
        skipped["likes_spread"] = "fewer than 12 posts with likes"
        return []
    evidence = {"likes_cv": spread, "posts": len(likes)}
    if spread < CV_LOW:
        return [Flag("likes_too_uniform", "likes vary little from post to post", evidence, WEAK)]
    if spread > CV_HIGH:  # an ordinary note: it costs nothing and is no warning
        return [Flag("likes_spread_high", "likes vary a lot (giveaways, boosts or virals)", evidence)]
    return []


def authenticity(
    series: Sequence[tuple[date, float]], posts: Iterable[Post], *, today: date, platform: str,
    followers: float | None = None, peer_rates: Iterable[float] | None = None,
    peer_comment_ratios: Iterable[float] | None = None, partial_posts: bool = False,
) -> Authenticity:
    """Combine the follower-spike, engagement, comment, growth and likes-spread checks.

    ``partial_posts``: the post list is known to be a selection (an export of top
    posts); then no post-based check runs, the spike rules included (a jump could not
    be matched with the post that explains it). Without any check there is no verdict.
    """
    posts = tuple(posts)
    if followers is None:
        followers, _ = followers_at(today, series, None)
    skipped: dict[str, str] = {}
    flags: list[Flag] = []
    spikes: list[Spike] = []
    if partial_posts:
        skipped.update(dict.fromkeys(CHECKS, PARTIAL))
    else:
        if len(series) < 8:
            skipped["follower_spikes"] = "fewer than 8 days of follower history"
        spikes = follower_spikes(series, today, posts)
        flags += _spike_flags(spikes)
        rate = engagement_rate(posts, today=today, platform=platform, followers=followers,
                               followers_series=series or None)
        if rate.value is None:
            skipped["er_vs_peers"] = f"no engagement rate ({rate.posts} posts with counts)"
        else:
            flags += _rate_flags(rate.value, platform, rate.basis, followers, peer_rates, skipped)
        flags += _comment_flags(posts, today, peer_comment_ratios, skipped)
        flags += _growth_flags(series, posts, today, skipped)
        flags += _spread_flags(posts, today, skipped)
    checks = tuple(Check(code, code not in skipped, skipped.get(code)) for code in CHECKS)
    if not any(c.ran for c in checks):
        return Authenticity(None, None, tuple(flags), tuple(spikes), checks)
    score = max(0, 100 - sum(f.penalty for f in flags))
    verdict = next(name for floor, name in VERDICTS if score >= floor)
    return Authenticity(score, verdict, tuple(flags), tuple(spikes), checks)
