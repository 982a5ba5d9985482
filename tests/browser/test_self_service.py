"""A creator alone, in a real browser (issue 16, Done when): sign up, open the
confirmation mail from the SMTP server on loopback, confirm, connect YouTube through
the fake Google server, see the channel's figures on the kit, upload a portrait,
share the link; then the token expires: banner and mail, reconnect, fresh figures."""

from __future__ import annotations

import pytest
from PIL import Image

from creatorkit import clock
from creatorkit.app import create_app
from creatorkit.ingest.notices import send_notices
from creatorkit.ingest.refresh import refresh_accounts
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db
from creatorkit.storage.credentials import new_key
from tests.browser.live_server import LiveServer
from tests.fakes.oauth import FakeGoogle
from tests.fakes.smtp import FakeSMTP, link_in

pytestmark = pytest.mark.browser
PASSWORD = "my kit, my figures 2026"
EMAIL = "camille@creator.example"


@pytest.fixture
def served(tmp_path, monkeypatch):
    monkeypatch.setenv("CREATORKIT_INSTANCE_PATH", str(tmp_path / "instance"))
    with FakeSMTP() as smtp, FakeGoogle() as google:
        app = create_app({"DATABASE": str(tmp_path / "kits.db"), "CREDENTIALS_KEY": new_key(),
                          "SECRET_KEY": "browser-walk-" + "k" * 32, **smtp.settings(), **google.settings()})
        with LiveServer(app) as server:
            app.config["BASE_URL"] = server.url
            yield app, server.url, smtp, google


def portrait(tmp_path) -> str:
    path = tmp_path / "me.png"
    Image.new("RGB", (640, 640), "teal").save(path)
    return str(path)


def sign_up_and_connect(browser, url, smtp):
    """From the home page to a confirmed, signed-in creator with YouTube connected."""
    page = browser.new_context().new_page()
    page.goto(url + "/")
    page.click("text=Create my media kit")
    page.check("input[name=kind][value=creator]")
    page.fill("#name", "Camille Laurent")
    page.fill("#handle", "camille")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.fill("#password_again", PASSWORD)
    page.click("button:text-is('Create the account')")
    page.wait_for_selector("text=open the link we sent to it")
    [mail] = smtp.messages
    assert mail["To"] == EMAIL and mail["Subject"] == "Confirm your e-mail address"
    page.goto(url + link_in(mail, "/account/verify/"))
    page.wait_for_selector("text=Your e-mail address is confirmed")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("button:text-is('Sign in')")
    page.goto(url + "/dashboard/?lang=en")
    assert page.locator("#first-steps li.todo").count() == 5
    page.click("nav >> text=Accounts")
    page.click("button:text-is('Connect Google (YouTube)')")  # the fake Google consents and sends us back
    page.wait_for_selector("text=up to date")
    return page


def followers_on_kit(page, url) -> str:
    page.goto(url + "/@camille?lang=en")
    return page.locator("[data-metric=followers]").first.inner_text()


def test_sign_up_confirm_connect_upload_share(browser, served, tmp_path):
    _app, url, smtp, _google = served
    page = sign_up_and_connect(browser, url, smtp)
    assert followers_on_kit(page, url) == "1,200"  # the fake owner channel's 1,200 subscribers
    page.goto(url + "/dashboard/?lang=en")
    page.select_option("#upload-kind", "avatar")
    page.set_input_files("#upload-image", portrait(tmp_path))
    page.click("#uploads button:text-is('Upload')")
    page.wait_for_selector("text=Image uploaded.")
    page.goto(url + "/@camille?lang=en")
    shared = page.locator("#share-link").input_value()
    assert shared == f"{url}/@camille"
    visitor = browser.new_context().new_page()  # someone the link was sent to
    visitor.goto(shared)
    avatar = visitor.locator("img.avatar")
    assert avatar.get_attribute("src").startswith("/uploads/")
    assert visitor.evaluate("document.querySelector('img.avatar').naturalWidth") == 640
    assert visitor.locator("[data-metric=followers]").first.inner_text() == "1,200"


def test_an_expired_token_shows_the_banner_mails_and_reconnects_to_fresh_figures(browser, served):
    app, url, smtp, google = served
    page = sign_up_and_connect(browser, url, smtp)
    google.tokens.clear()  # the access token stops working...
    google.fault = "expired_token"  # ...and so does the refresh token
    db = open_db(app.config["DATABASE"])
    creator = creator_store.get_creator(db, "camille")
    [account] = account_store.accounts_of_creator(db, creator["id"])
    [result] = refresh_accounts(db, [account["id"]], app.config, trigger="manual")
    assert not result.ok and db["accounts"].get(account["id"])["status"] == "auth_expired"
    assert send_notices(db, app.config, now=clock.now(app.config)) == [(account["id"], "auth_expired")]
    notice = smtp.messages[-1]
    assert notice["To"] == EMAIL and notice["Subject"].startswith("Reconnect your Youtube account")
    page.goto(url + "/dashboard/?lang=en")
    page.wait_for_selector("text=Reconnect needed.")
    google.fault = None
    google.owner.subscribers = 2_400  # the channel grew meanwhile
    page.click(".banner >> a:text-is('Reconnect')")
    page.click(f"#account-{account['id']} >> button:text-is('Reconnect')")
    page.wait_for_selector("text=up to date")
    assert db["accounts"].get(account["id"])["status"] == "ok"
    assert followers_on_kit(page, url) == "2,400"
    page.goto(url + "/dashboard/?lang=en")
    assert page.locator("text=Reconnect needed.").count() == 0
    db.conn.close()
