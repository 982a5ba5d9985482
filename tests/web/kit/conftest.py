"""Kit fixtures on the session demo database: the demo kits' written content, and a
way to change a kit's settings as its creator would."""

from __future__ import annotations

import pytest

from creatorkit.demo.content import seed_demo_content
from creatorkit.storage import creators as creator_store


@pytest.fixture
def seeded(app_db):
    """The demo database with the demo kits' rate cards, collaborations, testimonials..."""
    seed_demo_content(app_db)
    return app_db


@pytest.fixture
def set_kit(app_db):
    def change(handle: str, **fields) -> dict:
        creator = creator_store.get_creator(app_db, handle)
        creator_store.update_creator(app_db, creator["id"], **fields)
        return creator_store.get_creator(app_db, handle)

    return change
