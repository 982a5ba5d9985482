"""The app's one clock (``CLOCK``): real UTC time when unset, pinned by a moment or a
callable, and read by the kit, the refresh and the CLI alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from creatorkit import clock
from creatorkit.app import create_app
from creatorkit.config import default_config
from creatorkit.ingest.refresh import refresh_account
from creatorkit.storage import history
from tests.clock import NOW, Clock


def test_unset_it_is_the_real_utc_time():
    assert clock.clock_of({}) is clock.utcnow
    assert clock.clock_of({"CLOCK": None}) is clock.utcnow
    assert clock.clock_of({"CLOCK": ""}) is clock.utcnow


@pytest.mark.parametrize("value", [
    NOW, "2026-11-23T12:00:00+00:00", "2026-11-23T12:00:00Z", "2026-11-23T13:00:00+01:00",
    "2026-11-23T12:00:00",  # naive: read as UTC
    datetime(2026, 11, 23, 7, 0, tzinfo=timezone(timedelta(hours=-5))),
])
def test_a_moment_pins_it_there_in_utc(value):
    pinned = clock.clock_of({"CLOCK": value})
    assert pinned() == NOW and pinned().tzinfo == UTC
    assert pinned() == pinned()  # it stands still


def test_a_callable_is_the_clock_itself():
    moving = Clock()
    assert clock.clock_of({"CLOCK": moving}) is moving
    moving.advance(hours=13)
    assert clock.now({"CLOCK": moving}) == datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


def test_anything_else_is_refused():
    with pytest.raises(TypeError, match="CLOCK must be"):
        clock.clock_of({"CLOCK": 1_795_435_200})


def test_the_environment_pins_the_apps_clock(tmp_path, monkeypatch):
    monkeypatch.setenv("CREATORKIT_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CREATORKIT_CLOCK", "2026-11-23T12:00:00+00:00")
    assert clock.now(create_app({"TESTING": True}).config) == NOW


def test_a_kit_without_a_refresh_is_as_of_the_apps_today(db, db_path, make_creator, monkeypatch, tmp_path):
    monkeypatch.setenv("CREATORKIT_INSTANCE_PATH", str(tmp_path))
    make_creator("alice")
    app = create_app({"TESTING": True, "DATABASE": str(db_path), "CLOCK": "2026-11-23T23:59:00+00:00"})
    assert app.test_client().get("/@alice.json").get_json()["as_of"] == "2026-11-23"


def test_a_refresh_is_stamped_on_the_settings_clock_and_the_kit_is_as_of_its_data(
        db, db_path, make_account, monkeypatch, tmp_path):
    monkeypatch.setenv("CREATORKIT_INSTANCE_PATH", str(tmp_path))
    account = make_account("alice", "twitch", connector="demo")
    settings = {**default_config(), "CLOCK": NOW, "DEFAULT_REFRESH_INTERVAL_S": 3600}
    assert refresh_account(db, account, settings).ok
    row = db["accounts"].get(account)
    assert (row["last_success_at"], row["next_refresh_at"]) == (
        "2026-11-23T12:00:00+00:00", "2026-11-23T13:00:00+00:00")
    three_days_on = create_app({"TESTING": True, "DATABASE": str(db_path), "CLOCK": NOW + timedelta(days=3)})
    kit = three_days_on.test_client().get("/@alice.json").get_json()
    assert kit["as_of"] == "2026-11-23"  # the day of its data, not the clock's
    [twitch] = kit["platforms"]
    assert twitch["last_refreshed_at"] == "2026-11-23T12:00:00+00:00"
    assert max(day for day, _ in history.metric_series(db, account, "followers")).isoformat() == "2026-11-23"
