"""Campaign figures: what came back for a budget, against the objectives set for it.

Pure: the web layer gathers the campaign's posts, clicks, conversions and budget into
``Totals`` and passes ``today``. Reach is the base of CPM and CTR (the issue's and
most briefs' convention); every figure carries the formula it was computed with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from creatorkit.errors import InputError
from creatorkit.kpi import value
from creatorkit.kpi.engagement import ACTIONS
from creatorkit.models import Post

#: post figures settle on the platforms within 24–48 h of publication
SETTLING = timedelta(hours=48)
BASELINE_DAYS = 90


@dataclass(frozen=True)
class Kpi:
    key: str
    family: str
    unit: str  # "count" (gap relative) or "rate" (gap in points)
    label: str
    measured: bool  # False: the brand enters the actual (sentiment, mentions)
    lower_is_better: bool = False


KPIS = {kpi.key: kpi for kpi in (
    Kpi("reach", "awareness", "count", "Reach", True),
    Kpi("impressions", "awareness", "count", "Impressions", True),
    Kpi("new_followers", "awareness", "count", "New followers", True),
    Kpi("engagement_rate", "engagement", "rate", "Engagement rate (of reach)", True),
    Kpi("shares", "engagement", "count", "Shares", True),
    Kpi("comments", "engagement", "count", "Comments", True),
    Kpi("clicks", "traffic", "count", "Link clicks", True),
    Kpi("ctr", "traffic", "rate", "Click-through rate (of reach)", True),
    Kpi("sales", "conversion", "count", "Sales", True),
    Kpi("leads", "conversion", "count", "Leads", True),
    Kpi("conversion_rate", "conversion", "rate", "Conversion rate (of clicks)", True),
    Kpi("cpa", "conversion", "count", "Cost per acquisition", True, lower_is_better=True),
    Kpi("positive_sentiment", "image", "rate", "Positive sentiment share", False),
    Kpi("mentions", "image", "count", "Mentions", False),
)}
#: KPIs the creator's own posts of the last 90 days give a base for
BASELINE_KPIS = ("reach", "impressions", "engagement_rate", "shares", "comments")
FAMILIES = tuple(dict.fromkeys(kpi.family for kpi in KPIS.values()))


@dataclass(frozen=True)
class Totals:
    """What one campaign (or one creator of it) produced and cost; None = not known."""

    posts: int = 0
    reach: float | None = None
    impressions: float | None = None
    views: float | None = None
    likes: float | None = None
    comments: float | None = None
    shares: float | None = None
    saves: float | None = None
    new_followers: float | None = None
    clicks: float | None = None
    sales: float | None = None
    leads: float | None = None
    revenue: float | None = None
    cost: float | None = None

    @property
    def engagements(self) -> float | None:
        counts = [getattr(self, action) for action in ACTIONS if getattr(self, action) is not None]
        return sum(counts) if counts else None


def _add(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else a + b


def post_totals(posts: Iterable[Post], **known: float | None) -> Totals:
    """Sums of the posts' counts (None where no post has the count), with ``known``
    (clicks, sales, revenue, cost ...) added as given."""
    totals = Totals(**known)
    for post in posts:
        totals = replace(totals, posts=totals.posts + 1, **{
            name: _add(getattr(totals, name), getattr(post, name))
            for name in ("reach", "impressions", "views", *ACTIONS)})
    return totals


def actual(kpi: str, totals: Totals) -> float | None:
    """The measured value of ``kpi`` (fractions for rates)."""
    if kpi == "engagement_rate":
        engaged = totals.engagements
        return engaged / totals.reach if engaged is not None and totals.reach else None
    if kpi == "ctr":
        return value.ctr(totals.clicks, totals.reach)
    if kpi == "conversion_rate":
        return value.conversion_rate(totals.sales, totals.clicks)
    if kpi == "cpa":
        return value.cpa(totals.cost, totals.sales)
    if kpi in KPIS and KPIS[kpi].measured:
        return getattr(totals, kpi)
    return None


@dataclass(frozen=True)
class Objective:
    kpi: str
    target: float  # a level, or for mode "change" a fraction (+0.15 = 15 % better)
    mode: str = "level"  # "level" or "change" (against the creator's last 90 days)
    deadline: date | None = None
    entered: float | None = None  # the brand's figure, for KPIs not measured here
    comment: str = ""


@dataclass(frozen=True)
class ObjectiveRow:
    objective: Objective
    kpi: Kpi
    target: float | None  # the level aimed at (a change resolved against the baseline)
    baseline: float | None
    actual: float | None
    gap: float | None  # relative (count) or in points as a fraction (rate)
    gap_kind: str  # "relative" or "points"
    met: bool | None
    source: str  # "measured" or "entered by the brand"


def check_objective(kpi: str, target: float, mode: str) -> Kpi:
    if kpi not in KPIS:
        raise InputError(f"Unknown KPI {kpi!r}; choose one of {', '.join(KPIS)}.")
    if mode not in ("level", "change"):
        raise InputError(f"An objective is a 'level' or a 'change', not {mode!r}.")
    if mode == "change" and kpi not in BASELINE_KPIS:
        raise InputError(f"{KPIS[kpi].label} has no 90-day baseline: set a level.")
    if mode == "level" and target < 0:
        raise InputError("A target level cannot be negative.")
    return KPIS[kpi]


def resolved_target(objective: Objective, baseline: Totals | None, campaign_posts: int) -> tuple:
    """(target level, baseline value). A change applies to the baseline's rate, or for a
    count to its per-post average times the campaign's posts."""
    if objective.mode == "level":
        return objective.target, None
    if baseline is None or not baseline.posts:
        return None, None
    base = actual(objective.kpi, baseline)
    if base is None:
        return None, None
    if KPIS[objective.kpi].unit == "count":
        base = base / baseline.posts * campaign_posts
    return base * (1 + objective.target), base


def objective_row(objective: Objective, totals: Totals, baseline: Totals | None = None) -> ObjectiveRow:
    kpi = check_objective(objective.kpi, objective.target, objective.mode)
    target, base = resolved_target(objective, baseline, totals.posts)
    measured = actual(kpi.key, totals) if kpi.measured else objective.entered
    gap = value.objective_gap(target, measured, kpi.unit)
    met = None if gap is None else (gap <= 0 if kpi.lower_is_better else gap >= 0)
    return ObjectiveRow(objective, kpi, target, base, measured, gap,
                        "points" if kpi.unit == "rate" else "relative", met,
                        "measured" if kpi.measured else "entered by the brand")


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float | None
    unit: str  # "money", "rate", "multiple"
    formula: str
    note: str = ""


def cost_figures(totals: Totals) -> tuple[Figure, ...]:
    """CPM, CPE, CPC, CPA, CTR, conversion rate, ROI and ROAS with their formulas."""
    cost = totals.cost
    return (
        Figure("cpm", "CPM", value.cpm(cost, totals.reach), "money", "budget ÷ reach × 1,000",
               "per 1,000 people reached"),
        Figure("cpe", "CPE", value.cpe(cost, totals.engagements), "money",
               "budget ÷ engagements (likes + comments + shares + saves)"),
        Figure("cpc", "CPC", value.cpc(cost, totals.clicks), "money", "budget ÷ link clicks"),
        Figure("cpa", "CPA", value.cpa(cost, totals.sales), "money", "budget ÷ sales"),
        Figure("ctr", "CTR", value.ctr(totals.clicks, totals.reach), "rate", "link clicks ÷ reach"),
        Figure("conversion_rate", "Conversion rate", value.conversion_rate(totals.sales, totals.clicks),
               "rate", "sales ÷ link clicks"),
        Figure("roi", "ROI", value.roi(totals.revenue, cost), "rate", "(revenue − budget) ÷ budget",
               "the financial return: 0 % means the budget came back, no more"),
        Figure("roas", "ROAS", value.roas(totals.revenue, cost), "multiple", "revenue ÷ budget",
               "some guides call revenue ÷ budget \"ROI\": it is ROAS, a multiple, shown as such"),
    )


@dataclass(frozen=True)
class EmvEstimate:
    value: float | None
    currency: str
    model: str
    source: str
    computed_on: date
    unpriced_platforms: tuple[str, ...]


def emv_estimate(posts_by_platform: Mapping[str, Sequence[Post]], today: date,
                 rate_card: value.RateCard | None = None) -> EmvEstimate:
    """EMV summed over platforms: an estimate of the media cost, never revenue."""
    card = rate_card or value.DEFAULT_RATE_CARD
    total, unpriced = None, []
    for platform, posts in sorted(posts_by_platform.items()):
        figure = value.emv(posts, card, platform=platform)
        if figure.value is None:
            unpriced.append(platform)
        else:
            total = _add(total, figure.value)
    return EmvEstimate(total, card.currency, card.name, card.source, today, tuple(unpriced))


def settling(published_at: datetime, now: datetime) -> bool:
    """A post younger than 48 h: its counts are still rising on the platform."""
    return now - published_at < SETTLING


DISCLOSURES = re.compile(
    r"(?<![\w#])(#ad|#ads|#sponsored|#sponsorisé|#sponsorise|#pub|#publicité|#publicite|#partenariat|"
    r"#collaborationcommerciale|#paidpartnership|#werbung|#anzeige)(?![\w])|"
    r"\b(publicité|publicite|collaboration commerciale|partenariat rémunéré|partenariat remunere|"
    r"paid partnership|sponsorisé par|sponsored by|en partenariat avec|in partnership with)\b",
    re.IGNORECASE,
)


def disclosed(caption: str | None, paid_partnership: bool) -> bool:
    """An ad is disclosed by the platform's paid-partnership flag or a caption marker
    (French law requires one: "Publicité", "Collaboration commerciale", #ad ...)."""
    return paid_partnership or bool(DISCLOSURES.search(caption or ""))


def suggestion_reasons(post: Post, *, starts: date, ends: date, link_codes: Iterable[str],
                       promo_codes: Iterable[str]) -> tuple[str, ...]:
    """Why a refreshed post may belong to the campaign: date, link, code, flag."""
    caption = (post.title or "").casefold()
    reasons = []
    if starts <= post.published_at.date() <= ends:
        reasons.append("date")
    if any(f"/r/{code.casefold()}" in caption for code in link_codes):
        reasons.append("link")
    if any(re.search(rf"(?<!\w){re.escape(code.casefold())}(?!\w)", caption) for code in promo_codes):
        reasons.append("code")
    if post.is_sponsored:
        reasons.append("paid partnership")
    return tuple(reasons)


def baseline_window(starts: date) -> tuple[date, date]:
    """The creator's own last 90 days before the campaign, the base of a change."""
    return starts - timedelta(days=BASELINE_DAYS), starts - timedelta(days=1)
