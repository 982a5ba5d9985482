"""What the mailed links open (``tokens``): confirm an address, choose a new password,
confirm a new address; and the form that mails a reset link.

Asking for a reset answers the same whether or not the address has an account. A new
password ends every session of the account (``users.set_password``); opening a reset
link also confirms the address, since the link came to it.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.security import generate_password_hash

from creatorkit.errors import InputError
from creatorkit.storage import users
from creatorkit.web.accounts import mailer, tokens
from creatorkit.web.accounts.account_forms import EmailForm, ResetForm
from creatorkit.web.accounts.auth import limited
from creatorkit.web.db import get_db

bp = Blueprint("recovery", __name__, url_prefix="/account")
RESET_SENT = "If an account has this address, we have sent it a link to choose a new password."


def refused(message: str):
    return render_template("auth/link.html", error=message, noindex=True), 400


@bp.get("/verify/<token>")
def verify(token: str):
    try:
        user, _data = tokens.redeem("verify", token)
    except InputError as exc:
        return refused(exc.message)
    users.mark_verified(get_db(), user["id"])
    flash(gettext("Your e-mail address is confirmed: sign in."))
    return redirect(url_for("auth.signin"))


@bp.route("/reset", methods=("GET", "POST"))
@limited
def ask_reset():
    form = EmailForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/reset_ask.html", form=form, noindex=True), status
    user = users.find_user(get_db(), form.email.data)
    if user is not None:
        hours = max(1, int(current_app.config["RESET_LINK_MAX_AGE_S"]) // 3600)
        mailer.send("reset", user["email"], name=user["name"], link=tokens.link("reset", user), hours=hours)
    flash(RESET_SENT)
    return redirect(url_for("auth.signin"))


@bp.route("/reset/<token>", methods=("GET", "POST"))
def reset(token: str):
    try:
        user, _data = tokens.redeem("reset", token)
    except InputError as exc:
        return refused(exc.message)
    form = ResetForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/reset.html", form=form, noindex=True), status
    db = get_db()
    with db.conn:
        users.set_password(db, user["id"], generate_password_hash(form.password.data))
        if user["email_verified_at"] is None:
            users.mark_verified(db, user["id"])
    flash(gettext("Your password is changed: sign in with the new one."))
    return redirect(url_for("auth.signin"))


@bp.get("/email/<token>")
def email(token: str):
    try:
        user, data = tokens.redeem("email", token)
        users.set_email(get_db(), user["id"], data.get("to", ""))
    except InputError as exc:
        return refused(exc.message)
    flash(gettext("Your e-mail address is changed."))
    return redirect(url_for("account.index"))
