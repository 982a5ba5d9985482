"""Findings 1 and 7: nobody signs in as someone else, and a session ends when it should.

The attacks: a session cookie forged with the old default key "dev"; a server
started with a guessable key; an old cookie replayed after sign-out; a cookie kept
past its idle and absolute time-outs.
"""

from __future__ import annotations

import stat

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from creatorkit.app import create_app
from creatorkit.cli import cli
from creatorkit.web.accounts import session as web_session
from tests.security.conftest import csrf_token, sign_in

T0 = 1_795_000_000  # a fixed "now" (2026-11-18) for the session clock


@pytest.fixture
def clock(monkeypatch):
    now = {"t": T0}
    monkeypatch.setattr(web_session, "clock", lambda: now["t"])
    return now


def forged_cookie(secret: str, data: dict) -> str:
    """A session cookie as an attacker who knows ``secret`` would sign it."""
    forger = Flask("forger")
    forger.secret_key = secret
    return SecureCookieSessionInterface().get_signing_serializer(forger).dumps(data)


@pytest.mark.usefixtures("clock")
def test_a_cookie_forged_with_dev_opens_no_dashboard(app, people):
    client = app.test_client()
    for payload in ({"user_id": people["dana"]},
                    {"_user_id": f"{people['dana']}:0", "_fresh": True, "signed_in_at": T0, "seen_at": T0}):
        client.set_cookie("session", forged_cookie("dev", payload), domain="localhost")
        response = client.get("/dashboard/")
        assert response.status_code == 302 and "/account/signin" in response.headers["Location"]


def test_the_generated_key_is_private_and_kept(app, instance):
    key_file = instance / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(app.config["SECRET_KEY"]) >= 32 and app.config["SECRET_KEY"] != "dev"
    assert create_app({"TESTING": True}).config["SECRET_KEY"] == app.config["SECRET_KEY"]


@pytest.mark.parametrize("command", [["serve"], ["worker"], ["demo", "--no-serve"]])
@pytest.mark.parametrize("key", ["dev", "short-but-not-dev"])
def test_long_running_commands_refuse_a_guessable_key(instance, monkeypatch, command, key):
    monkeypatch.setenv("CREATORKIT_SECRET_KEY", key)
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "CREATORKIT_SECRET_KEY" in lines[0] and "32+" in lines[0]


def test_an_old_cookie_is_dead_after_sign_out(app, people, clock):
    client = app.test_client()
    assert sign_in(client, "buyer@acme.example").status_code == 302
    stolen = client.get_cookie("session").value
    assert client.get("/shortlists").status_code == 200
    client.post("/account/signout", data={"csrf_token": csrf_token(client, "/directory")})
    replay = app.test_client()
    replay.set_cookie("session", stolen, domain="localhost")
    response = replay.get("/shortlists")
    assert response.status_code == 302 and "/account/signin" in response.headers["Location"]


def test_a_session_ends_after_its_idle_time_out(app, people, clock):
    client = app.test_client()
    sign_in(client, "buyer@acme.example")
    idle = app.config["SESSION_IDLE_S"]
    clock["t"] += idle - 60  # still in use: the idle clock starts again
    assert client.get("/shortlists").status_code == 200
    clock["t"] += idle - 60
    assert client.get("/shortlists").status_code == 200
    clock["t"] += idle + 1
    assert client.get("/shortlists").status_code == 302


def test_a_session_ends_at_its_absolute_time_out_however_busy(app, people, clock):
    client = app.test_client()
    sign_in(client, "buyer@acme.example")
    step = app.config["SESSION_IDLE_S"] // 2
    while clock["t"] + step <= T0 + app.config["SESSION_ABSOLUTE_S"]:
        clock["t"] += step
        assert client.get("/shortlists").status_code == 200
    clock["t"] = T0 + app.config["SESSION_ABSOLUTE_S"] + 1
    assert client.get("/shortlists").status_code == 302
