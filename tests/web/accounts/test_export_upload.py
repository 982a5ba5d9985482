"""Export files through the dashboard: shown (platform, days, rows) before anything is
stored, imported on confirmation, refused with the CLI's own line/column message; a
confirmation imports only what this creator previewed, into their own account."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markupsafe import escape

from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from tests.web.kit.test_dashboard import sign_in

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "exports"
NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)  # the export's days (no year) fall in 2026
BROKEN = (b'"Date","Followers","Difference in followers from previous day"\n'
          b'"March 2","1,010","7"\n"March 3","lots","3"\n')


@pytest.fixture
def camille(app, client, app_db, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    app.extensions["clock"] = lambda: NOW
    creator_store.create_creator(app_db, "camille", "Camille")
    sign_in(client, app_db, "camille")
    return creator_store.get_creator(app_db, "camille")


def csrf(client) -> str:
    html = client.get("/dashboard/?lang=en").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def send(client, data: bytes, filename="follower_history.csv", account="new"):
    return client.post("/dashboard/imports/", data={"csrf_token": csrf(client), "account": account,
                                                    "export": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def pending_file(client) -> str:
    with client.session_transaction() as session:
        return session["pending_import"]["file"]


def test_an_export_is_shown_then_imported_on_confirmation(client, app_db, camille):
    preview = send(client, (FIXTURES / "tiktok_follower_history.csv").read_bytes())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "<dt>Platform</dt><dd>TikTok</dd>" in page and "<dt>Rows</dt><dd>4</dd>" in page
    assert "<dt>Days</dt><dd>February 27, 2026 – March 1, 2026</dd>" in page  # Feb 26 is "undefined"
    assert account_store.accounts_of_creator(app_db, camille["id"]) == []  # nothing stored yet
    done = client.post("/dashboard/imports/confirm", data={"csrf_token": csrf(client),
                                                           "file": pending_file(client)})
    assert done.status_code == 302
    [account] = account_store.accounts_of_creator(app_db, camille["id"])
    assert (account["platform"], account["connector"], account["status"]) == ("tiktok", "import", "ok")
    [tiktok] = client.get("/@camille.json").get_json()["platforms"]
    assert (tiktok["source"], tiktok["followers"]) == ("import", 1003)
    assert list((Path(client.application.config["UPLOAD_FOLDER"]) / "pending").iterdir()) == []


def test_a_broken_export_gets_the_clis_line_and_column_and_stores_nothing(client, app_db, camille):
    response = send(client, BROKEN, filename="broken.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    expected = "broken.csv, line 3, column 'Followers': "
    assert re.search(r'id="import-error" role="alert">' + re.escape(str(escape(expected))), page)
    assert account_store.accounts_of_creator(app_db, camille["id"]) == []


def test_a_confirmation_imports_only_what_this_session_previewed(app, client, app_db, camille):
    send(client, (FIXTURES / "tiktok_follower_history.csv").read_bytes())
    stolen = pending_file(client)
    creator_store.create_creator(app_db, "dana", "Dana")
    other = app.test_client()
    sign_in(other, app_db, "dana")
    refused = other.post("/dashboard/imports/confirm", data={"csrf_token": csrf(other), "file": stolen})
    assert refused.status_code == 400 and "Nothing is waiting" in refused.get_data(as_text=True)
    assert account_store.accounts_of_creator(app_db, camille["id"]) == []


def test_an_export_goes_only_into_ones_own_account_of_its_platform(app, client, app_db, camille):
    dana = creator_store.create_creator(app_db, "dana", "Dana")
    theirs = account_store.add_account(app_db, dana, "tiktok", "import", "dana")
    mine = account_store.add_account(app_db, camille["id"], "youtube", "import", "camille")
    data = (FIXTURES / "tiktok_follower_history.csv").read_bytes()
    assert "Choose one of your accounts" in send(client, data, account=str(theirs)).get_data(as_text=True)
    wrong = send(client, data, account=str(mine))
    assert wrong.status_code == 400 and "choose a tiktok account" in wrong.get_data(as_text=True)
    assert app_db["account_metrics"].count_where("account_id IN (?, ?)", [theirs, mine]) == 0
