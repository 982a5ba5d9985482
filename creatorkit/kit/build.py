"""``build_kit_view``: the one place that assembles a media kit.

The page, the JSON, the PDF, the preview image, the badge and the static export all
render the ``KitView`` built here, so they cannot disagree, and anything the creator
hides (``kit.privacy``) is left out of it rather than merely not shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlite_utils import Database

from creatorkit import kpi
from creatorkit.kit.extras import load_extras
from creatorkit.kit.privacy import known_keys, redact
from creatorkit.kit.reasons import authenticity_view
from creatorkit.kit.view import (
    GROWTH_PERIODS,
    PLATFORM_LABELS,
    TOP_POSTS,
    Change,
    KitView,
    PlatformView,
    reach_of,
)
from creatorkit.models import Post
from creatorkit.storage import accounts as account_store
from creatorkit.storage import directory, history, parse_iso


def build_kit_view(db: Database, creator: Mapping[str, Any], today: date,
                   settings: Mapping[str, Any], *, now: datetime) -> KitView:
    """``today`` is the day the figures are computed as of; ``now`` says which accounts
    are overdue (their effective status), since the data alone cannot tell."""
    hidden = known_keys(creator.get("hidden") or ())
    platforms, audience_parts, audience_days, posts_by_url = [], [], [], {}
    for row in account_store.accounts_of_creator(db, creator["id"]):
        if row["platform"] in hidden:
            continue
        view, posts = _platform_view(db, row, today, settings, now, creator["niche"])
        if view is None:
            continue
        platforms.append(view)
        posts_by_url.update({post.permalink: (view.platform, post) for post in posts if post.permalink})
        slices = history.latest_audience(db, row["id"])
        if slices:
            audience_parts.append((view.platform, view.followers, slices))
            audience_days += [s.day for s in slices if s.day]
    extras = load_extras(db, creator["id"], posts_by_url)
    refreshed = [p.last_refreshed_at for p in platforms if p.last_refreshed_at]
    view = KitView(
        handle=creator["handle"], display_name=creator["display_name"],
        tagline=creator["tagline"], bio=creator["bio"], niche=creator["niche"],
        categories=tuple(creator["categories"]), country=creator["country"],
        city=creator["city"], languages=tuple(creator["languages"]),
        avatar_url=creator["avatar_url"], theme=creator["theme"], locale=creator["locale"],
        visibility=creator["visibility"], data_version=creator["data_version"],
        updated_at=max(refreshed) if refreshed else None, today=today,
        platforms=tuple(platforms), audience=kpi.merge_audience(audience_parts),
        audience_day=max(audience_days, default=None),
        rates=extras.rates, collaborations=extras.collaborations, testimonials=extras.testimonials,
        brands=extras.brands, featured=extras.featured, case_studies=extras.case_studies,
        has_contact=bool(creator.get("contact_email")), cover_url=creator.get("cover_url"),
    )
    return redact(view, hidden)


#: an account reference that is a platform's id, not a handle a reader could look up:
#: a YouTube channel id (UC + 22 characters) or a numeric user id (Instagram, Twitch)
ID_REF = re.compile(r"UC[\w-]{22}|\d+")


def handle_of(row: Mapping[str, Any]) -> str | None:
    """The handle the kit shows: the one the platform gave, else the reference the
    creator connected with when it reads as a handle (never a bare id)."""
    if row["username"]:
        return row["username"]
    ref = (row["ref"] or "").strip().lstrip("@")
    return None if not ref or ID_REF.fullmatch(ref) else ref


def as_of_day(db: Database, creator_id: int, fallback: date) -> date:
    """The UTC day of the creator's latest successful refresh (``fallback`` when none).

    Computing a kit as of its data rather than the clock keeps every response a pure
    function of the data version: a cached page is right until the data changes.
    """
    row = db.execute("SELECT MAX(last_success_at) FROM accounts WHERE creator_id = ?",
                     [creator_id]).fetchone()
    moment = parse_iso(row[0]) if row and row[0] else None
    return moment.date() if moment else fallback


def _peer_groups(db, row, niche, platform, tier, basis) -> list[tuple[str, list[float]]]:
    """Peer rates from the narrowest group (niche and tier) to the widest (the platform)."""
    if tier is None:
        return []
    peers = partial(directory.peer_rates, db, platform, basis=basis, exclude_creator_id=row["creator_id"])
    groups = [("niche_tier", peers(tier.name, niche=niche))] if niche else []
    return [*groups, ("tier", peers(tier.name)), ("platform", peers(None))]


def _data_day(series, posts) -> date | None:
    """The last day the stored figures describe: the last follower sample, else the newest post."""
    days = [series[-1][0]] if series else []
    days += [posts[0].published_at.date()] if posts else []
    return max(days, default=None)


def _platform_view(db, row, today, settings, now, niche=None) -> tuple[PlatformView | None, list[Post]]:
    series = history.metric_series(db, row["id"], "followers")
    posts = history.recent_posts(db, row["id"])
    if not series and not posts:
        return None, posts
    platform = row["platform"]
    sources = history.metric_sources(db, row["id"])
    post_sources = history.post_sources(db, row["id"])
    post_source = next(iter(sorted(post_sources)), None)
    partial_posts = post_sources == {"import"}  # exports list top posts, never every post
    data_day = _data_day(series, posts)
    as_of = min(today, data_day) if data_day else today  # stale data: figures as of their last day
    followers_day, followers = series[-1] if series else (None, None)
    window = int(settings.get("ER_WINDOW_POSTS", 30))
    min_age = int(settings.get("ER_MIN_POST_AGE_H", 72))
    engagement = kpi.engagement_rate(
        posts, today=today, platform=platform, followers=followers, followers_series=series,
        window_posts=window, min_age_hours=min_age, sponsored=False,
    )
    eligible = kpi.window_posts_of(posts, today=today, min_age_hours=min_age, window_posts=window)
    typical = partial(kpi.average_per_post, posts, today=today, window_posts=window, min_age_hours=min_age)
    tier = kpi.tier(followers)
    growth = kpi.growth_periods(series, as_of, GROWTH_PERIODS)
    followers_source = sources.get("followers")
    figure_sources = {"followers": followers_source, "growth": followers_source,
                      "engagement_rate": post_source, "avg_views": post_source,
                      "posts_per_week": post_source, "audience": history.audience_source(db, row["id"])}
    view = PlatformView(
        account_id=row["id"], platform=platform,
        label=PLATFORM_LABELS.get(platform, platform.title()),
        username=handle_of(row), profile_url=row["profile_url"],
        status=account_store.effective_status(
            row, now, int(settings.get("DEFAULT_REFRESH_INTERVAL_S", 6 * 3600))),
        source=followers_source or post_source or "self",
        followers=followers, followers_day=followers_day,
        last_refreshed_at=parse_iso(row["last_success_at"]),
        growth={days: g and Change(days, g.abs, g.pct, g.start, g.start_day, g.end_day)
                for days, g in growth.items()},
        engagement=engagement,
        avg_views=typical("views"),
        avg_viewers=typical("avg_viewers"),
        posts_per_week=None if partial_posts or not posts else kpi.posts_per_week(posts, as_of),
        post_count=len(posts),
        top_posts=tuple(sorted(posts, key=reach_of, reverse=True)[:TOP_POSTS]),
        follower_series=tuple(series),
        tier=tier,
        comparison=kpi.compare_with_peers(
            engagement.value, _peer_groups(db, row, niche, platform, tier, engagement.basis),
            platform=platform, followers=followers, basis=engagement.basis,
        ),
        authenticity=authenticity_view(kpi.authenticity(series, posts, today=today, platform=platform,
                                                        followers=followers, partial_posts=partial_posts)),
        data_day=data_day, imported_at=parse_iso(history.last_import_at(db, row["id"])),
        partial_posts=partial_posts,
        figure_sources={k: v for k, v in figure_sources.items() if v},
        sponsored_excluded=sum(p.is_sponsored for p in eligible),
        unknown=tuple(name for name, value in (("handle", handle_of(row)), ("followers", followers))
                      if value is None),
    )
    return view, posts
