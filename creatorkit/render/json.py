"""The public JSON of a kit (``/@handle.json`` and the static export's ``kit.json``).

The same figures as the page, from the same ``KitView``; a figure the creator hides is
absent (no key), never null. Rates are fractions, times UTC ISO-8601.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from creatorkit import kpi
from creatorkit.kit.view import KitView, PlatformView


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
        "verified": view.verified,
        "total_followers": view.total_followers,
        "platforms": [_platform_json(p) for p in view.platforms],
        "audience": {
            dim: {"platforms": list(view.audience.platforms[dim]),
                  "buckets": [{"bucket": b, "share": round(s, 4)}
                              for b, s in kpi.top_buckets(shares, n=10)]}
            for dim, shares in view.audience.shares.items()
        },
        "rate_card": [{"deliverable": r.deliverable, "platform": r.platform, "price": r.price,
                       "currency": r.currency, "note": r.note} for r in view.rates],
        "collaborations": [{"brand": c.brand, "date": c.day.isoformat(), "deliverables": c.deliverables,
                            "results": {r.metric: r.value for r in c.results}, "link": c.link}
                           for c in view.collaborations],
        "testimonials": [{"quote": t.quote, "author": t.author, "role": t.role, "company": t.company}
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
    return data


def _platform_json(p: PlatformView) -> dict[str, Any]:
    data: dict[str, Any] = {
        "platform": p.platform,
        "username": p.username,
        "source": p.source,
        "source_label": p.source_label,
        "status": p.status,
        "last_refreshed_at": _iso(p.last_refreshed_at),
    }
    if p.followers is not None:
        data["followers"] = p.followers
    if p.growth:
        data["growth"] = {f"d{days}": ({"abs": g.abs, "pct": g.pct} if g.abs is not None else {"pct": g.pct})
                          if g else None for days, g in p.growth.items()}
    if p.engagement is not None:
        er = p.engagement
        data["engagement_rate"] = {"value": er.value, "basis": er.basis, "posts": er.posts,
                                   "method": er.method, "provisional": er.provisional}
    if p.avg_views is not None:
        data["avg_views"] = p.avg_views.mean
        data["avg_viewers"] = p.avg_viewers.mean if p.avg_viewers else None
    if p.posts_per_week is not None:
        data["posts_per_week"] = p.posts_per_week
    if p.tier is not None:
        data["tier"] = p.tier.name
    if p.comparison is not None:
        data["benchmark"] = _benchmark_json(p.comparison)
    if p.authenticity is not None:
        data["authenticity"] = {"score": p.authenticity.score, "verdict": p.authenticity.verdict,
                                "flags": [str(r) for r in p.authenticity.flags],
                                "notes": [str(r) for r in p.authenticity.notes]}
    return data


def _benchmark_json(comparison: kpi.PeerComparison) -> dict[str, Any] | None:
    bench = comparison.benchmark
    if bench is None and comparison.percentile is None:
        return None
    return {
        "median": bench.median if bench else None,
        "low": bench.low if bench else None,
        "high": bench.high if bench else None,
        "percentile": comparison.percentile,
        "position": comparison.position,
        "compared_with": comparison.source,
        "peers": comparison.n,
        "source": bench.source if bench else "creatorkit peers",
        "year": bench.year if bench else None,
        "basis": bench.basis if bench else None,
        "note": bench.note if bench else None,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None
