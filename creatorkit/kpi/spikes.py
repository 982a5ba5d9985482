"""Unusual days in a follower series: robust z on daily relative deltas (reference §7.4).

A day is compared with the 28 days before it (days already flagged left out), so a
creator's own rhythm and noise set the bar. A jump is "explained" when a post of the
three days up to it did ≥ 10× the creator's median; the tail of an explained jump
(the next days, still flagged) is explained too.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from creatorkit.kpi.engagement import engagements, followers_at, median_of
from creatorkit.models import Post

Series = Sequence[tuple[date, float]]
#: a post with ≥ 10× the creator's median views (or engagements) is viral ([CODE-1] in §6.3)
VIRAL_FACTOR = 10.0
#: robust z = 0.6745 (x − median) / MAD  (Iglewicz & Hoaglin; reference §7.3)
MAD_Z = 0.6745
#: when MAD = 0, scale by 1.253314 × mean absolute deviation (IBM Cognos variant, §7.3)
MEAN_AD_SCALE = 1.253314


def robust_z(x: float, baseline: Sequence[float]) -> float | None:
    """Modified z-score of ``x`` against ``baseline`` (median/MAD); None without a baseline.

    MAD = 0 (more than half the baseline identical) falls back to 1.253314 × mean
    absolute deviation; when that is 0 too, any departure from the median is
    infinitely unusual (``±inf``) and no departure scores 0.
    """
    if not baseline:
        return None
    centre = statistics.median(baseline)
    deviations = [abs(v - centre) for v in baseline]
    spread = statistics.median(deviations)
    if spread:
        return MAD_Z * (x - centre) / spread
    mean_ad = statistics.fmean(deviations)
    if mean_ad:
        return (x - centre) / (MEAN_AD_SCALE * mean_ad)
    return 0.0 if x == centre else math.copysign(math.inf, x - centre)


@dataclass(frozen=True)
class Spike:
    day: date
    delta: float  # followers gained (negative for a drop) that day
    rel: float  # delta / followers the day before
    z: float  # robust z against the trailing baseline
    kind: str  # "spike" or "drop"
    explained: bool  # a viral post (or an explained spike the day before) accounts for it
    imputed: bool = False  # the day lies in a gap: delta is the gap's change spread evenly
    reasons: tuple[str, ...] = ()  # what makes an unexplained spike more suspicious
    explained_by: tuple[str, ...] = ()  # post ids
    peak_ratio: float | None = None  # best post of t−2..t ÷ the creator's median (views, else engagements)
    usual_rel: float = 0.0  # median relative delta of the baseline

    @property
    def severity(self) -> str:
        if self.explained or (self.kind == "drop" and abs(self.rel) < 0.01):
            return "low"
        return "high" if self.kind == "spike" and (self.reasons or self.rel >= 0.03) else "medium"


def daily_deltas(series: Series, today: date) -> list[tuple[date, float, float, bool]]:
    """(day, delta, followers the day before, imputed) for each day after the first sample.

    A gap of g days is spread as g equal deltas, marked imputed (§7.4 step 1).
    """
    rows = []
    upto = [sample for sample in series if sample[0] <= today]
    for (day0, value0), (day1, value1) in itertools.pairwise(upto):
        gap = (day1 - day0).days
        if gap < 1:
            continue
        step = (value1 - value0) / gap
        for k in range(gap):
            rows.append((day0 + timedelta(days=k + 1), step, value0 + step * k, gap > 1))
    return rows


def _post_peaks(posts: Iterable[Post], today: date) -> dict[date, list[tuple[float, str]]]:
    """Per publication day: each post's ratio to the creator's median, and its id."""
    published = [p for p in posts if p.published_at.date() <= today]
    median_views = median_of(p.views for p in published)
    median_engagements = median_of(engagements(p) for p in published)
    peaks: dict[date, list[tuple[float, str]]] = {}
    for post in published:
        if post.views is not None and median_views:
            ratio = post.views / median_views
        elif (count := engagements(post)) is not None and median_engagements:
            ratio = count / median_engagements
        else:
            continue
        peaks.setdefault(post.published_at.date(), []).append((ratio, post.post_id))
    return peaks


def follower_spikes(
    series: Series, today: date, posts: Iterable[Post] = (), *, threshold: float = 3.5,
    baseline_days: int = 28, min_baseline: int = 7, viral_factor: float = VIRAL_FACTOR,
    min_delta: float = 50, min_rel_delta: float = 0.005,
) -> list[Spike]:
    """Days whose relative change is ≥ ``threshold`` robust z from the trailing baseline.

    A spike also needs Δ ≥ max(``min_delta``, ``min_rel_delta`` × followers), a drop the
    same in absolute value, so that tiny accounts and quiet weeks raise nothing.
    """
    posts = tuple(posts)
    peaks = _post_peaks(posts, today)
    baseline: deque[tuple[date, float]] = deque()
    found: list[Spike] = []
    for day, delta, before, imputed in daily_deltas(series, today):
        while baseline and baseline[0][0] < day - timedelta(days=baseline_days):
            baseline.popleft()
        if before <= 0:
            continue
        rel = delta / before
        floor = max(min_delta, min_rel_delta * before)
        z = usual = None
        if abs(delta) >= floor and len(baseline) >= min_baseline:
            usual = statistics.median(r for _, r in baseline)
            z = robust_z(rel, [r for _, r in baseline])
        if z is None or abs(z) < threshold or (z > 0) != (delta > 0):
            baseline.append((day, rel))
            continue
        found.append(_classify(day, delta, rel, z, imputed, usual, peaks, found, viral_factor))
    return [_with_reasons(spike, found, posts, series) for spike in found]


def _classify(day, delta, rel, z, imputed, usual, peaks, found, viral_factor) -> Spike:
    kind = "spike" if delta > 0 else "drop"
    window = [pair for k in range(3) for pair in peaks.get(day - timedelta(days=k), ())]
    peak = max((ratio for ratio, _ in window), default=None)
    ids = tuple(post_id for ratio, post_id in window if ratio >= viral_factor)
    previous = found[-1] if found else None
    follows = previous is not None and previous.day == day - timedelta(days=1) and previous.kind == kind
    explained = kind == "spike" and (bool(ids) or (follows and previous.explained))
    if explained and not ids:
        ids = previous.explained_by
    return Spike(day, delta, rel, z, kind, explained, imputed, (), ids, peak, usual)


def _with_reasons(spike: Spike, found: list[Spike], posts: Iterable[Post], series: Series) -> Spike:
    """Severity reasons of an unexplained spike (§7.4 step 6)."""
    if spike.kind != "spike" or spike.explained:
        return spike
    reasons = []
    if not spike.imputed and spike.delta >= 1000 and round(spike.delta) % 500 == 0:
        reasons.append("round_number")
    if spike.delta > 5000:
        reasons.append("over_5000_in_a_day")
    month_before = spike.day - timedelta(days=30)
    if any(
        s.kind == "spike" and not s.explained and month_before <= s.day < spike.day - timedelta(days=1)
        for s in found
    ):
        reasons.append("repeats_within_30_days")
    if _engagement_fell_after(spike.day, posts, series):
        reasons.append("engagement_rate_fell_after")
    return replace(spike, reasons=tuple(reasons))


def _engagement_fell_after(day: date, posts: Iterable[Post], series: Series) -> bool:
    """Median engagements per follower of posts in the 14 days after < the 30 days before."""
    before, after = [], []
    for post in posts:
        published = post.published_at.date()
        count = engagements(post)
        base, _ = followers_at(published, series, None)
        if count is None or not base:
            continue
        if day - timedelta(days=30) <= published < day:
            before.append(count / base)
        elif day <= published <= day + timedelta(days=14):
            after.append(count / base)
    if len(before) < 3 or len(after) < 3:
        return False
    return statistics.median(after) < statistics.median(before)
