"""Brand accounts: sign up, sign in, sign out; sessions and CSRF protection.

Passwords are hashed with werkzeug.security (scrypt). The session holds only the user
id and is renewed at sign-in. Every form posts a CSRF token (Flask-WTF); the
read-only JSON API is exempt.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, flash, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFProtect
from werkzeug.security import check_password_hash, generate_password_hash

from creatorkit.errors import InputError
from creatorkit.storage import users
from creatorkit.web.db import get_db

bp = Blueprint("auth", __name__, url_prefix="/account")
csrf = CSRFProtect()
MIN_PASSWORD = 10
MAX_PASSWORD = 200


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.before_request(load_user)


def load_user() -> None:
    user_id = session.get("user_id")
    g.user = users.get_user(get_db(), user_id) if user_id is not None else None


def brand_required(view):
    """Signed-in brand users only: others are sent to sign in, then back here."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.user is None:
            return redirect(url_for("auth.signin", next=request.full_path))
        if g.user["role"] != "brand":
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def safe_next(target: str | None, default: str = "directory.index") -> str:
    """A local path to return to; anything pointing elsewhere becomes ``default``."""
    parts = urlsplit(target or "")
    if target and target.startswith("/") and not target.startswith("//") and not parts.netloc \
            and not parts.scheme and "\\" not in target:
        return target
    return url_for(default)


@functools.cache
def _decoy_hash() -> str:
    """Checked against when the e-mail is unknown, so both cases take as long."""
    return generate_password_hash("not the password of anyone")


def _start_session(user_id: int) -> None:
    session.clear()
    session["user_id"] = user_id


@bp.route("/signup", methods=("GET", "POST"))
def signup():
    form = request.form
    if request.method == "POST":
        password = form.get("password", "")
        try:
            if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
                raise InputError(f"Choose a password of {MIN_PASSWORD} to {MAX_PASSWORD} characters.")
            if password != form.get("password_again", ""):
                raise InputError("The two passwords differ.")
            user_id = users.create_user(get_db(), form.get("email", ""), generate_password_hash(password),
                                        name=form.get("name", ""), role="brand")
        except InputError as exc:
            return render_template("auth/signup.html", error=exc.message, form=form), 400
        _start_session(user_id)
        flash("Welcome! Save creators to a shortlist from the directory.")
        return redirect(safe_next(form.get("next")))
    return render_template("auth/signup.html", form=form, next=request.args.get("next", ""))


@bp.route("/signin", methods=("GET", "POST"))
def signin():
    form = request.form
    if request.method == "POST":
        user = users.find_user(get_db(), form.get("email", ""))
        password = form.get("password", "")
        stored = user["password_hash"] if user else _decoy_hash()
        if not check_password_hash(stored, password) or user is None:
            return render_template("auth/signin.html", error="E-mail or password is wrong.", form=form), 400
        users.record_sign_in(get_db(), user["id"])
        _start_session(user["id"])
        return redirect(safe_next(form.get("next")))
    return render_template("auth/signin.html", form=form, next=request.args.get("next", ""))


@bp.post("/signout")
def signout():
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("directory.index"))
