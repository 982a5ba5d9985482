"""One's own account (``/account/settings``): change the password or the e-mail
address, download everything stored about me, delete the account.

Every change asks for the current password (a session left open on a shared computer
is not enough). A new password ends every other session; a new address is used only
once the link mailed to it is opened (``recovery.email``). Each route acts on the
signed-in user and takes no id: there is no one else's account to name.
"""

from __future__ import annotations

import functools

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.security import check_password_hash, generate_password_hash

from creatorkit.storage import personal_data, users
from creatorkit.storage import uploads as upload_store
from creatorkit.web.accounts import mailer, session, tokens
from creatorkit.web.accounts.account_forms import DeleteAccountForm, EmailChangeForm, PasswordChangeForm
from creatorkit.web.accounts.data_export import zip_response
from creatorkit.web.accounts.upload_files import remove_files
from creatorkit.web.db import get_db

bp = Blueprint("account", __name__, url_prefix="/account")


def signin_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("auth.signin", next=request.full_path))
        return view(*args, **kwargs)
    return wrapped


def page(status: int = 200, **forms):
    blank = {"password": PasswordChangeForm, "email": EmailChangeForm, "delete": DeleteAccountForm}
    filled = {name: forms.get(name) or form(formdata=None) for name, form in blank.items()}
    return render_template("auth/settings.html", user=g.user, noindex=True, **filled), status


def password_ok(form) -> bool:
    """The current password is right; else an error next to its field."""
    if check_password_hash(users.get_user(get_db(), g.user["id"])["password_hash"], form.current.data):
        return True
    form.current.errors = [*form.current.errors, gettext("This is not your current password.")]
    return False


@bp.get("/settings")
@signin_required
def index():
    return page()


@bp.post("/password")
@signin_required
def password():
    form = PasswordChangeForm()
    if not (form.validate() and password_ok(form)):
        return page(400, password=form)
    users.set_password(get_db(), g.user["id"], generate_password_hash(form.password.data))
    session.start(g.user["id"])  # this session goes on; every other one has ended
    flash(gettext("Your password is changed; you are signed out everywhere else."))
    return redirect(url_for(".index"))


@bp.post("/email")
@signin_required
def email():
    form = EmailChangeForm()
    if not (form.validate() and password_ok(form)):
        return page(400, email=form)
    user, new = g.user.row, form.email.data
    if new == user["email"]:
        form.email.errors = [gettext("This is already your address.")]
        return page(400, email=form)
    other = users.find_user(get_db(), new)
    if other is not None:
        if other["id"] != user["id"]:
            mailer.send("taken", other["email"])
    else:
        hours = int(current_app.config["VERIFY_LINK_MAX_AGE_S"]) // 3600
        mailer.send("email", new, name=user["name"], link=tokens.link("email", user, to=new), hours=hours)
        mailer.send("moved", user["email"], name=user["name"], new=new)
    flash(gettext("We have sent a link to %(email)s: your address changes when you open it.", email=new))
    return redirect(url_for(".index"))


@bp.get("/data.zip")
@signin_required
def download():
    return zip_response(personal_data.collect(get_db(), g.user["id"]), g.user["email"])


@bp.post("/delete")
@signin_required
def delete():
    form = DeleteAccountForm()
    if not (form.validate() and password_ok(form)):
        return page(400, delete=form)
    db, creator_id = get_db(), g.user["creator_id"]
    files = upload_store.names(db, creator_id) if creator_id is not None else []
    personal_data.delete_user(db, g.user["id"])
    remove_files(files)  # once the rows are gone: a failed delete leaves every file in place
    session.end(revoke=False)
    flash(gettext("Your account and everything stored about it are deleted."))
    return redirect(url_for("home.index"))
