"""Follower (or any count) growth over a daily series ``[(day, value), ...]`` sorted by day.

Samples may have gaps: every figure names the two samples it was computed from, so
"+1,204 followers in 30 days" can say which days it really spans.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from creatorkit.errors import InputError

Series = Sequence[tuple[date, float]]

#: follower counts worth celebrating (first crossing only)
MILESTONES = (
    1_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
    1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000,
)
#: z of the two-sided 80 % band of a normal law
Z_80 = 1.2816
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Growth:
    days: int
    start_day: date
    start: float
    end_day: date
    end: float
    abs: float
    pct: float | None  # fraction of ``start``; None when start is 0


@dataclass(frozen=True)
class Milestone:
    threshold: int
    day: date


@dataclass(frozen=True)
class Projection:
    day: date
    value: float
    low: float
    high: float
    level: float  # probability mass inside [low, high] under the model
    window_days: int
    samples: int  # daily increments behind the drift and spread
    method: str = "random walk with drift"


def _last_at_or_before(series: Series, day: date) -> int:
    """Index of the last sample on or before ``day``; -1 when there is none."""
    return bisect_right(series, day, key=lambda sample: sample[0]) - 1


def _positive(name: str, value: int) -> None:
    if value < 1:
        raise InputError(f"{name} must be at least 1, not {value}")


def growth(series: Series, today: date, days: int) -> Growth | None:
    """Change between the last sample ≤ ``today − days`` and the last sample ≤ ``today``.

    None when either sample is missing, or when both are the same sample (nothing
    was recorded inside the window).
    """
    _positive("days", days)
    end = _last_at_or_before(series, today)
    start = _last_at_or_before(series, today - timedelta(days=days))
    if start < 0 or end <= start:
        return None
    return _between(days, series[start], series[end])


def _between(days: int, start: tuple[date, float], end: tuple[date, float]) -> Growth:
    (start_day, first), (end_day, last) = start, end
    change = last - first
    return Growth(days, start_day, first, end_day, last, change, change / first if first else None)


def growth_periods(
    series: Series, today: date, periods: Sequence[int] = (7, 30, 90, 365)
) -> dict[int, Growth | None]:
    return {days: growth(series, today, days) for days in periods}


def avg_daily_growth(series: Series, today: date, days: int = 30) -> float | None:
    """Average change per calendar day between the two samples ``growth`` picks."""
    window = growth(series, today, days)
    return None if window is None else window.abs / (window.end_day - window.start_day).days


def compound_monthly_growth(series: Series, today: date, days: int = 365) -> float | None:
    """``(end / start) ** (1 / months) − 1`` over the samples ``growth`` picks (§2.5)."""
    window = growth(series, today, days)
    if window is None or window.start <= 0 or window.end < 0:
        return None
    months = (window.end_day - window.start_day).days / DAYS_PER_MONTH
    return (window.end / window.start) ** (1 / months) - 1


def rolling_growth(series: Series, today: date, days: int = 7) -> list[Growth]:
    """``growth(series, sample_day, days)`` at every sample up to ``today``, for charts.

    One pass: the start pointer only moves forward as the end does.
    """
    _positive("days", days)
    points = []
    start = -1
    upto = series[: _last_at_or_before(series, today) + 1]
    for end, sample in enumerate(upto):
        limit = sample[0] - timedelta(days=days)
        while start + 1 < end and upto[start + 1][0] <= limit:
            start += 1
        if start >= 0 and upto[start][0] <= limit:
            points.append(_between(days, upto[start], sample))
    return points


def milestones(series: Series, today: date, thresholds: Sequence[int] = MILESTONES) -> list[Milestone]:
    """First sample at or above each threshold that the series crossed from below."""
    ordered = sorted(thresholds)
    reached: dict[int, Milestone] = {}
    for (_, before), (day, value) in itertools.pairwise(series[: _last_at_or_before(series, today) + 1]):
        if value > before:
            for threshold in ordered[bisect_right(ordered, before) : bisect_right(ordered, value)]:
                reached.setdefault(threshold, Milestone(threshold, day))
    return sorted(reached.values(), key=lambda m: m.threshold)


def projection(
    series: Series, today: date, days_ahead: int, *, window: int = 90, level_z: float = Z_80
) -> Projection | None:
    """Value expected ``days_ahead`` after ``today``, with an uncertainty band.

    Model: a random walk with drift fitted on the last ``window`` days. A gap of g days
    counts as g equal daily increments. Drift μ = mean daily increment, σ = their
    standard deviation; at h days past the last sample the band is
    ``μh ± z σ √(h + h²/n)`` (day-to-day noise plus the error of the drift estimate
    from n increments), z = 1.2816 for 80 %. Floored at 0. None with fewer than
    7 daily increments.
    """
    _positive("window", window)
    if days_ahead < 0:
        raise InputError(f"days_ahead must not be negative, not {days_ahead}")
    end = _last_at_or_before(series, today)
    start = bisect_right(series, today - timedelta(days=window), key=lambda sample: sample[0])
    recent = series[start : end + 1]
    increments: list[float] = []
    for (day0, value0), (day1, value1) in itertools.pairwise(recent):
        gap = (day1 - day0).days
        increments.extend([(value1 - value0) / gap] * gap)
    n = len(increments)
    if n < 7:
        return None
    drift = sum(increments) / n
    sigma = math.sqrt(sum((x - drift) ** 2 for x in increments) / (n - 1))
    last_day, last = recent[-1]
    target = today + timedelta(days=days_ahead)
    horizon = (target - last_day).days
    value = last + drift * horizon
    half = level_z * sigma * math.sqrt(horizon + horizon**2 / n)
    level = math.erf(level_z / math.sqrt(2))
    return Projection(target, value, max(0.0, value - half), value + half, level, window, n)
