"""Shortlists of a signed-in brand: save creators from the directory, add notes, export CSV."""

from __future__ import annotations

import csv
import io

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from creatorkit.errors import InputError
from creatorkit.storage import creators as creator_store
from creatorkit.storage import shortlists as store
from creatorkit.web.accounts.auth import brand_required, safe_next
from creatorkit.web.db import get_db
from creatorkit.web.spreadsheet import safe_cell

bp = Blueprint("shortlists", __name__, url_prefix="/shortlists")
CSV_COLUMNS = ("handle", "display_name", "kit_url", "niche", "country", "total_followers", "platforms",
               "engagement", "growth_30d", "note", "added_at")


def owned(shortlist_id: int) -> dict:
    shortlist = store.get_shortlist(get_db(), g.user["id"], shortlist_id)
    if shortlist is None:
        abort(404)
    return shortlist


def creator_id_of(handle: str) -> int:
    """A kit a brand may save: switched-off kits answer as if they did not exist."""
    creator = creator_store.find_creator(get_db(), handle)
    if creator is None or creator["visibility"] == "off":
        abort(404)
    return creator["id"]


@bp.get("")
@brand_required
def index():
    return render_template("shortlists/index.html", shortlists=store.shortlists_of(get_db(), g.user["id"]))


@bp.post("")
@brand_required
def create():
    shortlist_id = store.create_shortlist(get_db(), g.user["id"], request.form.get("name", ""))
    return redirect(url_for(".detail", shortlist_id=shortlist_id))


@bp.post("/save")
@brand_required
def save():
    """Save a creator (from a directory card) to the chosen list, or the first one."""
    db, form = get_db(), request.form
    creator_id = creator_id_of(form.get("handle", ""))
    if form.get("shortlist"):
        try:
            shortlist_id = owned(int(form["shortlist"]))["id"]
        except (ValueError, OverflowError):
            raise InputError("Choose one of your shortlists.") from None
    else:
        shortlist_id = store.default_shortlist(db, g.user["id"])
    name = store.get_shortlist(db, g.user["id"], shortlist_id)["name"]
    added = store.add_item(db, shortlist_id, creator_id)
    flash(f"Saved @{form['handle'].strip().lower()} to {name}." if added else f"Already in {name}.")
    return redirect(safe_next(form.get("next")))


@bp.get("/<int:shortlist_id>")
@brand_required
def detail(shortlist_id: int):
    shortlist = owned(shortlist_id)
    return render_template("shortlists/detail.html", shortlist=shortlist,
                           items=store.items(get_db(), shortlist_id))


@bp.post("/<int:shortlist_id>/items/<handle>/note")
@brand_required
def note(shortlist_id: int, handle: str):
    owned(shortlist_id)
    store.set_note(get_db(), shortlist_id, creator_id_of(handle), request.form.get("note", ""))
    flash(f"Note saved for @{handle}.")
    return redirect(url_for(".detail", shortlist_id=shortlist_id))


@bp.post("/<int:shortlist_id>/items/<handle>/remove")
@brand_required
def remove(shortlist_id: int, handle: str):
    owned(shortlist_id)
    store.remove_item(get_db(), shortlist_id, creator_id_of(handle))
    flash(f"Removed @{handle}.")
    return redirect(url_for(".detail", shortlist_id=shortlist_id))


@bp.post("/<int:shortlist_id>/delete")
@brand_required
def delete(shortlist_id: int):
    name = owned(shortlist_id)["name"]
    store.delete_shortlist(get_db(), g.user["id"], shortlist_id)
    flash(f"Deleted the shortlist {name}.")
    return redirect(url_for(".index"))


@bp.get("/<int:shortlist_id>.csv")
@brand_required
def export(shortlist_id: int):
    owned(shortlist_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in store.items(get_db(), shortlist_id):
        writer.writerow([safe_cell(value) for value in csv_row(item)])
    filename = f"shortlist-{shortlist_id}.csv"
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def csv_row(item: dict) -> list:
    """One creator as CSV cells; figures are left empty once the kit is no longer listed."""
    card = item["card"] or {}
    platforms = card.get("platforms", [])
    return [
        item["handle"], item["display_name"],
        current_app.config["BASE_URL"].rstrip("/") + url_for("kits.kit_page", handle=item["handle"]),
        card.get("niche"), card.get("country"), card.get("total_followers"),
        "; ".join(f"{p['label']} {p['followers']:.0f}" for p in platforms if p["followers"] is not None),
        "; ".join(f"{p['label']} {p['engagement']['value']:.4f} of {p['engagement']['basis']}"
                  for p in platforms if p["engagement"]["value"] is not None),
        "; ".join(f"{p['label']} {p['growth_30']['pct']:+.4f}" for p in platforms
                  if p["growth_30"] and p["growth_30"]["pct"] is not None),
        item["note"], item["added_at"],
    ]
