"""How commands print: JSON for scripts, rich tables and progress bars for people."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table


def console() -> Console:
    return Console(stderr=False, soft_wrap=True)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str))


def table(rows: Iterable[dict[str, Any]], columns: Sequence[str], title: str | None = None) -> None:
    grid = Table(title=title)
    for column in columns:
        grid.add_column(column.replace("_", " "))
    for row in rows:
        grid.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    console().print(grid)


def progress() -> Progress:
    """A progress bar on stderr (stdout stays clean for URLs and JSON)."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=Console(stderr=True), transient=False)
