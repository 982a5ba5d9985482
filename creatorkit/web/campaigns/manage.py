"""Campaign pages: a brand sets one up (creators, budget, objectives, links, codes,
order imports); an invited creator accepts, picks their posts and approves the case
study. Sign-in comes from ``accounts`` (``g.user``): ``member`` is the one place that
decides who may see a campaign. A rejected form answers 400 with its one-line error
and stores nothing.
"""

from __future__ import annotations

import functools
import tempfile
from datetime import date, timedelta
from pathlib import Path

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from creatorkit.errors import InputError
from creatorkit.ingest.orders import import_orders
from creatorkit.kpi import campaign as kpi
from creatorkit.storage import campaign_tracking as tracking
from creatorkit.storage import campaigns as store
from creatorkit.storage import creators as creator_store
from creatorkit.web.accounts.auth import brand_required
from creatorkit.web.campaigns.clock import now
from creatorkit.web.db import get_db

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")


def member(campaign_id: int) -> tuple[dict, str]:
    """(campaign, "brand" or "creator") for the signed-in user, or 404/redirect."""
    user = g.get("user")
    campaign = store.get_campaign(get_db(), campaign_id)
    if campaign is None or user is None:
        abort(404)
    if user["role"] == "brand" and user["id"] == campaign["brand_user_id"]:
        return campaign, "brand"
    if user["role"] == "creator" and user["creator_id"] and store.membership(
            get_db(), campaign_id, user["creator_id"]):
        return campaign, "creator"
    abort(404)


def signed_in(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("auth.signin", next=request.full_path))
        return view(*args, **kwargs)
    return wrapped


def _number(name: str, *, percent: bool = False) -> float | None:
    raw = request.form.get(name, "").strip().replace(",", ".").rstrip("%").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{name.replace('_', ' ').capitalize()} is a number, not {raw!r}.") from None
    return value / 100 if percent else value


def detail_page(campaign: dict, role: str, error: str | None = None, status: int = 200):
    db = get_db()
    creators = store.campaign_creators(db, campaign["id"])
    context = {"campaign": campaign, "role": role, "error": error, "kpis": kpi.KPIS,
               "creators": creators, "budget": store.budget_lines(db, campaign["id"]),
               "objectives": store.objectives(db, campaign["id"]), "kinds": store.BUDGET_KINDS,
               "links": tracking.campaign_links(db, campaign["id"]),
               "codes": tracking.promo_codes(db, campaign["id"]),
               "postback_url": url_for("postback.postback", campaign_id=campaign["id"], _external=True)}
    if role == "creator":
        context["me"] = store.membership(db, campaign["id"], g.user["creator_id"])
    return render_template("campaigns/detail.html", **context), status


def action(roles: tuple[str, ...]):
    """A POST on a campaign by one of ``roles``; an InputError re-renders with 400."""
    def decorate(view):
        @functools.wraps(view)
        @signed_in
        def wrapped(campaign_id: int, **kwargs):
            campaign, role = member(campaign_id)
            if role not in roles:
                abort(403)
            try:
                message = view(campaign, **kwargs)
            except InputError as exc:
                return detail_page(campaign, role, exc.message, 400)
            flash(message)
            return redirect(url_for("campaigns.detail", campaign_id=campaign_id), 303)
        return wrapped
    return decorate


@bp.get("")
@signed_in
def index():
    db, user = get_db(), g.user
    if user["role"] == "brand":
        return render_template("campaigns/index.html", campaigns=store.brand_campaigns(db, user["id"]))
    mine = store.creator_campaigns(db, user["creator_id"]) if user["creator_id"] else []
    return render_template("campaigns/index.html", campaigns=mine)


@bp.post("")
@brand_required
def create():
    form = request.form
    try:
        campaign_id = store.create_campaign(
            get_db(), g.user["id"], brand=form.get("brand", ""), name=form.get("name", ""),
            starts_on=form.get("starts_on", ""), ends_on=form.get("ends_on", ""),
            destinations=form.get("destinations", "").split(), currency=form.get("currency", "EUR"))
    except InputError as exc:
        return render_template("campaigns/index.html", error=exc.message, form=form,
                               campaigns=store.brand_campaigns(get_db(), g.user["id"])), 400
    return redirect(url_for("campaigns.detail", campaign_id=campaign_id), 303)


@bp.get("/<int:campaign_id>")
@signed_in
def detail(campaign_id: int):
    return detail_page(*member(campaign_id))


@bp.post("/<int:campaign_id>/creators")
@action(("brand",))
def invite(campaign):
    handle = request.form.get("handle", "").strip().lstrip("@")
    creator = creator_store.find_creator(get_db(), handle)
    if creator is None:
        raise InputError(f"No creator @{handle}.")
    store.invite_creator(get_db(), campaign["id"], creator["id"])
    return f"@{handle} is invited."


@bp.post("/<int:campaign_id>/budget")
@action(("brand",))
def budget(campaign):
    amount = _number("amount")
    creator = request.form.get("creator_id") or None
    store.add_budget_line(get_db(), campaign["id"], request.form.get("kind", ""), amount,
                          creator_id=int(creator) if creator else None, label=request.form.get("label", ""))
    return "Budget line added."


@bp.post("/<int:campaign_id>/objectives")
@action(("brand",))
def objective(campaign):
    key, mode = request.form.get("kpi", ""), request.form.get("mode", "level")
    rate = key in kpi.KPIS and (kpi.KPIS[key].unit == "rate" or mode == "change")
    target = _number("target", percent=rate)
    if target is None:
        raise InputError("Enter a target.")
    kpi.check_objective(key, target, mode)
    store.add_objective(get_db(), campaign["id"], key, target, mode=mode,
                        deadline=request.form.get("deadline") or None)
    return "Objective added."


@bp.post("/<int:campaign_id>/objectives/<int:objective_id>")
@action(("brand",))
def annotate(campaign, objective_id: int):
    found = [o for o in store.objectives(get_db(), campaign["id"]) if o["id"] == objective_id]
    rate = bool(found) and kpi.KPIS[found[0]["kpi"]].unit == "rate"
    store.update_objective(get_db(), campaign["id"], objective_id,
                           entered=_number("entered", percent=rate), comment=request.form.get("comment", ""))
    return "Objective updated."


@bp.post("/<int:campaign_id>/links")
@action(("brand",))
def link(campaign):
    code = tracking.create_link(get_db(), campaign["id"], int(request.form.get("creator_id") or 0),
                                request.form.get("destination", ""))
    return f"Link /r/{code} created."


@bp.post("/<int:campaign_id>/codes")
@action(("brand",))
def code(campaign):
    tracking.add_promo_code(get_db(), campaign["id"], int(request.form.get("creator_id") or 0),
                            request.form.get("code", ""))
    return "Promo code added."


@bp.post("/<int:campaign_id>/orders")
@action(("brand",))
def orders(campaign):
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InputError("Choose a Shopify or WooCommerce order export (CSV).")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.csv"
        upload.save(path)
        result = import_orders(get_db(), campaign["id"], path, upload.filename)
    return (f"{result.shop}: {result.added} new sales with a campaign code ({result.unmatched} other paid "
            f"orders and {result.unpaid} unpaid ones left out).")


@bp.post("/<int:campaign_id>/respond")
@action(("creator",))
def respond(campaign):
    status = {"accept": "accepted", "decline": "declined"}.get(request.form.get("answer", ""))
    if status is None:
        raise InputError("Answer accept or decline.")
    store.set_status(get_db(), campaign["id"], g.user["creator_id"], status)
    return f"Campaign {status}."


@bp.post("/<int:campaign_id>/case-study")
@action(("creator",))
def case_study(campaign):
    approved = request.form.get("approved") == "1"
    store.set_case_study(get_db(), campaign["id"], g.user["creator_id"], approved)
    return "The case study is on your kit." if approved else "The case study is off your kit."


@bp.route("/<int:campaign_id>/posts", methods=("GET", "POST"))
@signed_in
def posts(campaign_id: int):
    campaign, role = member(campaign_id)
    if role != "creator":
        abort(403)
    db, mine = get_db(), g.user["creator_id"]
    starts = date.fromisoformat(campaign["starts_on"])
    ends = date.fromisoformat(campaign["ends_on"])
    candidates = store.creator_posts(db, [mine], starts - timedelta(days=7), ends + timedelta(days=7))
    if request.method == "POST":
        picked = [tuple(value.split(":", 1)) for value in request.form.getlist("post")]
        try:
            store.set_posts(db, campaign_id, mine, [(int(a), p) for a, p in picked])
        except (InputError, ValueError) as exc:
            message = getattr(exc, "message", "Pick posts from the list.")
            return render_template("campaigns/posts.html", campaign=campaign, candidates=candidates,
                                   picked=set(), error=message), 400
        flash(f"{len(picked)} posts picked.")
        return redirect(url_for("campaigns.detail", campaign_id=campaign_id), 303)
    links = [row["code"] for row in tracking.campaign_links(db, campaign_id) if row["creator_id"] == mine]
    codes = [c for c, owner in tracking.promo_codes(db, campaign_id).items() if owner == mine]
    for item in candidates:
        item["reasons"] = kpi.suggestion_reasons(item["post"], starts=starts, ends=ends, link_codes=links,
                                                 promo_codes=codes)
        item["disclosed"] = kpi.disclosed(item["post"].title, item["post"].is_sponsored)
    picked = {f"{a}:{p}" for a, p in store.picked_posts(db, campaign_id)}
    return render_template("campaigns/posts.html", campaign=campaign, candidates=candidates, picked=picked,
                           now=now())
