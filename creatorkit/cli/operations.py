"""Operating commands: init-db, refresh, status, demo, serve."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from waitress import serve as waitress_serve

from creatorkit import clock
from creatorkit.app import adopt_served_address, served_origin, weak_secret_key
from creatorkit.cli.output import echo_json, progress, table
from creatorkit.demo.seed import seed_demo
from creatorkit.errors import InputError
from creatorkit.ingest import manual, refresh, scheduler
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db
from creatorkit.storage.migrations import migrations

STATUS_COLUMNS = ("handle", "platform", "status", "last_success_at", "next_refresh_at",
                  "failures", "last_error")


def require_strong_secret() -> None:
    """Long-running commands refuse a guessable session key (anyone could forge a session)."""
    problem = weak_secret_key(current_app.config)
    if problem:
        raise click.ClickException(problem)


def database():
    return open_db(current_app.config["DATABASE"])


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create the database (or bring its schema up to date)."""
    db = database()
    applied = [m.name for m in migrations.applied(db)]
    click.echo(f"Database ready at {current_app.config['DATABASE']} ({len(applied)} migrations).")


def run_refresh(db, account_ids: list[int], trigger: str) -> list[refresh.RefreshResult]:
    with progress() as bar:
        task = bar.add_task("Refreshing", total=len(account_ids))
        return manual.refresh_now(
            db, account_ids, current_app.config, trigger=trigger,
            on_done=lambda result: bar.advance(task),
        )


@click.command("refresh")
@click.argument("handle", required=False)
@click.option("--all", "everyone", is_flag=True, help="Refresh every account of every creator.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@with_appcontext
def refresh_command(handle: str | None, everyone: bool, as_json: bool) -> None:
    """Fetch fresh figures for HANDLE's accounts (or --all) now."""
    if bool(handle) == everyone:
        raise click.UsageError("Give a HANDLE or --all (not both).")
    db = database()
    if handle:
        creator_store.get_creator(db, handle)
    fetchable, import_only = refresh.split_import_only(db, account_store.account_ids(db, handle))
    if import_only:
        click.echo(f"Skipped {len(import_only)} import-only account(s) (ids "
                   f"{', '.join(map(str, import_only))}): load their exports with "
                   "`creatorkit import FILE --account ID`.", err=True)
    results = run_refresh(db, fetchable, "manual")
    if as_json:
        echo_json([r.__dict__ for r in results])
    else:
        table([{**r.__dict__, "result": "ok" if r.ok else r.error_class} for r in results],
              ("handle", "platform", "result", "rows_written", "calls", "error_message"))
    if not all(r.ok for r in results):
        raise SystemExit(1)


@click.command("status")
@click.argument("handle", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@with_appcontext
def status(handle: str | None, as_json: bool) -> None:
    """Show every account's refresh status, last success, next attempt and last error."""
    rows = account_store.status_rows(
        database(), now=clock.now(current_app.config), handle=handle,
        default_interval_s=int(current_app.config["DEFAULT_REFRESH_INTERVAL_S"]),
    )
    if as_json:
        echo_json(rows)
    else:
        table(rows, STATUS_COLUMNS, title="Accounts")


def use_served_address(host: str, port: int) -> None:
    """Share links say the address served (or the configured BASE_URL, with a warning)."""
    warning = adopt_served_address(current_app._get_current_object(), host, port)
    if warning:
        click.echo(warning, err=True)


def serve_app(host: str, port: int) -> None:
    """The web server with the refresh scheduler beside it, until SIGTERM or Ctrl+C."""
    app = current_app._get_current_object()
    with scheduler.scheduler_for(app), scheduler.on_stop_signals(_interrupt):
        click.echo(f"Serving on {served_origin(host, port)}/ (Ctrl+C to stop)", err=True)
        waitress_serve(app, host=host, port=port, threads=8, ident="creatorkit")


def _interrupt() -> None:
    """SIGTERM stops waitress the way Ctrl+C does; the scheduler then stops cleanly."""
    raise KeyboardInterrupt


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="TCP port.")
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve the media kits (production WSGI server, waitress)."""
    require_strong_secret()
    database()
    use_served_address(host, port)
    serve_app(host, port)


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="TCP port.")
@click.option("--no-serve", is_flag=True, help="Seed and refresh, print the URLs, then exit.")
@with_appcontext
def demo(host: str, port: int, no_serve: bool) -> None:
    """Seed the demo creators, refresh them, print their kit URLs and serve them."""
    require_strong_secret()
    db = database()
    account_ids = seed_demo(db)
    failed = [r for r in run_refresh(db, account_ids, "demo") if not r.ok]
    if failed:
        raise InputError(f"{len(failed)} demo refreshes failed: {failed[0].error_message}")
    use_served_address(host, port)
    base = current_app.config["BASE_URL"].rstrip("/")
    for creator in creator_store.list_creators(db):
        click.echo(f"{base}/@{creator['handle']}")
    if not no_serve:
        serve_app(host, port)


COMMANDS = (init_db, refresh_command, status, serve, demo)
