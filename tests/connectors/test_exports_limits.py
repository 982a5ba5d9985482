"""Issue 13, export files: numbers outside reason (group 6), repeated audience buckets (7),
files cut short (8), big and special files (9), YouTube columns in another order (13)."""

from __future__ import annotations

import os
import signal
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from creatorkit.connectors.exports import read_export, table
from creatorkit.errors import ImportFileError

TODAY = date(2026, 11, 20)
OVERVIEW = '"Date","Video Views","Profile Views","Likes","Comments","Shares"\n'
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"


def refusal(tmp_path: Path, content: str | bytes, **options) -> ImportFileError:
    path = tmp_path / "export.csv"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(ImportFileError) as caught:
        read_export(path, today=TODAY, **options)
    return caught.value


def where(error: ImportFileError) -> tuple:
    return error.line, error.column, error.reason


# --- group 6: numbers outside reason -------------------------------------------------------------

@pytest.mark.parametrize(("content", "expected"), [
    ("Date,Views\n2026-11-01," + "9" * 25 + "\n",
     (2, "Views", f"'{'9' * 25}' is out of range (beyond 10,000,000,000,000)")),
    ("Date,Views\n2026-11-01,1\n2026-11-02," + "9" * 5000 + "\n", (3, "Views", None)),
    (OVERVIEW + '"November 1","-5","1","1","1","1"\n', (2, "Video Views", "'-5' is negative")),
    ("Date,Watch time (hours)\n2026-11-01,1e400\n", (2, "Watch time (hours)", "'1e400' is not a number")),
    ("Date,Views\n2026-11-01,3\n2026-11-21,4\n", (3, "Date", "'2026-11-21' is after today (2026-11-20)")),
    ("Date,Views\n1999-12-31,3\n", (2, "Date", "'1999-12-31' is before 2000")),
    ("Top territories,Distribution\nGB,0.9\nUS,0.9\nFR,0.9\n",
     (3, "Distribution", "the shares reach 1.8 here: more than the whole audience")),
    ('"Time","Video link","Post time","Total views"\n'
     '"November 1","https://www.tiktok.com/@a/video/1","November 1","-3"\n',
     (2, "Total views", "'-3' is negative")),
    ("Content,Video publish time,Views\nTotal,,1\nabcdefghijk,\"Dec 2, 2026\",1\n",
     (3, "Video publish time", "'Dec 2, 2026' is after today (2026-11-20)")),
])
def test_numbers_and_days_outside_reason_are_refused_at_their_cell(tmp_path, content, expected):
    found = where(refusal(tmp_path, content))
    assert found[:2] == expected[:2]
    if expected[2] is not None:
        assert found[2] == expected[2]


def test_net_columns_keep_their_negative_days():
    history = read_export(FIXTURES / "tiktok_follower_history.csv", today=date(2026, 3, 3))
    assert history.rows == 4  # its difference column holds -2


def test_an_xlsx_count_of_ten_to_the_thirty_is_refused(tmp_path):
    book = Workbook()
    book.active.append(["Date", "Views"])
    book.active.append(["2026-11-01", 10**30])
    book.save(tmp_path / "totals.xlsx")
    with pytest.raises(ImportFileError) as caught:
        read_export(tmp_path / "totals.xlsx", today=TODAY)
    assert (caught.value.line, caught.value.column) == (2, "Views")
    assert "out of range" in caught.value.reason


# --- group 7: repeated audience buckets ----------------------------------------------------------

def test_other_and_others_are_merged_with_a_note(tmp_path):
    path = tmp_path / "territories.csv"
    path.write_text("Top territories,Distribution\nGB,0.5\nOther,0.2\nOthers,0.1\n")
    export = read_export(path, today=TODAY)
    assert {s.bucket: s.share for s in export.harvest.audience} == {"GB": 0.5, "other": 0.3}
    assert export.notes == ("buckets merged: 'Other' (line 3) and 'Others' (line 4)",)


@pytest.mark.parametrize("content", [
    '"Gender","Distribution"\n"Female","0.5"\n"Male","0.3"\n"Female","0.2"\n',
    "Top territories,Distribution\nGB,0.5\nUS,0.2\nGB,0.1\n",
])
def test_a_repeated_bucket_is_refused_at_its_line(tmp_path, content):
    error = refusal(tmp_path, content)
    assert (error.line, error.column) == (4, content.split(",")[0].strip('"'))
    assert error.reason.endswith("is already on line 2")


# --- group 8: files cut short --------------------------------------------------------------------

@pytest.mark.parametrize(("content", "line"), [
    ('"Gender","Distribution"\n"Female","0.59"\n"Male","0.41"\n"Other",', 4),  # cut mid-row
    ("Date,Views\n2026-11-01,310\n2026-11-02,28", 3),  # "284" lost its last digit
    ('sep=,\n"Date","Primary"\n"2026-11-01T00:00:00","212"\n"2026-11-02T00:00:00",18', 4),
])
def test_a_file_whose_last_row_was_cut_is_refused(tmp_path, content, line):
    error = refusal(tmp_path, content)
    assert (error.line, error.column) == (line, None)
    assert error.reason.startswith("ends in the middle of its last row")


def test_a_last_row_ending_on_its_closing_quote_is_complete(tmp_path):
    path = tmp_path / "gender.csv"  # TikTok ends its files so, without a line break
    path.write_text('"Gender","Distribution"\n"Female","0.59"\n"Male","0.41"')
    assert read_export(path, today=TODAY).rows == 2


# --- group 9: big and special files --------------------------------------------------------------

@pytest.fixture
def deadline():
    """Fail, not hang, when reading blocks (a pipe without writer)."""
    def expired(*_):
        raise TimeoutError("the import blocked")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path, deadline):
    pipe = tmp_path / "Overview.csv"
    os.mkfifo(pipe)
    with pytest.raises(ImportFileError, match="is not a regular file"):
        read_export(pipe, today=TODAY)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused(deadline):
    with pytest.raises(ImportFileError, match="is not a regular file"):
        read_export("/dev/zero", today=TODAY)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    error = refusal(tmp_path, "Date,Views\n" + "2026-11-01,1\n" * 100_000, max_bytes=1_048_576)
    assert error.reason == "is 1.2 MB, over the import limit of 1.0 MB (setting IMPORT_MAX_BYTES)"


def test_trailing_blank_lines_are_streamed_past(tmp_path):
    path = tmp_path / "totals.csv"
    path.write_text("Date,Views\n2026-11-01,310\n" + "\n" * 2_000_000)
    started = time.perf_counter()
    export = read_export(path, today=TODAY)
    assert export.rows == 1
    assert time.perf_counter() - started < 10  # was 150 s per 50 MB: quadratic, not streamed


def test_more_rows_than_any_export_has_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(table, "MAX_ROWS", 5)
    error = refusal(tmp_path, "Date,Views\n" + "".join(f"2026-10-{d:02},1\n" for d in range(1, 11)))
    assert (error.line, error.reason) == (8, "has more than 5 rows: export a shorter period")
    book = Workbook()
    for row in [("Date", "Views"), *((f"2026-10-{d:02}", 1) for d in range(1, 11))]:
        book.active.append(row)
    book.save(tmp_path / "totals.xlsx")
    with pytest.raises(ImportFileError, match="has more than 5 rows"):
        read_export(tmp_path / "totals.xlsx", today=TODAY)


def test_an_xlsx_that_unpacks_far_beyond_the_limit_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * 3_000_000)
    with pytest.raises(ImportFileError, match=r"unpacks to 2\.9 MB, over 20 times the import limit"):
        read_export(path, today=TODAY, max_bytes=100_000)


def test_xlsx_rows_shorter_than_the_header_are_padded(tmp_path):
    book = Workbook()
    book.active.append(["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"])
    book.active.append(["November 1", 10, 2])
    book.save(tmp_path / "overview.xlsx")
    export = read_export(tmp_path / "overview.xlsx", today=TODAY)
    assert {m.metric: m.value for m in export.harvest.metrics} == \
        {"daily_views": 10, "daily_profile_views": 2}


# --- group 13: YouTube content table with its columns in another order ---------------------------

def test_youtube_total_row_is_found_by_its_content_column_wherever_it_stands(tmp_path):
    path = tmp_path / "Table data.csv"
    path.write_text('Video title,Views,Content,Video publish time\n,186030,Total,\n'
                    'Miso salmon,184230,dQw4w9WgXcQ,"Nov 2, 2026"\n'
                    'Knife skills,1800,aBcDeFgHiJk,"Oct 28, 2026"\n')
    export = read_export(path, today=TODAY)
    assert {p.post_id: p.views for p in export.harvest.posts} == {"dQw4w9WgXcQ": 184230, "aBcDeFgHiJk": 1800}


def test_a_youtube_table_with_only_its_total_row_is_refused(tmp_path):
    error = refusal(tmp_path, "Content,Video publish time,Views\nTotal,,5\n")
    assert (error.line, error.reason) == (1, "has a Total row but no data rows")
