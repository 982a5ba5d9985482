"""The public JSON of a kit (``/@handle.json`` and the static export's ``kit.json``).

The same figures as the page, from the same ``KitView``; a figure the creator hides is
absent (no key), never null. Rates are fractions, times UTC ISO-8601. Every figure
says where it comes from (``sources``) and which days it describes, so an analyst
can check it (docs/api.md lists the fields).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from creatorkit import kpi
from creatorkit.kit.reasons import Reason
from creatorkit.kit.view import KitView, PlatformView

#: what the creator writes on the dashboard: the kit cannot check it
SELF = "self"
#: a campaign's results counted by creatorkit itself (links, orders, refreshed posts)
MEASURED = "measured"


def to_json(view: KitView) -> dict[str, Any]:
    data: dict[str, Any] = {
        "handle": view.handle,
        "display_name": view.display_name,
        "tagline": view.tagline,
        "niche": view.niche,
        "country": view.country,
        "city": view.city,
        "languages": list(view.languages),
        "locale": view.locale,
        "data_version": view.data_version,
        "updated_at": _iso(view.updated_at),
        "as_of": view.today.isoformat(),
        "data_day": _day(view.data_day),
        "verified": view.verified,
        "total_followers": view.total_followers,
        "platforms": [_platform_json(p) for p in view.platforms],
        "audience": {
            dim: {"platforms": list(view.audience.platforms[dim]), "day": _day(view.audience_day),
                  "buckets": [{"bucket": b, "share": round(s, 4)}
                              for b, s in kpi.display_buckets(dim, shares, n=10)]}
            for dim, shares in view.audience.shares.items()
        },
        "rate_card": [{"deliverable": r.deliverable, "platform": r.platform, "price": r.price,
                       "currency": r.currency, "note": r.note, "source": SELF} for r in view.rates],
        "collaborations": [{"brand": c.brand, "date": c.day.isoformat(), "deliverables": c.deliverables,
                            "results": {r.metric: r.value for r in c.results}, "link": c.link,
                            "source": SELF}
                           for c in view.collaborations],
        "case_studies": [{"brand": c.brand, "campaign": c.campaign, "starts_on": c.starts_on,
                          "ends_on": c.ends_on, "posts": c.posts,
                          "results": {r.metric: r.value for r in c.results}, "source": MEASURED}
                         for c in view.case_studies],
        "testimonials": [{"quote": t.quote, "author": t.author, "role": t.role, "company": t.company,
                          "source": SELF}
                         for t in view.testimonials],
        "brands": [{"name": b.name, "logo_url": b.logo_url, "link": b.link} for b in view.brands],
        "featured_posts": [{"url": f.url, "title": f.title, "platform": f.platform, "note": f.note}
                           for f in view.featured],
    }
    for key in ("city", "country", "languages", "total_followers", "audience"):
        if key in view.hidden or (key in ("city", "country") and "location" in view.hidden):
            data.pop(key)
    if view.total_followers is None:
        data.pop("total_followers", None)
    return _tidy(data)


def _platform_json(p: PlatformView) -> dict[str, Any]:
    data: dict[str, Any] = {
        "platform": p.platform,
        "username": p.username,
        "source": p.source,
        "source_label": p.source_label,
        "sources": dict(p.figure_sources),
        "status": p.status,
        "last_refreshed_at": _iso(p.last_refreshed_at),
        "imported_at": _iso(p.imported_at),
        "data_day": _day(p.data_day),
        "partial_posts": p.partial_posts,
    }
    if p.followers is not None:
        data["followers"] = p.followers
        data["followers_day"] = _day(p.followers_day)
    if p.growth:
        data["growth"] = {f"d{days}": _growth_json(g) if g else None for days, g in p.growth.items()}
    if p.engagement is not None:
        er = p.engagement
        data["engagement_rate"] = {
            "value": er.value, "basis": er.basis, "posts": er.posts, "method": er.method,
            "provisional": er.provisional, "window_start": _day(er.window_start),
            "window_end": _day(er.window_end), "sponsored": "excluded",
            "sponsored_excluded": p.sponsored_excluded,
        }
    if p.avg_views is not None:
        data["typical_views"] = _typical_json(p.avg_views)
        if p.uses_viewers and p.avg_viewers is not None:
            data["typical_viewers"] = _typical_json(p.avg_viewers)
    if p.posts_per_week is not None:
        data["posts_per_week"] = p.posts_per_week
    if p.tier is not None:
        data["tier"] = p.tier.name
        data["tier_scheme"] = {"scheme": p.tier.scheme, "followers_from": p.tier.low,
                               "followers_to": p.tier.high}
    if p.comparison is not None:
        data["benchmark"] = _benchmark_json(p.comparison)
        data["peers"] = _peers_json(p.comparison)
    if p.authenticity is not None:
        a = p.authenticity
        data["authenticity"] = {
            "score": a.score, "verdict": a.verdict,
            "checks": [{"check": c.code, "ran": c.ran, "why_not": c.why_not} for c in a.checks],
            "flags": [_reason_json(r) for r in a.flags],
            "notes": [_reason_json(r) for r in a.notes],
        }
    return data


def _growth_json(g) -> dict[str, Any]:
    data = {"pct": g.pct, "start_day": _day(g.start_day), "end_day": _day(g.end_day)}
    return data if g.abs is None else {"abs": g.abs, **data}


def _typical_json(average: kpi.Average) -> dict[str, Any]:
    """The median post (the headline) with the mean beside it, over the rate's window."""
    return {"median": average.median, "mean": average.mean, "posts": average.posts,
            "window_start": _day(average.first), "window_end": _day(average.last)}


def _reason_json(reason: Reason) -> dict[str, Any]:
    return {"check": reason.code, "text": str(reason), "points": reason.penalty,
            "evidence": dict(reason.evidence)}


def _benchmark_json(comparison: kpi.PeerComparison) -> dict[str, Any]:
    bench = comparison.benchmark
    if bench is None:
        return {"available": False, "why_not": comparison.no_benchmark}
    return {
        "available": True, "position": comparison.position,
        "range_low": bench.range_low, "range_high": bench.range_high, "midpoint": bench.midpoint,
        "low_below": bench.low_below, "high_above": bench.high_above, "statistic": bench.statistic,
        "followers_from": bench.followers_from, "followers_to": bench.followers_to,
        "basis": bench.basis, "source": bench.source, "source_key": bench.source_key,
        "data_year": bench.data_year, "report_year": bench.report_year, "tag": bench.tag,
        "note": bench.note,
    }


def _peers_json(comparison: kpi.PeerComparison) -> dict[str, Any]:
    return {"percentile": comparison.percentile, "group": comparison.group, "n": comparison.n,
            "low_n": comparison.low_n}


def _tidy(value: Any) -> Any:
    """JSON-ready: days as ISO strings, tuples as lists, floats without binary noise
    (0.018, not 0.018000000000000002), an infinite robust z as null."""
    if isinstance(value, float):
        return float(f"{value:.12g}") if math.isfinite(value) else None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _tidy(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [_tidy(v) for v in value]
    return value


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None
