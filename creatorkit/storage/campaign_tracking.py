"""What a campaign measures itself: tracked links and their clicks, promo codes,
conversions and the postback signatures already seen.

Clicks are counts per link and UTC day, nothing more: no address, no user agent, no
visitor id. Conversions are keyed by (campaign, order reference), so importing the
same export twice or replaying a postback never counts an order twice.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from creatorkit.errors import InputError
from creatorkit.storage import iso, utcnow
from creatorkit.storage.campaigns import get_campaign, membership, origin

CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
PROMO_RE = re.compile(r"^[A-Za-z0-9_-]{3,40}$")


def _accepted(db: Database, campaign_id: int, creator_id: int) -> None:
    member = membership(db, campaign_id, creator_id)
    if member is None or member["status"] == "declined":
        raise InputError("This creator is not (or no longer) part of the campaign.")


def create_link(db: Database, campaign_id: int, creator_id: int, destination: str,
                now: datetime | None = None) -> str:
    """A new ``/r/<code>`` to ``destination``, whose origin must be on the campaign's list."""
    campaign = get_campaign(db, campaign_id)
    _accepted(db, campaign_id, creator_id)
    if origin(destination) not in campaign["destinations"]:
        raise InputError(f"{urlsplit(destination).netloc or destination!r} is not a destination of this "
                         f"campaign ({', '.join(campaign['destinations'])}).")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    db["tracked_links"].insert({"code": code, "campaign_id": campaign_id, "creator_id": creator_id,
                                "destination": destination.strip(), "created_at": iso(now or utcnow())})
    return code


def resolve(db: Database, code: str) -> dict[str, Any] | None:
    """The link and what its UTM parameters are made of, in one indexed read."""
    return next(db.query(
        "SELECT l.code, l.destination, l.campaign_id, c.name AS campaign, cr.handle FROM tracked_links l "
        "JOIN campaigns c ON c.id = l.campaign_id JOIN creators cr ON cr.id = l.creator_id "
        "WHERE l.code = ?", [code]), None)


def campaign_links(db: Database, campaign_id: int) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT l.code, l.destination, l.creator_id, cr.handle, "
        "COALESCE((SELECT SUM(clicks) FROM link_clicks k WHERE k.code = l.code), 0) AS clicks "
        "FROM tracked_links l JOIN creators cr ON cr.id = l.creator_id WHERE l.campaign_id = ? "
        "ORDER BY cr.handle, l.created_at", [campaign_id]))


def record_clicks(db: Database, counts: Mapping[tuple[str, str], int]) -> None:
    """Add ``{(code, day): clicks}`` in one transaction (the click log's batch)."""
    with db.conn:
        db.conn.executemany(
            "INSERT INTO link_clicks (code, day, clicks) VALUES (?, ?, ?) "
            "ON CONFLICT (code, day) DO UPDATE SET clicks = clicks + excluded.clicks",
            [(code, day, n) for (code, day), n in counts.items()])


def clicks_per_day(db: Database, campaign_id: int) -> list[dict[str, Any]]:
    """[{day, creator_id, clicks}] of the campaign's links."""
    return list(db.query(
        "SELECT k.day, l.creator_id, SUM(k.clicks) AS clicks FROM link_clicks k JOIN tracked_links l "
        "ON l.code = k.code WHERE l.campaign_id = ? GROUP BY k.day, l.creator_id ORDER BY k.day",
        [campaign_id]))


def add_promo_code(db: Database, campaign_id: int, creator_id: int, code: str) -> None:
    code = (code or "").strip()
    if not PROMO_RE.match(code):
        raise InputError(f"A promo code is 3 to 40 letters, digits, '-' or '_', not {code!r}.")
    _accepted(db, campaign_id, creator_id)
    if db.execute("SELECT 1 FROM promo_codes WHERE campaign_id = ? AND code = ?",
                  [campaign_id, code]).fetchone():
        raise InputError(f"The code {code!r} is already used in this campaign.")
    db["promo_codes"].insert({"campaign_id": campaign_id, "code": code, "creator_id": creator_id})


def promo_codes(db: Database, campaign_id: int) -> dict[str, int]:
    """Upper-cased code → creator id."""
    return {row["code"].upper(): row["creator_id"] for row in db["promo_codes"].rows_where(
        "campaign_id = ?", [campaign_id])}


def link_owners(db: Database, campaign_id: int) -> dict[str, int]:
    return {row["code"]: row["creator_id"] for row in db["tracked_links"].rows_where(
        "campaign_id = ?", [campaign_id])}


def add_conversions(db: Database, campaign_id: int, rows: Iterable[Mapping[str, Any]]) -> int:
    """Store orders (all or none); returns how many were new. Each row: order_ref,
    day, amount, currency, kind, source, and promo_code / link_code when known; the
    creator is the owner of the code or link."""
    codes, links = promo_codes(db, campaign_id), link_owners(db, campaign_id)
    added = 0
    with db.conn:
        for row in rows:
            code, link = (row.get("promo_code") or "").upper(), row.get("link_code") or ""
            creator = codes.get(code) or links.get(link)
            added += db.execute(
                "INSERT OR IGNORE INTO conversions (campaign_id, creator_id, order_ref, kind, day, amount, "
                "currency, promo_code, link_code, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [campaign_id, creator, row["order_ref"], row.get("kind", "sale"), row["day"],
                 row.get("amount", 0), row.get("currency"), row.get("promo_code"), row.get("link_code"),
                 row["source"]]).rowcount
    return added


def conversions(db: Database, campaign_id: int) -> list[dict[str, Any]]:
    return list(db["conversions"].rows_where("campaign_id = ?", [campaign_id], order_by="day, id"))


def first_use_of_signature(db: Database, campaign_id: int, signature: str, *, now: datetime,
                           window: timedelta) -> bool:
    """True the first time a signed postback is seen; signatures older than the
    window are forgotten (a request that old is refused by its timestamp anyway)."""
    with db.conn:
        db.execute("DELETE FROM postback_signatures WHERE seen_at < ?", [iso(now - window)])
        return db.execute("INSERT OR IGNORE INTO postback_signatures (campaign_id, signature, seen_at) "
                          "VALUES (?, ?, ?)", [campaign_id, signature, iso(now)]).rowcount == 1


def conversion_days(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Sales per day of conversion rows."""
    days: dict[str, int] = {}
    for row in rows:
        if row["kind"] == "sale":
            days[row["day"]] = days.get(row["day"], 0) + 1
    return days
