"""``/directory`` (find and filter listed kits) and ``/compare`` (up to four side by side).

Views parse the query string (``params``), ask the summary tables, and render: no KPI
is computed per request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlencode

from cachetools import Cache, LRUCache, TTLCache
from flask import Blueprint, current_app, g, get_template_attribute, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from creatorkit import clock
from creatorkit.errors import InputError
from creatorkit.kit.summary import VERDICTS, main_accounts
from creatorkit.kit.view import PLATFORM_LABELS
from creatorkit.models import PLATFORMS
from creatorkit.render.compare_chart import compare_followers_svg
from creatorkit.storage import directory, directory_search, parse_iso
from creatorkit.storage import shortlists as shortlist_store
from creatorkit.web import filters
from creatorkit.web.db import get_db
from creatorkit.web.directory import comparison, params

bp = Blueprint("directory", __name__)
#: seconds the filter choices (niches, countries, languages and their counts) are reused
FACETS_TTL_S = 300
#: filters folded under "More filters" (unfolded when one is in use)
MORE_FILTERS = ("language", "followers_min", "followers_max", "tier", "er_min", "er_max", "percentile_min",
                "audience_country", "audience_age", "audience_gender", "verdict", "fresh")
#: rendered card figures kept per app (about 3 KB each)
CARDS_CACHED = 4_096


def _app_cache(name: str, make: Callable[[], Cache]) -> tuple[Cache, threading.Lock]:
    """One cache per app (tests build many) with the lock cachetools leaves to its callers."""
    return current_app.extensions.setdefault(name, (make(), threading.Lock()))


def card_figures(card: dict, platform: str = directory.ALL) -> Markup:
    """Rendered card figures by (handle, data_version, locale, platform): a creator's
    figures only change with its data version, and formatting them is most of a page's
    work. With a platform chosen the card shows that platform's account, the one the
    filters and the sort read (its largest there)."""
    cards, lock = _app_cache("directory_cards", lambda: LRUCache(CARDS_CACHED))
    key = (card["handle"], card["data_version"], str(get_locale()), platform)
    with lock:
        html = cards.get(key)
    if html is None:
        account = main_accounts(card).get(platform)
        html = get_template_attribute("directory/_card.html", "card_figures")(
            card, [account] if account else card["platforms"], account)
        with lock:
            cards[key] = html
    return html


@bp.app_template_filter("iso_day")
def iso_day(moment: str | None) -> str:
    """``day`` for the ISO times of a summary card."""
    return filters.day(parse_iso(moment))


def facets() -> dict:
    """The form's choices, cached per app: counting them scans every listed creator."""
    cache, lock = _app_cache("directory_facets", lambda: TTLCache(1, FACETS_TTL_S))
    with lock:
        value = cache.get("facets")
        if value is None:
            value = cache["facets"] = directory.facets(get_db())
    return value


def page_url(number: int) -> str:
    """This search with another page number (every filter kept)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page" and v]
    return f"{request.path}?{urlencode([*args, ('page', number)])}"


@bp.get("/directory")
def index():
    query = params.parse(request.args, clock.now(current_app.config))
    result = directory_search.search(get_db(), query.filters, query.page, query.per_page)
    user = g.get("user")
    lists = shortlist_store.shortlists_of(get_db(), user["id"]) if user and user["role"] == "brand" else []
    return render_template(
        "directory/index.html", result=result, filters=query.filters, args=request.args,
        facets=facets(), platforms=PLATFORMS, labels=PLATFORM_LABELS, tiers=params.TIERS, verdicts=VERDICTS,
        sorts=tuple(directory_search.SORTS), freshness=params.FRESHNESS_DAYS, shortlists=lists,
        page_url=page_url, here=request.full_path,
        figures=lambda card: card_figures(card, query.filters.platform),
        more=[name for name in MORE_FILTERS if request.args.get(name)],
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
