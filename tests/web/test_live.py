"""``/@handle/version``: the data_version an open page polls, never cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from creatorkit.storage import creators as creator_store
from tests.web.kit_hooks import wire

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "autorefresh.js"


@pytest.fixture
def app(app, tmp_path):
    return wire(app, tmp_path / "cache")


def test_version_is_the_kits_data_version_and_is_never_cached(client, app_db):
    creator = creator_store.get_creator(app_db, "demo")
    response = client.get("/@demo/version")
    assert response.status_code == 200
    assert response.get_json() == {"data_version": creator["data_version"]}
    assert response.headers["Cache-Control"] == "no-cache"
    assert "ETag" not in response.headers


def test_version_follows_a_refresh(client, app_db):
    creator = creator_store.get_creator(app_db, "demo")
    before = client.get("/@demo/version").get_json()["data_version"]
    creator_store.bump_data_version(app_db, creator["id"])
    assert client.get("/@demo/version").get_json() == {"data_version": before + 1}


def test_version_of_an_unknown_or_switched_off_kit_is_not_found(client, app_db):
    assert client.get("/@nobody-here/version").status_code == 404
    creator = creator_store.get_creator(app_db, "lofi-lou")
    creator_store.update_creator(app_db, creator["id"], visibility="off")
    assert client.get("/@lofi-lou/version").status_code == 404


def test_the_autorefresh_script_is_served_and_reads_the_body_attributes(client):
    response = client.get("/static/js/autorefresh.js")
    assert response.status_code == 200
    script = response.get_data(as_text=True)
    response.close()
    assert script == SCRIPT.read_text()
    assert "dataset.handle" in script and "dataset.version" in script
    assert '"/version"' in script and "location.reload()" in script
