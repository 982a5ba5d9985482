"""Issue 13, "Done when": export files generated from their documented shapes
(reference §8, tests/fixtures/exports) and their mutations, through `creatorkit import`.

For each file: either exit 0 and exactly its figures stored (a cut-short file may store
fewer rows, never a wrong value), or exit 1 with one line naming the file (and line and
column when one is at fault), no traceback, and the database byte for byte as before.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creatorkit.cli import cli
from creatorkit.ingest import imports
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db

pytestmark = pytest.mark.property

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
ACCOUNTS = {"youtube": 1, "tiktok": 2, "instagram": 3}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
PROPERTY = settings(max_examples=3, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@dataclass(frozen=True)
class Export:
    """A generated file: its table, how it is written, and the rows it must store."""

    platform: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    expected: frozenset  # (table, key..., value) rows, see stored()
    quote_all: bool = False
    preamble: str = ""  # Meta's sep= and title lines
    encoding: str = "utf-8"
    final_newline: bool = True

    def data(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL if self.quote_all else csv.QUOTE_MINIMAL,
                            lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        text = self.preamble + buffer.getvalue()
        return (text if self.final_newline else text.rstrip("\n")).encode(self.encoding)


counts = st.integers(0, 10**9)
days_back = st.integers(0, 400)


def no_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}"


@st.composite
def tiktok_overview(draw) -> Export:
    end = TODAY - timedelta(days=draw(st.integers(0, 3)))
    figures = draw(st.lists(st.tuples(*[st.one_of(counts, st.just(None))] * 5), min_size=1, max_size=20))
    days = [end - timedelta(days=len(figures) - 1 - i) for i in range(len(figures))]
    metrics = ("daily_views", "daily_profile_views", "daily_likes", "daily_comments", "daily_shares")
    expected = frozenset(("metric", m, day.isoformat(), float(v))
                         for day, values in zip(days, figures, strict=True)
                         for m, v in zip(metrics, values, strict=True) if v is not None)
    rows = tuple((no_year(day), *("undefined" if v is None else f"{v}" for v in values))
                 for day, values in zip(days, figures, strict=True))
    return Export("tiktok", ("Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"), rows,
                  expected, quote_all=True, encoding="utf-8-sig", final_newline=draw(st.booleans()))


@st.composite
def tiktok_audience(draw) -> Export:
    if draw(st.booleans()):
        header, dimension = ("Gender", "Distribution"), "gender"
        buckets = [("Female", "female"), ("Male", "male"), ("Other", "other")]
    else:
        header, dimension = ("Top territories", "Distribution"), "country"
        countries = ("GB", "US", "FR", "DE", "ES", "IT", "BR", "IN", "JP", "MX")
        codes = draw(st.lists(st.sampled_from(countries), min_size=1,
                              max_size=6, unique=True))
        buckets = [(code, code) for code in codes] + [("Others", "other")]
    parts = draw(st.lists(st.integers(0, 1000), min_size=len(buckets), max_size=len(buckets)))
    total = sum(parts) or 1
    thousandths = [part * 1000 // total for part in parts]
    shares = [str(t / 1000) for t in thousandths]
    expected = frozenset(("audience", dimension, bucket, TODAY.isoformat(), float(share))
                         for (_, bucket), share in zip(buckets, shares, strict=True))
    rows = tuple((name, share) for (name, _), share in zip(buckets, shares, strict=True))
    return Export("tiktok", header, rows, expected, quote_all=True, encoding="utf-8-sig",
                  final_newline=draw(st.booleans()))


@st.composite
def youtube_totals(draw) -> Export:
    figures = draw(st.lists(st.tuples(counts, st.integers(0, 10**6)), min_size=1, max_size=20))
    end = TODAY - timedelta(days=draw(days_back))
    days = [end - timedelta(days=len(figures) - 1 - i) for i in range(len(figures))]
    rows = tuple((day.isoformat(), str(views), f"{tenths / 10}") for day, (views, tenths) in
                 zip(days, figures, strict=True))
    expected = frozenset(
        {("metric", "daily_views", day.isoformat(), float(views))
         for day, (views, _) in zip(days, figures, strict=True)}
        | {("metric", "daily_watch_time_h", day.isoformat(), tenths / 10) for day, (_, tenths) in
           zip(days, figures, strict=True)})
    total = ("Total", str(sum(v for v, _ in figures)), "0")
    return Export("youtube", ("Date", "Views", "Watch time (hours)"), (total, *rows), expected)


video_ids = st.from_regex(r"[A-Za-z0-9_-]{11}", fullmatch=True)
titles = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz ABC,\"'éüñ0123456789!?"), min_size=1,
                 max_size=30).map(str.strip).filter(bool)


@st.composite
def youtube_content(draw) -> Export:
    ids = draw(st.lists(video_ids, min_size=1, max_size=8, unique_by=str.casefold))
    videos = [(video, draw(titles), TODAY - timedelta(days=draw(st.integers(0, 3000))), draw(counts),
               draw(counts)) for video in ids]
    rows = tuple((video, title, f"{MONTHS[day.month - 1][:3]} {day.day}, {day.year}", str(views), str(likes))
                 for video, title, day, views, likes in videos)
    expected = frozenset(("post", video, title, f"{day.isoformat()}T00:00:00+00:00", views, likes)
                         for video, title, day, views, likes in videos)
    total = ("Total", "", "", str(sum(v[3] for v in videos)), str(sum(v[4] for v in videos)))
    return Export("youtube", ("Content", "Video title", "Video publish time", "Views", "Likes"),
                  (total, *rows), expected)


@st.composite
def meta_series(draw) -> Export:
    figures = draw(st.lists(counts, min_size=1, max_size=15))
    end = TODAY - timedelta(days=draw(days_back))
    days = [end - timedelta(days=len(figures) - 1 - i) for i in range(len(figures))]
    rows = tuple((f"{day.isoformat()}T00:00:00", str(v)) for day, v in zip(days, figures, strict=True))
    expected = frozenset(("metric", "daily_follows", day.isoformat(), float(v))
                         for day, v in zip(days, figures, strict=True))
    return Export("instagram", ("Date", "Primary"), rows, expected, quote_all=True,
                  preamble='sep=,\n"Instagram follows"\n', encoding="utf-16")


FORMATS = {"tiktok_overview": tiktok_overview(), "tiktok_audience": tiktok_audience(),
           "youtube_totals": youtube_totals(), "youtube_content": youtube_content(),
           "meta_series": meta_series()}
KINDS = ("none", "truncate", "reencode", "reorder", "blank_tail", "binary", "oversize")

HOSTILE = ("NaN", "-1", "1e30", "9" * 25, "9" * 5000, "<svg onload=alert(1)>", '=HYPERLINK("x")', "∞",
           "0x10", "1,2,3", "inf", "-0", "\u202e12", "None")


@dataclass(frozen=True)
class Mutant:
    export: Export
    data: bytes
    keeps_all: bool  # every expected row must be stored when accepted
    keeps_some: bool = True  # when accepted, stored rows are a subset of the expected ones
    settings_env: tuple[tuple[str, str], ...] = ()


@st.composite
def mutants(draw, kind: str, shape: st.SearchStrategy[Export]) -> Mutant:
    export = draw(shape)
    if kind == "none":
        return Mutant(export, export.data(), keeps_all=True)
    if kind == "truncate":  # mostly a few bytes before a line ends: a row cut mid-way
        data = export.data()
        ends = [i for i, byte in enumerate(data) if byte == 0x0A] or [len(data)]
        cut = draw(st.one_of(st.integers(0, len(data) - 1),
                             st.tuples(st.sampled_from(ends), st.integers(1, 4)).map(lambda e: e[0] - e[1])))
        return Mutant(export, data[: max(cut, 0)], keeps_all=False)
    if kind == "reencode":
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
        return Mutant(export, replace(export, encoding=encoding).data(), keeps_all=True)
    if kind == "reorder":
        order = draw(st.permutations(range(len(export.header))))
        moved = replace(export, header=tuple(export.header[i] for i in order),
                        rows=tuple(tuple(row[i] for i in order) for row in export.rows))
        return Mutant(export, moved.data(), keeps_all=True)
    if kind == "blank_tail":
        blank = draw(st.sampled_from(["\n", "\r\n", " \n", ",\n"])) * draw(st.integers(1, 200_000))
        tail = ("" if export.final_newline else "\n") + blank
        encoding = {"utf-16": "utf-16-le", "utf-8-sig": "utf-8"}.get(export.encoding, export.encoding)
        return Mutant(export, export.data() + tail.encode(encoding), keeps_all=True)
    if kind == "binary":
        data = export.data()
        junk = draw(st.binary(min_size=1, max_size=8).map(lambda b: bytes([0]) + b))
        at = draw(st.integers(0, len(data)))
        return Mutant(export, data[:at] + junk + data[at:], keeps_all=False, keeps_some=False)
    if kind == "hostile":  # one cell replaced
        row, column = draw(st.integers(0, len(export.rows) - 1)), draw(st.integers(0, len(export.header) - 1))
        cells = list(export.rows[row])
        cells[column] = draw(st.sampled_from(HOSTILE))
        rows = (*export.rows[:row], tuple(cells), *export.rows[row + 1:])
        return Mutant(export, replace(export, rows=rows).data(), keeps_all=False, keeps_some=False)
    data = export.data()
    return Mutant(export, data, keeps_all=False, keeps_some=False,
                  settings_env=(("CREATORKIT_IMPORT_MAX_BYTES", str(len(data) - 1)),))


# --- the database and the command ----------------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "creatorkit.db"
    db = open_db(path)
    creator_id = creator_store.create_creator(db, "alice", display_name="Alice")
    for platform, account_id in ACCOUNTS.items():
        added = account_store.add_account(db, creator_id, platform, "import", f"alice-{platform}")
        assert added == account_id
    db.conn.close()
    return path


@pytest.fixture
def importer(template, tmp_path_factory, monkeypatch):
    """Run `creatorkit import` on bytes, on a fresh copy of the template, at NOW (in memory-backed
    /dev/shm where there is one: a hundred SQLite commits on a slow disk take most of a minute)."""
    monkeypatch.setattr(imports, "import_file", partial(imports.import_file, now=lambda: NOW))
    runner = CliRunner()
    shm = Path("/dev/shm")  # noqa: S108 - mkdtemp below makes a private (0700) folder in it
    base = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else \
        tmp_path_factory.getbasetemp()

    def run(data: bytes, platform: str, env: tuple = ()) -> tuple[int, str, Path, str]:
        folder = Path(tempfile.mkdtemp(dir=base))
        database, export = folder / "creatorkit.db", folder / "export.csv"
        shutil.copy(template, database)
        export.write_bytes(data)
        before = dump(database)
        environment = {"CREATORKIT_INSTANCE_PATH": str(folder / "instance"),
                       "CREATORKIT_DATABASE": str(database), **dict(env)}
        result = runner.invoke(cli, ["import", str(export), "--account", str(ACCOUNTS[platform])],
                               env=environment)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"traceback: {result.exception!r}") from result.exception
        return result.exit_code, result.output, database, before

    yield run
    if base.parent == shm:
        shutil.rmtree(base)


def dump(database: Path) -> str:
    with sqlite3.connect(database) as conn:
        return "\n".join(conn.iterdump())


#: daily net changes: a day may lose more than it gains
NET = frozenset({"daily_likes", "daily_comments", "daily_shares", "daily_net_followers"})


def within_reason(rows: frozenset) -> bool:
    """What a hostile cell may leave stored: counts and shares in range, no day after today."""
    shares: dict[str, float] = {}
    for row in rows:
        low = -(10**13) if row[1] in NET else 0
        if row[0] == "metric" and not (low <= row[3] <= 10**13 and row[2] <= TODAY.isoformat()):
            return False
        if row[0] == "audience":
            shares[row[1]] = shares.get(row[1], 0) + row[4]
            if not 0 <= row[4] <= 1:
                return False
        if row[0] == "post" and (row[3][:10] > TODAY.isoformat() or
                                 not all(n is None or 0 <= n <= 10**13 for n in row[4:])):
            return False
    return all(total <= 1.02 for total in shares.values())


def stored(database: Path) -> frozenset:
    with sqlite3.connect(database) as conn:
        rows = {("metric", *row) for row in conn.execute("SELECT metric, day, value FROM account_metrics")}
        rows |= {("audience", *row)
                 for row in conn.execute("SELECT dimension, bucket, day, share FROM audience")}
        rows |= {("post", *row) for row in conn.execute("SELECT post_id, title, published_at, views, likes "
                                                        "FROM posts")}
    return frozenset(rows)


@pytest.mark.parametrize("shape", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_an_export_is_stored_exactly_or_refused_leaving_the_database_as_it_was(importer, kind, shape, data):
    check(importer, kind, data.draw(mutants(kind, FORMATS[shape])))


@pytest.mark.parametrize("shape", FORMATS)
@settings(PROPERTY, max_examples=8)
@given(data=st.data())
def test_a_hostile_cell_is_refused_or_stored_within_reason(importer, shape, data):
    check(importer, "hostile", data.draw(mutants("hostile", FORMATS[shape])))


def check(importer, kind: str, mutant: Mutant) -> None:
    status, output, database, before = importer(mutant.data, mutant.export.platform, mutant.settings_env)
    assert "Traceback" not in output
    assert kind != "none" or status == 0, output
    if status == 0:
        rows = stored(database)
        assert within_reason(rows), rows
        if mutant.keeps_all:
            assert rows == mutant.export.expected
        elif mutant.keeps_some:
            assert rows <= mutant.export.expected, "a mutant stored a value its file does not hold"
        return
    assert status == 1, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {database.parent / 'export.csv'}"), output
    assert dump(database) == before
    assert not (mutant.keeps_all and mutant.export.expected and b"\0" not in mutant.data), output


def test_the_command_itself_exits_1_with_one_line_and_no_traceback(template, tmp_path):
    """The property above runs in-process; once through a real process, on faketime's clock."""
    faketime = shutil.which("faketime")
    if faketime is None:
        pytest.skip("faketime is not installed (Debian: apt-get install faketime)")
    database = tmp_path / "creatorkit.db"
    shutil.copy(template, database)
    export = tmp_path / "FollowerGender.csv"
    export.write_text('"Gender","Distribution"\n"Female","0.59"\n"Male","0.41"\n"Other",')
    # a faketime of its own, not nested in the one a whole run may be under (.ci/run)
    outer = {"LD_PRELOAD", "DYLD_INSERT_LIBRARIES"}
    env = {**{k: v for k, v in os.environ.items() if k not in outer and not k.startswith("FAKETIME")},
           "CREATORKIT_INSTANCE_PATH": str(tmp_path / "instance"), "CREATORKIT_DATABASE": str(database)}
    before = dump(database)
    command = Path(sys.executable).with_name("creatorkit")
    done = subprocess.run([faketime, "-f", "@2026-11-20 12:00:00", str(command), "import", str(export),
                           "--account", "2"], capture_output=True, text=True, env=env, timeout=60,
                          check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"Error: {export}, line 4: ends in the middle of its last row, without a "
                                   "line break (cut short? export it again)")
    assert "Traceback" not in done.stdout + done.stderr and dump(database) == before
