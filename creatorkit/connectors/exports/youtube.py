"""YouTube Studio exports (Analytics → Advanced mode → Export current view): reference §8.1.

``Table data.csv`` by content gives one post per video below a "Total" row; ``Totals.csv``
(or a table by date) gives daily channel figures, stored as ``daily_*`` metrics, apart
from the channel totals the API connector writes. The viewer age and gender tabs give
audience shares; their header texts are unconfirmed (§8.1), hence only English aliases.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from creatorkit.connectors.exports import values
from creatorkit.connectors.exports.format import (
    ExportFormat,
    Table,
    column,
    daily_metrics,
    distribution,
    unique_posts,
)
from creatorkit.models import Harvest, Post

COUNT = values.count
_AGE = re.compile(r"(\d{2})\s*[–-]\s*(\d{2})|(\d{2})\s*\+")
GENDERS = {"female": "female", "male": "male", "user-specified": "other"}

#: header (also the column key) → metric of the daily series; counts unless in MEASURES or NET
DAILY = {
    "Views": "daily_views",
    "Watch time (hours)": "daily_watch_time_h",
    "Subscribers": "daily_net_followers",
    "Subscribers gained": "daily_followers_gained",
    "Subscribers lost": "daily_followers_lost",
    "Likes": "daily_likes",
    "Comments added": "daily_comments",
    "Shares": "daily_shares",
    "Impressions": "daily_impressions",
    "Engaged views": "daily_engaged_views",
    "Unique viewers": "daily_viewers",
}
MEASURES = {"Watch time (hours)"}
#: net changes, negative on a day that lost more than it gained
NET = {"Subscribers"}


def _parser(header: str):
    return values.number if header in MEASURES else values.signed_count if header in NET else COUNT


def _daily(table: Table, today: date) -> Harvest:
    metrics = {header: metric for header, metric in DAILY.items() if table.has(header)}
    if not metrics:
        raise table.error(table.sheet.header_line, None, "has a Date column but no metric column")
    return Harvest(source="import", metrics=daily_metrics(table, table.days(today), metrics))


def _content(table: Table, today: date) -> Harvest:
    posts = []
    for r in table.records:
        published = table.resolve(r, "published", today)
        hours = r["watch_hours"]
        posts.append(Post(
            post_id=r["id"], kind="video", published_at=datetime.combine(published, time(0), UTC),
            permalink=f"https://www.youtube.com/watch?v={r['id']}", title=r["title"],
            duration_s=r["duration"], views=r["views"], impressions=r["impressions"],
            likes=r["likes"], comments=r["comments"], shares=r["shares"],
            watch_time_s=None if hours is None else round(hours * 3600, 1),
            avg_view_duration_s=r["avg_view"], completion_rate=r["avg_viewed"],
        ))
    return Harvest(source="import", posts=unique_posts(table, posts))


def _video_id(raw) -> str:
    video_id = values.text(raw)
    if video_id is None or not re.fullmatch(r"[\w-]{6,20}", video_id):
        raise values.BadCell("is not a YouTube video id")
    return video_id


def _age(raw) -> str:
    found = _AGE.match(values.text(raw) or "")
    if not found:
        raise values.BadCell("is not an age range")
    low, high, open_low = found.groups()
    return f"{low}-{high}" if high else f"{open_low}+"


def _gender(raw) -> str:
    name = (values.text(raw) or "").casefold()
    if name not in GENDERS:
        raise values.BadCell(f"is not one of {', '.join(GENDERS)}")
    return GENDERS[name]


def _views_share(raw) -> float | None:
    value = values.percent(raw)
    if value is not None and not 0 <= value <= 1:
        raise values.BadCell("is not a percentage between 0 and 100")
    return value


FORMATS = (
    ExportFormat(
        "youtube_studio_content", "youtube", "YouTube Studio table by content (Table data.csv)",
        {"id": column("Content", parse=_video_id), "title": column("Video title"),
         "published": column("Video publish time", parse=values.day),
         "duration": column("Duration", parse=values.duration), "views": column("Views", parse=COUNT),
         "watch_hours": column("Watch time (hours)", parse=values.number),
         "subscribers": column("Subscribers", parse=values.signed_count),
         "impressions": column("Impressions", parse=COUNT),
         "ctr": column("Impressions click-through rate (%)", parse=values.percent),
         "avg_view": column("Average view duration", parse=values.duration),
         "avg_viewed": column("Average percentage viewed (%)", parse=values.percent),
         "likes": column("Likes", parse=COUNT), "comments": column("Comments added", parse=COUNT),
         "shares": column("Shares", parse=COUNT), "new_viewers": column("New viewers", parse=COUNT),
         "regular_viewers": column("Regular viewers", parse=COUNT),
         "unique_viewers": column("Unique viewers", parse=COUNT)},
        ("id", "published"), _content, total_row=True,
    ),
    ExportFormat(
        "youtube_studio_totals", "youtube", "YouTube Studio daily totals (Totals.csv)",
        {"date": column("Date", parse=values.day),
         **{header: column(header, parse=_parser(header)) for header in DAILY}},
        ("date",), _daily, only_known=True, total_row=True,
    ),
    ExportFormat(
        "youtube_studio_age", "youtube", "YouTube Studio table by viewer age",
        {"bucket": column("Viewer age", parse=_age), "share": column("Views (%)", parse=_views_share)},
        ("bucket", "share"), distribution("age"), total_row=True,
    ),
    ExportFormat(
        "youtube_studio_gender", "youtube", "YouTube Studio table by viewer gender",
        {"bucket": column("Viewer gender", parse=_gender), "share": column("Views (%)", parse=_views_share)},
        ("bucket", "share"), distribution("gender"), total_row=True,
    ),
)
