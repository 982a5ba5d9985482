"""Operators keep accounts alive: ``reconnect``, ``disable``, ``enable``, ``notify``.

``reconnect`` is the way back from ``auth_expired`` without the dashboard: new tokens
from a file, status and failures reset, and a refresh at once whose outcome is printed.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from creatorkit import clock
from creatorkit.cli.accounts import TOKEN_HELP, read_credentials
from creatorkit.cli.operations import database
from creatorkit.ingest import notices, reconnect
from creatorkit.storage import account_state


@click.command("reconnect")
@click.argument("account_id", metavar="ACCOUNT", type=int)
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=TOKEN_HELP)
@with_appcontext
def reconnect_command(account_id: int, token_file: Path | None) -> None:
    """Give ACCOUNT (an id from `creatorkit status`) new credentials, reset its status and
    failures, and refresh it now."""
    credentials = read_credentials(None, token_file)
    result = reconnect.reconnect(database(), account_id, credentials, current_app.config)
    if result.ok:
        click.echo(f"Reconnected account {account_id} ({result.handle}/{result.platform}): "
                   f"{result.rows_written} figures stored.")
    else:
        raise click.ClickException(f"Reconnected account {account_id}, but the refresh failed: "
                                   f"{result.error_message}")


def _set_enabled(account_id: int, enabled: bool) -> None:
    db = database()
    account_state.set_enabled(db, account_id, enabled, now=clock.now(current_app.config))
    row = account_state.owned_account(db, account_id)
    click.echo(f"Account {account_id} ({row['platform']} {row['ref']}) is {row['status']}"
               f"{', due now' if enabled else ': not refreshed until enabled'}.")


@click.command("disable")
@click.argument("account_id", metavar="ACCOUNT", type=int)
@with_appcontext
def disable(account_id: int) -> None:
    """Stop refreshing ACCOUNT (its figures stay on the kit)."""
    _set_enabled(account_id, False)


@click.command("enable")
@click.argument("account_id", metavar="ACCOUNT", type=int)
@with_appcontext
def enable(account_id: int) -> None:
    """Refresh ACCOUNT again, starting now, with its failures forgotten."""
    _set_enabled(account_id, True)


@click.command("notify")
@with_appcontext
def notify() -> None:
    """Mail creators whose tokens expired or will soon (the scheduler does this hourly)."""
    sent = notices.send_notices(database(), current_app.config, now=clock.now(current_app.config))
    click.echo(f"{len(sent)} notice(s) sent.")


COMMANDS = (reconnect_command, disable, enable, notify)
