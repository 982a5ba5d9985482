"""A campaign end to end in a real browser: the brand creates it and invites a creator,
the creator accepts, a visitor follows the tracked link, the shop posts a signed
order, and the report shows the click and the sale. CSRF stays on; the clock is
pinned (the postback's timestamp is checked against it)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from werkzeug.security import generate_password_hash

from creatorkit.app import create_app
from creatorkit.storage import creators, open_db, users
from creatorkit.storage.credentials import new_key
from creatorkit.web.campaigns.postback import sign
from tests.browser.live_server import LiveServer

pytestmark = pytest.mark.browser

NOW = datetime(2026, 5, 20, 12, tzinfo=UTC)
VISITOR = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0 Safari/537.36"


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "campaign.db"
    db = open_db(path)
    creator = creators.create_creator(db, "camille", display_name="Camille")
    users.create_user(db, "brand@kofu.example", generate_password_hash("brand-password"), name="Kofu")
    users.create_user(db, "camille@example.com", generate_password_hash("camille-password"), name="Camille",
                      role="creator", creator_id=creator)
    db.conn.commit()
    db.conn.close()
    app = create_app({"DATABASE": str(path), "CREDENTIALS_KEY": new_key(), "SECRET_KEY": "browser"})
    app.extensions["clock"] = lambda: NOW
    with LiveServer(app) as server:
        app.config["BASE_URL"] = server.url
        yield app, server.url


def sign_in(browser, url, email, password):
    page = browser.new_context(user_agent=VISITOR).new_page()
    page.goto(f"{url}/account/signin?next=/campaigns")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/campaigns")
    return page


def test_brand_creator_click_order_report(browser, served):
    app, url = served
    brand = sign_in(browser, url, "brand@kofu.example", "brand-password")
    brand.fill("#brand", "Kofu Tea")
    brand.fill("#name", "Spring teas")
    brand.fill("#starts_on", "2026-05-01")
    brand.fill("#ends_on", "2026-05-31")
    brand.fill("#destinations", url)
    brand.click("text=Create the campaign")
    brand.fill("#handle", "camille")
    brand.click("button:text-is(\"Invite\")")
    brand.wait_for_selector("text=@camille is invited.")
    campaign_url = brand.url

    creator = sign_in(browser, url, "camille@example.com", "camille-password")
    creator.click("a:has-text(\"Spring teas\")")
    creator.click("text=Accept the campaign")
    assert creator.locator("[data-status]").inner_text() == "accepted"

    brand.goto(campaign_url)
    brand.fill("#destination", f"{url}/healthz")
    brand.click("text=Create a link")
    link = brand.locator("a[data-link]").first.get_attribute("href")
    secret = brand.locator("[data-secret]").inner_text()

    visitor = browser.new_context(user_agent=VISITOR).new_page()
    visitor.goto(url + link)
    assert visitor.url.startswith(f"{url}/healthz?utm_source=creatorkit&utm_medium=influencer")

    body = json.dumps({"order_id": "1001", "amount": 59.9, "currency": "EUR", "link": link.rsplit("/", 1)[1]})
    stamp = str(int(NOW.timestamp()))
    answer = visitor.request.post(campaign_url + "/postback", data=body, headers={
        "Content-Type": "application/json", "X-Creatorkit-Timestamp": stamp,
        "X-Creatorkit-Signature": sign(secret, stamp, body.encode())})
    assert answer.status == 201
    app.extensions["click_log"].flush()

    brand.goto(campaign_url + "/report")
    assert brand.locator('[data-total="clicks"]').inner_text() == "1"
    assert brand.locator('[data-total="sales"]').inner_text() == "1"
    assert brand.locator('[data-total="revenue"]').inner_text() == "59.90 EUR"
