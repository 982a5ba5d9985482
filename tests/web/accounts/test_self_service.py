"""Creators and brands on their own: sign up, confirm the address by the mailed link,
reset and change the password, change the address, download and delete their data.
Mail goes through a real SMTP server on loopback; time is a fixed clock."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from werkzeug.security import generate_password_hash

from creatorkit.storage import campaigns, users
from creatorkit.storage import creators as creator_store
from creatorkit.web.accounts import session as web_session
from tests.fakes.smtp import FakeSMTP, link_in

PASSWORD = "correct horse battery"
T0 = 1_795_000_000  # 2026-11-18, the session and link clock


@pytest.fixture
def smtp(app):
    with FakeSMTP() as fake:
        app.config.update(fake.settings())
        yield fake


@pytest.fixture
def clock(monkeypatch):
    now = {"t": T0}
    monkeypatch.setattr(web_session, "clock", lambda: now["t"])
    return now


def token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def signup(client, **fields):
    data = {"kind": "creator", "name": "Camille", "handle": "camille", "email": "camille@creator.example",
            "password": PASSWORD, "password_again": PASSWORD, **fields}
    return client.post("/account/signup", data={**data, "csrf_token": token(client, "/account/signup")})


def sign_in(client, email="camille@creator.example", password=PASSWORD):
    return client.post("/account/signin", data={"email": email, "password": password,
                                                "csrf_token": token(client, "/account/signin")})


def mails_to(smtp, address: str) -> list:
    return [message for message in smtp.messages if message["To"] == address]


@pytest.fixture
def camille(client, app_db, smtp, clock):
    """A creator who signed up and confirmed the address; signed in."""
    assert signup(client).status_code == 302
    client.get(link_in(smtp.messages[-1], "/account/verify/"))
    assert sign_in(client).status_code == 302
    return users.find_user(app_db, "camille@creator.example")


def test_a_creator_signs_up_gets_an_unlisted_kit_and_signs_in_once_the_address_is_confirmed(
        client, app_db, smtp, clock):
    response = signup(client)
    assert response.status_code == 302 and response.headers["Location"].startswith("/account/signin")
    creator = creator_store.get_creator(app_db, "camille")
    user = users.find_user(app_db, "camille@creator.example")
    assert (creator["visibility"], user["role"], user["creator_id"], user["email_verified_at"]) == (
        "unlisted", "creator", creator["id"], None)
    refused = sign_in(client)
    assert refused.status_code == 400
    assert "Confirm your e-mail address first" in refused.get_data(as_text=True)
    assert len(mails_to(smtp, "camille@creator.example")) == 2  # the refused sign-in sent the link again
    assert client.get("/dashboard/").status_code == 302
    confirmed = client.get(link_in(smtp.messages[0], "/account/verify/"))
    assert confirmed.headers["Location"] == "/account/signin"
    assert sign_in(client).headers["Location"] == "/directory"
    page = client.get("/dashboard/?lang=en").get_data(as_text=True)
    assert "First steps" in page and "Add a photo of yourself" in page
    assert "Ajoutez une photo de vous" in client.get("/dashboard/?lang=fr").get_data(as_text=True)


def test_a_verification_link_works_once_and_not_after_it_expires(client, app_db, smtp, clock):
    signup(client)
    signup(client, email="dana@creator.example", handle="dana", name="Dana")
    first, second = (link_in(message, "/account/verify/") for message in smtp.messages)
    assert client.get(first).status_code == 302
    used = client.get(first)
    assert used.status_code == 400 and "already been used" in used.get_data(as_text=True)
    clock["t"] += 48 * 3600 + 1
    expired = client.get(second)
    assert expired.status_code == 400 and "expired" in expired.get_data(as_text=True)
    assert users.find_user(app_db, "dana@creator.example")["email_verified_at"] is None
    tampered = client.get(first[:-3] + "xyz")
    assert tampered.status_code == 400 and "not valid" in tampered.get_data(as_text=True)


@pytest.mark.parametrize("fields, message", [
    ({"handle": "Not a handle!"}, "is not valid"),
    ({"handle": "demo"}, "This address is taken"),
    ({"password": "1234567890", "password_again": "1234567890"}, "less common password"),
    ({"email": "camille@"}, "valid e-mail address"),
])
def test_sign_up_refuses_bad_values_next_to_the_field_and_keeps_what_was_typed(client, app_db, smtp, fields,
                                                                              message):
    response = signup(client, **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'class="form-error" id="\w+-error" role="alert">[^<]*' + message, page)
    assert 'value="Camille"' in page  # the name typed stays
    assert users.find_user(app_db, "camille@creator.example") is None and smtp.messages == []


def test_sign_up_with_a_taken_address_answers_the_same_and_mails_its_owner(client, app_db, smtp, camille):
    other = client.application.test_client()
    response = signup(other, handle="someone-else", name="Mallory")
    assert response.status_code == 302
    assert creator_store.find_creator(app_db, "someone-else") is None
    assert "already has an account" in smtp.messages[-1].get_content()


def test_a_password_reset_link_is_single_use_and_ends_every_session(client, app, smtp, camille):
    other = app.test_client()
    assert sign_in(other).status_code == 302
    for address in ("camille@creator.example", "nobody@creator.example"):
        asked = client.post("/account/reset", data={"email": address,
                                                     "csrf_token": token(client, "/account/reset")})
        assert asked.headers["Location"] == "/account/signin"
    assert mails_to(smtp, "nobody@creator.example") == []
    link = link_in(smtp.messages[-1], "/account/reset/")
    new = "another horse battery staple"
    short = client.post(link, data={"password": "short", "password_again": "short",
                                    "csrf_token": token(client, link)})
    assert short.status_code == 400 and "10 to 200 characters" in short.get_data(as_text=True)
    done = client.post(link, data={"password": new, "password_again": new, "csrf_token": token(client, link)})
    assert done.headers["Location"] == "/account/signin"
    assert other.get("/dashboard/").status_code == 302  # signed out everywhere
    assert sign_in(app.test_client()).status_code == 400
    assert sign_in(app.test_client(), password=new).status_code == 302
    assert "already been used" in client.get(link).get_data(as_text=True)


def test_a_reset_link_expires_after_an_hour(client, smtp, camille, clock):
    client.post("/account/reset", data={"email": "camille@creator.example",
                                        "csrf_token": token(client, "/account/reset")})
    clock["t"] += 3601
    assert "expired" in client.get(link_in(smtp.messages[-1], "/account/reset/")).get_data(as_text=True)


def test_changing_the_password_needs_the_current_one_and_signs_out_the_other_sessions(app, client, camille):
    other = app.test_client()
    sign_in(other)
    new = "another horse battery staple"
    form = {"password": new, "password_again": new}
    wrong = client.post("/account/password", data={**form, "current": "wrong one",
                                                   "csrf_token": token(client, "/account/settings")})
    assert wrong.status_code == 400 and 'id="current-error"' in wrong.get_data(as_text=True)
    done = client.post("/account/password", data={**form, "current": PASSWORD,
                                                  "csrf_token": token(client, "/account/settings")})
    assert done.status_code == 302
    assert client.get("/dashboard/").status_code == 200 and other.get("/dashboard/").status_code == 302


def test_a_new_address_is_used_once_its_link_is_opened(client, app_db, smtp, camille):
    same = client.post("/account/email", data={"email": "camille@creator.example", "current": PASSWORD,
                                               "csrf_token": token(client, "/account/settings")})
    assert same.status_code == 400 and "already your address" in same.get_data(as_text=True)
    response = client.post("/account/email", data={"email": "Camille@New.example", "current": PASSWORD,
                                                   "csrf_token": token(client, "/account/settings")})
    assert response.status_code == 302
    assert users.get_user(app_db, camille["id"])["email"] == "camille@creator.example"
    assert "moving to camille@new.example" in mails_to(smtp, "camille@creator.example")[-1].get_content()
    link = link_in(mails_to(smtp, "camille@new.example")[-1], "/account/email/")
    assert client.get(link).status_code == 302
    assert users.get_user(app_db, camille["id"])["email"] == "camille@new.example"
    assert "already been used" in client.get(link).get_data(as_text=True)


def test_my_data_is_everything_about_me_and_nothing_about_others(client, app_db, camille):
    creator_store.update_creator(app_db, camille["creator_id"], tagline="=cmd|calc")
    response = client.get("/account/data.zip")
    assert response.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert [row["handle"] for row in data["creators"]] == ["camille"]
    assert [row["email"] for row in data["users"]] == ["camille@creator.example"]
    assert "password_hash" not in data["users"][0]
    assert "creators.csv" in archive.namelist() and "'=cmd|calc" in archive.read("creators.csv").decode()
    assert b"demo" not in archive.read("data.json").replace(b"demo_", b"")


def test_deleting_the_account_deletes_the_kit_and_needs_the_password_and_the_word(client, app_db, camille):
    for form in ({"confirm": "delete", "current": PASSWORD}, {"confirm": "DELETE", "current": "nope"}):
        refused = client.post("/account/delete",
                              data={**form, "csrf_token": token(client, "/account/settings")})
        assert refused.status_code == 400
    assert users.get_user(app_db, camille["id"]) is not None
    done = client.post("/account/delete", data={"confirm": "DELETE", "current": PASSWORD,
                                                "csrf_token": token(client, "/account/settings")})
    assert done.headers["Location"] == "/"
    assert users.get_user(app_db, camille["id"]) is None
    assert creator_store.find_creator(app_db, "camille") is None
    assert client.get("/@camille").status_code == 404 and client.get("/dashboard/").status_code == 302


def test_a_brand_with_campaigns_can_delete_its_account(client, app, app_db):
    hashed = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    brand = users.create_user(app_db, "buyer@acme.example", hashed, name="Acme")
    campaign = campaigns.create_campaign(app_db, brand, brand="Acme", name="Launch", starts_on="2026-11-01",
                                         ends_on="2026-11-30", destinations=["https://acme.example/"])
    sign_in(client, "buyer@acme.example")
    done = client.post("/account/delete", data={"confirm": "DELETE", "current": PASSWORD,
                                                "csrf_token": token(client, "/account/settings")})
    assert done.status_code == 302 and users.get_user(app_db, brand) is None
    assert app_db["campaigns"].count_where("id = ?", [campaign]) == 0
