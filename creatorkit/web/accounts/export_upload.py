"""Export files through the dashboard (``/dashboard/imports``): a YouTube Studio, TikTok
Studio or Meta Business Suite export is read whole and shown (platform, days, rows,
notes) before anything is stored; confirming imports it through ``ingest.imports``,
the same code and the same line/column errors as ``creatorkit import``.

The file waits under ``UPLOAD_FOLDER/pending`` with a random name that only this
session knows (with the account it is for), so a confirmation can only ever import
what this creator previewed. An account is one of the creator's own (checked by id
*and* creator) or a new import-only account for the file's platform.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext

from creatorkit.errors import ImportFileError, InputError
from creatorkit.ingest import imports
from creatorkit.kit.view import PLATFORM_LABELS
from creatorkit.storage import accounts as account_store
from creatorkit.storage import utcnow
from creatorkit.web.accounts.dashboard import creator_required, page
from creatorkit.web.accounts.forms import DeleteForm
from creatorkit.web.db import get_db

bp = Blueprint("imports", __name__, url_prefix="/dashboard/imports")
PENDING = "pending_import"
NEW = "new"


@bp.app_context_processor
def import_accounts():
    """``own_accounts()``: the signed-in creator's accounts, for the import form."""
    def own_accounts():
        creator = g.get("creator")
        return account_store.accounts_of_creator(get_db(), creator["id"]) if creator else []
    return {"own_accounts": own_accounts}


def clock():
    """The app's clock: a test's fixed one (as the analytics use), else UTC now."""
    return current_app.extensions.get("clock") or utcnow


def folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "pending"


def checked_form() -> None:
    if not DeleteForm(formdata=request.form).validate():
        abort(400)


def own_account(choice: str) -> dict | None:
    """The creator's account named by ``choice``; None for a new one; InputError else."""
    if choice == NEW:
        return None
    rows = {str(row["id"]): row for row in account_store.accounts_of_creator(get_db(), g.creator["id"])}
    if choice not in rows:
        raise InputError(gettext("Choose one of your accounts, or a new one."))
    return rows[choice]


def forget_pending() -> None:
    pending = session.pop(PENDING, None)
    if pending:
        (folder() / pending["file"]).unlink(missing_ok=True)


def named(exc: InputError, filename: str) -> str:
    """The error as the CLI words it, naming the file as the creator knows it."""
    if isinstance(exc, ImportFileError):
        return ImportFileError(filename, exc.reason, line=exc.line, column=exc.column).message
    return exc.message


@bp.post("/")
@creator_required
def preview():
    checked_form()
    upload, choice = request.files.get("export"), request.form.get("account", NEW)
    if upload is None or not upload.filename:
        return page(400, import_error=gettext("Choose an export file to upload."))
    forget_pending()
    name = secrets.token_hex(16)
    folder().mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder() / name
    upload.save(path)
    try:
        account = own_account(choice)
        export = imports.preview(path, current_app.config, today=clock()().date())
        if account is not None and account["platform"] != export.platform:
            raise InputError(gettext("This is a %(label)s export: choose a %(platform)s account.",
                                     label=export.label, platform=export.platform))
    except InputError as exc:
        path.unlink(missing_ok=True)
        return page(400, import_error=named(exc, upload.filename))
    session[PENDING] = {"file": name, "account": choice, "filename": upload.filename,
                        "platform": export.platform}
    return render_template("dashboard/import_preview.html", creator=g.creator, export=export,
                           days=imports.days_covered(export), account=account, filename=upload.filename,
                           platform=PLATFORM_LABELS[export.platform],
                           form=DeleteForm(formdata=None), noindex=True, theme=g.creator["theme"])


@bp.post("/confirm")
@creator_required
def confirm():
    checked_form()
    pending = session.get(PENDING)
    if not pending or request.form.get("file") != pending["file"]:
        return page(400, import_error=gettext("Nothing is waiting to be imported: upload the file again."))
    path = folder() / pending["file"]
    try:
        account = own_account(pending["account"])
        db = get_db()
        account_id = account["id"] if account else account_store.ensure_account(
            db, g.creator["id"], pending["platform"], "import", f"{pending['platform']} export")
        export, written = imports.import_file(db, account_id, path, current_app.config, now=clock())
    except InputError as exc:
        forget_pending()
        return page(400, import_error=named(exc, pending["filename"]))
    forget_pending()
    flash(gettext("Imported %(label)s: %(rows)d rows, %(written)d figures stored.",
                  label=export.label, rows=export.rows, written=written))
    return redirect(url_for("dashboard.index", _anchor="imports"))


@bp.post("/cancel")
@creator_required
def cancel():
    checked_form()
    forget_pending()
    return redirect(url_for("dashboard.index", _anchor="imports"))
