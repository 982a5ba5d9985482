"""What crawlers and browsers ask a site for: ``/robots.txt``, ``/sitemap.xml`` and
``/favicon.ico``. The sitemap lists public kits only: an unlisted kit is reached by
its link and says ``noindex``; a kit that is off is not served at all."""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Blueprint, Response, current_app, send_from_directory, url_for

from creatorkit.storage import creators as creator_store
from creatorkit.web.db import get_db

bp = Blueprint("seo", __name__)

#: pages that belong to one signed-in person: nothing for a search engine
PRIVATE_PATHS = ("/account/", "/dashboard", "/shortlists", "/campaigns", "/r/", "/@*/contact")


def _base() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS), "",
             f"Sitemap: {_base()}{url_for('.sitemap')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    urls = []
    for creator in creator_store.list_creators(get_db()):
        if creator["visibility"] != "public":
            continue
        loc = escape(_base() + url_for("kits.kit_page", handle=creator["handle"]))
        urls.append(f"  <url><loc>{loc}</loc><lastmod>{creator['updated_at'][:10]}</lastmod></url>")
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(urls) + "\n</urlset>\n")
    return Response(body, mimetype="application/xml")


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it whatever the page links to; a 404 is a console error."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=7 * 24 * 3600)
