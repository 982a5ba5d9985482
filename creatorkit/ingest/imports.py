"""``import_file``: store a platform export file's figures on an account."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from creatorkit.clock import clock_of
from creatorkit.connectors.exports import ExportFile, read_export
from creatorkit.errors import InputError
from creatorkit.ingest.refresh import after_store
from creatorkit.models import Profile
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import history, queue, runs


def preview(path: str | Path, settings: Mapping[str, Any], *, today: date) -> ExportFile:
    """Read an export file whole and store nothing: what ``import_file`` would write
    (a malformed file raises the same ``ImportFileError``)."""
    return read_export(path, today=today, max_bytes=settings.get("IMPORT_MAX_BYTES"))


def days_covered(export: ExportFile) -> tuple[date, date] | None:
    """The first and last day an export's figures and posts speak of."""
    days = [sample.day for sample in export.harvest.metrics]
    days += [post.published_at.date() for post in export.harvest.posts if post.published_at]
    return (min(days), max(days)) if days else None


def import_file(db: Database, account_id: int, path: str | Path, settings: Mapping[str, Any], *,
                today: date | None = None,
                now: Callable[[], datetime] | None = None) -> tuple[ExportFile, int]:
    """Store an export file's figures on an account, labelled source ``import``.

    The file is parsed whole before anything is written (a malformed file raises
    ``ImportFileError`` naming its line and column and changes nothing); its rows are
    then written in one transaction with a ``refresh_runs`` row (trigger ``import``)
    and the account's success (status, last success, next due), so an import-only
    account goes stale after its interval like any other.
    """
    row = account_store.get_account_row(db, account_id)
    now = now or clock_of(settings)
    started = now()
    export = preview(path, settings, today=today or started.date())
    if export.platform != row["platform"]:
        raise InputError(f"{path}: this is a {export.label} export ({export.platform}), but account "
                         f"{account_id} is a {row['platform']} account.")
    finished = now()
    with queue.immediate(db):
        written = history.write_harvest(db, account_id, export.harvest, now=finished)
        interval = row["refresh_interval_s"] or int(settings.get("DEFAULT_REFRESH_INTERVAL_S", 21600))
        account_store.record_success(db, account_id, Profile(), now=finished,
                                     next_refresh_at=finished + timedelta(seconds=interval))
        creator_store.bump_data_version(db, row["creator_id"])
        runs.record_run(db, account_id, trigger="import", started_at=started, finished_at=finished,
                        status="ok", rows_written=written)
    after_store(db, row["creator_id"], settings, finished)
    return export, written
