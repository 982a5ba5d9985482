"""Start and finish an authorization-code flow through Authlib's requests client.

``start`` returns the consent URL and what the caller must keep (in the signed
session) until the platform sends the creator back: the ``state`` and, with PKCE, the
code verifier. ``finish`` checks the callback (consent given, same ``state``), trades
the code for a token, checks the scopes actually granted (Google and TikTok let a
creator untick some) and identifies the account. Every way it can fail raises
``OAuthRefused`` with what to do next; nothing is stored by either function.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_qs
from authlib.integrations.requests_client import OAuth2Session, OAuthError

from creatorkit.errors import ConnectorError, InputError
from creatorkit.ingest.oauth.providers import Connected, Provider, provider

DENIED = ("access_denied", "user_denied", "consent_required")


class OAuthRefused(InputError):
    """A flow that cannot finish, with a message for the creator."""


@dataclass(frozen=True)
class Pending:
    url: str
    state: str
    code_verifier: str | None


def _session(spec: Provider, settings: Mapping[str, Any], redirect_uri: str) -> OAuth2Session:
    session = OAuth2Session(
        settings[spec.client_id], settings[spec.client_secret], scope=spec.scope_separator.join(spec.scopes),
        redirect_uri=redirect_uri, code_challenge_method="S256" if spec.pkce else None,
        token_endpoint_auth_method="client_secret_post",  # noqa: S106 - a method name, not a secret
        default_timeout=float(settings.get("HTTP_TIMEOUT_S", 20)))
    if spec.client_param != "client_id":
        session.register_client_auth_method(("client_secret_post", _named_client(spec.client_param)))
    session.register_compliance_hook("access_token_response", _flat_token_response)
    return session


def _named_client(name: str):
    """Client authentication in the body under the platform's own name (TikTok: client_key)."""
    def sign(client, method, uri, headers, body):
        params = [(name, client.client_id), ("client_secret", client.client_secret)]
        body = add_params_to_qs(body or "", params)
        headers["Content-Length"] = str(len(body))
        return uri, headers, body
    return sign


def _flat_token_response(response: requests.Response) -> requests.Response:
    """Bring the platforms' token bodies to RFC 6749's shape before Authlib reads them:
    Instagram wraps the token in ``data[0]`` and names scopes ``permissions``; Twitch
    answers errors as ``{"status", "message"}``; scopes may come as a list."""
    try:
        body = response.json()
    except ValueError:
        return response
    if isinstance(body, dict) and isinstance(body.get("data"), list) and body["data"]:
        body = body["data"][0]
    if isinstance(body, dict):
        if "permissions" in body and "scope" not in body:
            body["scope"] = body.pop("permissions")
        if isinstance(body.get("scope"), list):
            body["scope"] = " ".join(body["scope"])
        if "access_token" not in body and "error" not in body:
            body = {"error": "invalid_grant" if response.status_code == 400 else "invalid_request",
                    "error_description": str(body.get("message") or "")}
    response._content = json.dumps(body).encode()
    return response


def start(platform: str, settings: Mapping[str, Any], redirect_uri: str) -> Pending:
    spec = provider(platform)
    if not spec.configured(settings):
        raise OAuthRefused(f"Connecting {spec.label} is not set up on this instance (the operator sets "
                           f"{spec.client_id} and {spec.client_secret}).")
    verifier = generate_token(64) if spec.pkce else None
    extra = dict(spec.authorize_params)
    if spec.client_param != "client_id":
        extra[spec.client_param] = settings[spec.client_id]
    with _session(spec, settings, redirect_uri) as session:
        url, state = session.create_authorization_url(spec.authorize_url(settings), code_verifier=verifier,
                                                      **extra)
    return Pending(url, state, verifier)


def finish(platform: str, settings: Mapping[str, Any], redirect_uri: str, pending: Mapping[str, Any],
           args: Mapping[str, str], *, now: datetime) -> Connected:
    """The account behind a callback's ``args``, given the ``pending`` state kept by ``start``."""
    spec = provider(platform)
    if args.get("error"):
        if args["error"] in DENIED or args.get("error_reason") == "user_denied":
            raise OAuthRefused(f"You did not allow creatorkit to read your {spec.label} statistics, so "
                               "nothing was connected. Connect again and choose Allow to add it.")
        raise OAuthRefused(f"{spec.label} refused the sign-in ({args['error']}): connect again.")
    state = args.get("state") or ""
    if not pending.get("state") or not hmac.compare_digest(state, str(pending["state"])):
        raise OAuthRefused("This sign-in did not start here or has already been used (its state does not "
                           "match): start again from the dashboard.")
    if not args.get("code"):
        raise OAuthRefused(f"{spec.label} sent no authorization code: connect again.")
    with _session(spec, settings, redirect_uri) as session:
        try:
            token = session.fetch_token(spec.token_url(settings), code=args["code"],
                                        grant_type="authorization_code",
                                        code_verifier=pending.get("code_verifier"))
        except OAuthError as exc:
            if exc.error == "invalid_grant":
                raise OAuthRefused("The sign-in expired or was already used (codes last a few minutes): "
                                   "connect again.") from exc
            raise OAuthRefused(f"{spec.label} refused the sign-in ({exc.error}): connect again.") from exc
        except requests.RequestException as exc:
            raise OAuthRefused(f"{spec.label} could not be reached ({exc.__class__.__name__}): try again "
                               "in a few minutes.") from exc
        missing = _missing_scopes(spec, token)
        if missing:
            raise OAuthRefused(f"You did not allow all that the kit needs ({', '.join(missing)}): connect "
                               "again and leave every permission ticked.")
        try:
            return spec.identify(session, token, settings, now)
        except (ConnectorError, requests.RequestException, KeyError) as exc:
            raise OAuthRefused(f"{spec.label} answered the sign-in in a way we cannot read: connect "
                               "again.") from exc


def _missing_scopes(spec: Provider, token: Mapping[str, Any]) -> list[str]:
    """Required scopes the token was not granted; a response that lists none grants what
    was asked (RFC 6749 §5.1: ``scope`` may be left out when identical)."""
    granted = token.get("scope")
    if granted is None:
        return []
    names = set(str(granted).replace(",", " ").split())
    return [scope for scope in spec.scopes if scope not in names]
