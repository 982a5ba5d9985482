"""A campaign's report, from its stored rows to the figures of ``kpi.campaign``.

Posts' counts are the latest refreshed ones (labelled with their source); clicks come
from the link log, sales and revenue from the conversions, cost from the budget lines.
A creator's own figures use the lines assigned to them; the campaign's use every line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from creatorkit.kpi import campaign as kpi
from creatorkit.models import SOURCE_LABELS
from creatorkit.storage import campaign_tracking as tracking
from creatorkit.storage import campaigns as store


@dataclass(frozen=True)
class Report:
    campaign: dict[str, Any]
    creators: list[dict[str, Any]]  # accepted ones, each with "totals" and "figures"
    rows: list[tuple[dict[str, Any], kpi.ObjectiveRow]]  # (stored objective, computed row)
    totals: kpi.Totals
    figures: tuple[kpi.Figure, ...]
    emv: kpi.EmvEstimate
    posts: list[dict[str, Any]]  # with "disclosed", "settling", "source_label", "handle"
    days: tuple[tuple[str, int, int], ...]
    budget: list[dict[str, Any]]
    settling: bool
    generated_at: datetime


def _totals(posts, clicks: float, conversions: list[dict], cost: float) -> kpi.Totals:
    sales = [c for c in conversions if c["kind"] == "sale"]
    return kpi.post_totals(
        posts, clicks=clicks, sales=len(sales), leads=len(conversions) - len(sales),
        revenue=sum(c["amount"] for c in sales) if conversions else None, cost=cost)


def _days(campaign: dict, clicks: list[dict], conversions: list[dict], today: date) -> tuple:
    first = date.fromisoformat(campaign["starts_on"])
    last = min(date.fromisoformat(campaign["ends_on"]), today)
    per_day: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in clicks:
        per_day[row["day"]][0] += row["clicks"]
    for row in conversions:
        per_day[row["day"]][1] += row["kind"] == "sale"
    span = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    extra = sorted(day for day in per_day if day not in span)
    return tuple((day, *per_day.get(day, (0, 0))) for day in sorted([*span, *extra]))


def build_report(db: Database, campaign: dict[str, Any], now: datetime) -> Report:
    campaign_id = campaign["id"]
    creators = [c for c in store.campaign_creators(db, campaign_id) if c["status"] == "accepted"]
    ids = [c["id"] for c in creators]
    picked = store.campaign_posts(db, campaign_id)
    clicks = tracking.clicks_per_day(db, campaign_id)
    conversions = tracking.conversions(db, campaign_id)
    budget = store.budget_lines(db, campaign_id)
    totals = _totals([p["post"] for p in picked], sum(r["clicks"] for r in clicks), conversions,
                     sum(line["amount"] for line in budget))
    starts = date.fromisoformat(campaign["starts_on"])
    first, last = kpi.baseline_window(starts)
    keys = {(p["account_id"], p["post"].post_id) for p in picked}
    baseline = kpi.post_totals(p["post"] for p in store.creator_posts(db, ids, first, last)
                               if (p["account_id"], p["post"].post_id) not in keys)
    rows = [(objective, kpi.objective_row(kpi.Objective(
        objective["kpi"], objective["target"], objective["mode"],
        date.fromisoformat(objective["deadline"]) if objective["deadline"] else None,
        objective["entered"], objective["comment"]), totals, baseline))
        for objective in store.objectives(db, campaign_id)]
    for creator in creators:
        mine = creator["id"]
        creator["totals"] = _totals(
            [p["post"] for p in picked if p["creator_id"] == mine],
            sum(r["clicks"] for r in clicks if r["creator_id"] == mine),
            [c for c in conversions if c["creator_id"] == mine],
            sum(line["amount"] for line in budget if line["creator_id"] == mine))
        creator["figures"] = {f.key: f for f in kpi.cost_figures(creator["totals"])}
    handles = {c["id"]: c["handle"] for c in creators}
    by_platform: dict[str, list] = defaultdict(list)
    for item in picked:
        post = item["post"]
        by_platform[item["platform"]].append(post)
        item.update(handle=handles.get(item["creator_id"]), source_label=SOURCE_LABELS.get(item["source"]),
                    disclosed=kpi.disclosed(post.title, post.is_sponsored),
                    settling=kpi.settling(post.published_at, now))
    recent_end = now.date() - date.fromisoformat(campaign["ends_on"]) < timedelta(days=2)
    return Report(campaign, creators, rows, totals, kpi.cost_figures(totals),
                  kpi.emv_estimate(by_platform, now.date()), picked,
                  _days(campaign, clicks, conversions, now.date()), budget,
                  recent_end or any(item["settling"] for item in picked), now)
