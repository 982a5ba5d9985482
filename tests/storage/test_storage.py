"""Storage: connection settings, migrations, history keeping, credentials at rest."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from creatorkit.errors import ConfigError, InputError, UnknownCreator
from creatorkit.models import AudienceSlice, Harvest, MetricSample, Post
from creatorkit.storage import creators as creator_store
from creatorkit.storage import history, open_db
from creatorkit.storage.credentials import CredentialBox, new_key
from creatorkit.storage.migrations import migrations

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_open_db_sets_wal_foreign_keys_and_busy_timeout(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000


def test_migrations_create_the_design_tables_once(db_path):
    db = open_db(db_path)
    assert {"creators", "accounts", "account_metrics", "posts", "audience", "refresh_runs"} <= set(
        db.table_names())
    applied = [m.name for m in migrations.applied(db)]
    db.conn.close()
    again = open_db(db_path)
    assert [m.name for m in migrations.applied(again)] == applied
    assert migrations.pending(again) == []


@pytest.mark.parametrize("handle, expected", [
    ("Alice", "alice"), ("@bob-2", "bob-2"), ("  carla ", "carla"),
])
def test_handles_are_normalised(db, handle, expected):
    creator_store.create_creator(db, handle)
    assert creator_store.get_creator(db, expected)["handle"] == expected


@pytest.mark.parametrize("handle", ["", "-x", "x-", "a b", "é", "x" * 41, "<script>"])
def test_invalid_handles_are_refused_with_a_clear_message(db, handle):
    with pytest.raises(InputError, match="not valid"):
        creator_store.create_creator(db, handle)


def test_unknown_handle_raises_unknown_creator(db):
    with pytest.raises(UnknownCreator):
        creator_store.get_creator(db, "nobody")


def test_profile_change_bumps_data_version(db, make_creator):
    creator = make_creator("alice")
    creator_store.update_creator(db, creator["id"], tagline="Hello", languages=["fr", "en"])
    changed = creator_store.get_creator(db, "alice")
    assert changed["data_version"] == creator["data_version"] + 1
    assert changed["languages"] == ["fr", "en"]


def harvest(followers: float, day: date, likes: int = 10) -> Harvest:
    return Harvest(
        source="api",
        metrics=(MetricSample("followers", day, followers),),
        posts=(Post("p1", "reel", datetime(2026, 11, 1, tzinfo=UTC), likes=likes),),
        audience=(AudienceSlice("country", "FR", 0.6), AudienceSlice("country", "US", 0.4)),
    )


def test_history_is_kept_and_only_the_same_day_is_replaced(db, make_account):
    account_id = make_account()
    history.write_harvest(db, account_id, harvest(100, date(2026, 11, 20)), now=NOW)
    history.write_harvest(db, account_id, harvest(110, date(2026, 11, 21)), now=NOW)
    history.write_harvest(db, account_id, harvest(111, date(2026, 11, 21), likes=12), now=NOW)
    assert history.metric_series(db, account_id, "followers") == [
        (date(2026, 11, 20), 100), (date(2026, 11, 21), 111)]
    [post] = history.recent_posts(db, account_id)
    assert post.likes == 12 and post.published_at == datetime(2026, 11, 1, tzinfo=UTC)
    assert [(s.bucket, s.share) for s in history.latest_audience(db, account_id)] == [
        ("FR", 0.6), ("US", 0.4)]


def test_credentials_are_sealed_and_reopened():
    box = CredentialBox(new_key())
    sealed = box.seal({"access_token": "secret-token-123"})
    assert "secret-token-123" not in sealed
    assert box.open(sealed) == {"access_token": "secret-token-123"}
    assert "key" not in repr(box).replace("<key hidden>", "")


def test_credentials_sealed_with_another_key_give_a_clear_error():
    sealed = CredentialBox(new_key()).seal({"access_token": "x"})
    with pytest.raises(ConfigError, match="cannot be decrypted"):
        CredentialBox(new_key()).open(sealed)


def test_a_bad_credentials_key_is_a_config_error():
    with pytest.raises(ConfigError, match="Fernet"):
        CredentialBox("not-a-key")
