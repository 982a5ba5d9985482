"""Export files as tables: bytes → text or workbook → a header line and numbered rows.

Decoding follows the exports themselves: UTF-8 with or without BOM (YouTube, TikTok),
UTF-16 with BOM (Meta daily series), an Excel ``sep=`` hint on the first line, XLSX
through openpyxl. Text that is not UTF-8 is read as Windows-1252 (what Excel writes
when it re-saves a CSV) and a note says so. Line numbers are 1-based lines of the file
(rows of the sheet for XLSX), so every error can point at what the user sees.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from creatorkit.errors import ImportFileError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SEP_HINT = re.compile(r'"?sep=(.)"?[ \t]*(?:\r\n|\r|\n)', re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[Any, ...]


@dataclass
class Sheet:
    """The header and data rows of one file; ``title`` is a one-cell line above the header."""

    file: str
    header: tuple[str, ...]
    header_line: int
    rows: tuple[Row, ...]
    title: str | None = None
    title_line: int | None = None
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)


def load_sheet(path: Path, file: str) -> Sheet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(file, f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"):
        raise ImportFileError(file, "the file is empty")
    if data.startswith(ZIP_MAGIC):
        return _sheet(file, _workbook_records(data, file), "xlsx")
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(file, "is a legacy Excel .xls workbook; save it as .xlsx or CSV UTF-8")
    content, encoding, notes = _decode(data, file)
    sheet = _sheet(file, _csv_records(content, file), encoding)
    sheet.notes.extend(notes)
    return sheet


def _decode(data: bytes, file: str) -> tuple[str, str, list[str]]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif len(data) >= 8 and data[1:8:2] == b"\0\0\0\0" and b"\0" not in data[0:8:2]:
        encoding = "utf-16-le"  # UTF-16 saved without its BOM
    else:
        encoding = "utf-8"
    notes = []
    try:
        content = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-16"):
            raise ImportFileError(file, "is not valid UTF-16 text (cut short?)") from None
        if b"\0" in data:
            _reject_binary(data, data.index(b"\0"), file)
        try:
            content = data.decode("cp1252")
        except UnicodeDecodeError:
            _reject_binary(data, exc.start, file)
        encoding = "cp1252"
        notes.append("the file is not UTF-8: read it as Windows-1252 (check accented text)")
    junk = _CONTROL.search(content)
    if junk:
        _reject_binary(content, junk.start(), file)
    return content, encoding, notes


def _reject_binary(data: bytes | str, offset: int, file: str) -> NoReturn:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    raise ImportFileError(
        file, "holds binary data, not the text of a CSV export", line=data.count(newline, 0, offset) + 1
    )


def _csv_records(content: str, file: str) -> list[Row]:
    hint = _SEP_HINT.match(content)
    body = content[hint.end():] if hint else content
    first = 1 if hint else 0
    delimiter = hint.group(1) if hint else _sniff(body)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    records, start = [], first + 1
    try:
        for cells in reader:
            records.append(Row(start, tuple(cells)))
            start = first + reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(file, f"is not valid CSV ({exc})", line=start) from None
    return records


def _sniff(body: str) -> str:
    """The delimiter of a file without a ``sep=`` line: the commonest in its first lines."""
    for line in body.splitlines()[:5]:
        counts = {sep: line.count(sep) for sep in (",", ";", "\t")}
        if any(counts.values()):
            return max(counts, key=counts.__getitem__)
    return ","


def _workbook_records(data: bytes, file: str) -> list[Row]:
    from openpyxl import load_workbook  # here, not at the top: the registry loads this module always

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise ImportFileError(file, "is a damaged ZIP or XLSX file") from None
    if "xl/workbook.xml" not in names:
        shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
        raise ImportFileError(file, f"is a ZIP archive ({shown}): extract it and import each file inside")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it cannot read
            book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise ImportFileError(file, f"is not a readable XLSX workbook ({exc})") from None
    sheet = book.worksheets[0]
    return [
        Row(number, tuple("" if cell is None else cell for cell in cells))
        for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)
    ]


def _sheet(file: str, records: list[Row], encoding: str) -> Sheet:
    records = [r for r in records if any(_filled(c) for c in r.cells)]
    if not records:
        raise ImportFileError(file, "the file is empty")
    title = None
    if len(records) > 1 and sum(map(_filled, records[0].cells)) == 1 and len(records[1].cells) > 1:
        title, records = records[0], records[1:]
    head, body = records[0], records[1:]
    header = _trimmed(tuple(str(c).strip() for c in head.cells))
    if not body:
        raise ImportFileError(file, "has a header but no data rows", line=head.line)
    rows = tuple(_fitted(row, header, file) for row in body)
    return Sheet(
        file, header, head.line, rows, encoding=encoding,
        title=str(next(c for c in title.cells if _filled(c))).strip() if title else None,
        title_line=title.line if title else None,
    )


def _filled(cell: Any) -> bool:
    return not (cell is None or (isinstance(cell, str) and not cell.strip()))


def _trimmed(cells: tuple) -> tuple:
    end = len(cells)
    while end and not _filled(cells[end - 1]):
        end -= 1
    return cells[:end]


def _fitted(row: Row, header: tuple[str, ...], file: str) -> Row:
    """The row cut or padded to the header; a short or overlong row is an error."""
    cells = row.cells
    if len(cells) < len(header):
        raise ImportFileError(
            file, f"the row ends after {len(cells)} of {len(header)} columns (truncated?)",
            line=row.line, column=header[len(cells)],
        )
    if len(_trimmed(cells)) > len(header):
        raise ImportFileError(
            file, f"the row has {len(_trimmed(cells))} cells but the header has {len(header)}",
            line=row.line,
        )
    return Row(row.line, cells[: len(header)])
