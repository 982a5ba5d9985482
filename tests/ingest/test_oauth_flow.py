"""Each platform's login, against its fake authorization server: the happy path gives
the account and credentials in the connector's format; denied consent, a wrong state,
an expired or reused code and a missing scope each refuse with what to do next."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from creatorkit.config import default_config
from creatorkit.ingest.oauth import flow
from tests.fakes.oauth import LOGINS

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
REDIRECT = "https://kits.example/dashboard/accounts/callback"
EXPECTED = {  # platform → (ref, credential keys stored)
    "youtube": ("UCfake0000000000000000", {"access_token", "refresh_token", "expires_at", "scope"}),
    "instagram": ("17841405822304914", {"access_token", "expires_at", "issued_at"}),
    "tiktok": ("-000Zp4Gk0xUq1aBcD2eFgH3iJkLmNoPqRsT",
               {"access_token", "refresh_token", "expires_at", "refresh_expires_at"}),
    "twitch": ("acmecooking", None),
}


@pytest.fixture(params=sorted(LOGINS))
def login(request):
    with LOGINS[request.param]() as fake:
        yield request.param, fake, {**default_config(), **fake.settings()}


def consent(url: str) -> dict[str, str]:
    """What the platform's consent page sends back to the redirect URI."""
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302 and answer.headers["Location"].startswith(REDIRECT)
    return {key: values[0] for key, values in parse_qs(urlsplit(answer.headers["Location"]).query).items()}


def test_a_consented_login_gives_the_account_and_its_credentials(login):
    platform, fake, settings = login
    pending = flow.start(platform, settings, REDIRECT)
    connected = flow.finish(platform, settings, REDIRECT, vars(pending), consent(pending.url), now=NOW)
    ref, keys = EXPECTED[platform]
    if platform == "youtube":
        ref = fake.owner.channel_id
    assert connected.ref == ref
    assert (set(connected.credentials) if connected.credentials else None) == keys


def test_only_google_takes_pkce_and_a_wrong_verifier_is_refused(login):
    platform, _fake, settings = login
    pending = flow.start(platform, settings, REDIRECT)
    assert ("code_challenge" in pending.url) == (platform == "youtube")
    if platform == "youtube":
        with pytest.raises(flow.OAuthRefused, match="expired or was already used"):
            flow.finish(platform, settings, REDIRECT, {**vars(pending), "code_verifier": "wrong" * 10},
                        consent(pending.url), now=NOW)


def test_denied_consent_says_nothing_was_connected(login):
    platform, fake, settings = login
    fake.consent = "deny"
    pending = flow.start(platform, settings, REDIRECT)
    with pytest.raises(flow.OAuthRefused, match=r"did not allow creatorkit.*nothing was connected"):
        flow.finish(platform, settings, REDIRECT, vars(pending), consent(pending.url), now=NOW)
    assert not fake.calls(fake.token_path)


def test_a_callback_with_another_state_is_refused_before_any_token_request(login):
    platform, fake, settings = login
    pending = flow.start(platform, settings, REDIRECT)
    args = consent(pending.url)
    other = flow.start(platform, settings, REDIRECT)
    with pytest.raises(flow.OAuthRefused, match="state does not match"):
        flow.finish(platform, settings, REDIRECT, vars(other), args, now=NOW)
    with pytest.raises(flow.OAuthRefused, match="state does not match"):
        flow.finish(platform, settings, REDIRECT, {}, args, now=NOW)
    assert not fake.calls(fake.token_path)


def test_an_expired_code_and_a_reused_one_ask_to_connect_again(login):
    platform, fake, settings = login
    pending = flow.start(platform, settings, REDIRECT)
    args = consent(pending.url)
    fake.expire_codes()
    with pytest.raises(flow.OAuthRefused, match="expired or was already used"):
        flow.finish(platform, settings, REDIRECT, vars(pending), args, now=NOW)
    pending = flow.start(platform, settings, REDIRECT)
    args = consent(pending.url)
    flow.finish(platform, settings, REDIRECT, vars(pending), args, now=NOW)
    with pytest.raises(flow.OAuthRefused, match="expired or was already used"):
        flow.finish(platform, settings, REDIRECT, vars(pending), args, now=NOW)


@pytest.mark.parametrize("platform, granted, missing", [
    ("youtube", ["https://www.googleapis.com/auth/youtube.readonly"], "yt-analytics.readonly"),
    ("instagram", ["instagram_business_basic"], "instagram_business_manage_insights"),
    ("tiktok", ["user.info.basic", "video.list"], "user.info.profile, user.info.stats"),
])
def test_a_missing_scope_is_named(platform, granted, missing):
    with LOGINS[platform]() as fake:
        settings = {**default_config(), **fake.settings()}
        fake.granted = granted
        pending = flow.start(platform, settings, REDIRECT)
        with pytest.raises(flow.OAuthRefused, match=rf"did not allow all .*{missing}"):
            flow.finish(platform, settings, REDIRECT, vars(pending), consent(pending.url), now=NOW)


def test_an_instance_without_the_apps_credentials_says_what_to_set():
    with pytest.raises(flow.OAuthRefused, match="TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET"):
        flow.start("tiktok", default_config(), REDIRECT)
