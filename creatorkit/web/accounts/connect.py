"""A creator's platform accounts (``/dashboard/accounts``): connect with the platform's
own login, add a public channel by handle, reconnect, disconnect.

The login runs through ``ingest.oauth`` (the web never calls a platform itself): the
``state`` and PKCE verifier wait in the signed session until the platform sends the
creator back, together with the creator and the account being reconnected, so a
callback can only ever finish what this creator started. A failed callback says what
to do next and stores nothing. Every account route looks the account up by id *and*
the signed-in creator: another creator's account is a 404.
"""

from __future__ import annotations

from urllib.parse import urlsplit

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

from creatorkit import clock
from creatorkit.errors import CreatorkitError, InputError, UnknownAccount
from creatorkit.ingest import connect as credential_rules
from creatorkit.ingest import reconnect, refresh
from creatorkit.ingest.oauth import flow
from creatorkit.ingest.oauth.providers import PROVIDERS
from creatorkit.storage import account_state
from creatorkit.storage import accounts as account_store
from creatorkit.storage.credentials import CredentialBox
from creatorkit.web.accounts.dashboard import creator_required
from creatorkit.web.accounts.forms import DeleteForm
from creatorkit.web.db import get_db

bp = Blueprint("connect", __name__, url_prefix="/dashboard/accounts")
#: platforms whose public channels the app can read with its own key or token
PUBLIC = ("youtube", "twitch")
PENDING = "oauth_pending"


@bp.app_context_processor
def reconnect_banner():
    """``accounts_to_reconnect()`` for the dashboard's banner (asked for only there)."""
    def accounts_to_reconnect():
        creator = g.get("creator")
        if creator is None:
            return []
        return [row for row in account_store.accounts_of_creator(get_db(), creator["id"])
                if row["status"] == "auth_expired"]
    return {"accounts_to_reconnect": accounts_to_reconnect}


def consent_origins() -> set[str]:
    """Where the connect forms are redirected to (the CSP's form-action must allow them)."""
    config = current_app.config
    return {"{0.scheme}://{0.netloc}".format(urlsplit(spec.authorize_url(config)))
            for spec in PROVIDERS.values() if spec.configured(config)}


def page(status: int = 200, error: str | None = None, handle_input: dict | None = None):
    g.form_targets = consent_origins()
    rows = account_store.accounts_of_creator(get_db(), g.creator["id"])
    return render_template(
        "accounts/index.html", creator=g.creator, accounts=rows, providers=PROVIDERS, public=PUBLIC,
        error=error, handle_input=handle_input or {}, form=DeleteForm(formdata=None), noindex=True,
        theme=g.creator["theme"]), status


def redirect_uri() -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}{url_for('.callback')}"


def checked_form() -> None:
    if not DeleteForm(formdata=request.form).validate():
        abort(400)


@bp.get("/")
@creator_required
def index():
    return page()


@bp.post("/connect/<platform>")
@creator_required
def start(platform: str):
    checked_form()
    account_id = request.form.get("account", type=int)
    try:
        if account_id is not None:
            account_state.owned_account(get_db(), account_id, g.creator["id"])
        pending = flow.start(platform, current_app.config, redirect_uri())
    except UnknownAccount:
        abort(404)
    except InputError as exc:
        return page(400, exc.message)
    session[PENDING] = {"platform": platform, "state": pending.state, "code_verifier": pending.code_verifier,
                        "creator": g.creator["id"], "account": account_id}
    return redirect(pending.url)


@bp.get("/callback")
@creator_required
def callback():
    pending = session.pop(PENDING, None) or {}
    if pending.get("creator") != g.creator["id"]:
        pending = {}  # started by someone else (or not at all): the state check refuses it
    platform = pending.get("platform") or "youtube"
    try:
        connected = flow.finish(platform, current_app.config, redirect_uri(), pending, request.args,
                                now=clock.now(current_app.config))
        result = store(connected, pending.get("account"))
    except CreatorkitError as exc:
        return page(400, exc.message)
    if result.ok:
        flash(gettext("Connected: your figures are up to date."))
    else:
        flash(gettext("Connected, but the first refresh failed: %(reason)s", reason=result.error_message))
    return redirect(url_for(".index"))


def store(connected, account_id: int | None) -> refresh.RefreshResult:
    """Reconnect the account the flow was started for (or this creator's account with the
    same ref), else add it; either way it is refreshed at once."""
    db, settings, creator_id = get_db(), current_app.config, g.creator["id"]
    if account_id is None:
        same = [row for row in account_store.accounts_of_creator(db, creator_id)
                if (row["platform"], row["ref"]) == (connected.platform, connected.ref)]
        account_id = same[0]["id"] if same else None
    elif account_state.owned_account(db, account_id, creator_id)["platform"] != connected.platform:
        raise InputError(gettext("That login is for another platform: nothing was changed."))
    if account_id is None:
        credential_rules.check_credentials(connected.platform, connected.credentials)
        sealed = CredentialBox(settings["CREDENTIALS_KEY"]).seal(connected.credentials) \
            if connected.credentials else None
        account_id = account_store.add_account(db, creator_id, connected.platform, connected.platform,
                                               connected.ref, sealed_credentials=sealed)
        account_state.set_access(db, account_id, "owner")
        return refresh.refresh_account(db, account_id, settings, trigger="connect")
    account_state.set_access(db, account_id, "owner")
    return reconnect.reconnect(db, account_id, connected.credentials, settings, creator_id=creator_id)


@bp.post("/public")
@creator_required
def add_public():
    checked_form()
    platform, handle = request.form.get("platform", ""), request.form.get("handle", "").strip()
    try:
        if platform not in PUBLIC:
            raise InputError(gettext("Public channels can be added for YouTube and Twitch only."))
        if not handle:
            raise InputError(gettext("Enter the channel's handle, such as @camille."))
        ref = handle if platform == "youtube" else handle.removeprefix("@").lower()
        if platform == "youtube" and not ref.startswith(("@", "UC")):
            ref = "@" + ref
        credential_rules.check_credentials(platform, None)
        account_id = account_store.add_account(get_db(), g.creator["id"], platform, platform, ref)
    except InputError as exc:
        return page(400, exc.message, {"platform": platform, "handle": handle})
    account_state.set_access(get_db(), account_id, "public")
    result = refresh.refresh_account(get_db(), account_id, current_app.config, trigger="connect")
    flash(gettext("Added as public data.") if result.ok else
          gettext("Added, but the first refresh failed: %(reason)s", reason=result.error_message))
    return redirect(url_for(".index"))


@bp.post("/<int:account_id>/disconnect")
@creator_required
def disconnect(account_id: int):
    checked_form()
    try:
        account_state.disconnect(get_db(), account_id, keep_history=request.form.get("keep") == "history",
                                 creator_id=g.creator["id"])
    except UnknownAccount:
        abort(404)
    flash(gettext("Disconnected: its tokens are deleted."))
    return redirect(url_for(".index"))
