"""Error pages: each family of the exception tree answered by one handler."""

from __future__ import annotations

from flask import Flask, render_template

from creatorkit.errors import InputError, UnknownCreator


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    @app.errorhandler(UnknownCreator)
    def not_found(exc):
        return render_template("errors/404.html"), 404

    @app.errorhandler(InputError)
    def bad_input(exc):
        return render_template("errors/400.html", message=exc.message), 400
