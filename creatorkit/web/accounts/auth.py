"""Accounts: sign up (brands, and creators with their kit), sign in, sign out; CSRF.

Passwords are hashed with werkzeug.security (scrypt) and must not be common ones
(``passwords``). Sessions are Flask-Login's (``session``): renewed at sign-in,
revoked at sign-out. Sign-in and sign-up tries are limited per account and per
client (``SIGNIN_LIMITS``; only refused tries count). Sign-up answers the same
whether or not the e-mail address has an account. An account whose address is not
confirmed yet cannot sign in: the try mails the confirmation link again. Every form posts a CSRF token
(Flask-WTF); the read-only JSON API is exempt.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFProtect
from werkzeug.security import check_password_hash, generate_password_hash

from creatorkit.storage import creators as creator_store
from creatorkit.storage import users
from creatorkit.web.accounts import mailer, session, tokens
from creatorkit.web.accounts.account_forms import SignupForm
from creatorkit.web.db import get_db
from creatorkit.web.limits import failed, limiter, setting

bp = Blueprint("auth", __name__, url_prefix="/account")
csrf = CSRFProtect()
SIGNED_UP = ("If this address had no account, it has one now: open the link we sent to it to confirm it, "
             "then sign in with the password you chose.")
UNCONFIRMED = "Confirm your e-mail address first: we have sent you a new link."


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    session.init_app(app)


def account_key() -> str:
    """The e-mail address a sign-in or sign-up is for, as the account's limit key."""
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def limited(view):
    """Sign-in limits per client and per account, refused tries only."""
    for key in (None, account_key):
        view = limiter.limit(setting("SIGNIN_LIMITS"), key_func=key, methods=["POST"],
                             deduct_when=failed, scope=f"{view.__name__}:{bool(key)}")(view)
    return view


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
    target = target or ""
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return url_for(default)
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc \
            and not parts.scheme and "\\" not in target:
        return target
    return url_for(default)


@functools.cache
def _decoy_hash() -> str:
    """Checked against when the e-mail is unknown, so both cases take as long."""
    return generate_password_hash("not the password of anyone")


@bp.route("/signup", methods=("GET", "POST"))
@limited
def signup():
    """A new brand account, or a creator account with its kit (unlisted until it has
    data). It cannot sign in before its address is confirmed by the link mailed to it.
    An address that has an account gets the same answer (and its owner a mail saying
    so), so sign-up tells nobody which addresses exist."""
    form = SignupForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/signup.html", form=form, next=request.values.get("next", "")), status
    hashed = generate_password_hash(form.password.data)  # hashed either way: both answers take as long
    db = get_db()
    existing = users.find_user(db, form.email.data)
    if existing is not None:
        mailer.send("taken", existing["email"])
    else:
        with db.conn:
            creator_id = None
            if form.kind.data == "creator":
                creator_id = creator_store.create_creator(db, form.handle.data, form.name.data,
                                                          visibility="unlisted")
            user_id = users.create_user(db, form.email.data, hashed, name=form.name.data,
                                        role=form.kind.data, creator_id=creator_id, verified=False)
        send_verification(users.get_user(db, user_id))
    flash(SIGNED_UP)
    return redirect(url_for(".signin", next=safe_next(request.form.get("next"))))


def send_verification(user) -> bool:
    hours = int(current_app.config["VERIFY_LINK_MAX_AGE_S"]) // 3600
    return mailer.send("verify", user["email"], name=user["name"], link=tokens.link("verify", user),
                       hours=hours)


@bp.route("/signin", methods=("GET", "POST"))
@limited
def signin():
    form = request.form
    if request.method == "POST":
        user = users.find_user(get_db(), form.get("email", ""))
        password = form.get("password", "")
        stored = user["password_hash"] if user else _decoy_hash()
        if not check_password_hash(stored, password) or user is None:
            return render_template("auth/signin.html", error="E-mail or password is wrong.", form=form), 400
        if user["email_verified_at"] is None:
            send_verification(user)
            return render_template("auth/signin.html", error=UNCONFIRMED, form=form), 400
        users.record_sign_in(get_db(), user["id"])
        session.start(user["id"])
        return redirect(safe_next(form.get("next")))
    return render_template("auth/signin.html", form=form, next=request.args.get("next", ""))


@bp.post("/signout")
def signout():
    session.end(revoke=True)
    flash("You are signed out.")
    return redirect(url_for("directory.index"))
