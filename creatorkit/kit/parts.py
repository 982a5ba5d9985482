"""The creator-written parts of a kit, as the ``KitView`` carries them (types only;
``kit.extras`` loads them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from creatorkit.models import Post


@dataclass(frozen=True)
class RateItem:
    deliverable: str
    platform: str | None
    price_cents: int
    currency: str
    note: str | None

    @property
    def price(self) -> float:
        return self.price_cents / 100


@dataclass(frozen=True)
class Result:
    metric: str
    value: float
    kind: str  # "count" or "rate", as storage.kit_content.RESULT_METRICS says

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate"


@dataclass(frozen=True)
class Collaboration:
    brand: str
    day: date
    deliverables: str
    results: tuple[Result, ...]
    link: str | None
    logo_url: str | None


@dataclass(frozen=True)
class CaseStudy:
    """A campaign the creator approved for the kit: results creatorkit measured itself
    (the posts' refreshed counts, tracked clicks, orders), unlike a ``Collaboration``."""

    brand: str
    campaign: str
    starts_on: date
    ends_on: date
    posts: int
    results: tuple[Result, ...]


@dataclass(frozen=True)
class Testimonial:
    quote: str
    author: str
    role: str | None
    company: str | None


@dataclass(frozen=True)
class Brand:
    name: str
    logo_url: str
    link: str | None


@dataclass(frozen=True)
class Featured:
    url: str
    title: str
    platform: str | None
    note: str | None
    post: Post | None  # the stored post at this address, with its latest counts
