"""The ``creatorkit`` command: a click group on Flask's factory.

Every command has help text; errors of the ``errors`` tree, and SQLite's errors
about the database file, become one clear line (``click.ClickException``) instead of
a traceback. Help and the command list never load the app, so they need no database.
"""

from __future__ import annotations

import logging
import sqlite3

import click
from flask.cli import FlaskGroup, ScriptInfo

from creatorkit.app import create_app
from creatorkit.cli import accounts, bench, directory, exports, lifecycle, operations, worker
from creatorkit.errors import CreatorkitError
from creatorkit.storage import database_problem


class CreatorkitGroup(FlaskGroup):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CreatorkitError as exc:
            raise click.ClickException(exc.message) from exc
        except sqlite3.Error as exc:  # the file failed mid-command (a full disk, say)
            problem = database_problem(exc, ctx.ensure_object(ScriptInfo).load_app().config["DATABASE"])
            if problem is None:
                raise
            raise click.ClickException(problem.message) from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Only the commands registered here: Flask would load the app to look for more."""
        return click.Group.list_commands(self, ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return click.Group.get_command(self, ctx, name)


@click.group(cls=CreatorkitGroup, create_app=create_app, add_version_option=False,
             add_default_commands=False, load_dotenv=False)
@click.version_option(package_name="creatorkit")
def cli() -> None:
    """creatorkit: a creator's social accounts as a live, verifiable media kit."""


for module in (operations, worker, accounts, lifecycle, exports, directory, bench):
    for command in module.COMMANDS:
        cli.add_command(command)


#: WeasyPrint warns of every resource it refuses, and the kit leaves remote images out of
#: its PDF on purpose: only the real errors of the PDF libraries are worth a line.
QUIET_LOGGERS = ("weasyprint", "fontTools")


def configure_logging() -> None:
    """The process's logging, set by the entry point (importing a module sets none)."""
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def main() -> None:
    configure_logging()
    cli(prog_name="creatorkit")
