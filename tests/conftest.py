"""Shared fixtures and small factories (``make_creator(**overrides)``).

Accounts made by ``make_account`` are due at ``tests.clock.NOW``, the moment the test
apps' clock (``CLOCK``) stands at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db
from tests.clock import NOW
from tests.recordings import REAL_DIR, real_present


def pytest_report_header(config) -> str:
    if real_present():
        return f"real recordings: {REAL_DIR} (checked beside the own fixtures)"
    return (f"real recordings: absent at {REAL_DIR}; parsers checked on tests/fixtures only "
            "(set CREATORKIT_REAL_FIXTURES to add them)")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "creatorkit.db"


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.conn.close()


@pytest.fixture
def make_creator(db):
    def make(handle: str = "alice", **fields) -> dict:
        fields.setdefault("display_name", handle.title())
        creator_store.create_creator(db, handle, **fields)
        return creator_store.get_creator(db, handle)

    return make


@pytest.fixture
def make_account(db, make_creator):
    def make(handle: str = "alice", platform: str = "instagram", connector: str = "demo",
             ref: str | None = None, **kwargs) -> int:
        creator = creator_store.find_creator(db, handle) or make_creator(handle)
        kwargs.setdefault("next_refresh_at", NOW)
        return account_store.add_account(
            db, creator["id"], platform, connector, ref or f"{handle}-{platform}", **kwargs
        )

    return make
