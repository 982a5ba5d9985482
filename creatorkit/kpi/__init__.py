"""The KPI layer: pure functions of stored rows and an explicit ``today``.

No clock, no database, no HTTP: only the standard library and ``creatorkit.models``,
``errors`` and ``config``. Rates are fractions (0.034); undefined figures are ``None``.
Every formula, basis and source is documented in ``docs/kpis.md``.
"""

from creatorkit.kpi.benchmarks import (
    PUBLISHED,
    SOURCES,
    Benchmark,
    PeerComparison,
    benchmark,
    compare_with_peers,
)
from creatorkit.kpi.engagement import (
    ACTIONS,
    DEFAULT_BASIS,
    Rate,
    default_basis,
    engagement_rate,
    engagements,
)
from creatorkit.kpi.stats import mad, median, percentile_rank, robust_z
from creatorkit.kpi.tiers import TIER_SCHEMES, Tier, tier, tier_scheme
from creatorkit.kpi.timeseries import (
    Growth,
    Milestone,
    Projection,
    avg_daily_growth,
    compound_monthly_growth,
    growth,
    growth_periods,
    milestones,
    projection,
    rolling_growth,
)

__all__ = [
    "ACTIONS",
    "DEFAULT_BASIS",
    "PUBLISHED",
    "SOURCES",
    "TIER_SCHEMES",
    "Benchmark",
    "Growth",
    "Milestone",
    "PeerComparison",
    "Projection",
    "Rate",
    "Tier",
    "avg_daily_growth",
    "benchmark",
    "compare_with_peers",
    "compound_monthly_growth",
    "default_basis",
    "engagement_rate",
    "engagements",
    "growth",
    "growth_periods",
    "mad",
    "median",
    "milestones",
    "percentile_rank",
    "projection",
    "robust_z",
    "rolling_growth",
    "tier",
    "tier_scheme",
]
