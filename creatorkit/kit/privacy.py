"""What a creator can hide, and how a hidden figure leaves the ``KitView``.

``creators.hidden`` is a JSON list of keys. A key names a section of the kit, a
metric on every platform, a whole platform, or one metric on one platform:

* sections: ``bio``, ``location``, ``languages``, ``totals``, ``charts``, ``audience``,
  ``top_posts``, ``featured_posts``, ``rate_card``, ``collaborations``, ``case_studies``,
  ``brands``, ``testimonials``, ``contact``;
* one audience dimension: ``audience.age``, ``audience.gender``, ``audience.country``,
  ``audience.city``, ``audience.language``;
* a metric on every platform: ``followers``, ``growth``, ``engagement_rate``,
  ``avg_views`` (average views, or average viewers on Twitch), ``posts_per_week``,
  ``tier``, ``benchmark``, ``authenticity``;
* a platform (``youtube``, ``instagram``, ``tiktok``, ``twitch``), or one of its metrics
  (``tiktok.engagement_rate``).

Hiding is done on the view itself, so every output built from it (page, PDF, JSON,
preview image, badge, static export, directory card) lacks the figure. Figures from
which a hidden one could be worked out go with it: hidden followers take the
absolute growth, the follower charts, the headline total and the follower counts of
the authenticity reasons; a hidden engagement rate takes the benchmark position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from creatorkit.errors import InputError
from creatorkit.kit.view import KitView, PlatformView
from creatorkit.kpi import MergedAudience
from creatorkit.models import PLATFORMS

SECTIONS = ("bio", "location", "languages", "totals", "charts", "audience", "top_posts",
            "featured_posts", "rate_card", "collaborations", "case_studies", "brands", "testimonials",
            "contact")
AUDIENCE_DIMENSIONS = ("age", "gender", "country", "city", "language")
METRICS = ("followers", "growth", "engagement_rate", "avg_views", "posts_per_week", "tier",
           "benchmark", "authenticity")
#: every key a creator may hide, in the order the dashboard lists them
KEYS = (*SECTIONS, *(f"audience.{d}" for d in AUDIENCE_DIMENSIONS), *METRICS, *PLATFORMS,
        *(f"{p}.{m}" for p in PLATFORMS for m in METRICS))
#: a hidden metric → the metrics that go with it (they would give it away)
IMPLIES = {"followers": ("followers",), "engagement_rate": ("engagement_rate", "benchmark")}


def validate_hidden(keys: Iterable[str]) -> tuple[str, ...]:
    """The keys, checked, without duplicates, in ``KEYS`` order; InputError names any unknown."""
    wanted = {str(key).strip().lower() for key in keys if str(key).strip()}
    unknown = sorted(wanted - set(KEYS))
    if unknown:
        raise InputError(f"Cannot hide {', '.join(map(repr, unknown))}: not a kit section or metric. "
                         f"Known keys: {', '.join(KEYS)}.")
    return tuple(key for key in KEYS if key in wanted)


def known_keys(keys: Iterable[str]) -> frozenset[str]:
    """The stored keys this version knows (a key dropped since is ignored, not an error)."""
    return frozenset(key for key in keys if key in KEYS)


def platform_hidden_metrics(hidden: frozenset[str], platform: str) -> set[str]:
    """The metrics hidden on one platform, including those that go with them."""
    named = {m for m in METRICS if m in hidden or f"{platform}.{m}" in hidden}
    return {implied for m in named for implied in IMPLIES.get(m, (m,))}


def redact_platform(p: PlatformView, hidden: frozenset[str]) -> PlatformView:
    gone = platform_hidden_metrics(hidden, p.platform)
    changes: dict[str, object] = {}
    if "followers" in gone:
        changes.update(followers=None, followers_day=None, follower_series=())
        changes["growth"] = {days: g and replace(g, abs=None) for days, g in p.growth.items()}
        if p.authenticity is not None:
            changes["authenticity"] = p.authenticity.without_counts()
    if "charts" in hidden:
        changes["follower_series"] = ()
    if "growth" in gone:
        changes["growth"] = {}
    if "engagement_rate" in gone:
        changes["engagement"] = None
    if "benchmark" in gone:
        changes["comparison"] = None
    if "avg_views" in gone:
        changes.update(avg_views=None, avg_viewers=None)
    for metric in ("posts_per_week", "tier", "authenticity"):
        if metric in gone:
            changes[metric] = None
    if "top_posts" in hidden:
        changes["top_posts"] = ()
    return replace(p, **changes)


def redact_audience(audience: MergedAudience, hidden: frozenset[str]) -> MergedAudience:
    if "audience" in hidden:
        return MergedAudience({}, {}, {}, ())
    keep = [d for d in audience.shares if f"audience.{d}" not in hidden]
    return MergedAudience({d: audience.shares[d] for d in keep}, {d: audience.weights[d] for d in keep},
                          {d: audience.platforms[d] for d in keep}, audience.hidden)


def redact(view: KitView, hidden: frozenset[str]) -> KitView:
    """The view without anything ``hidden`` names (platforms are skipped while building)."""
    sections = {"bio": {"bio": None}, "location": {"city": None, "country": None},
                "languages": {"languages": ()}, "featured_posts": {"featured": ()},
                "rate_card": {"rates": ()}, "collaborations": {"collaborations": ()},
                "case_studies": {"case_studies": ()},
                "brands": {"brands": ()}, "testimonials": {"testimonials": ()},
                "contact": {"has_contact": False}}
    changes: dict[str, object] = {"hidden": hidden}
    for key, blank in sections.items():
        if key in hidden:
            changes.update(blank)
    changes["platforms"] = tuple(redact_platform(p, hidden) for p in view.platforms)
    changes["audience"] = redact_audience(view.audience, hidden)
    return replace(view, **changes)
