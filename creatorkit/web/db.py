"""``get_db()``: one database connection per app context, closed on teardown."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlite_utils import Database

from creatorkit.storage import open_db


def get_db() -> Database:
    if "db" not in g:
        g.db = open_db(current_app.config["DATABASE"], migrate=False)
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
    with app.app_context():
        open_db(app.config["DATABASE"]).conn.close()
