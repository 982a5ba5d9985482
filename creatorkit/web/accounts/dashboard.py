"""The creator dashboard (``/dashboard``): a signed-in creator edits their own kit.

Profile, look and language, visibility, what is hidden, and the written content
(rate card, collaborations, testimonials, brand logos, featured posts). Sessions and
users come from ``web.auth``; only a user with the ``creator`` role and a linked
creator gets in. Every form is a Flask-WTF form (CSRF token included); a rejected
form is shown again with a message next to each field, and nothing is stored.
"""

from __future__ import annotations

import functools

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext

from creatorkit import clock
from creatorkit.errors import InputError
from creatorkit.kit.build import as_of_day, build_kit_view
from creatorkit.kit.privacy import validate_hidden
from creatorkit.kit.summary import kit_edit
from creatorkit.kit.view import PlatformView
from creatorkit.storage import creators as creator_store
from creatorkit.storage import kit_content
from creatorkit.storage import uploads as upload_store
from creatorkit.web.accounts import first_steps
from creatorkit.web.accounts.forms import CONTENT_FORMS, DeleteForm, ProfileForm, SettingsForm
from creatorkit.web.db import get_db
from creatorkit.web.i18n import use_kit_locale

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
PROFILE_FIELDS = ("display_name", "tagline", "bio", "niche", "country", "city", "avatar_url",
                  "contact_email")


def creator_required(view):
    """Signed-in creators with a kit only: others are sent to sign in, brands refused."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        user = g.get("user")
        if user is None:
            return redirect(url_for("auth.signin", next=request.full_path))
        if user["role"] != "creator" or user["creator_id"] is None:
            abort(403)
        creator = get_db()["creators"].get(user["creator_id"])
        g.creator = creator_store.get_creator(get_db(), creator["handle"])
        use_kit_locale(g.creator["locale"])
        return view(*args, **kwargs)

    return wrapped


def profile_form(creator, data=None) -> ProfileForm:
    values = {name: creator[name] for name in PROFILE_FIELDS}
    return ProfileForm(formdata=data, data={**values, "languages": ", ".join(creator["languages"])})


def settings_form(creator, data=None) -> SettingsForm:
    values = {name: creator[name] for name in ("theme", "locale", "visibility", "hidden")}
    return SettingsForm(formdata=data, data=values)


def gap_line(p: PlatformView) -> str:
    """What an imported account's kit cannot show, said to its creator (the files lack it)."""
    subscribers = p.follower_word == "subscribers"
    if set(p.unknown) == {"handle"}:
        return gettext("%(platform)s: the imported files do not include your handle, so your kit shows "
                       "none.", platform=p.label)
    if set(p.unknown) == {"followers"}:
        return (gettext("%(platform)s: the imported files do not include your subscriber count, so your "
                        "kit shows none.", platform=p.label) if subscribers else
                gettext("%(platform)s: the imported files do not include your follower count, so your "
                        "kit shows none.", platform=p.label))
    return (gettext("%(platform)s: the imported files include neither your handle nor your subscriber "
                    "count, so your kit shows neither.", platform=p.label) if subscribers else
            gettext("%(platform)s: the imported files include neither your handle nor your follower "
                    "count, so your kit shows neither.", platform=p.label))


def gaps(creator) -> list[str]:
    """One line per imported account whose handle or follower count is unknown."""
    db = get_db()
    now = clock.now(current_app.config)
    view = build_kit_view(db, creator, as_of_day(db, creator["id"], now.date()), current_app.config, now=now)
    return [gap_line(p) for p in view.platforms if p.unknown and p.imported_at]


def page(status: int = 200, **forms):
    """The dashboard with blank forms, except those given (a rejected one keeps its input)."""
    creator = g.creator
    content = {kind: kit_content.items(get_db(), kind, creator["id"]) for kind in CONTENT_FORMS}
    adders = {kind: forms.get(kind) or form_class(formdata=None)
              for kind, (form_class, _title) in CONTENT_FORMS.items()}
    return render_template(
        "dashboard/index.html", creator=creator, content=content, adders=adders, titles=CONTENT_FORMS,
        profile=forms.get("profile") or profile_form(creator),
        settings=forms.get("settings") or settings_form(creator),
        delete=DeleteForm(formdata=None), theme=creator["theme"], noindex=True, gaps=gaps(creator),
        checklist=first_steps.checklist(get_db(), creator),
        uploads=upload_store.of_creator(get_db(), creator["id"]),
        upload_kinds=upload_store.KINDS, upload_error=forms.get("upload_error"),
        import_error=forms.get("import_error"),
    ), status


@bp.get("/")
@creator_required
def index():
    return page()


@bp.post("/profile")
@creator_required
def profile():
    form = profile_form(g.creator, request.form)
    if not form.validate():
        return page(400, profile=form)
    fields = {name: (form[name].data or None) for name in PROFILE_FIELDS}
    fields["display_name"] = form.display_name.data.strip()
    fields["country"] = fields["country"].upper() if fields["country"] else None
    codes = (form.languages.data or "").split(",")
    fields["languages"] = [code.strip().lower() for code in codes if code.strip()]
    with kit_edit(get_db(), g.creator["id"], current_app.config) as db:
        creator_store.update_creator(db, g.creator["id"], **fields)
    flash(gettext("Profile saved."))
    return redirect(url_for(".index"))


@bp.post("/settings")
@creator_required
def settings():
    form = settings_form(g.creator, request.form)
    if not form.validate():
        return page(400, settings=form)
    if form.visibility.data == "public" and not first_steps.has_data(get_db(), g.creator["id"]):
        form.visibility.errors = [gettext("Your kit has no figures yet: connect a platform to list it.")]
        return page(400, settings=form)
    with kit_edit(get_db(), g.creator["id"], current_app.config) as db:
        creator_store.update_creator(
            db, g.creator["id"], theme=form.theme.data, locale=form.locale.data,
            visibility=form.visibility.data, hidden=list(validate_hidden(form.hidden.data)))
    flash(gettext("Settings saved."))
    return redirect(url_for(".index"))


@bp.post("/<kind>/add")
@creator_required
def add(kind: str):
    if kind not in CONTENT_FORMS:
        abort(404)
    form = CONTENT_FORMS[kind][0](formdata=request.form)
    if not form.validate():
        return page(400, **{kind: form})
    try:
        with kit_edit(get_db(), g.creator["id"], current_app.config) as db:
            kit_content.add_item(db, kind, g.creator["id"], **form.item())
    except InputError as exc:
        form.form_errors.append(exc.message)
        return page(400, **{kind: form})
    flash(gettext("Added."))
    return redirect(url_for(".index", _anchor=kind))


@bp.post("/<kind>/<int:item_id>/delete")
@creator_required
def delete(kind: str, item_id: int):
    if kind not in CONTENT_FORMS:
        abort(404)
    if not DeleteForm(formdata=request.form).validate():
        abort(400)
    with kit_edit(get_db(), g.creator["id"], current_app.config) as db:
        kit_content.delete_item(db, kind, g.creator["id"], item_id)
    flash(gettext("Removed."))
    return redirect(url_for(".index", _anchor=kind))
