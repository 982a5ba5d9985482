"""Campaigns: a brand's brief to one or more creators, its budget lines, objectives and
the posts the creators picked as its deliverables.

A campaign row carries its own destination allow-list (the origins its tracked links
may lead to), the token of the brand's share link and the secret that signs the
shop's postbacks. KPI names are checked by the caller (``kpi.campaign``): storage
knows tables, not formulas.
"""

from __future__ import annotations

import json
import secrets
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from creatorkit.errors import InputError
from creatorkit.models import Post
from creatorkit.storage import iso, parse_iso, utcnow
from creatorkit.storage.creators import bump_data_version
from creatorkit.storage.history import POST_COLUMNS

BUDGET_KINDS = ("fee", "product", "boost", "tools", "agency")
STATUSES = ("invited", "accepted", "declined")
MAX_TEXT = 120


def _text(value: str, what: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned or len(cleaned) > MAX_TEXT:
        raise InputError(f"Enter {what} (1 to {MAX_TEXT} characters).")
    return cleaned


def _day(value: str | date | None, what: str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat((value or "").strip()).isoformat()
    except ValueError:
        raise InputError(f"Enter {what} as YYYY-MM-DD, not {value!r}.") from None


def origin(url: str) -> str:
    """``https://shop.example`` of a destination; refuses what is not http(s)."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username or parts.password:
        raise InputError(f"A destination is an http(s) address such as https://shop.example, not {url!r}.")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def create_campaign(db: Database, brand_user_id: int, *, brand: str, name: str, starts_on: str | date,
                    ends_on: str | date, destinations: list[str], currency: str = "EUR",
                    now: datetime | None = None) -> int:
    starts, ends = _day(starts_on, "the start date"), _day(ends_on, "the end date")
    if ends < starts:
        raise InputError("The campaign ends before it starts.")
    allowed = sorted({origin(url) for url in destinations if url.strip()})
    if not allowed:
        raise InputError("Name at least one destination site (https://shop.example) for the links.")
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise InputError(f"A currency is a three-letter code such as EUR, not {currency!r}.")
    return db["campaigns"].insert({
        "brand_user_id": brand_user_id, "brand": _text(brand, "the brand"), "name": _text(name, "a name"),
        "starts_on": starts, "ends_on": ends, "currency": currency, "destinations": json.dumps(allowed),
        "share_token": secrets.token_urlsafe(18), "postback_secret": secrets.token_urlsafe(32),
        "created_at": iso(now or utcnow()),
    }).last_pk


def _campaign(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is not None:
        row = {**row, "destinations": json.loads(row["destinations"])}
    return row


def get_campaign(db: Database, campaign_id: int) -> dict[str, Any] | None:
    return _campaign(next(db["campaigns"].rows_where("id = ?", [campaign_id]), None))


def find_by_share_token(db: Database, token: str) -> dict[str, Any] | None:
    return _campaign(next(db["campaigns"].rows_where("share_token = ?", [token]), None))


def brand_campaigns(db: Database, brand_user_id: int) -> list[dict[str, Any]]:
    return [_campaign(row) for row in db["campaigns"].rows_where(
        "brand_user_id = ?", [brand_user_id], order_by="starts_on DESC, id DESC")]


def creator_campaigns(db: Database, creator_id: int) -> list[dict[str, Any]]:
    """The creator's campaigns with their status there, newest first."""
    return [_campaign(row) for row in db.query(
        "SELECT c.*, cc.status, cc.case_study FROM campaigns c JOIN campaign_creators cc "
        "ON cc.campaign_id = c.id WHERE cc.creator_id = ? ORDER BY c.starts_on DESC, c.id DESC",
        [creator_id])]


def invite_creator(db: Database, campaign_id: int, creator_id: int) -> None:
    db.execute("INSERT OR IGNORE INTO campaign_creators (campaign_id, creator_id) VALUES (?, ?)",
               [campaign_id, creator_id])


def campaign_creators(db: Database, campaign_id: int) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT cr.id, cr.handle, cr.display_name, cc.status, cc.case_study FROM campaign_creators cc "
        "JOIN creators cr ON cr.id = cc.creator_id WHERE cc.campaign_id = ? ORDER BY cr.handle",
        [campaign_id]))


def membership(db: Database, campaign_id: int, creator_id: int) -> dict[str, Any] | None:
    return next(db["campaign_creators"].rows_where(
        "campaign_id = ? AND creator_id = ?", [campaign_id, creator_id]), None)


def set_status(db: Database, campaign_id: int, creator_id: int, status: str) -> None:
    if status not in STATUSES:
        raise InputError(f"Unknown status {status!r}.")
    if membership(db, campaign_id, creator_id) is None:
        raise InputError("This creator is not invited to the campaign.")
    db.execute("UPDATE campaign_creators SET status = ? WHERE campaign_id = ? AND creator_id = ?",
               [status, campaign_id, creator_id])


def set_case_study(db: Database, campaign_id: int, creator_id: int, approved: bool) -> None:
    """The creator's consent to show the measured results on their kit (the kit changes:
    its data version with it, so no cached page keeps the old one)."""
    member = membership(db, campaign_id, creator_id)
    if member is None or member["status"] != "accepted":
        raise InputError("Only a creator who accepted the campaign can publish it as a case study.")
    with db.conn:
        db.execute("UPDATE campaign_creators SET case_study = ? WHERE campaign_id = ? AND creator_id = ?",
                   [int(approved), campaign_id, creator_id])
        bump_data_version(db, creator_id)


def case_studies(db: Database, creator_id: int) -> list[dict[str, Any]]:
    """The campaigns the creator approved for their kit."""
    return [row for row in creator_campaigns(db, creator_id) if row["case_study"]]


def add_budget_line(db: Database, campaign_id: int, kind: str, amount: float, *,
                    creator_id: int | None = None, label: str = "") -> int:
    if kind not in BUDGET_KINDS:
        raise InputError(f"A budget line is one of {', '.join(BUDGET_KINDS)}, not {kind!r}.")
    if amount is None or amount < 0:
        raise InputError("A budget amount is zero or more.")
    return db["campaign_budget"].insert({"campaign_id": campaign_id, "kind": kind, "amount": float(amount),
                                         "creator_id": creator_id, "label": label.strip()[:MAX_TEXT]}).last_pk


def budget_lines(db: Database, campaign_id: int) -> list[dict[str, Any]]:
    return list(db["campaign_budget"].rows_where("campaign_id = ?", [campaign_id], order_by="id"))


def add_objective(db: Database, campaign_id: int, kpi: str, target: float, *, mode: str = "level",
                  deadline: str | date | None = None) -> int:
    return db["campaign_objectives"].insert({
        "campaign_id": campaign_id, "kpi": kpi, "target": float(target), "mode": mode,
        "deadline": _day(deadline, "the deadline") if deadline else None,
    }).last_pk


def update_objective(db: Database, campaign_id: int, objective_id: int, *, entered: float | None,
                     comment: str) -> None:
    """The brand's own figure (for what is not measured here) and its comment."""
    found = db.execute("UPDATE campaign_objectives SET entered = ?, comment = ? WHERE id = ? "
                       "AND campaign_id = ?", [entered, comment.strip()[:1000], objective_id, campaign_id])
    if found.rowcount != 1:
        raise InputError("No such objective in this campaign.")


def objectives(db: Database, campaign_id: int) -> list[dict[str, Any]]:
    return list(db["campaign_objectives"].rows_where("campaign_id = ?", [campaign_id], order_by="id"))


def set_posts(db: Database, campaign_id: int, creator_id: int, picked: list[tuple[int, str]]) -> None:
    """The creator's deliverables: (account id, post id) of their own refreshed posts."""
    owned = {(row["id"], row["post_id"]) for row in db.query(
        "SELECT a.id, p.post_id FROM posts p JOIN accounts a ON a.id = p.account_id WHERE a.creator_id = ?",
        [creator_id])}
    foreign = [pair for pair in picked if tuple(pair) not in owned]
    if foreign:
        raise InputError(f"Post {foreign[0][1]!r} is not one of this creator's refreshed posts.")
    with db.conn:
        db.execute("DELETE FROM campaign_posts WHERE campaign_id = ? AND creator_id = ?",
                   [campaign_id, creator_id])
        db["campaign_posts"].insert_all({"campaign_id": campaign_id, "creator_id": creator_id,
                                         "account_id": a, "post_id": p} for a, p in picked)


def picked_posts(db: Database, campaign_id: int) -> set[tuple[int, str]]:
    return {(row["account_id"], row["post_id"]) for row in db["campaign_posts"].rows_where(
        "campaign_id = ?", [campaign_id])}


def _posts(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Rows of ``posts`` joined to their account, each with its ``Post`` model."""
    columns = ", ".join(f"p.{name}" for name in POST_COLUMNS)
    found = []
    for row in db.query(f"SELECT a.creator_id, a.platform, p.account_id, p.source, {columns} "
                        f"FROM posts p JOIN accounts a ON a.id = p.account_id {sql}", params):
        values = {name: row[name] for name in POST_COLUMNS}
        values.update(published_at=parse_iso(row["published_at"]), is_sponsored=bool(row["is_sponsored"]))
        found.append({"creator_id": row["creator_id"], "platform": row["platform"],
                      "account_id": row["account_id"], "source": row["source"], "post": Post(**values)})
    return found


def campaign_posts(db: Database, campaign_id: int) -> list[dict[str, Any]]:
    """The picked posts with their latest refreshed counts, oldest first."""
    return _posts(db, "JOIN campaign_posts cp ON cp.account_id = p.account_id AND cp.post_id = p.post_id "
                  "WHERE cp.campaign_id = ? ORDER BY p.published_at", [campaign_id])


def creator_posts(db: Database, creator_ids: list[int], first: date, last: date) -> list[dict[str, Any]]:
    """The creators' posts published from ``first`` to ``last`` (UTC days), newest first."""
    marks = ", ".join("?" * len(creator_ids)) or "NULL"
    return _posts(db, f"WHERE a.creator_id IN ({marks}) AND p.published_at >= ? AND p.published_at < ? "
                  "ORDER BY p.published_at DESC",
                  [*creator_ids, first.isoformat(), (last + timedelta(days=1)).isoformat()])
