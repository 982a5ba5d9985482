"""Sessions through Flask-Login: who is signed in, and when that ends.

A session cookie names the user *and* their session counter (``User.get_id``), so
bumping the counter (sign-out, password change) revokes every cookie issued before,
wherever it was copied. A session also ends after ``SESSION_IDLE_S`` without a
request and ``SESSION_ABSOLUTE_S`` after sign-in, whatever the cookie says.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from creatorkit.storage import users
from creatorkit.web.db import get_db

login_manager = LoginManager()
#: seconds since the epoch; tests put a fixed clock here
clock: Callable[[], float] = time.time
#: the last-seen time is written again only when older than this (not a cookie per request)
SEEN_RESOLUTION_S = 60


class User(UserMixin):
    """A signed-in user: the ``users`` row, read like a dict by templates and views."""

    def __init__(self, row: dict[str, Any]):
        self.row = row

    def __getitem__(self, key: str) -> Any:
        return self.row[key]

    def __getattr__(self, key: str) -> Any:
        try:
            return self.__dict__["row"][key]
        except KeyError:
            raise AttributeError(key) from None

    def get_id(self) -> str:
        return f"{self.row['id']}:{self.row['session_counter']}"


@login_manager.user_loader
def load(user_id: str) -> User | None:
    """The user a cookie names, if its counter is still theirs."""
    ident, _, counter = user_id.partition(":")
    if not (ident.isdigit() and counter.isdigit()):
        return None
    row = users.get_user(get_db(), int(ident))
    if row is None or row["session_counter"] != int(counter):
        return None
    return User(row)


def start(user_id: int) -> None:
    """A fresh session for ``user_id`` (nothing of the session before is kept)."""
    session.clear()
    login_user(User(users.get_user(get_db(), user_id)))
    session["signed_in_at"] = session["seen_at"] = int(clock())


def end(*, revoke: bool) -> None:
    """Sign out; ``revoke`` also ends every other session of this user."""
    if revoke and current_user.is_authenticated:
        users.revoke_sessions(get_db(), current_user["id"])
    logout_user()
    session.clear()


def check_timeouts() -> None:
    """Before each request: end a session past its idle or absolute time-out, and
    expose the signed-in user (or None) as ``g.user``."""
    g.user = None
    if not current_user.is_authenticated:
        return
    now, config = int(clock()), current_app.config
    signed_in, seen = session.get("signed_in_at", 0), session.get("seen_at", 0)
    if now - signed_in > int(config["SESSION_ABSOLUTE_S"]) or now - seen > int(config["SESSION_IDLE_S"]):
        end(revoke=False)
        return
    if now - seen >= SEEN_RESOLUTION_S:
        session["seen_at"] = now
    g.user = current_user._get_current_object()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.before_request(check_timeouts)
