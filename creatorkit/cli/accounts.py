"""Provisioning without the web UI: creators, accounts, credentials keys."""

from __future__ import annotations

import click

from creatorkit.storage.credentials import new_key


@click.command("gen-key")
def gen_key() -> None:
    """Print a new CREDENTIALS_KEY (Fernet) for encrypting stored tokens."""
    click.echo(new_key())


COMMANDS = (gen_key,)
