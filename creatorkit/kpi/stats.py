"""Small robust statistics, hand-rolled so the KPI layer needs nothing but the stdlib.

Every function ignores ``None`` values and answers ``None`` when the quantity is
undefined (no values, zero mean ...), never 0 and never an exception.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

#: robust z = 0.6745 (x − median) / MAD  (Iglewicz & Hoaglin; reference §7.3)
MAD_Z = 0.6745
#: when MAD = 0, scale by 1.253314 × mean absolute deviation (IBM Cognos variant, §7.3)
MEAN_AD_SCALE = 1.253314


def clean(values: Iterable[float | None]) -> list[float]:
    """The values that are numbers (``None`` and NaN dropped)."""
    return [float(v) for v in values if v is not None and not math.isnan(v)]


def median(values: Iterable[float | None]) -> float | None:
    data = sorted(clean(values))
    n = len(data)
    if not n:
        return None
    mid = n // 2
    return data[mid] if n % 2 else (data[mid - 1] + data[mid]) / 2


def mean(values: Iterable[float | None]) -> float | None:
    data = clean(values)
    return sum(data) / len(data) if data else None


def mad(values: Iterable[float | None]) -> float | None:
    """Median absolute deviation from the median (unscaled)."""
    data = clean(values)
    centre = median(data)
    return None if centre is None else median(abs(v - centre) for v in data)


def cv(values: Iterable[float | None]) -> float | None:
    """Coefficient of variation: population standard deviation / mean."""
    data = clean(values)
    if len(data) < 2:
        return None
    centre = sum(data) / len(data)
    if centre == 0:
        return None
    variance = sum((v - centre) ** 2 for v in data) / len(data)
    return math.sqrt(variance) / abs(centre)


def robust_z(x: float, baseline: Sequence[float]) -> float | None:
    """Modified z-score of ``x`` against ``baseline`` (median/MAD).

    MAD = 0 (more than half the baseline identical) falls back to 1.253314 × mean
    absolute deviation; when that is 0 too, any departure from the median is
    infinitely unusual (``±inf``) and no departure scores 0.
    """
    data = clean(baseline)
    centre = median(data)
    if centre is None:
        return None
    deviations = [abs(v - centre) for v in data]
    spread = median(deviations)
    if spread:
        return MAD_Z * (x - centre) / spread
    mean_ad = sum(deviations) / len(deviations)
    if mean_ad:
        return (x - centre) / (MEAN_AD_SCALE * mean_ad)
    return 0.0 if x == centre else math.copysign(math.inf, x - centre)


def percentile_rank(value: float | None, peers: Iterable[float | None]) -> float | None:
    """Share of peers below ``value`` as a fraction 0..1, ties counted half.

    Same as ``scipy.stats.percentileofscore(peers, value, kind="mean") / 100``.
    """
    data = clean(peers)
    if value is None or not data:
        return None
    below = sum(1 for v in data if v < value)
    at_or_below = sum(1 for v in data if v <= value)
    return (below + at_or_below) / 2 / len(data)
