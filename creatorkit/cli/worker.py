"""``creatorkit worker``: the refresh scheduler alone, for deployments whose web server
runs elsewhere (gunicorn, another container)."""

from __future__ import annotations

import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from creatorkit.cli.operations import require_strong_secret
from creatorkit.ingest.scheduler import RefreshScheduler, on_stop_signals


@click.command("worker")
@click.option("--tick", type=click.FloatRange(min=0.05), default=None,
              help="Seconds between two passes over due accounts [default: REFRESH_TICK_S].")
@with_appcontext
def worker(tick: float | None) -> None:
    """Refresh due accounts on schedule until SIGTERM or Ctrl+C.

    On a stop signal it claims nothing more, lets the refreshes in flight finish and
    gives back the leases of the accounts it had not started.
    """
    require_strong_secret()
    app = current_app._get_current_object()
    if tick is not None:
        app.config["REFRESH_TICK_S"] = tick
    scheduler = RefreshScheduler(app)
    stop = threading.Event()
    with on_stop_signals(stop.set):
        scheduler.start()
        click.echo(f"Refreshing due accounts every {scheduler.tick_s:g} s with "
                   f"{scheduler.workers} workers (Ctrl+C to stop)", err=True)
        try:
            stop.wait()
        finally:
            click.echo("Stopping: letting refreshes in flight finish", err=True)
            scheduler.stop()


COMMANDS = (worker,)
