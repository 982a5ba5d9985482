"""Export files as tables: bytes → text or workbook → a header line and numbered rows.

Files are streamed (a row at a time; blank lines are never kept), and only regular files
within the size limit are opened: a pipe, ``/dev/zero`` or 50 MB of blank lines cannot
hang an import or fill the memory. A CSV must end the way the exports do, on a line
break or a closing quote, or it was cut short. Decoding follows the exports themselves:
UTF-8 with or without BOM (YouTube, TikTok), UTF-16 with BOM (Meta daily series), an
Excel ``sep=`` hint on the first line, XLSX through openpyxl (read-only). Text that is
not UTF-8 is read as Windows-1252 (what Excel writes when it re-saves a CSV) and a note
says so. Line numbers are 1-based lines of the file (rows of the sheet for XLSX), so
every error can point at what the user sees.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import stat
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from creatorkit.errors import ImportFileError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SEP_HINT = re.compile(r'"?sep=(.)"?[ \t]*(?:\r\n|\r|\n)', re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: a line of text, or a run of blank lines (skipped in one match)
_TOKEN = re.compile(r"(?P<blank>[ \t\r\n]*[\r\n])|(?P<line>[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$)")
CHUNK = 1 << 20
#: the longest real export is a few thousand rows (a year of days, a channel's videos)
MAX_ROWS = 100_000
#: an XLSX unpacks to some 5-10 times its size; a ZIP bomb to thousands
UNZIPPED_RATIO = 20


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


def load_sheet(path: Path, file: str, *, max_bytes: int | None = None) -> Sheet:
    """Read one export, streaming: a pipe, a device or a file over ``max_bytes`` is refused."""
    with _open_regular(path, file, max_bytes) as stream:
        head = stream.read(8)
        stream.seek(0)
        if head.startswith(ZIP_MAGIC):
            return _sheet(file, _workbook_records(stream, file, max_bytes), "xlsx", ragged=True)
        if head.startswith(OLE_MAGIC):
            raise ImportFileError(file, "is a legacy Excel .xls workbook; save it as .xlsx or CSV UTF-8")
        encoding = _encoding(head)
        try:
            records, notes = _csv_records(stream, encoding, file), []
        except UnicodeDecodeError:
            if encoding.startswith("utf-16"):
                raise ImportFileError(file, "is not valid UTF-16 text (cut short?)") from None
            stream.seek(0)
            encoding = "cp1252"
            try:
                records = _csv_records(stream, encoding, file)
            except UnicodeDecodeError:
                raise ImportFileError(file, "holds binary data, not the text of a CSV export") from None
            notes = ["the file is not UTF-8: read it as Windows-1252 (check accented text)"]
    sheet = _sheet(file, records, encoding)
    sheet.notes.extend(notes)
    return sheet


def _open_regular(path: Path, file: str, max_bytes: int | None) -> BinaryIO:
    """The file opened for reading, once known to be a regular file within the size limit.

    Opened without blocking, so that a named pipe with no writer is refused, not waited on.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ImportFileError(file, f"cannot be read ({exc.strerror or exc})") from None
    stream = os.fdopen(fd, "rb")
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        stream.close()
        raise ImportFileError(file, "is not a regular file (a pipe, device or folder): import the export "
                              "file itself")
    if max_bytes is not None and status.st_size > max_bytes:
        stream.close()
        raise ImportFileError(file, f"is {_megabytes(status.st_size)}, over the import limit of "
                              f"{_megabytes(max_bytes)} (setting IMPORT_MAX_BYTES)")
    return stream


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def _encoding(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if len(head) >= 8 and head[1:8:2] == b"\0\0\0\0" and b"\0" not in head[0:8:2]:
        return "utf-16-le"  # UTF-16 saved without its BOM
    return "utf-8"


class _Lines:
    """The lines of a text stream for ``csv.reader``, read a megabyte at a time.

    Runs of blank lines outside quoted cells are skipped in one regex match (50 MB of
    them are read in seconds, not minutes); a line holding binary is refused. Each piece
    comes with the number of its first physical line; the last one is kept to see how
    the file ends.
    """

    def __init__(self, stream: BinaryIO, encoding: str, file: str):
        self.text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        self.file, self.number, self.last = file, 0, ""
        self.quoted = False  # inside a quoted cell that spans lines

    def __iter__(self) -> Iterator[tuple[int, str]]:
        tail = ""
        while True:
            chunk = self.text.read(CHUNK)
            text = tail + chunk
            cut = len(text) if not chunk else _complete_lines(text)
            tail = text[cut:]
            for token in _TOKEN.finditer(text, 0, cut):
                piece, first = token.group(), self.number + 1
                if token.lastgroup == "blank":
                    self.number += piece.count("\n") + piece.count("\r") - piece.count("\r\n")
                    self.last = piece
                    if not self.quoted:
                        continue
                else:
                    self.number += 1
                    self._check(piece)
                yield first, piece
            if not chunk:
                return

    def _check(self, line: str) -> None:
        if _CONTROL.search(line):
            raise ImportFileError(self.file, "holds binary data, not the text of a CSV export",
                                  line=self.number)
        self.last = line
        self.quoted ^= line.count('"') % 2 == 1

    def check_end(self) -> None:
        """A last row cut short: it has no line break and does not end on a closing quote."""
        last = self.last
        if last.strip() and not last.endswith(("\n", "\r")) and not last.rstrip(" \t").endswith('"'):
            raise ImportFileError(self.file, "ends in the middle of its last row, without a line break "
                                  "(cut short? export it again)", line=self.number)


def _complete_lines(text: str) -> int:
    """Where the last complete line of ``text`` ends (a final ``\r`` may be half of ``\r\n``)."""
    end = len(text) - 1 if text.endswith("\r") else len(text)
    return max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1


def _csv_records(stream: BinaryIO, encoding: str, file: str) -> list[Row]:
    lines = _Lines(stream, encoding, file)
    start: list[int | None] = [None]  # the first line of the record being read

    def feed(pieces: Iterable[tuple[int, str]]) -> Iterator[str]:
        for number, piece in pieces:
            if start[0] is None:
                start[0] = number
            yield piece

    try:
        source = iter(lines)
        first = list(itertools.islice(source, 6))
        hint = _SEP_HINT.match(first[0][1]) if first else None
        body = first[1:] if hint else first
        delimiter = hint.group(1) if hint else _sniff([piece for _, piece in body])
        reader = csv.reader(feed(itertools.chain(body, source)), delimiter=delimiter, strict=True)
        records: list[Row] = []
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    records.append(Row(start[0], tuple(cells)))
                    _check_count(records, file)
                start[0] = None
        except csv.Error as exc:
            raise ImportFileError(file, f"is not valid CSV ({exc})", line=start[0]) from None
    finally:
        lines.text.detach()  # the stream stays open: a second reading may follow
    lines.check_end()
    return records


def _check_count(records: list[Row], file: str) -> None:
    if len(records) > MAX_ROWS + 2:  # a title and a header line come before the data rows
        raise ImportFileError(file, f"has more than {MAX_ROWS:,} rows: export a shorter period",
                              line=records[-1].line)


def _sniff(lines: list[str]) -> str:
    """The delimiter of a file without a ``sep=`` line: the commonest in its first lines."""
    for line in lines[:5]:
        counts = {sep: line.count(sep) for sep in (",", ";", "\t")}
        if any(counts.values()):
            return max(counts, key=counts.__getitem__)
    return ","


def _workbook_records(stream: BinaryIO, file: str, max_bytes: int | None) -> list[Row]:
    """The first sheet's non-blank rows, read in openpyxl's streaming (read-only) mode."""
    from openpyxl import load_workbook  # here, not at the top: the registry loads this module always

    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise ImportFileError(file, "is a damaged ZIP or XLSX file") from None
    names = [member.filename for member in members]
    if "xl/workbook.xml" not in names:
        shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
        raise ImportFileError(file, f"is a ZIP archive ({shown}): extract it and import each file inside")
    unzipped = sum(member.file_size for member in members)
    if max_bytes is not None and unzipped > max_bytes * UNZIPPED_RATIO:
        raise ImportFileError(file, f"unpacks to {_megabytes(unzipped)}, over {UNZIPPED_RATIO} times the "
                              f"import limit of {_megabytes(max_bytes)} (setting IMPORT_MAX_BYTES)")
    stream.seek(0)
    records: list[Row] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it cannot read
            book = load_workbook(stream, read_only=True, data_only=True)
            try:
                rows = book.worksheets[0].iter_rows(min_row=1, values_only=True)
                for number, cells in enumerate(rows, 1):
                    if any(_filled(c) for c in cells):
                        records.append(Row(number, tuple("" if c is None else c for c in cells)))
                        _check_count(records, file)
            finally:
                book.close()
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook, while it streams too
        reason = f"{type(exc).__name__}: {exc}"
        raise ImportFileError(file, f"is not a readable XLSX workbook ({reason:.200})") from None
    return records


def _sheet(file: str, records: list[Row], encoding: str, *, ragged: bool = False) -> Sheet:
    """Title, header and data rows; ``ragged`` rows (a workbook's) are padded, not refused."""
    if not records:
        raise ImportFileError(file, "the file is empty")
    title = None
    if len(records) > 1 and sum(map(_filled, records[0].cells)) == 1 and len(records[1].cells) > 1:
        title, records = records[0], records[1:]
    head, body = records[0], records[1:]
    header = _trimmed(tuple(str(c).strip() for c in head.cells))
    if not body:
        raise ImportFileError(file, "has a header but no data rows", line=head.line)
    rows = tuple(_fitted(row, header, file, ragged) for row in body)
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


def _fitted(row: Row, header: tuple[str, ...], file: str, ragged: bool) -> Row:
    """The row cut or padded to the header; a short (unless ``ragged``) or overlong row is an error."""
    cells = row.cells
    if ragged:
        cells = cells + ("",) * (len(header) - len(cells))
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
