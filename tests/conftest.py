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

#: ../shared/fixtures/real beside the checkout (a worktree may sit one level deeper)
SHARED_FIXTURES = next((folder / "shared" / "fixtures" / "real" for folder in Path(__file__).resolve().parents
                        if (folder / "shared" / "fixtures" / "real").is_dir()),
                       Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real")


@pytest.fixture
def real_fixtures() -> Path:
    """The recorded real payloads in ../shared/fixtures/real (skip when absent)."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip("../shared/fixtures/real is not present")
    return SHARED_FIXTURES


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
