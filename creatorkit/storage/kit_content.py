"""What a creator writes into the kit beyond the measured figures: rate card,
past collaborations (with results), testimonials, brand logos and featured posts.

Each kind is one table (``m004_kit_content``) described here as data: its columns and
how each value is checked. Every write validates the whole row, keeps the items in
the creator's order (``position``) and bumps the creator's ``data_version``, since
the kit changes. Hostile input (scripts in URLs, control characters, absurd lengths)
is rejected with an ``InputError`` that names the field.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from creatorkit.errors import InputError
from creatorkit.models import PLATFORMS
from creatorkit.storage.creators import bump_data_version

#: collaboration results a creator may report: metric → "count" or "rate" (fraction 0..1)
RESULT_METRICS = {
    "views": "count", "reach": "count", "impressions": "count", "likes": "count", "comments": "count",
    "shares": "count", "saves": "count", "engagements": "count", "engagement_rate": "rate",
    "clicks": "count", "ctr": "rate", "conversions": "count", "sign_ups": "count", "sales": "count",
}
MAX_ITEMS = 30
URL_RE = re.compile(r"^(https?://[^\s/?#<>\"']+[^\s<>\"']*|/static/[\w./-]+|/uploads/[0-9a-f]{32}\.(?:jpg|png))$",
                    re.IGNORECASE)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


def text(limit: int, *, multiline: bool = False) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if not isinstance(value, str):
            raise InputError(f"{name} must be text.")
        value = value.strip()
        if CONTROL_RE.search(value) or (not multiline and ("\n" in value or "\r" in value)):
            raise InputError(f"{name} contains control characters or line breaks.")
        if len(value) > limit:
            raise InputError(f"{name} is too long ({len(value)} characters; at most {limit}).")
        return value
    return check


def url(name: str, value: Any) -> str:
    """http(s) URLs or this site's own /static/ files: never javascript:, data: or others."""
    value = text(500)(name, value)
    if not URL_RE.match(value) or "/.." in value:
        raise InputError(f"{name} must be an http:// or https:// address.")
    return value


def platform(name: str, value: Any) -> str:
    if value not in PLATFORMS:
        raise InputError(f"{name} must be one of {', '.join(PLATFORMS)}.")
    return value


def price(name: str, value: Any) -> int:
    """Minor units (cents) as a whole number, 0 to 10 million in major units."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000_000:
        raise InputError(f"{name} must be a whole number of cents between 0 and 1000000000.")
    return value


def currency(name: str, value: Any) -> str:
    value = str(value or "").strip().upper()
    if not CURRENCY_RE.match(value):
        raise InputError(f"{name} must be a three-letter currency code such as EUR or USD.")
    return value


def day(name: str, value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InputError(f"{name} must be a date written YYYY-MM-DD.") from None


def results(name: str, value: Any) -> str:
    """Metric → non-negative number (rates as fractions 0..1), stored as JSON."""
    if isinstance(value, str):
        value = json.loads(value or "{}")
    if not isinstance(value, Mapping):
        raise InputError(f"{name} must map metrics to numbers.")
    clean = {}
    for metric, figure in value.items():
        if metric not in RESULT_METRICS:
            raise InputError(f"{name}: unknown metric {metric!r}; use {', '.join(RESULT_METRICS)}.")
        if isinstance(figure, bool) or not isinstance(figure, int | float) or not 0 <= figure < math.inf:
            raise InputError(f"{name}: {metric} must be a number of at least 0.")
        if RESULT_METRICS[metric] == "rate" and figure > 1:
            raise InputError(f"{name}: {metric} is a fraction between 0 and 1 (0.05 for 5 %).")
        clean[metric] = figure
    return json.dumps(clean, sort_keys=True)


@dataclass(frozen=True)
class Kind:
    table: str
    label: str
    fields: Mapping[str, Callable[[str, Any], Any]]
    required: tuple[str, ...]


KINDS: dict[str, Kind] = {
    "rates": Kind("rate_card", "rate card item", {
        "deliverable": text(120), "platform": platform, "price_cents": price, "currency": currency,
        "note": text(200)}, ("deliverable", "price_cents", "currency")),
    "collaborations": Kind("collaborations", "collaboration", {
        "brand": text(80), "day": day, "deliverables": text(200), "results": results, "link": url,
        "logo_url": url}, ("brand", "day", "deliverables")),
    "testimonials": Kind("testimonials", "testimonial", {
        "quote": text(600, multiline=True), "author": text(80), "role": text(80), "company": text(80)},
        ("quote", "author")),
    "brands": Kind("brand_logos", "brand", {"name": text(80), "logo_url": url, "link": url},
                   ("name", "logo_url")),
    "featured": Kind("featured_posts", "featured post", {
        "url": url, "title": text(160), "platform": platform, "note": text(200)}, ("url", "title")),
}


def kind_of(name: str) -> Kind:
    if name not in KINDS:
        raise InputError(f"Unknown kit content {name!r}; use {', '.join(KINDS)}.")
    return KINDS[name]


def validate(kind: Kind, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The row to store, every value checked; blank optional fields become NULL."""
    unknown = set(fields) - set(kind.fields)
    if unknown:
        raise InputError(f"Unknown {kind.label} field(s): {', '.join(sorted(unknown))}.")
    row = {}
    for name, check in kind.fields.items():
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if name in kind.required:
                raise InputError(f"{name.replace('_', ' ').capitalize()} is required for a {kind.label}.")
            row[name] = "{}" if name == "results" else None
            continue
        row[name] = check(name.replace("_", " ").capitalize(), value)
    return row


def items(db: Database, kind_name: str, creator_id: int) -> list[dict[str, Any]]:
    """The creator's items of one kind, in display order (``results`` decoded)."""
    kind = kind_of(kind_name)
    rows = db[kind.table].rows_where("creator_id = ?", [creator_id], order_by="position, id")
    return [_decode(row) for row in rows]


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "results": json.loads(row["results"])} if "results" in row else row


def add_item(db: Database, kind_name: str, creator_id: int, **fields: Any) -> int:
    kind = kind_of(kind_name)
    row = validate(kind, fields)
    with db.atomic():
        count = db[kind.table].count_where("creator_id = ?", [creator_id])
        if count >= MAX_ITEMS:
            raise InputError(f"A kit holds at most {MAX_ITEMS} items of each kind.")
        item_id = db[kind.table].insert({"creator_id": creator_id, "position": count, **row}).last_pk
        bump_data_version(db, creator_id)
    return item_id


def update_item(db: Database, kind_name: str, creator_id: int, item_id: int, **fields: Any) -> None:
    kind = kind_of(kind_name)
    current = _owned(db, kind, creator_id, item_id)
    merged = {name: current[name] for name in kind.fields} | fields
    if "results" in merged and isinstance(merged["results"], str):
        merged["results"] = json.loads(merged["results"])
    with db.atomic():
        db[kind.table].update(item_id, validate(kind, merged))
        bump_data_version(db, creator_id)


def delete_item(db: Database, kind_name: str, creator_id: int, item_id: int) -> None:
    kind = kind_of(kind_name)
    _owned(db, kind, creator_id, item_id)
    with db.atomic():
        db[kind.table].delete(item_id)
        bump_data_version(db, creator_id)


def replace_items(db: Database, kind_name: str, creator_id: int, rows: Iterable[Mapping[str, Any]]) -> None:
    """Make the creator's items of one kind exactly ``rows`` (idempotent seeding and import)."""
    kind = kind_of(kind_name)
    checked = [validate(kind, row) for row in rows]
    if len(checked) > MAX_ITEMS:
        raise InputError(f"A kit holds at most {MAX_ITEMS} items of each kind.")
    stored = [{name: row[name] for name in kind.fields}
              for row in db[kind.table].rows_where("creator_id = ?", [creator_id], order_by="position, id")]
    if stored == checked:
        return
    with db.atomic():
        db.execute(f"DELETE FROM {kind.table} WHERE creator_id = ?", [creator_id])
        db[kind.table].insert_all(
            {"creator_id": creator_id, "position": position, **row} for position, row in enumerate(checked))
        bump_data_version(db, creator_id)


def _owned(db: Database, kind: Kind, creator_id: int, item_id: int) -> dict[str, Any]:
    """The item, or InputError when it does not exist or belongs to someone else."""
    rows = list(db[kind.table].rows_where("id = ? AND creator_id = ?", [item_id, creator_id]))
    if not rows:
        raise InputError(f"No such {kind.label}.")
    return rows[0]


def content_of(db: Database, creator_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every kind of content of one creator: kind → items in display order."""
    return {name: items(db, name, creator_id) for name in KINDS}
