"""A database file that cannot be used gives one line (what, which file, what to do)
and exit status 1, never a traceback, and the file is left as it was. Each case is
real: random bytes, damaged pages, a directory, a read-only bind mount and a full
tmpfs (both in a private mount namespace: ``unshare --mount``, as root). Commands run
in this process (``CliRunner``, exceptions kept apart), in a namespaced subprocess for
the mounts, and once as the real ``creatorkit`` program."""

from __future__ import annotations

import json
import random
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from creatorkit.cli import cli
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db

COMMANDS = (("status",), ("init-db",), ("add-creator", "bob"))
READ_ONLY = "it is read-only (the file, its folder or the file system)"
FULL = "the disk is full (nothing more was stored)"
NOT_A_DATABASE = "it is not a SQLite database (a damaged or foreign file)"
#: runs commands in one process of a mount namespace ("fill"/"free": the disk)
DRIVER = """
import gc, json, os, sys
from click.testing import CliRunner
from creatorkit.cli import cli
filler = os.path.join(os.path.dirname(os.environ["CREATORKIT_DATABASE"]), "filler")
out = []
for args in json.loads(sys.argv[1]):
    if args == ["fill"]:  # the last connection closed first: the WAL file goes with it
        gc.collect()
        os.system(f"dd if=/dev/zero of={filler} bs=4k 2>/dev/null")
    elif args == ["free"]:
        os.remove(filler)
    else:
        r = CliRunner().invoke(cli, args)
        out.append([r.exit_code, r.stdout, r.stderr, None if isinstance(r.exception, (SystemExit, type(None)))
                    else repr(r.exception)])
print(json.dumps(out))
"""


UNSHARE = shutil.which("unshare")


def can_mount() -> bool:
    return UNSHARE is not None and subprocess.run([UNSHARE, "--mount", "true"],
                                                  capture_output=True).returncode == 0


needs_mounts = pytest.mark.skipif(not can_mount(), reason="needs `unshare --mount` (root)")


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("CREATORKIT_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("CREATORKIT_CREDENTIALS_KEY", "x" * 43 + "=")

    def with_database(path: Path) -> dict:
        monkeypatch.setenv("CREATORKIT_DATABASE", str(path))
        return path

    return with_database


def invoke(*args: str):
    """The command in this process, its exception (a traceback's) kept apart."""
    r = CliRunner().invoke(cli, list(args))
    return Result(r.exit_code, r.stdout, r.stderr,
                  None if isinstance(r.exception, SystemExit | None) else repr(r.exception))


def in_namespace(mounts: str, *commands: tuple[str, ...]) -> list[Result]:
    done = subprocess.run([UNSHARE, "--mount", "sh", "-c", f'{mounts} && exec "$@"', "sh",
                           sys.executable, "-c", DRIVER, json.dumps(commands)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [Result(*row) for row in json.loads(done.stdout)]


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    exception: str | None


def assert_one_line(result: Result, path: Path, problem: str) -> None:
    """Exit 1 and one line: the file, what happened, then what to do."""
    assert result.exception is None and "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == 1, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: Database {path}: {problem}; "), line


def test_random_bytes_are_not_a_database_and_stay_as_they_were(env, tmp_path):
    path = env(tmp_path / "creatorkit.db")
    path.write_bytes(random.Random(13).randbytes(16384))
    for command in COMMANDS:
        assert_one_line(invoke(*command), path, NOT_A_DATABASE)
    real = subprocess.run([sys.executable, "-c", "from creatorkit.cli import main; main()", "status"],
                          capture_output=True, text=True, timeout=60)
    assert_one_line(Result(real.returncode, real.stdout, real.stderr, None), path, NOT_A_DATABASE)
    assert path.read_bytes() == random.Random(13).randbytes(16384)


def test_help_and_the_command_list_need_no_database(env, tmp_path):
    env(tmp_path / "creatorkit.db").write_bytes(b"\0garbage" * 512)
    for args in (("--help",), ("status", "--help"), ("refresh", "--help")):
        result = invoke(*args)
        assert (result.exit_code, result.stderr, result.exception) == (0, "", None), args
        assert "Usage: " in result.stdout


def test_damaged_pages_are_said_when_a_command_reaches_them(env, tmp_path):
    path = env(tmp_path / "creatorkit.db")
    db = open_db(path)
    with db.atomic():
        for n in range(1500):
            creator_store.create_creator(db, f"c{n:04d}", f"Creator {n}", bio="b" * 300)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    data = bytearray(path.read_bytes())
    data[-40 * 4096:] = random.Random(7).randbytes(40 * 4096)  # the last creators' pages
    path.write_bytes(bytes(data))
    for command in (("kit", "c1499"), ("rebuild-directory",), ("add-creator", "zed")):
        assert_one_line(invoke(*command), path, "it is damaged (malformed)")


def test_a_directory_is_not_a_database_file(env, tmp_path):
    path = env(tmp_path / "creatorkit.db")
    path.mkdir()
    for command in COMMANDS:
        assert_one_line(invoke(*command), path, "it is a directory, not a file")
    assert list(path.iterdir()) == []


@needs_mounts
def test_a_read_only_file_system(env, tmp_path):
    source, mounted = tmp_path / "data", tmp_path / "ro"
    source.mkdir(), mounted.mkdir()
    db = open_db(source / "creatorkit.db")
    creator_store.create_creator(db, "alice", "Alice")
    db.conn.close()
    before = (source / "creatorkit.db").read_bytes()
    path = env(mounted / "creatorkit.db")
    bind = f"mount --bind -o ro {shlex.quote(str(source))} {shlex.quote(str(mounted))}"
    for result in in_namespace(bind, *COMMANDS, ("kit", "alice")):
        assert_one_line(result, path, READ_ONLY)
    assert (source / "creatorkit.db").read_bytes() == before


@needs_mounts
def test_a_full_disk_keeps_what_was_stored(env, tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    path = env(small / "creatorkit.db")
    tmpfs = f"mount -t tmpfs -o size=2m tmpfs {shlex.quote(str(small))}"
    created, add, kit, kept, bob = in_namespace(
        tmpfs, ("add-creator", "alice"), ("fill",), ("add-creator", "bob"), ("kit", "alice"),
        ("free",), ("kit", "alice"), ("kit", "bob"))
    assert created.exit_code == 0, created.stderr
    assert_one_line(add, path, FULL)
    assert_one_line(kit, path, FULL)
    assert kept.exit_code == 0 and "alice" in kept.stdout
    assert bob.stderr.strip() == "Error: No creator with handle 'bob'."
