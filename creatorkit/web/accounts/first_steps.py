"""First steps of a new kit: what it still lacks (a photo, a connected platform, rates,
a contact address), shown as a checklist on the dashboard; and the rule that a kit
without data stays out of the directory (it starts unlisted, and cannot be listed
before a platform has delivered figures)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlite_utils import Database

from creatorkit.storage import accounts as account_store
from creatorkit.storage import kit_content


def has_data(db: Database, creator_id: int) -> bool:
    """A platform has delivered figures (a refresh or an import succeeded)."""
    return any(row["last_success_at"] for row in account_store.accounts_of_creator(db, creator_id))


def checklist(db: Database, creator: dict[str, Any]) -> list[dict[str, Any]]:
    """Each step: its label, whether it is done, and where on the dashboard to do it."""
    connected = has_data(db, creator["id"])
    return [
        {"label": _l("Add a photo of yourself"), "done": bool(creator["avatar_url"]), "href": "#uploads"},
        {"label": _l("Connect a platform (its figures fill the kit)"), "done": connected,
         "href": url_for("connect.index")},
        {"label": _l("Write your rates"), "done": bool(kit_content.items(db, "rates", creator["id"])),
         "href": "#rates"},
        {"label": _l("Give a contact address for brands"), "done": bool(creator["contact_email"]),
         "href": "#profile"},
        {"label": _l("List your kit in the directory"), "done": creator["visibility"] == "public",
         "href": "#settings"},
    ]
