"""Web layer: one blueprint per module, error pages, template helpers."""

from __future__ import annotations

from flask import Flask, render_template

from creatorkit.errors import InputError, UnknownCreator
from creatorkit.web import db, filters, health, kits


def register_blueprints(app: Flask) -> None:
    db.init_app(app)
    filters.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(kits.bp)

    @app.errorhandler(404)
    @app.errorhandler(UnknownCreator)
    def not_found(exc):
        return render_template("errors/404.html"), 404

    @app.errorhandler(InputError)
    def bad_input(exc):
        return render_template("errors/400.html", message=exc.message), 400
