"""Creators connect, reconnect and disconnect their accounts from the dashboard, through
the fake authorization servers; a failed callback stores nothing, and no route lets
one creator reach another creator's accounts or figures."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import requests

from creatorkit.storage import creators as creator_store
from creatorkit.storage import kit_views
from tests.fakes.oauth import FakeGoogle
from tests.web.kit.test_dashboard import sign_in

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def google(app):
    with FakeGoogle() as fake:
        app.config.update(fake.settings())
        yield fake


@pytest.fixture
def camille(app, client, app_db):
    creator_store.create_creator(app_db, "camille", "Camille")
    sign_in(client, app_db, "camille")
    return creator_store.get_creator(app_db, "camille")


def csrf(client) -> str:
    html = client.get("/dashboard/accounts/").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def login(client, platform: str = "youtube", **form) -> str:
    """Start the flow, pass the fake's consent page; returns the callback path to follow."""
    started = client.post(f"/dashboard/accounts/connect/{platform}",
                          data={"csrf_token": csrf(client), **form})
    assert started.status_code == 302, started.get_data(as_text=True)
    consent = requests.get(started.headers["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(consent.headers["Location"])
    assert f"{back.scheme}://{back.netloc}" == "https://kits.example"
    return f"{back.path}?{back.query}"


def accounts_of(db, creator) -> list[dict]:
    return list(db["accounts"].rows_where("creator_id = ?", [creator["id"]]))


def test_connecting_youtube_stores_a_sealed_token_and_fetches_at_once(client, app_db, google, camille):
    done = client.get(login(client))
    assert done.status_code == 302
    [account] = accounts_of(app_db, camille)
    assert (account["platform"], account["ref"], account["access"], account["status"]) == (
        "youtube", google.owner.channel_id, "owner", "ok")
    assert "ya29" not in account["credentials"] and "refresh" not in account["credentials"]
    assert account["last_success_at"] is not None
    assert app_db["account_metrics"].count_where("account_id = ?", [account["id"]]) > 0
    assert "up to date" in client.get("/dashboard/accounts/").get_data(as_text=True)


def test_denied_consent_explains_and_stores_nothing(client, app_db, google, camille):
    google.consent = "deny"
    page = client.get(login(client))
    assert page.status_code == 400
    assert "nothing was connected" in page.get_data(as_text=True)
    assert accounts_of(app_db, camille) == []


def test_a_callback_without_a_flow_started_here_is_refused(client, app_db, google, camille):
    path = login(client)
    with client.session_transaction() as session:
        session.pop("oauth_pending")
    page = client.get(path)
    assert page.status_code == 400 and "state does not match" in page.get_data(as_text=True)
    assert accounts_of(app_db, camille) == []


def test_an_expired_account_shows_the_banner_and_reconnecting_refreshes_it(client, app_db, google, camille):
    client.get(login(client))
    [account] = accounts_of(app_db, camille)
    app_db["accounts"].update(account["id"], {"status": "auth_expired", "failures": 2,
                                              "last_error_message": "token revoked"})
    assert "Reconnect needed" in client.get("/dashboard/?lang=en").get_data(as_text=True)
    client.get(login(client, account=str(account["id"])))
    row = app_db["accounts"].get(account["id"])
    assert (row["status"], row["failures"], row["last_error_message"]) == ("ok", 0, None)
    assert "Reconnect needed" not in client.get("/dashboard/?lang=en").get_data(as_text=True)
    assert len(accounts_of(app_db, camille)) == 1


def test_a_public_channel_is_added_by_handle_and_labelled_public(client, app_db, google, camille):
    handle = google.owner.handle
    response = client.post("/dashboard/accounts/public", data={
        "csrf_token": csrf(client), "platform": "youtube", "handle": handle})
    assert response.status_code == 302
    [account] = accounts_of(app_db, camille)
    assert (account["access"], account["credentials"], account["status"]) == ("public", None, "ok")
    assert "public data" in client.get("/dashboard/accounts/").get_data(as_text=True)


def test_a_bad_handle_is_refused_and_kept_in_the_form(client, app_db, google, camille):
    page = client.post("/dashboard/accounts/public", data={
        "csrf_token": csrf(client), "platform": "instagram", "handle": "@camille"})
    assert page.status_code == 400 and "YouTube and Twitch only" in page.get_data(as_text=True)
    assert 'value="@camille"' in page.get_data(as_text=True)
    assert accounts_of(app_db, camille) == []


@pytest.mark.parametrize("keep, left", [("history", 1), ("nothing", 0)])
def test_disconnect_deletes_the_tokens_and_keeps_history_only_if_asked(client, app_db, google, camille,
                                                                       keep, left):
    client.get(login(client))
    [account] = accounts_of(app_db, camille)
    samples = app_db["account_metrics"].count_where("account_id = ?", [account["id"]])
    client.post(f"/dashboard/accounts/{account['id']}/disconnect", data={"csrf_token": csrf(client),
                                                                        "keep": keep})
    rows = accounts_of(app_db, camille)
    assert len(rows) == left
    if left:
        assert (rows[0]["credentials"], rows[0]["status"]) == (None, "disabled")
        assert app_db["account_metrics"].count_where("account_id = ?", [account["id"]]) == samples


def test_no_route_reaches_another_creators_accounts(client, app_db, google, camille):
    demo = creator_store.get_creator(app_db, "demo")
    [theirs, *_] = accounts_of(app_db, demo)
    token = csrf(client)
    assert client.post(f"/dashboard/accounts/{theirs['id']}/disconnect",
                       data={"csrf_token": token, "keep": "nothing"}).status_code == 404
    assert client.post("/dashboard/accounts/connect/youtube",
                       data={"csrf_token": token, "account": theirs["id"]}).status_code == 404
    assert app_db["accounts"].get(theirs["id"])["credentials"] == theirs["credentials"]
    listing = client.get("/dashboard/accounts/").get_data(as_text=True)
    assert f"account-{theirs['id']}" not in listing


def test_a_login_cannot_be_used_to_reconnect_another_creators_account(client, app_db, google, camille):
    """A flow started for camille's own new account but finished under a pending state
    naming demo's account (a tampered session) changes nothing of demo's."""
    demo = creator_store.get_creator(app_db, "demo")
    [theirs, *_] = accounts_of(app_db, demo)
    path = login(client)
    with client.session_transaction() as session:
        session["oauth_pending"] = {**session["oauth_pending"], "account": theirs["id"]}
    assert client.get(path).status_code == 400
    assert app_db["accounts"].get(theirs["id"]) == theirs


def test_who_looked_shows_only_the_creators_own_views(app, client, app_db, camille):
    app.extensions["clock"] = lambda: NOW
    demo = creator_store.get_creator(app_db, "demo")
    views = (("a", camille, "page", "instagram.com"), ("a", camille, "page", None),
             ("b", camille, "pdf", None), ("c", demo, "page", "x.com"))
    for visitor, creator, kind, host in views:
        kit_views.record_view(app_db, creator["id"], visitor=visitor, kind=kind, referrer_host=host, now=NOW)
    html = client.get("/dashboard/analytics/?days=7").get_data(as_text=True)
    assert re.search(r'id="total-views">2<', html) and re.search(r'id="total-visitors">2<', html)
    assert re.search(r'id="total-pdf">1<', html)
    assert "<td>instagram.com</td><td>1</td>" in html and "x.com" not in html
    assert "<td>2026-11-20</td><td>2</td><td>2</td><td>1</td>" in html
    assert html.count("<tr><td>2026-11-") == 7 and "<svg" in html
