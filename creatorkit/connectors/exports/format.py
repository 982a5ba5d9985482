"""What a supported export looks like, and its rows read into values.

An ``ExportFormat`` names its columns through an alias table of header texts (headers
are localized to the exporter's UI language; matched case-insensitively), the columns
it cannot do without, and ``build``: the bound ``Table`` and ``today`` → a ``Harvest``.
Binding a table parses every recognised cell at once, so a bad cell anywhere fails the
whole file with its line and column before anything is returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from creatorkit.connectors import payload
from creatorkit.connectors.exports import values
from creatorkit.connectors.exports.table import Row, Sheet
from creatorkit.errors import ImportFileError
from creatorkit.models import AudienceSlice, Harvest, MetricSample, Post

#: first cell of the summary row YouTube Studio puts above the data rows
TOTAL_WORDS = frozenset({"total", "totals", "gesamt", "insgesamt", "totale", "totaal", "totalt"})
#: no-year dates are resolved backwards: a TikTok series covers at most a year, day after day
MAX_SPAN = timedelta(days=366)
MAX_GAP = timedelta(days=31)
_SLASHED = re.compile(r"\s*(\d{1,2})/(\d{1,2})/\d{2,4}")


def normalized(header: str) -> str:
    return " ".join(header.casefold().split())


@dataclass(frozen=True)
class Column:
    """Header texts of one column (the first is the English one, shown in messages)."""

    aliases: tuple[str, ...]
    parse: Callable[[Any], Any] = values.text


def column(*aliases: str, parse: Callable[[Any], Any] = values.text) -> Column:
    return Column(aliases, parse)


@dataclass(frozen=True)
class ExportFormat:
    kind: str
    platform: str
    label: str
    columns: Mapping[str, Column]
    required: tuple[str, ...]
    build: Callable[[Table, date], Harvest]
    #: every header column must be one of ``columns`` (short, generic headers like ``Date,Views``)
    only_known: bool = False
    #: a "Total" summary row (YouTube puts one above the data rows) is skipped, found by
    #: the text of its first column (the dimension), wherever the columns stand
    total_row: bool = False

    def bind(self, header: tuple[str, ...]) -> dict[str, int] | None:
        """Column key → index in the header, or None when the header is not this format's."""
        lookup = {normalized(alias): key for key, col in self.columns.items() for alias in col.aliases}
        index: dict[str, int] = {}
        for position, name in enumerate(header):
            key = lookup.get(normalized(name))
            if key is None and self.only_known:
                return None
            if key is not None:
                index.setdefault(key, position)
        return index if all(key in index for key in self.required) else None


@dataclass(frozen=True)
class Record:
    """One data row and the parsed value of each recognised column (None when absent)."""

    row: Row
    values: Mapping[str, Any]

    @property
    def line(self) -> int:
        return self.row.line

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


class Table:
    """A sheet bound to its format: every recognised cell parsed, errors placed at line and column."""

    def __init__(self, sheet: Sheet, fmt: ExportFormat, index: Mapping[str, int]):
        self.sheet, self.index = sheet, index
        rows = sheet.rows
        if fmt.total_row:
            dimension = index[next(iter(fmt.columns))]
            rows = tuple(row for row in rows if normalized(str(row.cells[dimension])) not in TOTAL_WORDS)
            if not rows:
                raise ImportFileError(sheet.file, "has a Total row but no data rows", line=sheet.header_line)
        self.records = tuple(
            Record(row, {key: self.convert(row, key, fmt.columns[key].parse) for key in index})
            for row in rows
        )

    def has(self, key: str) -> bool:
        return key in self.index

    def error(self, line: int | None, key: str | None, reason: str) -> ImportFileError:
        name = self.sheet.header[self.index[key]] if key is not None else None
        return ImportFileError(self.sheet.file, reason, line=line, column=name)

    def convert(self, row: Row, key: str, parse: Callable[..., Any], **options: Any) -> Any:
        raw = row.cells[self.index[key]]
        try:
            return parse(raw, **options)
        except values.BadCell as bad:
            raise self.error(row.line, key, f"{_shown(raw)} {bad.reason}") from None

    def resolve(self, record: Record, key: str, anchor: date) -> date:
        """The record's day (a no-year day placed on or before ``anchor``), never after ``anchor``."""
        try:
            return payload.day(values.on_or_before(record[key], anchor), "day", today=anchor)
        except payload.BadValue as bad:
            raise self.error(record.line, key, f"{_shown(record.row.cells[self.index[key]])} {bad.reason}") \
                from None

    def note(self, message: str) -> None:
        self.sheet.notes.append(message)

    def ignored_columns(self) -> list[str]:
        used = set(self.index.values())
        return [name for i, name in enumerate(self.sheet.header) if i not in used and name]

    def days(self, today: date, key: str = "date", *, unique: bool = True) -> list[date]:
        """The day of each record; no-year days resolved backwards from the last row.

        The last row falls on or before ``today``; each earlier row on or before the day
        of the row below it, so a year-long TikTok series wraps over 1 January.
        """
        backwards: list[date] = []
        anchor = today
        for record in reversed(self.records):
            when = record[key]
            below = anchor
            anchor = self.resolve(record, key, anchor if isinstance(when, values.MonthDay) else today)
            if isinstance(when, values.MonthDay) and backwards and (
                    below - anchor > MAX_GAP or backwards[0] - anchor > MAX_SPAN):
                raise self.error(record.line, key, f"{_shown(record.row.cells[self.index[key]])} is not in "
                                 "date order: the rows must run one day after another")
            backwards.append(anchor)
        days = backwards[::-1]
        if unique:
            seen: dict[date, int] = {}
            for record, day in zip(self.records, days, strict=True):
                if day in seen:
                    raise self.error(record.line, key, f"{day.isoformat()} is already on line {seen[day]}")
                seen[day] = record.line
        return days

    def date_order(self, key: str) -> str:
        """``mdy`` or ``dmy`` for numeric dates like 11/02/2026, decided over the whole column."""
        evidence: dict[str, int] = {}
        for record in self.records:
            found = _SLASHED.match(str(record.row.cells[self.index[key]]))
            if found:
                first, second = int(found.group(1)), int(found.group(2))
                for order, seen in (("dmy", first > 12), ("mdy", second > 12)):
                    if seen:
                        evidence.setdefault(order, record.line)
        if len(evidence) > 1:
            raise self.error(max(evidence.values()), key, "mixes day-first and month-first dates "
                             f"(see line {min(evidence.values())})")
        return next(iter(evidence), "mdy")


def daily_metrics(
    table: Table, days: list[date], metrics: Mapping[str, str], *, gate: str | None = None
) -> tuple[MetricSample, ...]:
    """One sample per (metric, day) the file gives a value for; missing values give none.

    A row whose ``gate`` column is missing gives no samples at all.
    """
    return tuple(
        MetricSample(metric, day, record[key])
        for record, day in zip(table.records, days, strict=True)
        if gate is None or record[gate] is not None
        for key, metric in metrics.items()
        if record[key] is not None
    )


def unique_posts(table: Table, posts: list[Post]) -> tuple[Post, ...]:
    """The posts with the first row of each post id kept (exports can repeat a row)."""
    kept: dict[str, Post] = {}
    for post in posts:
        kept.setdefault(post.post_id, post)
    if len(kept) < len(posts):
        table.note(f"rows repeating a post already listed: {len(posts) - len(kept)} (kept the first of each)")
    return tuple(kept.values())


def distribution(dimension: str) -> Callable[[Table, date], Harvest]:
    """Build audience shares from ``bucket`` and ``share`` columns: a snapshot dated ``today``.

    Two spellings of one bucket ("Other", "Others") are merged, with a note; a bucket
    written twice the same way is a repeated row, refused; shares beyond the whole
    audience are refused at the row where the sum passes 1.
    """

    def build(table: Table, today: date) -> Harvest:
        shares: dict[str, float] = {}
        first: dict[str, tuple[int, str]] = {}
        merged, total = [], 0.0
        for r in table.records:
            if r["share"] is None:
                continue
            bucket, written = r["bucket"], str(r.row.cells[table.index["bucket"]]).strip()
            if bucket in first:
                line, spelling = first[bucket]
                if normalized(spelling) == normalized(written):
                    raise table.error(r.line, "bucket", f"{written!r} is already on line {line}")
                merged.append(f"{spelling!r} (line {line}) and {written!r} (line {r.line})")
            first.setdefault(bucket, (r.line, written))
            shares[bucket] = shares.get(bucket, 0.0) + r["share"]
            total += r["share"]
            if total > 1 + payload.SHARE_TOLERANCE:
                raise table.error(r.line, "share", f"the shares reach {round(total, 6)} here: more than "
                                  "the whole audience")
        if merged:
            table.note(f"buckets merged: {'; '.join(merged)}")
        slices = (AudienceSlice(dimension, bucket, round(share, 12), day=today)
                  for bucket, share in shares.items())
        return Harvest(source="import", audience=tuple(slices))

    return build


def _shown(raw: Any) -> str:
    shown = repr(raw if isinstance(raw, str) else str(raw))
    return shown if len(shown) <= 60 else shown[:57] + "...'"
