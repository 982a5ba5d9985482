"""Web layer, grouped by who it serves: ``kits`` (public kit pages and their delivery),
``directory`` (brands), ``accounts`` (sign-in, dashboard), ``ops`` (health, docs); the
modules at this level (db, i18n, filters, limits, errors) are shared by all of them.

Order matters: ``kits.caching`` runs first so a 304 or a cached body is answered before
any session or user lookup; ``kits.track`` counts kit views after the response.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from creatorkit.web import db, errors, filters, headers, i18n, limits
from creatorkit.web.accounts import (
    account,
    analytics,
    auth,
    connect,
    dashboard,
    export_upload,
    recovery,
    upload_files,
)
from creatorkit.web.campaigns import links, manage, postback, report
from creatorkit.web.directory import api, home, shortlists
from creatorkit.web.directory import pages as directory
from creatorkit.web.kits import caching, live, sharing, track
from creatorkit.web.kits import pages as kits
from creatorkit.web.ops import docs, health, seo


class RowId(IntegerConverter):
    """``<int:...>`` up to SQLite's largest integer: a larger one is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = RowId
    db.init_app(app)
    caching.init_app(app)
    i18n.init_app(app)
    limits.init_app(app)
    filters.init_app(app)
    auth.init_app(app)
    for blueprint in (health.bp, kits.bp, sharing.bp, docs.bp, live.bp, directory.bp, api.bp,
                      auth.bp, shortlists.bp, dashboard.bp, connect.bp, analytics.bp, manage.bp, report.bp,
                      links.bp, postback.bp, recovery.bp, account.bp, upload_files.bp, export_upload.bp,
                      home.bp, seo.bp):
        app.register_blueprint(blueprint)
    track.init_app(app)
    links.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
