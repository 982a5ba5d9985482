"""Money figures: earned media value (an estimate), cost ratios, returns, objective gaps.

Every ratio is None when its denominator is 0 or missing. EMV is never revenue: it
is what the same attention would have cost as media, priced by a rate card that the
kit names (reference §5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from creatorkit.errors import InputError
from creatorkit.models import Post

#: actions a rate card can price; "views" is priced per 1,000 (``views_per_mille``)
PRICED_ACTIONS = ("likes", "comments", "shares", "saves", "views")


@dataclass(frozen=True)
class RateCard:
    name: str
    source: str
    currency: str
    #: platform → action → value of one action (views: value per 1,000 views)
    values: Mapping[str, Mapping[str, float]]


#: Skeepers (Octoly) fixed card derived from the Ayzenberg index (§5.2, [SK]); dollars on
#: the English page (the same numbers are euros on the French one).
SKEEPERS_CARD = RateCard(
    name="Skeepers / Ayzenberg",
    source="Skeepers (Octoly) help centre: EMV per action, derived from the Ayzenberg index",
    currency="USD",
    values={
        "instagram": {"likes": 0.07, "comments": 3.46},
        "youtube": {"likes": 0.08, "comments": 6.99},
        "tiktok": {"views": 6.89, "likes": 0.09, "comments": 3.52, "shares": 1.72},
    },
)
DEFAULT_RATE_CARD = SKEEPERS_CARD


@dataclass(frozen=True)
class Emv:
    value: float | None  # None when the card has no prices for the platform
    currency: str
    rate_card_name: str
    source: str
    estimate: bool = True
    #: (action, count, unit value, subtotal); views: unit value per 1,000
    breakdown: tuple[tuple[str, float, float, float], ...] = ()
    unpriced: tuple[str, ...] = field(default=())  # actions counted but not on the card


def _counts(counts_or_posts: Mapping[str, float] | Iterable[Post]) -> dict[str, float]:
    if isinstance(counts_or_posts, Mapping):
        return {k: v for k, v in counts_or_posts.items() if v is not None}
    totals: dict[str, float] = {}
    for post in counts_or_posts:
        for action in PRICED_ACTIONS:
            count = getattr(post, action)
            if count is not None:
                totals[action] = totals.get(action, 0) + count
    return totals


def emv(
    counts_or_posts: Mapping[str, float] | Iterable[Post], rate_card: RateCard | None = None, *,
    platform: str,
) -> Emv:
    """EMV = Σ count × value per action (views per 1,000), with the breakdown shown."""
    card = rate_card or DEFAULT_RATE_CARD
    prices = card.values.get(platform)
    counts = _counts(counts_or_posts)
    if not prices:
        return Emv(None, card.currency, card.name, card.source, unpriced=tuple(counts))
    breakdown = []
    for action, count in counts.items():
        if action in prices:
            unit = prices[action]
            breakdown.append((action, count, unit, count * unit / (1000 if action == "views" else 1)))
    total = sum(row[3] for row in breakdown)
    unpriced = tuple(a for a in counts if a not in prices)
    return Emv(total, card.currency, card.name, card.source, True, tuple(breakdown), unpriced)


def _ratio(numerator: float | None, denominator: float | None, scale: float = 1) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator * scale


def cpm(cost: float | None, impressions: float | None) -> float | None:
    """Cost per 1,000 impressions (or views, or reach: the caller states which)."""
    return _ratio(cost, impressions, 1000)


def cpe(cost: float | None, engagements: float | None) -> float | None:
    return _ratio(cost, engagements)


def cpc(cost: float | None, clicks: float | None) -> float | None:
    return _ratio(cost, clicks)


def cpv(cost: float | None, views: float | None) -> float | None:
    return _ratio(cost, views)


def cpa(cost: float | None, conversions: float | None) -> float | None:
    return _ratio(cost, conversions)


def ctr(clicks: float | None, impressions: float | None) -> float | None:
    return _ratio(clicks, impressions)


def conversion_rate(conversions: float | None, clicks: float | None) -> float | None:
    return _ratio(conversions, clicks)


def roi(revenue: float | None, cost: float | None) -> float | None:
    """Financial return: (revenue − cost) / cost, as a fraction (0.5 = +50 %)."""
    if revenue is None or not cost:
        return None
    return (revenue - cost) / cost


def roas(revenue: float | None, cost: float | None) -> float | None:
    """Revenue / spend, a multiple (4.0 = 4×)."""
    return _ratio(revenue, cost)


def emv_multiple(emv_value: float | None, cost: float | None) -> float | None:
    """EMV / cost: what vendors call "ROI" but is a media-value multiple, not a return (§2.6)."""
    return _ratio(emv_value, cost)


def objective_gap(target: float | None, actual: float | None, unit: str) -> float | None:
    """How far ``actual`` is from ``target``: relative for counts, in points for rates.

    "count": (actual − target) / target, e.g. 950,000 vs 1,000,000 → −0.05.
    "rate": actual − target as a fraction, e.g. 0.042 vs 0.03 → +0.012.
    """
    if unit not in ("count", "rate"):
        raise InputError(f"unit must be 'count' or 'rate', not {unit!r}")
    if target is None or actual is None:
        return None
    if unit == "rate":
        return actual - target
    return _ratio(actual - target, target)
