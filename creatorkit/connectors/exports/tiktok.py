"""TikTok Studio exports (Analytics → Download data, CSV or XLSX): reference §8.2.

Dates carry no year and follow the exporter's language ("August 9", "8 de marzo");
``undefined`` means TikTok does not know the value (yet). Daily flows are stored as
``daily_*`` metrics, apart from levels such as ``followers`` that API connectors write.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from creatorkit.connectors.exports import values
from creatorkit.connectors.exports.format import ExportFormat, Table, column, daily_metrics, distribution
from creatorkit.models import Harvest, Post, Profile

#: an https link on tiktok.com (the stored permalink is rebuilt from its parts)
_LINK = re.compile(r"https://(?:[a-z0-9-]+\.)*tiktok\.com/@([\w.-]+)/(video|photo)/(\d+)/?(?:[?#]\S*)?",
                   re.IGNORECASE)
_COUNTRY = re.compile(r"[A-Z]{2}")
OTHER = frozenset({"other", "others"})

DATE = column("Date", parse=values.day)
SHARE = column("Distribution", parse=values.share)


def _series(metrics: dict[str, str], *, gate: str | None = None):
    """A daily series; a row whose ``gate`` value is missing gives no samples at all."""

    def build(table: Table, today: date) -> Harvest:
        return Harvest(source="import", metrics=daily_metrics(table, table.days(today), metrics, gate=gate))

    return build


def _activity(table: Table, today: date) -> Harvest:
    seen: dict[tuple[date, int], int] = {}
    for record, day in zip(table.records, table.days(today, unique=False), strict=True):
        if (day, record["hour"]) in seen:
            raise table.error(record.line, "hour", f"{day.isoformat()} hour {record['hour']} is already "
                              f"on line {seen[day, record['hour']]}")
        seen[day, record["hour"]] = record.line
    table.note("follower activity by hour was checked but is not stored (no place for it in a kit)")
    return Harvest(source="import")


def _gender(raw) -> str:
    name = values.text(raw)
    if name is None:
        raise values.BadCell("is not a gender")
    return values.audience_bucket("gender", "other" if name.casefold() in OTHER else name.casefold())


def _territory(raw) -> str:
    code = values.text(raw) or ""
    if code.casefold() in OTHER:
        return "other"
    if not _COUNTRY.fullmatch(code):
        raise values.BadCell("is not a two-letter country code")
    return code


def _link(raw) -> tuple[str, str, str]:
    found = _LINK.fullmatch(values.text(raw) or "")
    if not found:
        raise values.BadCell("is not a TikTok video link")
    return found[1], found[2].lower(), found[3]


def _content(table: Table, today: date) -> Harvest:
    """Top posts; a video listed in several snapshots keeps its latest one."""
    latest: dict[str, tuple[date, Post]] = {}
    usernames = set()
    for record in table.records:
        username, kind, post_id = record["link"]
        usernames.add(username)
        snapshot = table.resolve(record, "snapshot", today) if record["snapshot"] else today
        published = table.resolve(record, "posted", snapshot)
        post = Post(
            post_id=post_id, kind=kind, published_at=datetime.combine(published, time(0), UTC),
            permalink=f"https://www.tiktok.com/@{username}/{kind}/{post_id}", title=record["title"],
            likes=record["likes"], comments=record["comments"], shares=record["shares"],
            views=record["views"],
        )
        if post_id not in latest or snapshot > latest[post_id][0]:
            latest[post_id] = (snapshot, post)
    if len(latest) < len(table.records):
        table.note(f"rows repeating a video already listed: {len(table.records) - len(latest)} "
                   "(kept the latest snapshot of each)")
    profile = Profile(username=usernames.pop()) if len(usernames) == 1 else Profile()
    return Harvest(source="import", profile=profile, posts=tuple(post for _, post in latest.values()))


COUNT, NET = values.count, values.signed_count
FORMATS = (
    ExportFormat(
        "tiktok_overview", "tiktok", "TikTok Studio overview (Overview.csv)",
        # interactions of a day are net: deleted comments and unlikes make some days negative
        {"date": DATE, "views": column("Video Views", parse=COUNT),
         "profile_views": column("Profile Views", parse=COUNT), "likes": column("Likes", parse=NET),
         "comments": column("Comments", parse=NET), "shares": column("Shares", parse=NET)},
        ("date", "views", "profile_views"),
        _series({"views": "daily_views", "profile_views": "daily_profile_views", "likes": "daily_likes",
                 "comments": "daily_comments", "shares": "daily_shares"}),
    ),
    ExportFormat(
        "tiktok_follower_history", "tiktok", "TikTok Studio follower history (FollowerHistory.csv)",
        # the difference column is mislabelled (reference §8.2): checked, then recomputed from Followers
        {"date": DATE, "followers": column("Followers", parse=COUNT),
         "difference": column("Difference in followers from previous day", parse=NET)},
        ("date", "followers"), _series({"followers": "followers"}),
    ),
    ExportFormat(
        "tiktok_follower_activity", "tiktok", "TikTok Studio follower activity (FollowerActivity.csv)",
        {"date": DATE, "hour": column("Hour", parse=values.hour),
         "active": column("Active followers", parse=COUNT)},
        ("date", "hour", "active"), _activity,
    ),
    ExportFormat(
        "tiktok_viewers", "tiktok", "TikTok Studio viewers (Viewers.csv)",
        {"date": DATE, "viewers": column("Total Viewers", parse=COUNT),
         "new": column("New Viewers", parse=COUNT), "returning": column("Returning Viewers", parse=COUNT)},
        ("date", "viewers"),
        # a day whose total is undefined shows 0 new and 0 returning viewers: not figures
        _series({"viewers": "daily_viewers", "new": "daily_new_viewers",
                 "returning": "daily_returning_viewers"}, gate="viewers"),
    ),
    ExportFormat(
        "tiktok_gender", "tiktok", "TikTok Studio follower gender (FollowerGender.csv)",
        {"bucket": column("Gender", parse=_gender), "share": SHARE}, ("bucket", "share"),
        distribution("gender"),
    ),
    ExportFormat(
        "tiktok_territories", "tiktok", "TikTok Studio top territories (FollowerTopTerritories.csv)",
        {"bucket": column("Top territories", parse=_territory), "share": SHARE}, ("bucket", "share"),
        distribution("country"),
    ),
    ExportFormat(
        "tiktok_content", "tiktok", "TikTok Studio content (Content.csv)",
        {"snapshot": column("Time", parse=values.day), "title": column("Video title"),
         "link": column("Video link", parse=_link), "posted": column("Post time", parse=values.day),
         "likes": column("Total likes", parse=COUNT), "comments": column("Total comments", parse=COUNT),
         "shares": column("Total shares", parse=COUNT), "views": column("Total views", parse=COUNT)},
        ("link", "posted"), _content,
    ),
)
