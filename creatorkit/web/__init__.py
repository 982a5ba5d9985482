"""Web layer: one blueprint per module, the request hooks, error pages.

Order matters: ``caching`` runs first so a 304 or a cached body is answered before
any session or user lookup; ``track`` counts kit views after the response.
"""

from __future__ import annotations

from flask import Flask, render_template

from creatorkit.errors import InputError, UnknownCreator
from creatorkit.web import (
    api,
    auth,
    caching,
    dashboard,
    db,
    directory,
    docs,
    filters,
    health,
    i18n,
    kits,
    live,
    sharing,
    shortlists,
    track,
)


def register_blueprints(app: Flask) -> None:
    db.init_app(app)
    caching.init_app(app)
    i18n.init_app(app)
    filters.init_app(app)
    auth.init_app(app)
    for blueprint in (health.bp, kits.bp, sharing.bp, docs.bp, live.bp, directory.bp, api.bp,
                      auth.bp, shortlists.bp, dashboard.bp):
        app.register_blueprint(blueprint)
    track.init_app(app)

    @app.errorhandler(404)
    @app.errorhandler(UnknownCreator)
    def not_found(exc):
        return render_template("errors/404.html"), 404

    @app.errorhandler(InputError)
    def bad_input(exc):
        return render_template("errors/400.html", message=exc.message), 400
