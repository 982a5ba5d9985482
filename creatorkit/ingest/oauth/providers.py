"""The four platforms' authorization-code flows, as data (reference §1.9, §2.7, §3.6, §4.2).

Each ``Provider`` names its consent page, token endpoint, app credentials, the scopes
a kit needs and whether it takes PKCE (Google does; Instagram Login, TikTok's web
Login Kit and Twitch document none). ``identify`` turns the fresh token into the
account to store: its ``ref`` (what the connector reads), a username, and the
credentials in the connector's own format (the connectors' ``parse_token``), or
``None`` for Twitch, whose connector reads with the app's token: the login only proves
that the channel is the creator's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from requests import Session

from creatorkit.connectors import tiktok
from creatorkit.connectors.instagram import parse as instagram_parse
from creatorkit.connectors.youtube import parse as youtube_parse
from creatorkit.errors import InputError

YOUTUBE_SCOPES = ("https://www.googleapis.com/auth/youtube.readonly",
                  "https://www.googleapis.com/auth/yt-analytics.readonly")


@dataclass(frozen=True)
class Connected:
    """What a finished flow stores: the account and its credentials (``None``: none kept)."""

    platform: str
    ref: str
    username: str | None
    credentials: dict[str, Any] | None


Identify = Callable[[Session, Mapping[str, Any], Mapping[str, Any], datetime], Connected]


@dataclass(frozen=True)
class Provider:
    platform: str
    label: str
    authorize_url: Callable[[Mapping[str, Any]], str]
    token_url: Callable[[Mapping[str, Any]], str]
    client_id: str  # the settings holding the app's credentials
    client_secret: str
    scopes: tuple[str, ...]
    identify: Identify
    scope_separator: str = " "
    pkce: bool = False
    #: TikTok names the client ``client_key`` on its page and at its token endpoint
    client_param: str = "client_id"
    authorize_params: Mapping[str, str] = field(default_factory=dict)

    def configured(self, settings: Mapping[str, Any]) -> bool:
        return bool(settings.get(self.client_id) and settings.get(self.client_secret))


def _json(response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def identify_youtube(session: Session, token, settings, now) -> Connected:
    """The channel of the Google account that consented (``channels?mine=true``)."""
    response = session.get(f"{settings['YOUTUBE_API_BASE']}/channels",
                           params={"part": "id,snippet", "mine": "true"})
    items = (_json(response) or {}).get("items") if response.ok else None
    if not items:
        raise InputError("This Google account has no YouTube channel: sign in with the account "
                         "that owns your channel.")
    channel = items[0]
    return Connected("youtube", channel["id"], (channel.get("snippet") or {}).get("customUrl"),
                     {**youtube_parse.parse_token(token, now), "scope": token.get("scope", "")})


def identify_instagram(session: Session, token, settings, now) -> Connected:
    """Instagram Login's short token, exchanged at once for the 60-day one (§2.7 step 3)."""
    response = session.get(f"{settings['INSTAGRAM_AUTH_BASE']}/access_token", params={
        "grant_type": "ig_exchange_token", "client_secret": settings["INSTAGRAM_CLIENT_SECRET"],
        "access_token": token["access_token"]}, withhold_token=True)
    if not response.ok:
        raise InputError("Instagram did not give a lasting login: connect again.")
    return Connected("instagram", str(token["user_id"]), None,
                     instagram_parse.parse_token(_json(response), now))


def identify_tiktok(session: Session, token, settings, now) -> Connected:
    """TikTok's token response names the user (``open_id``); its refresh token rotates."""
    return Connected("tiktok", str(token["open_id"]), None, tiktok.parse_token(token, {}, now))


def identify_twitch(session: Session, token, settings, now) -> Connected:
    """The login behind the token (``/oauth2/validate``); the token itself is not kept."""
    response = session.get(f"{settings['TWITCH_AUTH_BASE']}/oauth2/validate",
                           headers={"Authorization": f"OAuth {token['access_token']}"}, withhold_token=True)
    body = _json(response) or {}
    if not response.ok or not body.get("login"):
        raise InputError("Twitch did not confirm who signed in: connect again.")
    return Connected("twitch", body["login"], body["login"], None)


PROVIDERS: dict[str, Provider] = {
    provider.platform: provider for provider in (
        Provider("youtube", "Google (YouTube)", lambda s: s["YOUTUBE_AUTHORIZE_URL"],
                 lambda s: f"{s['YOUTUBE_AUTH_BASE']}/token", "YOUTUBE_CLIENT_ID",
                 "YOUTUBE_CLIENT_SECRET", YOUTUBE_SCOPES, identify_youtube, pkce=True,
                 authorize_params={"access_type": "offline", "prompt": "consent",
                                   "include_granted_scopes": "true"}),
        Provider("instagram", "Instagram", lambda s: s["INSTAGRAM_AUTHORIZE_URL"],
                 lambda s: s["INSTAGRAM_TOKEN_URL"], "INSTAGRAM_CLIENT_ID", "INSTAGRAM_CLIENT_SECRET",
                 ("instagram_business_basic", "instagram_business_manage_insights"),
                 identify_instagram, scope_separator=","),
        Provider("tiktok", "TikTok", lambda s: s["TIKTOK_AUTHORIZE_URL"],
                 lambda s: f"{s['TIKTOK_AUTH_BASE']}/oauth/token/", "TIKTOK_CLIENT_KEY",
                 "TIKTOK_CLIENT_SECRET",
                 ("user.info.basic", "user.info.profile", "user.info.stats", "video.list"),
                 identify_tiktok, scope_separator=",", client_param="client_key"),
        Provider("twitch", "Twitch", lambda s: f"{s['TWITCH_AUTH_BASE']}/oauth2/authorize",
                 lambda s: f"{s['TWITCH_AUTH_BASE']}/oauth2/token", "TWITCH_CLIENT_ID",
                 "TWITCH_CLIENT_SECRET", (), identify_twitch),
    )
}


def provider(platform: str) -> Provider:
    if platform not in PROVIDERS:
        raise InputError(f"{platform!r} cannot be connected by login; choose one of "
                         f"{', '.join(PROVIDERS)}.")
    return PROVIDERS[platform]
