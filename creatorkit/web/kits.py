"""The media kit: ``/@handle`` (page), ``/@handle.json``, ``/@handle/followers.svg``."""

from __future__ import annotations

from datetime import UTC, datetime

import markdown
import nh3
from flask import Blueprint, abort, current_app, jsonify, render_template
from markupsafe import Markup

from creatorkit import kit
from creatorkit.charts import follower_history_svg
from creatorkit.storage import creators as creator_store
from creatorkit.web.db import get_db

bp = Blueprint("kits", __name__)


def load_view(handle: str) -> kit.KitView:
    """The kit of a handle, or 404 (unknown handle or a kit switched off)."""
    creator = creator_store.find_creator(get_db(), handle)
    if creator is None or creator["visibility"] == "off":
        abort(404)
    today = datetime.now(UTC).date()
    return kit.build_kit_view(get_db(), creator, today, current_app.config)


def follower_chart(view: kit.KitView) -> str:
    series = {p.platform: p.follower_series for p in view.platforms if p.follower_series}
    names = ", ".join(p.label for p in view.platforms if p.follower_series)
    return follower_history_svg(
        series, title=f"Follower history of {view.display_name}",
        desc=f"Daily followers on {names} up to {view.today.isoformat()}.",
    )


def render_bio(text: str | None) -> Markup | None:
    """Creator Markdown → sanitised HTML (no scripts, no inline handlers)."""
    return Markup(nh3.clean(markdown.markdown(text))) if text else None


@bp.get("/@<handle>.json")
def kit_json(handle: str):
    return jsonify(kit.to_json(load_view(handle)))


@bp.get("/@<handle>")
def kit_page(handle: str):
    view = load_view(handle)
    return render_template(
        "kits/kit.html", kit=view, bio=render_bio(view.bio),
        chart=Markup(follower_chart(view)) if any(p.follower_series for p in view.platforms) else None,
        noindex=view.visibility == "unlisted",
    )
