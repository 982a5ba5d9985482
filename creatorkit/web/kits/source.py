"""Which kit a request is about: the view of a handle, in the language it asked for.

A kit is computed as of its data (``as_of_day``) and in the creator's language
unless ``?lang`` says otherwise, so every kit response depends only on the handle,
the data version, the language and the endpoint (and caches on exactly those).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import abort, current_app
from sqlite_utils import Database

from creatorkit import clock
from creatorkit.kit.build import as_of_day, build_kit_view
from creatorkit.kit.view import KitView
from creatorkit.storage import creators as creator_store
from creatorkit.web.db import get_db
from creatorkit.web.i18n import use_kit_locale


def load_view(handle: str) -> KitView:
    """The kit of a handle, or 404 (unknown handle or a kit switched off)."""
    db = get_db()
    creator = creator_store.find_creator(db, handle)
    if creator is None or creator["visibility"] == "off":
        abort(404)
    use_kit_locale(creator["locale"])
    return build_kit_view(db, creator, as_of(db, creator, current_app.config), current_app.config,
                          now=clock.now(current_app.config))


def as_of(db: Database, creator: Mapping[str, Any], settings: Mapping[str, Any]) -> date:
    """The day a kit is computed as of: its latest refresh (today on the ``CLOCK`` of
    ``settings`` when it has none)."""
    return as_of_day(db, creator["id"], clock.now(settings).date())
