"""Error pages: each family of the exception tree answered by one handler."""

from __future__ import annotations

from flask import Flask, render_template
from flask_limiter import RateLimitExceeded

from creatorkit.errors import InputError, UnknownCreator


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    @app.errorhandler(UnknownCreator)
    def not_found(exc):
        return render_template("errors/404.html"), 404

    @app.errorhandler(InputError)
    def bad_input(exc):
        return render_template("errors/400.html", message=exc.message), 400

    @app.errorhandler(RateLimitExceeded)
    def too_many(exc):
        """Flask-Limiter adds Retry-After; the page says the same in words."""
        if exc.response is not None:
            return exc.response
        return render_template("errors/400.html", message="Too many tries: wait a little, then try "
                               f"again (limit {exc.description}).", ), 429
