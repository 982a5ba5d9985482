"""Fake authorization servers: each platform fake plus its consent page and code grant.

``CodeGrant`` adds to a platform fake what a creator's login goes through (reference
§1.9, §2.7, §3.6, §4.2): the consent page answers with a 302 to the ``redirect_uri``
carrying ``code`` and ``state`` (or ``error=access_denied`` when ``consent = "deny"``),
granting ``granted`` scopes (all asked for by default); the token endpoint redeems a
code once, within ``code_lifetime_s``, for the same ``redirect_uri``, and checks the
PKCE verifier when a challenge was sent. Tokens issued work against the same fake's
API, so a test can connect and then refresh.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import urlencode

from tests.fakes.base import Request, Response, json_response
from tests.fakes.instagram import USER_ID, FakeInstagram
from tests.fakes.tiktok import OPEN_ID, FakeTikTok
from tests.fakes.twitch import USER, FakeTwitch
from tests.fakes.youtube import FakeYouTube
from tests.fakes.youtube_world import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, TOKEN_LIFETIME_S


class CodeGrant:
    authorize_path: str
    token_path: str
    client_param = "client_id"
    scope_separator = " "
    code_lifetime_s = 600.0

    def setup_grant(self) -> None:
        self.consent = "allow"
        self.granted: list[str] | None = None
        self.codes: dict[str, dict[str, Any]] = {}

    def app_credentials(self) -> tuple[str, str]:
        raise NotImplementedError

    def consent_page(self, request: Request) -> Response:
        client_id, _secret = self.app_credentials()
        redirect = request.arg("redirect_uri") or ""
        if request.arg(self.client_param) != client_id or request.arg("response_type") != "code" \
                or not redirect:
            return json_response({"error": "invalid_request"}, 400)
        answer = {"state": request.arg("state", "")}
        if self.consent == "deny":
            answer["error"] = "access_denied"
        else:
            asked = (request.arg("scope") or "").replace(",", " ").split()
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"redirect_uri": redirect, "expires": self.epoch() + self.code_lifetime_s,
                                "scopes": asked if self.granted is None else self.granted,
                                "challenge": request.arg("code_challenge")}
            answer["code"] = code
        return Response(302, {}, {"Location": f"{redirect}?{urlencode(answer)}"})

    def expire_codes(self) -> None:
        for grant in self.codes.values():
            grant["expires"] = 0.0

    def redeem(self, form: dict[str, str]) -> Response:
        client_id, secret = self.app_credentials()
        if (form.get(self.client_param), form.get("client_secret")) != (client_id, secret):
            return json_response({"error": "invalid_client", "error_description": "Unauthorized"}, 401)
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant["expires"] <= self.epoch() \
                or grant["redirect_uri"] != form.get("redirect_uri") \
                or not _verifier_matches(grant["challenge"], form.get("code_verifier")):
            return self.bad_code()
        return self.grant(grant["scopes"])

    def bad_code(self) -> Response:
        return json_response({"error": "invalid_grant", "error_description": "Bad Request"}, 400)

    def grant(self, scopes: list[str]) -> Response:
        raise NotImplementedError


def _verifier_matches(challenge: str | None, verifier: str | None) -> bool:
    if challenge is None:
        return True
    digest = hashlib.sha256((verifier or "").encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


class FakeGoogle(CodeGrant, FakeYouTube):
    authorize_path, token_path = "/o/oauth2/v2/auth", "/token"

    def __init__(self, **kwargs):
        super().__init__(oauth=True, **kwargs)
        self.setup_grant()

    def app_credentials(self):
        return CLIENT_ID, CLIENT_SECRET

    def settings(self):
        return {**super().settings(), "YOUTUBE_AUTHORIZE_URL": self.base_url + self.authorize_path}

    def handle(self, request: Request) -> Response:
        if request.path == self.authorize_path:
            return self.consent_page(request)
        if request.path == self.token_path and request.form().get("grant_type") == "authorization_code":
            return self.redeem(request.form())
        return super().handle(request)

    def grant(self, scopes):
        return json_response({"access_token": self.issue_token(), "expires_in": TOKEN_LIFETIME_S,
                              "refresh_token": REFRESH_TOKEN, "scope": " ".join(scopes),
                              "token_type": "Bearer"})


class FakeInstagramLogin(CodeGrant, FakeInstagram):
    """Instagram Login: the code buys a 1-hour token (wrapped in ``data``), exchanged at
    ``/access_token`` for the 60-day one the API takes."""

    authorize_path, token_path = "/oauth/authorize", "/oauth/access_token"
    scope_separator = ","
    app_id, app_secret = "fake-instagram-app", "fake-instagram-secret"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.setup_grant()
        self.short_tokens: set[str] = set()

    def app_credentials(self):
        return self.app_id, self.app_secret

    def settings(self):
        return {**super().settings(), "INSTAGRAM_AUTHORIZE_URL": self.base_url + self.authorize_path,
                "INSTAGRAM_TOKEN_URL": self.base_url + self.token_path,
                "INSTAGRAM_CLIENT_ID": self.app_id, "INSTAGRAM_CLIENT_SECRET": self.app_secret}

    def handle(self, request: Request) -> Response:
        if request.path == self.authorize_path:
            return self.consent_page(request)
        if request.path == self.token_path:
            return self.redeem(request.form())
        if request.path == "/access_token":
            return self.exchange(request)
        return super().handle(request)

    def bad_code(self):
        return json_response({"error_type": "OAuthException", "code": 400,
                              "error_message": "Matching code was not found or was already used"}, 400)

    def grant(self, scopes):
        short = f"IGshort{secrets.token_hex(8)}"
        self.short_tokens.add(short)
        return json_response({"data": [{"access_token": short, "user_id": USER_ID,
                                        "permissions": ",".join(scopes)}]})

    def exchange(self, request: Request) -> Response:
        if request.arg("grant_type") != "ig_exchange_token" \
                or request.arg("client_secret") != self.app_secret \
                or request.arg("access_token") not in self.short_tokens:
            return json_response({"error": {"message": "Invalid OAuth access token.",
                                            "type": "OAuthException", "code": 190}}, 400)
        token = self.issue_token(self.clock())
        return json_response({"access_token": token, "token_type": "bearer", "expires_in": 5183944})


class FakeTikTokLogin(CodeGrant, FakeTikTok):
    authorize_path, token_path = "/v2/auth/authorize/", "/v2/oauth/token/"
    client_param, scope_separator = "client_key", ","

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.setup_grant()

    def app_credentials(self):
        return self.client_key, self.client_secret

    def settings(self):
        return {**super().settings(), "TIKTOK_AUTHORIZE_URL": self.base_url + self.authorize_path}

    def handle(self, request: Request) -> Response:
        if request.path == self.authorize_path:
            return self.consent_page(request)
        if request.path == self.token_path and request.form().get("grant_type") == "authorization_code":
            return self.redeem(request.form())
        return super().handle(request)

    def bad_code(self):
        return json_response({"error": "invalid_grant", "error_description": "Authorization code is expired.",
                              "log_id": "20261123061300D4E5F6A7B8C9D0E1F2A3"}, 400)

    def grant(self, scopes):
        pair = self.issue()
        return json_response({"access_token": pair["access_token"], "expires_in": self.access_lifetime_s,
                              "open_id": OPEN_ID, "refresh_token": pair["refresh_token"],
                              "refresh_expires_in": self.refresh_lifetime_s, "scope": ",".join(scopes),
                              "token_type": "Bearer"})


class FakeTwitchLogin(CodeGrant, FakeTwitch):
    authorize_path, token_path = "/oauth2/authorize", "/oauth2/token"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.setup_grant()
        self.user_tokens: set[str] = set()

    def app_credentials(self):
        return self.client_id, self.client_secret

    def handle(self, request: Request) -> Response:
        if request.path == self.authorize_path:
            return self.consent_page(request)
        if request.path == self.token_path and request.form().get("grant_type") == "authorization_code":
            return self.redeem(request.form())
        if request.path == "/oauth2/validate":
            token = request.headers.get("authorization", "").removeprefix("OAuth ")
            if token not in self.user_tokens:
                return json_response({"status": 401, "message": "invalid access token"}, 401)
            return json_response({"client_id": self.client_id, "login": USER["login"], "scopes": [],
                                  "user_id": USER["id"], "expires_in": 14400})
        return super().handle(request)

    def bad_code(self):
        return json_response({"status": 400, "message": "Invalid authorization code"}, 400)

    def grant(self, scopes):
        token = f"fakeusertoken{secrets.token_hex(6)}"
        self.user_tokens.add(token)
        return json_response({"access_token": token, "expires_in": 14400, "refresh_token": "fakerefresh",
                              "scope": scopes, "token_type": "bearer"})


LOGINS = {"youtube": FakeGoogle, "instagram": FakeInstagramLogin, "tiktok": FakeTikTokLogin,
          "twitch": FakeTwitchLogin}
