"""``creatorkit rebuild-directory``: fill the directory summary from every kit.

Refresh keeps the summary current; this rebuilds it all at once, for a database
that predates the directory or after a change to how cards are built.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from creatorkit import clock
from creatorkit.cli.output import progress
from creatorkit.kit import summary
from creatorkit.storage import open_db


@click.command("rebuild-directory")
@with_appcontext
def rebuild_directory() -> None:
    """Rebuild the directory summary of every creator from its kit."""
    db, now = open_db(current_app.config["DATABASE"]), clock.now(current_app.config)
    ids = summary.creator_ids(db)
    with progress() as bar:
        task = bar.add_task("Summarising", total=len(ids))
        for creator_id in ids:
            summary.refresh_summary(db, creator_id, current_app.config, now.date(), now=now)
            bar.advance(task)
    click.echo(f"Directory rebuilt: {len(ids)} creators summarised.")


COMMANDS = (rebuild_directory,)
