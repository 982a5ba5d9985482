"""Finding 3: what a creator hides leaves the directory at once, not at the next refresh.

The attack: a brand reads a hidden follower count, bio or audience from
``/api/v1/creators``, ``/directory`` search and filters, after the creator hid them
in the dashboard or with ``creatorkit kit`` (an import-only account is never
refreshed, so "the next refresh" never comes).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from creatorkit.cli import cli
from creatorkit.kit.summary import after_store
from creatorkit.models import AudienceSlice, Harvest, MetricSample
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import history
from tests.security.conftest import csrf_token, sign_in

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
FOLLOWERS = 123_457


@pytest.fixture
def listed(app, db, people):
    """camille: public, an import-only TikTok account, a bio, a French audience; summarised."""
    creator_store.update_creator(db, 1, bio="Known for the zanzibar-lemon tart.", country="FR")
    account_id = account_store.add_account(db, 1, "tiktok", "import", "@camille")
    history.write_harvest(db, account_id, Harvest(
        source="import", metrics=(MetricSample("followers", date(2026, 11, 20), FOLLOWERS),),
        audience=(AudienceSlice("country", "FR", 0.7, day=date(2026, 11, 20)),
                  AudienceSlice("country", "BE", 0.3, day=date(2026, 11, 20)))), now=NOW)
    db.execute("UPDATE accounts SET last_success_at = ?", [NOW.isoformat()])
    after_store(db, 1, app.config, NOW)
    api, search, audience = brand_view(app)
    assert str(FOLLOWERS) in api and "@camille" in search and "camille" in audience  # before: all there
    return account_id


def brand_view(app) -> tuple[str, str, str]:
    client = app.test_client()
    return (client.get("/api/v1/creators").get_data(as_text=True),
            client.get("/directory?q=zanzibar").get_data(as_text=True),
            client.get("/api/v1/creators?audience_country=FR&audience_country_min=50").get_data(as_text=True))


@pytest.mark.usefixtures("listed")
def test_hiding_in_the_dashboard_empties_the_directory_at_once(app, people):
    client = app.test_client()
    sign_in(client, "camille@creator.example")
    response = client.post("/dashboard/settings", data={
        "csrf_token": csrf_token(client, "/dashboard/"), "theme": "light", "locale": "en",
        "visibility": "public", "hidden": ["followers", "bio", "audience"]})
    assert response.status_code == 302
    api, search, audience = brand_view(app)
    assert str(FOLLOWERS) not in api and "camille" in api
    assert "@camille" not in search
    assert "camille" not in audience


@pytest.mark.usefixtures("listed")
def test_hiding_with_the_cli_empties_the_directory_at_once(app):
    result = CliRunner().invoke(cli, ["kit", "camille", "--hide", "followers", "--hide", "tiktok"])
    assert result.exit_code == 0, result.output
    api, _search, _audience = brand_view(app)
    assert str(FOLLOWERS) not in api


@pytest.mark.usefixtures("listed")
def test_switching_a_kit_off_in_the_dashboard_unlists_it(app, people):
    client = app.test_client()
    sign_in(client, "camille@creator.example")
    client.post("/dashboard/settings", data={"csrf_token": csrf_token(client, "/dashboard/"),
                                             "theme": "light", "locale": "en", "visibility": "off"})
    api, search, _audience = brand_view(app)
    assert "camille" not in api and "@camille" not in search
