"""Import of the export files creators download from YouTube Studio, TikTok Studio and
Meta Business Suite (reference/platform-apis.md §8).

``read_export`` recognises a file by its content (encoding, ``sep=`` line, header),
never by its name, and turns it into a ``Harvest`` with source ``import``: daily
series as ``MetricSample``, content tables as ``Post``, audience tables as
``AudienceSlice``. A file either parses whole or raises ``ImportFileError`` naming the
line and column at fault; nothing is returned half-read.

Accounts created from exports use the ``import`` connector below, which is registered
(so such accounts show in the registry) but never fetches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.connectors.exports import meta as exports_meta
from creatorkit.connectors.exports import tiktok as exports_tiktok
from creatorkit.connectors.exports import youtube as exports_youtube
from creatorkit.connectors.exports.format import ExportFormat, Table, normalized
from creatorkit.connectors.exports.table import Sheet, load_sheet
from creatorkit.errors import ImportFileError, InputError
from creatorkit.models import Account, Harvest

if TYPE_CHECKING:
    from creatorkit.connectors.http import HttpClient

#: every supported export; on a header that fits several, the one knowing most columns wins
FORMATS: tuple[ExportFormat, ...] = (*exports_youtube.FORMATS, *exports_tiktok.FORMATS, *exports_meta.FORMATS)


@dataclass(frozen=True)
class ExportFile:
    """One export file read whole: what it is, and what it holds for an account."""

    kind: str
    platform: str
    label: str
    harvest: Harvest
    rows: int
    encoding: str
    #: things the user should know: columns ignored, encoding guessed, rows merged
    notes: tuple[str, ...] = ()


def read_export(path: str | Path, *, today: date | None = None, max_bytes: int | None = None) -> ExportFile:
    """Read one export file; ``today`` (the export day) places dates printed without a year
    and is the latest day a file may give; a file over ``max_bytes`` is refused."""
    file = str(path)
    sheet = load_sheet(Path(path), file, max_bytes=max_bytes)
    fmt, index = detect(sheet)
    table = Table(sheet, fmt, index)
    harvest = fmt.build(table, today or date.today())
    ignored = table.ignored_columns()
    notes = ([f"columns not imported: {', '.join(ignored)}"] if ignored else []) + sheet.notes
    return ExportFile(
        kind=fmt.kind, platform=fmt.platform, label=fmt.label, harvest=harvest,
        rows=len(table.records), encoding=sheet.encoding, notes=tuple(notes),
    )


def detect(sheet: Sheet) -> tuple[ExportFormat, dict[str, int]]:
    matches = [(fmt, index) for fmt in FORMATS if (index := fmt.bind(sheet.header)) is not None]
    if matches:
        return max(matches, key=lambda match: len(match[1]))
    raise _unknown(sheet)


def _unknown(sheet: Sheet) -> ImportFileError:
    """Say what was recognised, and what the closest format misses or does not take."""
    names = {normalized(name): name for name in sheet.header}

    def fit(fmt: ExportFormat) -> tuple[list[str], list[str], int]:
        aliases = {normalized(alias) for col in fmt.columns.values() for alias in col.aliases}
        missing = [fmt.columns[key].aliases[0] for key in fmt.required
                   if not names.keys() & {normalized(alias) for alias in fmt.columns[key].aliases}]
        extra = [name for key, name in names.items() if key not in aliases] if fmt.only_known else []
        return missing, extra, len(names.keys() & aliases)

    known = {normalized(alias) for fmt in FORMATS for col in fmt.columns.values() for alias in col.aliases}
    recognised = [name for key, name in names.items() if key in known]
    strangers = [name for key, name in names.items() if key not in known]
    if not recognised:
        reason = ("no column of its header is known; expected the header of a YouTube Studio, "
                  "TikTok Studio or Meta Business Suite export")
    else:
        fits = {fmt.kind: fit(fmt) for fmt in FORMATS}
        closest = min(FORMATS, key=lambda f: (len(fits[f.kind][0]) + len(fits[f.kind][1]), -fits[f.kind][2]))
        missing, extra, _ = fits[closest.kind]
        gaps = ([f"also needs {_listed(missing)}"] if missing else []) + \
            ([f"takes no {_listed(extra)}"] if extra else [])
        reason = (f"recognised columns {_listed(recognised)}; the closest format, {closest.label}, "
                  f"{' and '.join(gaps)}")
        strangers = strangers or extra
    return ImportFileError(sheet.file, f"is not a supported export: {reason}", line=sheet.header_line,
                           column=strangers[0] if strangers else None)


def _listed(names: list[str]) -> str:
    return ", ".join(repr(name) for name in names) or "none"


@register
class ExportImport(Connector):
    """Accounts fed by export files: listed in the registry, never scheduled to fetch."""

    name = "import"
    platform = "*"
    label = "Export file"
    credentials = "none"
    source = "import"

    def fetch(self, account: Account, client: HttpClient, since: date | None) -> Harvest:
        raise InputError(
            f"Accounts fed by export files (account {account.id}, {account.platform}) are imported "
            f"with `creatorkit import FILE --account {account.id}`; they are not fetched."
        )
