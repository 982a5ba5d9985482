"""Finding 9: the low ones, each as the request that showed it."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime

import pytest

from creatorkit.kit.summary import after_store
from creatorkit.models import Harvest, MetricSample
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import history
from tests.security.conftest import csrf_token, sign_in

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def test_saving_an_off_kit_answers_as_for_a_kit_that_does_not_exist(app, people, db):
    creator_store.update_creator(db, 2, visibility="off")
    client = app.test_client()
    sign_in(client, "buyer@acme.example")
    token = csrf_token(client, "/directory")
    off = client.post("/shortlists/save", data={"handle": "dana", "csrf_token": token})
    missing = client.post("/shortlists/save", data={"handle": "nobody", "csrf_token": token})
    assert off.status_code == missing.status_code == 404
    assert off.get_data() == missing.get_data()


def test_the_session_cookie_is_secure_when_the_base_url_is_https(app, people):
    client = app.test_client()
    sign_in(client, "buyer@acme.example")
    assert client.get_cookie("session").secure


@pytest.mark.parametrize("path", ["/dashboard/rates/99999999999999999999999/delete",
                                  "/shortlists/99999999999999999999999"])
def test_huge_integers_in_routes_are_404(app, people, path):
    client = app.test_client()
    sign_in(client, "camille@creator.example" if "dashboard" in path else "buyer@acme.example")
    response = client.post(path, data={"csrf_token": csrf_token(client, "/directory")}) \
        if "delete" in path else client.get(path)
    assert response.status_code == 404


def test_a_huge_shortlist_number_in_a_form_is_a_clear_refusal(app, people):
    client = app.test_client()
    sign_in(client, "buyer@acme.example")
    response = client.post("/shortlists/save", data={"handle": "camille", "shortlist": "9" * 30,
                                                     "csrf_token": csrf_token(client, "/directory")})
    assert response.status_code == 400 and "Choose one of your shortlists." in response.get_data(as_text=True)


@pytest.mark.parametrize("next_url", ["/directory\r\nSet-Cookie: x=1", "/dir\nectory", "/x\x00y"])
def test_control_characters_in_next_are_dropped(app, people, next_url):
    response = sign_in(app.test_client(), "buyer@acme.example", next=next_url)
    assert response.status_code == 302 and response.headers["Location"] == "/directory"


def test_math_text_in_a_name_draws_as_text(app, people, db):
    creator_store.update_creator(db, 1, display_name=r"$\foo$ Camille")
    for creator_id in (1, 2):
        account_id = account_store.add_account(db, creator_id, "tiktok", "import", f"@c{creator_id}")
        history.write_harvest(db, account_id, Harvest(source="import", metrics=(
            MetricSample("followers", date(2026, 11, 20), 1000 * creator_id),)), now=NOW)
        db.execute("UPDATE accounts SET last_success_at = ?", [NOW.isoformat()])
        after_store(db, creator_id, app.config, NOW)
    client = app.test_client()
    assert client.get("/@camille/og.png").status_code == 200
    assert client.get("/compare?h=camille,dana").status_code == 200


def test_a_huge_request_body_is_refused_before_it_is_read(app):
    response = app.test_client().post("/account/signin", data={"email": "x" * (17 * 1024 * 1024)})
    assert response.status_code == 413


@pytest.mark.parametrize("name", ["Camille\x00", "Cam\x1b[31mille", "Camille \u202egnp.exe"])
def test_profile_fields_refuse_control_and_bidi_characters(app, people, db, name):
    client = app.test_client()
    sign_in(client, "camille@creator.example")
    response = client.post("/dashboard/profile", data={"csrf_token": csrf_token(client, "/dashboard/"),
                                                       "display_name": name, "niche": "beauty"})
    assert response.status_code == 400 and "invisible control characters" in response.get_data(as_text=True)
    assert creator_store.get_creator(db, "camille")["display_name"] == "Camille"


def test_the_database_and_instance_folder_are_private(app, db, instance):
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    for suffix in ("", "-wal", "-shm"):
        path = instance / f"creatorkit.db{suffix}"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
