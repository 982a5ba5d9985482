"""A campaign of brand "Kofu Tea" with creator @camille invited and accepted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from creatorkit.storage import campaigns as store
from creatorkit.storage import users

NOW = datetime(2026, 5, 10, 12, tzinfo=UTC)


@pytest.fixture
def brand_id(db):
    return users.create_user(db, "brand@kofu.example", "hash", name="Kofu Tea", role="brand")


@pytest.fixture
def camille(make_creator):
    return make_creator("camille")


@pytest.fixture
def campaign_id(db, brand_id, camille):
    campaign = store.create_campaign(db, brand_id, brand="Kofu Tea", name="Spring teas",
                                     starts_on="2026-05-01", ends_on="2026-05-31",
                                     destinations=["https://shop.kofu.example/teas"], now=NOW)
    store.invite_creator(db, campaign, camille["id"])
    store.set_status(db, campaign, camille["id"], "accepted")
    return campaign
