"""``/@handle/version``: the kit's ``data_version``, which ``static/js/autorefresh.js``
polls so that an open kit page reloads itself when the kit changes.

One indexed query and a few bytes; ``no-cache`` so that neither the browser nor a
CDN answers for the server.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify

from creatorkit.web.kits.caching import current_kit

bp = Blueprint("live", __name__)


@bp.get("/@<handle>/version")
def kit_version(handle: str):
    kit = current_kit()
    if kit is None or kit.visibility == "off":
        abort(404)
    response = jsonify(data_version=kit.data_version)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
