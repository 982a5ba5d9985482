"""Operators bring an account back: ``reconnect`` resets it and refreshes at once;
``disable`` pauses it, ``enable`` makes it due again with its failures forgotten."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from creatorkit.cli import cli
from creatorkit.storage import open_db
from tests.fakes.tiktok import FakeTikTok


@pytest.fixture
def tiktok(tmp_path, monkeypatch):
    with FakeTikTok() as fake:
        monkeypatch.setenv("CREATORKIT_INSTANCE_PATH", str(tmp_path / "instance"))
        for key, value in fake.settings().items():
            if key == "CLOCK":  # a command takes its clock from the environment as an ISO moment
                value = value().isoformat()
            monkeypatch.setenv(f"CREATORKIT_{key}", value)
        yield fake


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def account(tmp_path) -> dict:
    db = open_db(tmp_path / "instance" / "creatorkit.db")
    try:
        return db["accounts"].get(1)
    finally:
        db.conn.close()


def test_reconnect_resets_an_expired_account_and_fetches_it_now(tiktok, tmp_path):
    token = tmp_path / "token.json"
    token.write_text(json.dumps(tiktok.issue()))
    run("add-creator", "camille")
    assert run("add-account", "camille", "tiktok", "acmecooking", "--token-file", str(token)).exit_code == 0
    tiktok.expire_access_tokens()
    tiktok.refresh_tokens.clear()  # revoked: nothing the connector can do
    run("refresh", "camille")
    assert (account(tmp_path)["status"], account(tmp_path)["failures"]) == ("auth_expired", 1)
    token.write_text(json.dumps(tiktok.issue()))
    result = run("reconnect", "1", "--token-file", str(token))
    assert result.exit_code == 0 and "Reconnected account 1 (camille/tiktok)" in result.output
    row = account(tmp_path)
    assert (row["status"], row["failures"], row["last_error"]) == ("ok", 0, None)
    assert row["last_success_at"] is not None


def test_disable_pauses_and_enable_resumes(tiktok, tmp_path):
    run("add-creator", "camille")
    token = tmp_path / "token.json"
    token.write_text(json.dumps(tiktok.issue()))
    run("add-account", "camille", "tiktok", "acmecooking", "--token-file", str(token))
    assert "is disabled: not refreshed until enabled" in run("disable", "1").output
    assert account(tmp_path)["status"] == "disabled"
    assert "is ok, due now" in run("enable", "1").output
    assert (account(tmp_path)["status"], account(tmp_path)["failures"]) == ("ok", 0)


def test_an_unknown_account_is_one_line(tiktok):
    result = CliRunner().invoke(cli, ["disable", "99"])
    assert result.exit_code == 1 and "99" in result.output and "Traceback" not in result.output
