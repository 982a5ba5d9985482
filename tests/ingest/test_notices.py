"""Creators hear of an account that needs them once per problem: an expired token at
once, a token that cannot renew itself a week before it breaks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.security import generate_password_hash

from creatorkit.config import default_config
from creatorkit.ingest import notices
from creatorkit.storage import account_state, iso, users
from creatorkit.storage.credentials import CredentialBox, new_key
from tests.fakes.smtp import FakeSMTP

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def settings():
    return {**default_config(), "CREDENTIALS_KEY": new_key(), "BASE_URL": "https://kits.example"}


@pytest.fixture
def account(db, make_account, make_creator):
    creator = make_creator("camille")
    users.create_user(db, "camille@example.com", generate_password_hash("x" * 12), name="Camille",
                      role="creator", creator_id=creator["id"])
    return make_account("camille", "tiktok", "tiktok", "camille-tt")


def seal(settings, **credentials) -> str:
    return CredentialBox(settings["CREDENTIALS_KEY"]).seal({"access_token": "act.1", **credentials})


def test_an_expired_token_is_mailed_once_then_again_after_a_reconnect(db, settings, account):
    db["accounts"].update(account, {"status": "auth_expired", "last_error_message": "token revoked"})
    with FakeSMTP() as smtp:
        settings.update(smtp.settings())
        assert notices.send_notices(db, settings, now=NOW) == [(account, "auth_expired")]
        assert notices.send_notices(db, settings, now=NOW) == []
        account_state.reconnect(db, account, seal(settings), now=NOW)
        db["accounts"].update(account, {"status": "auth_expired"})
        assert notices.send_notices(db, settings, now=NOW) == [(account, "auth_expired")]
    first = smtp.messages[0]
    assert first["To"] == "camille@example.com"
    assert first["Subject"] == "Reconnect your Tiktok account camille-tt"
    assert "token revoked" in first.get_content()
    assert "https://kits.example/dashboard/accounts" in first.get_content()


@pytest.mark.parametrize("left, attempted_ago, announced", [
    (timedelta(days=3), timedelta(hours=1), True),      # renewed inside the week, still ends: tell
    (timedelta(days=8), timedelta(hours=1), False),     # more than a week left
    (timedelta(days=3), timedelta(days=5), False),      # no refresh inside the week yet: it may renew
])
def test_a_token_that_will_not_renew_is_announced_a_week_ahead(db, settings, account, left, attempted_ago,
                                                               announced):
    sealed = seal(settings, refresh_token="rft.1", refresh_expires_at=iso(NOW + left))
    db["accounts"].update(account, {"credentials": sealed, "last_attempt_at": iso(NOW - attempted_ago)})
    sent = []
    notices.send_notices(db, settings, now=NOW, send=lambda *message: sent.append(message))
    assert bool(sent) is announced
    if announced:
        assert f"will stop updating on {(NOW + left):%Y-%m-%d}" in sent[0][3]


@pytest.mark.parametrize("credentials, until", [
    ({"refresh_token": "r", "refresh_expires_at": "2026-12-01T00:00:00+00:00"},
     datetime(2026, 12, 1, tzinfo=UTC)),
    ({"refresh_token": "r", "expires_at": 1795000000}, None),   # Google: a refresh token with no known end
    ({"expires_at": "2026-12-01T00:00:00"}, datetime(2026, 12, 1, tzinfo=UTC)),  # Instagram long-lived
    ({"expires_at": 1796083200}, datetime(2026, 12, 1, tzinfo=UTC)),
])
def test_what_lasts_is_the_refresh_token_when_there_is_one(credentials, until):
    assert notices.lasts_until(credentials) == until


def test_a_mail_server_that_is_down_leaves_the_notice_for_the_next_pass(db, settings, account):
    db["accounts"].update(account, {"status": "auth_expired"})
    settings.update({"MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": 9, "MAIL_SMTP_SECURITY": "none"})
    assert notices.send_notices(db, settings, now=NOW) == []
    assert not account_state.notice_sent(db, account, "auth_expired")
