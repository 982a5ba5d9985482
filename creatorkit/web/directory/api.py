"""``/api/v1/creators``: the directory as JSON, same filters, paginated (docs/api.md).

Read-only and public (listed kits only), so it is cacheable (GET needs no CSRF token).
Errors are JSON too: ``{"error": {"code": ..., "message": ...}}`` with a 400.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, current_app, jsonify, request, url_for

from creatorkit import clock
from creatorkit.errors import InputError
from creatorkit.storage.directory_search import search
from creatorkit.web.db import get_db
from creatorkit.web.directory import params

bp = Blueprint("api", __name__, url_prefix="/api/v1")
CACHE_CONTROL = "public, max-age=60"


def _link(page: int) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page" and v]
    return f"{request.path}?{urlencode([*args, ('page', page)])}"


def creator_json(card: dict[str, Any]) -> dict[str, Any]:
    base = current_app.config["BASE_URL"].rstrip("/")
    return {**card, "kit_url": base + url_for("kits.kit_page", handle=card["handle"])}


@bp.get("/creators")
def creators():
    query = params.parse(request.args, clock.now(current_app.config))
    page = search(get_db(), query.filters, query.page, query.per_page)
    response = jsonify(
        data=[creator_json(card) for card in page.cards],
        meta={"page": page.page, "per_page": page.per_page, "total": page.total,
              "total_is_lower_bound": page.capped, "pages": page.pages,
              "sorted_by": page.sorted_by},
        links={"self": _link(page.page), "next": _link(page.page + 1) if page.has_next else None,
               "prev": _link(page.page - 1) if page.page > 1 else None},
    )
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


@bp.errorhandler(InputError)
def bad_input(exc: InputError):
    return jsonify(error={"code": exc.code, "message": exc.message}), 400
