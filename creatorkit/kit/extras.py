"""Loading the creator-written parts of a kit (``kit.parts``).

Rate card, collaborations, testimonials, brand logos and featured posts come from
``storage.kit_content``; a featured post whose address is one of the creator's stored
posts also carries that post's latest counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from creatorkit.kit.parts import Brand, Collaboration, Featured, RateItem, Result, Testimonial
from creatorkit.models import Post
from creatorkit.storage import kit_content
from creatorkit.storage.kit_content import RESULT_METRICS


@dataclass(frozen=True)
class Extras:
    rates: tuple[RateItem, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    testimonials: tuple[Testimonial, ...] = ()
    brands: tuple[Brand, ...] = ()
    featured: tuple[Featured, ...] = ()


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
    )


def _featured(row: Mapping, posts_by_url: Mapping[str, tuple[str, Post]]) -> Featured:
    platform, post = posts_by_url.get(row["url"], (row["platform"], None))
    return Featured(row["url"], row["title"], platform, row["note"], post)
