"""A demo database built once per session on the tests' clock, copied per test."""

from __future__ import annotations

import shutil

import pytest

from creatorkit.app import create_app
from creatorkit.config import default_config
from creatorkit.demo.seed import seed_demo
from creatorkit.ingest.refresh import refresh_accounts
from creatorkit.storage import open_db
from creatorkit.storage.credentials import new_key
from tests.clock import NOW


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_db(path)
    settings = {**default_config(), "CLOCK": NOW}  # the demo world ends, and is refreshed, on NOW
    results = refresh_accounts(db, seed_demo(db), settings, trigger="demo")
    assert all(r.ok for r in results)
    db.conn.close()
    return path


@pytest.fixture
def app(demo_db_file, tmp_path):
    database = tmp_path / "creatorkit.db"
    shutil.copy(demo_db_file, database)
    return create_app({
        "TESTING": True, "DATABASE": str(database), "CREDENTIALS_KEY": new_key(),
        "CLOCK": NOW, "BASE_URL": "https://kits.example",
        "KIT_CACHE_DIR": str(tmp_path / "cache"),
    })


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_db(app):
    db = open_db(app.config["DATABASE"])
    yield db
    db.conn.close()
