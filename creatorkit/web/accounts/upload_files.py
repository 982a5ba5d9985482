"""Images through the dashboard (``/dashboard/uploads``): a portrait, a cover, brand
logos and collaboration pictures, cleaned by ``ingest.images``; and ``/uploads/<name>``
that serves them to kits, for a year and immutable (a name is its content's hash).

An avatar or cover upload becomes the kit's portrait or cover at once; a logo or a
collaboration picture is listed with its address, to pick in the forms below it.
Removing looks the upload up by id *and* the signed-in creator: another creator's
upload is a 404.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, request, send_from_directory, url_for
from flask_babel import gettext

from creatorkit.errors import InputError
from creatorkit.ingest import images
from creatorkit.kit.summary import kit_edit
from creatorkit.storage import creators as creator_store
from creatorkit.storage import uploads as upload_store
from creatorkit.web.accounts.dashboard import creator_required, page
from creatorkit.web.accounts.forms import DeleteForm
from creatorkit.web.db import get_db

bp = Blueprint("uploads", __name__)
NAME = re.compile(r"^[0-9a-f]{32}\.(?:jpg|png)$")
#: kind → the creator field it fills
PROFILE_IMAGE = {"avatar": "avatar_url", "cover": "cover_url"}
YEAR_S = 365 * 24 * 3600


def address(name: str) -> str:
    return url_for("uploads.serve", name=name)


@bp.post("/dashboard/uploads")
@creator_required
def upload():
    if not DeleteForm(formdata=request.form).validate():
        abort(400)
    kind, file = request.form.get("kind", ""), request.files.get("image")
    if kind not in upload_store.KINDS:
        return page(400, upload_error=gettext("Choose what the image is for."))
    if file is None or not file.filename:
        return page(400, upload_error=gettext("Choose an image file to upload."))
    data = file.stream.read(int(current_app.config["UPLOAD_MAX_BYTES"]) + 1)
    try:
        row = images.store(get_db(), current_app.config, g.creator["id"], kind, data)
    except InputError as exc:
        return page(400, upload_error=exc.message)
    if kind in PROFILE_IMAGE:
        with kit_edit(get_db(), g.creator["id"], current_app.config) as db:
            creator_store.update_creator(db, g.creator["id"], **{PROFILE_IMAGE[kind]: address(row["name"])})
    flash(gettext("Image uploaded."))
    return redirect(url_for("dashboard.index", _anchor="uploads"))


@bp.post("/dashboard/uploads/<int:upload_id>/delete")
@creator_required
def remove(upload_id: int):
    if not DeleteForm(formdata=request.form).validate():
        abort(400)
    row = upload_store.remove(get_db(), g.creator["id"], upload_id)
    if row is None:
        abort(404)
    fields = {field: None for field in PROFILE_IMAGE.values() if g.creator[field] == address(row["name"])}
    if fields:
        with kit_edit(get_db(), g.creator["id"], current_app.config) as db:
            creator_store.update_creator(db, g.creator["id"], **fields)
    remove_files([row["name"]])
    flash(gettext("Image removed."))
    return redirect(url_for("dashboard.index", _anchor="uploads"))


@bp.get("/uploads/<name>")
def serve(name: str):
    if not NAME.match(name) or upload_store.find(get_db(), name) is None:
        abort(404)
    response = send_from_directory(current_app.config["UPLOAD_FOLDER"], name, max_age=YEAR_S)
    response.headers["Cache-Control"] = f"public, max-age={YEAR_S}, immutable"
    return response


def remove_files(names: list[str]) -> None:
    """Delete the files of uploads whose rows are gone (a missing file is no error)."""
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    for name in names:
        if NAME.match(name):
            (folder / name).unlink(missing_ok=True)
