"""Provisioning without the web UI: creators, accounts, credentials keys.

``add-account`` stores the account with the platform's API connector (named after the
platform) and its credentials sealed with ``CREDENTIALS_KEY``, once the connector's
kind of credentials is met (``ingest.connect``); tokens are read from a flag or a file
and never echoed back.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.security import generate_password_hash

from creatorkit.cli.operations import database
from creatorkit.errors import InputError
from creatorkit.ingest import connect, imports
from creatorkit.models import PLATFORMS
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import users
from creatorkit.storage.credentials import CredentialBox, new_key
from creatorkit.web.accounts.passwords import check_password

TOKEN_HELP = (
    "A JSON object of credentials as the platform's OAuth flow returns them "  # noqa: S105 (help text)
    '(e.g. {"access_token": "...", "refresh_token": "...", "expires_at": "2027-01-01T00:00:00+00:00"}).'
)


@click.command("gen-key")
def gen_key() -> None:
    """Print a new CREDENTIALS_KEY (Fernet) for encrypting stored tokens."""
    click.echo(new_key())


@click.command("add-creator")
@click.argument("handle")
@click.option("--name", "display_name", help="Display name (default: the handle).")
@click.option("--tagline", help="One line under the name.")
@click.option("--niche", help="Main niche, e.g. beauty, gaming, travel.")
@click.option("--country", help="ISO 3166 alpha-2 country code, e.g. FR.")
@click.option("--language", "languages", multiple=True, help="ISO 639-1 code; repeat for several.")
@click.option("--email", "contact_email", help="Contact e-mail (never shown in the page source).")
@click.option("--visibility", type=click.Choice(["public", "unlisted", "off"]), default="public",
              show_default=True, help="Listed in the directory, link-only, or switched off.")
@with_appcontext
def add_creator(handle: str, display_name: str | None, languages: tuple[str, ...], **fields) -> None:
    """Create the media kit of HANDLE (served at /@HANDLE)."""
    values = {key: value for key, value in fields.items() if value is not None}
    if languages:
        values["languages"] = list(languages)
    db = database()
    creator_store.create_creator(db, handle, display_name, **values)
    creator = creator_store.get_creator(db, handle)
    click.echo(f"Created @{creator['handle']}: {current_app.config['BASE_URL']}/@{creator['handle']}")


def read_credentials(token: str | None, token_file: Path | None) -> dict | None:
    if token and token_file:
        raise InputError("Give --token or --token-file, not both.")
    if token_file:
        try:
            data = json.loads(token_file.read_text())
        except (OSError, ValueError) as exc:
            raise InputError(f"{token_file}: not a readable JSON object ({exc.__class__.__name__}).") from exc
        if not isinstance(data, dict) or not data.get("access_token"):
            raise InputError(f"{token_file}: expected a JSON object with an access_token.")
        return data
    return {"access_token": token.strip()} if token else None


@click.command("add-account")
@click.argument("handle")
@click.argument("platform", type=click.Choice(PLATFORMS))
@click.argument("ref")
@click.option("--token", help="An access token (prefer --token-file: shells keep history).")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=TOKEN_HELP)
@click.option("--interval", type=click.IntRange(min=300), help="Seconds between refreshes.")
@click.option("--import-only", is_flag=True,
              help="Figures come only from export files (`creatorkit import`); never fetched.")
@with_appcontext
def add_account(handle: str, platform: str, ref: str, token: str | None, token_file: Path | None,
                interval: int | None, import_only: bool) -> None:
    """Connect HANDLE's PLATFORM account REF (YouTube channel id or @handle, Instagram user
    id, TikTok open id, Twitch login), refreshed through the platform's official API."""
    db = database()
    creator = creator_store.get_creator(db, handle)
    credentials = read_credentials(token, token_file)
    if import_only and credentials:
        raise InputError("An --import-only account takes no token.")
    connector = "import" if import_only else platform
    connect.check_credentials(connector, credentials)
    sealed = CredentialBox(current_app.config["CREDENTIALS_KEY"]).seal(credentials) if credentials else None
    account_id = account_store.add_account(db, creator["id"], platform, connector, ref,
                                           sealed_credentials=sealed, refresh_interval_s=interval)
    then = (f"`creatorkit import FILE --account {account_id}` to load an export" if import_only
            else f"`creatorkit refresh {creator['handle']}` to fetch it now")
    click.echo(f"Added {platform} account {ref} to @{creator['handle']} (account {account_id}); run {then}.")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--account", "account_id", type=int, required=True,
              help="The account the file belongs to (see `creatorkit status`).")
@with_appcontext
def import_command(file: Path, account_id: int) -> None:
    """Import FILE, an export from YouTube Studio, TikTok Studio or Meta Business Suite
    (CSV, UTF-16 CSV or XLSX, recognised by its headers). A malformed file is refused
    with the line and column at fault, and nothing is written."""
    export, written = imports.import_file(database(), account_id, file, current_app.config)
    click.echo(f"Imported {export.label} ({export.rows} rows, {written} figures stored, source: import).")
    for note in export.notes:
        click.echo(f"Note: {note}")


@click.command("add-user")
@click.argument("email")
@click.option("--creator", "handle", help="Link to this creator's kit (a creator account).")
@click.option("--name", help="Name shown when signed in (default: the e-mail).")
@click.password_option(help="Password (asked for when not given; 10 to 200 characters).")
@with_appcontext
def add_user(email: str, handle: str | None, name: str | None, password: str) -> None:
    """Create a sign-in: a creator account linked to --creator's kit, else a brand account."""
    check_password(password)
    db = database()
    creator = creator_store.get_creator(db, handle) if handle else None
    users.create_user(db, email, generate_password_hash(password), name=name or email,
                      role="creator" if creator else "brand",
                      creator_id=creator["id"] if creator else None)
    kind = f"creator account of @{creator['handle']}" if creator else "brand account"
    click.echo(f"Created the {kind} {email}; sign in at {current_app.config['BASE_URL']}/account/signin")


COMMANDS = (gen_key, add_creator, add_account, add_user, import_command)
