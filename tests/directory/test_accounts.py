"""Brand accounts and shortlists: sign-up/in/out, CSRF on every form, notes, CSV export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from creatorkit.storage import creators as creator_store
from creatorkit.storage import shortlists as shortlist_store
from creatorkit.storage import users
from tests.directory.conftest import card, csrf_token, platform
from tests.fakes.smtp import link_in, read_eml

PASSWORD = "correct horse battery"
CHEAP = "pbkdf2:sha256:1000"  # fixtures only: the app itself hashes with scrypt


@pytest.fixture
def listed(put):
    put(card("ana", platform("instagram", 20_000, er=0.05, growth=0.1), display_name="Ana Moreau",
             niche="beauty", country="FR"))
    put(card("ben", platform("youtube", 300_000, er=0.03, basis="views"), display_name="=HYPERLINK(1)"))


@pytest.fixture
def brand(db):
    return users.create_user(db, "buyer@brand.example", generate_password_hash(PASSWORD, method=CHEAP),
                             name="Acme")


def sign_in(client, email="buyer@brand.example", password=PASSWORD, next_url=""):
    token = csrf_token(client, "/account/signin")
    return client.post("/account/signin", data={"email": email, "password": password, "next": next_url,
                                                "csrf_token": token})


@pytest.fixture
def signed_in(client, brand):
    assert sign_in(client).status_code == 302
    return client


def save(client, handle, **extra):
    token = csrf_token(client, "/directory")
    return client.post("/shortlists/save", data={"handle": handle, "csrf_token": token, **extra})


def test_a_brand_signs_up_with_a_hashed_password_confirms_its_address_then_signs_in(app, client, db):
    token = csrf_token(client, "/account/signup")
    response = client.post("/account/signup", data={
        "name": "Acme", "email": "Buyer@Brand.example", "password": PASSWORD, "password_again": PASSWORD,
        "csrf_token": token, "next": "/directory?niche=beauty"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/signin?next=/directory?niche%3Dbeauty"
    stored = users.find_user(db, "buyer@brand.example")
    assert stored["password_hash"].startswith("scrypt:") and PASSWORD not in stored["password_hash"]
    assert sign_in(client, "buyer@brand.example").status_code == 400  # not confirmed yet
    mails = sorted(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    assert len(mails) == 2  # sign-up, then the refused sign-in sent the link again
    verify = link_in(read_eml(mails[0]), "/account/verify/")
    assert client.get(verify).headers["Location"] == "/account/signin"
    assert sign_in(client, "buyer@brand.example", next_url="/directory?niche=beauty").headers["Location"] \
        == "/directory?niche=beauty"
    assert "Acme" in client.get("/directory").get_data(as_text=True)


@pytest.mark.parametrize("fields, message", [
    ({"password": "short", "password_again": "short"}, "10 to 200 characters"),
    ({"password_again": "something else"}, "The two passwords differ"),
    ({"email": "not-an-email"}, "valid e-mail address"),
    ({"name": "  "}, "Enter a name"),
])
def test_sign_up_refusals_say_why(client, brand, fields, message):
    data = {"name": "Acme", "email": "new@brand.example", "password": PASSWORD, "password_again": PASSWORD,
            "csrf_token": csrf_token(client, "/account/signup"), **fields}
    response = client.post("/account/signup", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


@pytest.mark.parametrize("email, password", [("buyer@brand.example", "wrong password"),
                                             ("nobody@brand.example", PASSWORD)])
def test_a_wrong_e_mail_or_password_gets_one_message(client, brand, email, password):
    response = sign_in(client, email, password)
    assert response.status_code == 400 and "E-mail or password is wrong." in response.get_data(as_text=True)


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                      "javascript:alert(1)"])
def test_sign_in_only_returns_to_local_pages(client, brand, next_url):
    assert sign_in(client, next_url=next_url).headers["Location"] == "/directory"


def test_forms_without_a_csrf_token_are_refused(client, brand, listed):
    assert client.post("/account/signin", data={"email": "buyer@brand.example",
                                                "password": PASSWORD}).status_code == 400
    sign_in(client)
    assert client.post("/shortlists/save", data={"handle": "ana"}).status_code == 400
    assert client.post("/account/signout").status_code == 400
    assert client.post("/account/signout", data={"csrf_token": "forged"}).status_code == 400


def test_sign_out_ends_the_session(signed_in):
    response = signed_in.post("/account/signout", data={"csrf_token": csrf_token(signed_in, "/directory")})
    assert response.status_code == 302
    assert signed_in.get("/shortlists").status_code == 302


def test_shortlists_send_visitors_to_sign_in_and_back(client):
    response = client.get("/shortlists")
    assert response.status_code == 302 and response.headers["Location"].startswith("/account/signin?next=")


def test_creator_accounts_have_no_shortlists(client, db):
    users.create_user(db, "me@creator.example", generate_password_hash(PASSWORD, method=CHEAP), name="Me",
                      role="creator")
    sign_in(client, "me@creator.example")
    assert client.get("/shortlists").status_code == 403


@pytest.mark.usefixtures("listed")
def test_saving_from_the_directory_fills_a_first_shortlist_and_returns_to_the_search(signed_in):
    assert "Save<span" in signed_in.get("/directory").get_data(as_text=True)
    response = save(signed_in, "ana", next="/directory?niche=beauty")
    assert response.headers["Location"] == "/directory?niche=beauty"
    assert "Saved @ana to My shortlist." in signed_in.get("/directory").get_data(as_text=True)
    save(signed_in, "ana")
    assert "Already in My shortlist." in signed_in.get("/shortlists").get_data(as_text=True)
    page = signed_in.get("/shortlists").get_data(as_text=True)
    assert "My shortlist" in page and "1 creator" in page


@pytest.mark.usefixtures("listed")
def test_notes_removal_and_deletion(signed_in, db, brand):
    save(signed_in, "ana")
    save(signed_in, "ben")
    list_id = shortlist_store.shortlists_of(db, brand)[0]["id"]
    token = csrf_token(signed_in, f"/shortlists/{list_id}")
    signed_in.post(f"/shortlists/{list_id}/items/ana/note", data={"note": "  Great fit for Q3  ",
                                                                  "csrf_token": token})
    signed_in.post(f"/shortlists/{list_id}/items/ben/remove", data={"csrf_token": token})
    items = shortlist_store.items(db, list_id)
    assert [(i["handle"], i["note"]) for i in items] == [("ana", "Great fit for Q3")]
    signed_in.post(f"/shortlists/{list_id}/delete", data={"csrf_token": token})
    assert shortlist_store.shortlists_of(db, brand) == []


@pytest.mark.usefixtures("listed")
def test_csv_export_lists_each_creator_with_figures_and_note(signed_in, db, brand):
    list_id = shortlist_store.create_shortlist(db, brand, "Q3 launch")
    for handle in ("ana", "ben"):
        save(signed_in, handle, shortlist=str(list_id))
    ana = creator_store.find_creator(db, "ana")["id"]
    shortlist_store.set_note(db, list_id, ana, "=cmd|' /C calc'!A0")
    response = signed_in.get(f"/shortlists/{list_id}.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="shortlist-{list_id}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["handle"], r["kit_url"], r["total_followers"]) for r in rows] == [
        ("ana", "https://kits.example/@ana", "20000"), ("ben", "https://kits.example/@ben", "300000")]
    assert rows[0]["platforms"] == "Instagram 20000"
    assert rows[0]["engagement"] == "Instagram 0.0500 of followers"
    assert rows[0]["growth_30d"] == "Instagram +0.1000"
    assert rows[0]["note"] == "'=cmd|' /C calc'!A0"  # no formula reaches a spreadsheet
    assert rows[1]["display_name"] == "'=HYPERLINK(1)"


@pytest.mark.usefixtures("listed")
def test_a_creator_leaving_the_directory_keeps_its_place_but_loses_its_figures(signed_in, db, brand):
    save(signed_in, "ana")
    list_id = shortlist_store.shortlists_of(db, brand)[0]["id"]
    creator_store.update_creator(db, creator_store.find_creator(db, "ana")["id"], visibility="off")
    assert "no longer listed" in signed_in.get(f"/shortlists/{list_id}").get_data(as_text=True)
    exported = signed_in.get(f"/shortlists/{list_id}.csv").get_data(as_text=True)
    row = next(csv.DictReader(io.StringIO(exported)))
    assert (row["handle"], row["total_followers"], row["platforms"]) == ("ana", "", "")


@pytest.mark.usefixtures("listed")
def test_someone_elses_shortlist_is_not_found(signed_in, db):
    other = users.create_user(db, "rival@brand.example", "x", name="Rival")
    theirs = shortlist_store.create_shortlist(db, other, "Secret")
    assert signed_in.get(f"/shortlists/{theirs}").status_code == 404
    assert signed_in.get(f"/shortlists/{theirs}.csv").status_code == 404
    assert save(signed_in, "ana", shortlist=str(theirs)).status_code == 404
