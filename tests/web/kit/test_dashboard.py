"""The creator dashboard: signed-in creators edit their own kit through CSRF-protected
forms; wrong or hostile input is refused with a message and nothing is stored."""

from __future__ import annotations

import re

import pytest
from werkzeug.security import generate_password_hash

from creatorkit.storage import creators as creator_store
from creatorkit.storage import kit_content, users


@pytest.fixture
def wired(app):
    """The app with sessions, CSRF and the dashboard (all registered by create_app)."""
    return app


def sign_in(client, db, handle: str, role: str = "creator") -> None:
    creator = creator_store.get_creator(db, handle)
    linked = creator["id"] if role == "creator" else None
    email = f"{handle}-{role}@example.com"
    users.create_user(db, email, generate_password_hash("x" * 12), name=handle, role=role,
                      creator_id=linked)
    page = client.get("/account/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/account/signin", data={"email": email, "password": "x" * 12,
                                                    "csrf_token": token})
    assert response.status_code == 302


@pytest.fixture
def demo_client(wired, client, app_db):
    sign_in(client, app_db, "demo")
    return client


def csrf(client) -> str:
    html = client.get("/dashboard/?lang=en").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_only_a_signed_in_creator_gets_the_dashboard(wired, client, app_db):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/account/signin" in response.headers["Location"]
    sign_in(client, app_db, "demo", role="brand")
    assert client.get("/dashboard/").status_code == 403


def test_the_dashboard_speaks_the_creators_language(demo_client):
    assert ">Profil</h2>" in demo_client.get("/dashboard/").get_data(as_text=True)
    assert ">Profile</h2>" in demo_client.get("/dashboard/?lang=en").get_data(as_text=True)


def test_profile_edits_are_saved_and_bump_the_kit(demo_client, app_db):
    before = creator_store.get_creator(app_db, "demo")
    response = demo_client.post("/dashboard/profile", data={
        "csrf_token": csrf(demo_client), "display_name": "Camille L.", "tagline": "Tech & travel",
        "country": "fr", "languages": "fr, EN", "contact_email": "hello@camille.example"})
    assert response.status_code == 302
    after = creator_store.get_creator(app_db, "demo")
    assert (after["display_name"], after["country"], after["languages"], after["contact_email"]) == (
        "Camille L.", "FR", ["fr", "en"], "hello@camille.example")
    assert after["data_version"] > before["data_version"]


def test_a_form_without_its_csrf_token_is_refused(demo_client, app_db):
    response = demo_client.post("/dashboard/profile", data={"display_name": "Hacked"})
    assert response.status_code == 400
    assert creator_store.get_creator(app_db, "demo")["display_name"] == "Camille Laurent"


@pytest.mark.parametrize(("data", "message"), [
    ({"display_name": "", "country": "France"}, "Two letters, such as FR or US."),
    ({"display_name": "C", "avatar_url": "javascript:alert(1)"}, "Enter a full address starting with https://."),
    ({"display_name": "C", "contact_email": "not-an-address"}, "Enter a valid e-mail address."),
])
def test_wrong_profile_input_is_refused_with_a_message(demo_client, app_db, data, message):
    response = demo_client.post("/dashboard/profile?lang=en", data={"csrf_token": csrf(demo_client), **data})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert creator_store.get_creator(app_db, "demo")["display_name"] == "Camille Laurent"


def test_settings_hide_figures_and_change_look_language_and_visibility(demo_client, app_db):
    response = demo_client.post("/dashboard/settings", data={
        "csrf_token": csrf(demo_client), "theme": "dark", "locale": "en", "visibility": "unlisted",
        "hidden": ["followers", "rate_card"]})
    assert response.status_code == 302
    creator = creator_store.get_creator(app_db, "demo")
    assert (creator["theme"], creator["locale"], creator["visibility"], creator["hidden"]) == (
        "dark", "en", "unlisted", ["rate_card", "followers"])
    assert 'data-metric="followers"' not in demo_client.get("/@demo").get_data(as_text=True)


def test_an_unknown_setting_is_refused(demo_client, app_db):
    response = demo_client.post("/dashboard/settings?lang=en", data={
        "csrf_token": csrf(demo_client), "theme": "neon", "locale": "en", "visibility": "public",
        "hidden": ["salary"]})
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert creator_store.get_creator(app_db, "demo")["theme"] == "light"


def test_content_is_added_and_removed(demo_client, app_db):
    creator_id = creator_store.get_creator(app_db, "demo")["id"]
    before = {"collaborations": kit_content.items(app_db, "collaborations", creator_id),
              "rates": kit_content.items(app_db, "rates", creator_id)}
    token = csrf(demo_client)
    added = demo_client.post("/dashboard/collaborations/add", data={
        "csrf_token": token, "brand": "Acme", "day": "2025-05-01", "deliverables": "2 Reels",
        "results": "views: 120 000\nctr: 2.5%"})
    assert added.status_code == 302
    [item] = [i for i in kit_content.items(app_db, "collaborations", creator_id)
              if i not in before["collaborations"]]
    assert item["results"] == {"views": 120000.0, "ctr": 0.025}
    demo_client.post("/dashboard/rates/add", data={"csrf_token": token, "deliverable": "Reel",
                                                   "price": "1500.50", "currency": "eur"})
    [rate] = [i for i in kit_content.items(app_db, "rates", creator_id) if i not in before["rates"]]
    assert rate["price_cents"] == 150050
    removed = demo_client.post(f"/dashboard/collaborations/{item['id']}/delete", data={"csrf_token": token})
    assert removed.status_code == 302
    assert kit_content.items(app_db, "collaborations", creator_id) == before["collaborations"]


def test_wrong_content_is_refused_and_nothing_stored(demo_client, app_db):
    creator_id = creator_store.get_creator(app_db, "demo")["id"]
    before = kit_content.items(app_db, "collaborations", creator_id)
    response = demo_client.post("/dashboard/collaborations/add?lang=en", data={
        "csrf_token": csrf(demo_client), "brand": "Acme", "day": "2025-05-01", "deliverables": "Reel",
        "results": "hype: lots"})
    assert response.status_code == 400
    assert "one result per line" in response.get_data(as_text=True)
    assert kit_content.items(app_db, "collaborations", creator_id) == before


def test_a_creator_cannot_remove_another_creators_item(demo_client, app_db):
    other = creator_store.get_creator(app_db, "pixelpaul")
    item = kit_content.add_item(app_db, "testimonials", other["id"], quote="Great", author="Ann")
    token = csrf(demo_client)
    response = demo_client.post(f"/dashboard/testimonials/{item}/delete", data={"csrf_token": token})
    assert response.status_code == 400
    assert len(kit_content.items(app_db, "testimonials", other["id"])) == 1
