"""``/directory`` (find and filter listed kits) and ``/compare`` (up to four side by side).

Views parse the query string (``params``), ask the summary tables, and render: no KPI
is computed per request.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Blueprint, current_app, g, render_template, request
from markupsafe import Markup

from creatorkit.compare_chart import compare_followers_svg
from creatorkit.errors import InputError
from creatorkit.kit import PLATFORM_LABELS
from creatorkit.models import PLATFORMS
from creatorkit.storage import directory, parse_iso
from creatorkit.storage import shortlists as shortlist_store
from creatorkit.summary import VERDICTS
from creatorkit.web import comparison, filters, params
from creatorkit.web.db import get_db

bp = Blueprint("directory", __name__)
#: seconds the filter choices (niches, countries, languages and their counts) are reused
FACETS_TTL_S = 300


@bp.app_template_filter("iso_day")
def iso_day(moment: str | None) -> str:
    """``day`` for the ISO times of a summary card."""
    return filters.day(parse_iso(moment))


def facets() -> dict:
    """The form's choices, cached per app: counting them scans every listed creator."""
    cache = current_app.extensions.setdefault("directory_facets", {})
    if cache.get("expires", 0) < time.monotonic():
        cache.update(value=directory.facets(get_db()), expires=time.monotonic() + FACETS_TTL_S)
    return cache["value"]


def page_url(number: int) -> str:
    """This search with another page number (every filter kept)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page" and v]
    return f"{request.path}?{urlencode([*args, ('page', number)])}"


@bp.get("/directory")
def index():
    query = params.parse(request.args, datetime.now(UTC))
    result = directory.search(get_db(), query.filters, query.page, query.per_page)
    user = g.get("user")
    lists = shortlist_store.shortlists_of(get_db(), user["id"]) if user and user["role"] == "brand" else []
    return render_template(
        "directory/index.html", result=result, filters=query.filters, args=request.args,
        facets=facets(), platforms=PLATFORMS, labels=PLATFORM_LABELS, tiers=params.TIERS, verdicts=VERDICTS,
        sorts=tuple(directory.SORTS), freshness=params.FRESHNESS_DAYS, shortlists=lists,
        page_url=page_url, here=request.full_path,
    )


@bp.get("/compare")
def compare():
    handles = comparison.handles_of(request.args.getlist("h"))
    found = directory.listed_cards(get_db(), handles)
    missing = [h for h in handles if h not in found]
    if missing:
        raise InputError(f"No listed creator {', '.join('@' + h for h in missing)}: check the handles.")
    cards = [found[h] for h in handles]
    chart = None
    if cards:
        creators, platforms = comparison.chart_data(cards)
        names = ", ".join(c["display_name"] for c in cards)
        chart = Markup(compare_followers_svg(
            creators, platforms, title=f"Followers per platform: {names}",
            desc="One bar per creator and platform; the largest account on each platform."))
    return render_template("directory/compare.html", cards=cards, rows=comparison.rows(cards),
                           handles=",".join(handles), chart=chart)
