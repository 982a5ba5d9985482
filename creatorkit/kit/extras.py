"""Loading the creator-written parts of a kit (``kit.parts``).

Rate card, collaborations, testimonials, brand logos and featured posts come from
``storage.kit_content``; a featured post whose address is one of the creator's stored
posts also carries that post's latest counts. Case studies are the campaigns the
creator approved (``storage.campaigns``), with the results measured for this creator:
reach, views and engagements of their campaign posts, their link clicks and the sales
of their codes and links; the brand's revenue and the creator's fee stay private.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from creatorkit.kit.parts import Brand, CaseStudy, Collaboration, Featured, RateItem, Result, Testimonial
from creatorkit.kpi import campaign as campaign_kpi
from creatorkit.models import Post
from creatorkit.storage import campaign_tracking, campaigns, kit_content
from creatorkit.storage.kit_content import RESULT_METRICS

#: the measured results a case study shows, and their kind
CASE_STUDY_RESULTS = {"reach": "count", "views": "count", "engagements": "count",
                      "engagement_rate": "rate", "clicks": "count", "sales": "count"}


@dataclass(frozen=True)
class Extras:
    rates: tuple[RateItem, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    testimonials: tuple[Testimonial, ...] = ()
    brands: tuple[Brand, ...] = ()
    featured: tuple[Featured, ...] = ()
    case_studies: tuple[CaseStudy, ...] = ()


def load_extras(db: Database, creator_id: int, posts_by_url: Mapping[str, tuple[str, Post]]) -> Extras:
    """Everything the creator wrote, newest collaborations first."""
    content = kit_content.content_of(db, creator_id)
    return Extras(
        rates=tuple(RateItem(r["deliverable"], r["platform"], r["price_cents"], r["currency"], r["note"])
                    for r in content["rates"]),
        collaborations=tuple(sorted(
            (Collaboration(c["brand"], date.fromisoformat(c["day"]), c["deliverables"],
                           tuple(Result(m, c["results"][m], kind) for m, kind in RESULT_METRICS.items()
                                 if m in c["results"]),
                           c["link"], c["logo_url"]) for c in content["collaborations"]),
            key=lambda c: c.day, reverse=True)),
        testimonials=tuple(Testimonial(t["quote"], t["author"], t["role"], t["company"])
                           for t in content["testimonials"]),
        brands=tuple(Brand(b["name"], b["logo_url"], b["link"]) for b in content["brands"]),
        featured=tuple(_featured(f, posts_by_url) for f in content["featured"]),
        case_studies=tuple(_case_study(db, c, creator_id) for c in campaigns.case_studies(db, creator_id)),
    )


def _featured(row: Mapping, posts_by_url: Mapping[str, tuple[str, Post]]) -> Featured:
    platform, post = posts_by_url.get(row["url"], (row["platform"], None))
    return Featured(row["url"], row["title"], platform, row["note"], post)


def _case_study(db: Database, campaign: Mapping, creator_id: int) -> CaseStudy:
    """One approved campaign, measured for this creator. Clicks are known only with a
    tracked link, sales only with a link or a promo code: otherwise they are left out."""
    cid = campaign["id"]
    posts = [p["post"] for p in campaigns.campaign_posts(db, cid) if p["creator_id"] == creator_id]
    links = creator_id in campaign_tracking.link_owners(db, cid).values()
    tracked = links or creator_id in campaign_tracking.promo_codes(db, cid).values()
    clicks = sum(r["clicks"] for r in campaign_tracking.clicks_per_day(db, cid)
                 if r["creator_id"] == creator_id)
    sales = sum(1 for c in campaign_tracking.conversions(db, cid)
                if c["creator_id"] == creator_id and c["kind"] == "sale")
    totals = campaign_kpi.post_totals(posts, clicks=clicks if links else None,
                                      sales=sales if tracked else None)
    measured = {"reach": totals.reach, "views": totals.views, "engagements": totals.engagements,
                "engagement_rate": campaign_kpi.actual("engagement_rate", totals), "clicks": totals.clicks,
                "sales": totals.sales}
    return CaseStudy(campaign["brand"], campaign["name"], date.fromisoformat(campaign["starts_on"]),
                     date.fromisoformat(campaign["ends_on"]), len(posts),
                     tuple(Result(m, measured[m], kind) for m, kind in CASE_STUDY_RESULTS.items()
                           if measured[m] is not None))
