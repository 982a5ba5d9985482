"""Time series of an account: daily metrics, posts and audience slices.

History is kept: a sample is keyed by (account, metric, day), so a harvest replaces
the days it brings (a refresh: today's) and leaves every other day as it was.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from creatorkit.models import AudienceSlice, Harvest, Post
from creatorkit.storage import iso, parse_iso

POST_COLUMNS = tuple(f.name for f in fields(Post))


def write_harvest(db: Database, account_id: int, harvest: Harvest, *, now: datetime) -> int:
    """Upsert everything of one harvest; returns the number of rows written.

    The caller owns the transaction (refresh and file import write it inside
    ``queue.immediate``, with the account's other rows).
    """
    source = harvest.source
    metric_rows = [
        {"account_id": account_id, "metric": m.metric, "day": m.day.isoformat(),
         "value": m.value, "source": source}
        for m in harvest.metrics
    ]
    post_rows = [_post_row(account_id, post, source, now) for post in harvest.posts]
    audience_day = now.date().isoformat()
    audience_rows = [
        {"account_id": account_id, "day": (s.day.isoformat() if s.day else audience_day),
         "dimension": s.dimension, "bucket": s.bucket, "share": s.share, "source": source}
        for s in harvest.audience
    ]
    if metric_rows:
        db["account_metrics"].upsert_all(metric_rows, pk=("account_id", "metric", "day"))
    if post_rows:
        db["posts"].upsert_all(post_rows, pk=("account_id", "post_id"))
    # a harvest replaces the dimensions it holds, never another one of the same day (an
    # import of TikTok's gender file must leave the territories imported before it)
    for day, dimension in sorted({(row["day"], row["dimension"]) for row in audience_rows}):
        db.execute("DELETE FROM audience WHERE account_id = ? AND day = ? AND dimension = ?",
                   [account_id, day, dimension])
    if audience_rows:
        db["audience"].insert_all(audience_rows)
    return len(metric_rows) + len(post_rows) + len(audience_rows)


def _post_row(account_id: int, post: Post, source: str, now: datetime) -> dict[str, Any]:
    row = asdict(post)
    row["published_at"] = iso(post.published_at)
    row["is_sponsored"] = int(post.is_sponsored)
    return {"account_id": account_id, **row, "source": source, "updated_at": iso(now)}


def metric_series(db: Database, account_id: int, metric: str) -> list[tuple[date, float]]:
    return [
        (date.fromisoformat(row["day"]), row["value"])
        for row in db.query(
            "SELECT day, value FROM account_metrics WHERE account_id = ? AND metric = ? "
            "ORDER BY day",
            [account_id, metric],
        )
    ]


def metric_sources(db: Database, account_id: int) -> dict[str, str]:
    """The source of the latest sample of each metric (api, import, self, demo)."""
    rows = db.query(
        "SELECT metric, source FROM account_metrics m WHERE account_id = ? AND day = "
        "(SELECT MAX(day) FROM account_metrics WHERE account_id = m.account_id "
        "AND metric = m.metric)",
        [account_id],
    )
    return {row["metric"]: row["source"] for row in rows}


def recent_posts(db: Database, account_id: int, limit: int | None = None) -> list[Post]:
    """Posts newest first, as models."""
    sql = (
        f"SELECT {', '.join(POST_COLUMNS)} FROM posts WHERE account_id = ? "
        "ORDER BY published_at DESC"
    )
    params: list[Any] = [account_id]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_post_model(row) for row in db.query(sql, params)]


def _post_model(row: dict[str, Any]) -> Post:
    values = dict(row)
    values["published_at"] = parse_iso(row["published_at"])
    values["is_sponsored"] = bool(row["is_sponsored"])
    return Post(**values)


def post_sources(db: Database, account_id: int) -> set[str]:
    return {row["source"] for row in db.query(
        "SELECT DISTINCT source FROM posts WHERE account_id = ?", [account_id])}


def latest_audience(db: Database, account_id: int) -> tuple[AudienceSlice, ...]:
    """Each dimension's slices of its most recent day (files of one dimension each are
    imported on different days: the gender of Monday still stands beside Tuesday's countries)."""
    rows = db.query(
        "SELECT day, dimension, bucket, share FROM audience a WHERE account_id = ? AND day = "
        "(SELECT MAX(day) FROM audience WHERE account_id = a.account_id AND dimension = a.dimension) "
        "ORDER BY dimension, share DESC",
        [account_id],
    )
    return tuple(
        AudienceSlice(row["dimension"], row["bucket"], row["share"],
                      date.fromisoformat(row["day"]))
        for row in rows
    )


def audience_source(db: Database, account_id: int) -> str | None:
    """The source of the latest audience snapshot (api, import, demo), None without one."""
    row = db.execute("SELECT source FROM audience WHERE account_id = ? ORDER BY day DESC LIMIT 1",
                     [account_id]).fetchone()
    return row[0] if row else None


def last_import_at(db: Database, account_id: int) -> str | None:
    """When a file was last imported into the account (ISO time), None when never."""
    row = db.execute("SELECT MAX(finished_at) FROM refresh_runs WHERE account_id = ? AND trigger = 'import' "
                     "AND status = 'ok'", [account_id]).fetchone()
    return row[0] if row else None
