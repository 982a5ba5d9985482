"""Meta Business Suite exports for Instagram: reference §8.3.

The content table (Insights → Content → Export table data) gives one post per row with
lifetime counts. A daily account series (Insights → Results) is UTF-16 with a ``sep=,``
line, then a one-cell title that names the metric ("Instagram follows"), then
``Date,Primary``; days with 0 are left out of follows files, and stay out here.
Facebook Page exports are not imported: creatorkit has no Facebook platform.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from creatorkit.connectors.exports import values
from creatorkit.connectors.exports.format import (
    ExportFormat,
    Record,
    Table,
    column,
    daily_metrics,
    normalized,
    unique_posts,
)
from creatorkit.models import Harvest, Post, Profile

COUNT = values.count
POST_KINDS = ("image", "carousel", "reel", "video", "story")
#: title line of a daily series → metric
SERIES = {
    "instagram follows": "daily_follows",
    "views": "daily_views",
    "instagram views": "daily_views",
    "reach": "daily_reach",
    "instagram reach": "daily_reach",
    "content interactions": "daily_interactions",
    "instagram content interactions": "daily_interactions",
    "link clicks": "daily_link_clicks",
    "instagram link clicks": "daily_link_clicks",
    "visits": "daily_profile_visits",
    "instagram visits": "daily_profile_visits",
    "instagram profile visits": "daily_profile_visits",
}


def _post_kind(raw) -> str:
    name = (values.text(raw) or "").casefold().removeprefix("ig ")
    if name not in POST_KINDS:
        raise values.BadCell(f"is not an Instagram post type (IG {', IG '.join(POST_KINDS)})")
    return name


def _content(table: Table, today: date) -> Harvest:
    order = table.date_order("published")
    posts = []
    for r in table.records:
        when, clock = table.convert(r.row, "published", values.moment, order=order)
        day = table.resolve(Record(r.row, {"published": when}), "published", today)
        published = datetime.combine(day, clock or time(0), UTC)
        posts.append(Post(
            post_id=r["post_id"], kind=r["kind"], published_at=published, permalink=r["permalink"],
            title=r["description"], duration_s=r["duration"], views=r["views"], reach=r["reach"],
            likes=r["likes"], comments=r["comments"], shares=r["shares"], saves=r["saves"],
        ))
    return Harvest(source="import", profile=_profile(table), posts=unique_posts(table, posts))


def _profile(table: Table) -> Profile:
    """The account named by every row (a table of one account), else nothing."""
    found = {}
    for key in ("account_id", "username", "account_name"):
        seen = {r[key] for r in table.records}
        found[key] = seen.pop() if len(seen) == 1 else None
    return Profile(external_id=found["account_id"], username=found["username"],
                   display_name=found["account_name"])


def _series(table: Table, today: date) -> Harvest:
    title = table.sheet.title
    if title is None:
        raise table.error(table.sheet.header_line, None, 'needs the title line above "Date","Primary" '
                          'that names the series (e.g. "Instagram follows")')
    metric = SERIES.get(normalized(title))
    if metric is None:
        reason = ("is a Facebook series; only Instagram series are imported"
                  if normalized(title).startswith("facebook") else
                  f"names no known series (known: {', '.join(sorted(SERIES))})")
        raise table.error(table.sheet.title_line, None, f"{title!r} {reason}")
    return Harvest(source="import", metrics=daily_metrics(table, table.days(today), {"value": metric}))


FORMATS = (
    ExportFormat(
        "meta_content", "instagram", "Meta Business Suite content table",
        {"post_id": column("Post ID", parse=values.filled), "account_id": column("Account ID"),
         "username": column("Account username"), "account_name": column("Account name"),
         "description": column("Description"), "duration": column("Duration (sec)", parse=values.number),
         "published": column("Publish time", "Publiceringstid"),
         "permalink": column("Permalink", parse=values.https_url("instagram.com")),
         "kind": column("Post type", parse=_post_kind), "views": column("Views", parse=COUNT),
         "reach": column("Reach", "Räckvidd", parse=COUNT), "likes": column("Likes", parse=COUNT),
         "shares": column("Shares", parse=COUNT), "follows": column("Follows", parse=COUNT),
         "comments": column("Comments", parse=COUNT), "saves": column("Saves", parse=COUNT)},
        ("post_id", "published", "permalink", "kind"), _content,
    ),
    ExportFormat(
        "meta_daily", "instagram", "Meta Business Suite daily series (Views.csv, Follows.csv, ...)",
        {"date": column("Date", parse=values.day), "value": column("Primary", parse=COUNT)},
        ("date", "value"), _series,
    ),
)
