"""The fetch side of the YouTube connector: HTTP calls, batching, tokens, accounting.

``FetchRun`` lives for one ``fetch_many``: it sends every request through the injected
``HttpClient`` (with ``youtube_errors.classify``), hands each payload to the pure
parsers of ``youtube_parse``, and records which accounts each call served so that HTTP
calls and quota units can be charged to them. See ``youtube`` for the call plan.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from creatorkit.connectors.http import HttpClient
from creatorkit.connectors.youtube.errors import classify
from creatorkit.connectors.youtube.parse import (
    Channel,
    items_of,
    parse_channel,
    parse_countries,
    parse_demographics,
    parse_playlist_page,
    parse_token,
    parse_video,
)
from creatorkit.errors import (
    AuthExpired,
    BadPayload,
    ConfigError,
    ConnectorError,
    PermissionMissing,
    ResourceNotFound,
)
from creatorkit.models import Account, AudienceSlice, Harvest, Post

log = logging.getLogger(__name__)

PLATFORM = "youtube"
BATCH = 50
MAX_UPLOADS = 200
#: playlist pages one walk may read (private-only pages count): 4 would hold MAX_UPLOADS
MAX_PAGES = 20
ANALYTICS_DAYS = 28
TOKEN_MARGIN_S = 60
PARTS = "snippet,statistics,contentDetails"
CHANNEL_ID_RE = re.compile(r"^UC[0-9A-Za-z_-]{22}$")


def chunks(items: list[str], size: int = BATCH) -> list[list[str]]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def apportion(shares: Mapping[int, float]) -> dict[int, int]:
    """Whole numbers for fractional shares that keep their total (largest remainder)."""
    whole = {key: math.floor(value + 1e-9) for key, value in shares.items()}
    left = round(sum(shares.values())) - sum(whole.values())
    for key in sorted(shares, key=lambda key: whole[key] - shares[key])[:max(0, left)]:
        whole[key] += 1
    return whole


def expires_at(tokens: Mapping[str, Any]) -> float | None:
    """``expires_at`` as epoch seconds (ISO-8601 text accepted); unreadable → unknown.

    An unknown expiry is not renewed ahead: a refused token is renewed on its 401.
    """
    value = tokens.get("expires_at")
    if value is None or isinstance(value, int | float):
        return value
    try:
        return datetime.fromisoformat(value).timestamp()
    except (TypeError, ValueError):
        return None


@dataclass
class Auth:
    """What proves a request: the operator's API key or one account's OAuth tokens."""

    key: str | None = None
    tokens: dict[str, Any] | None = None
    renewed: bool = False

    def params(self) -> dict[str, str]:
        return {"key": self.key} if self.key else {}

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"} if self.tokens else {}


@dataclass(frozen=True)
class Found:
    channel: Channel
    posts: tuple[Post, ...]
    audience: tuple[AudienceSlice, ...] = ()
    credentials: Mapping[str, Any] | None = None

    def harvest(self, calls: int, units: int) -> Harvest:
        return Harvest(source="api", profile=self.channel.profile, metrics=self.channel.metrics,
                       posts=self.posts, audience=self.audience, calls=calls, quota_units=units,
                       credentials=self.credentials)


class FetchRun:
    """One ``fetch_many``: the client, the clock, and which accounts each call served."""

    def __init__(self, settings: Mapping[str, Any], client: HttpClient, since: date | None,
                 now: Callable[[], datetime]):
        self.settings, self.client, self.since, self.now = settings, client, since, now
        self.calls: dict[int, float] = defaultdict(float)
        self.units: dict[int, float] = defaultdict(float)

    def classify(self, response: Any, payload: Any) -> ConnectorError | None:
        """``youtube_errors.classify`` on this run's clock (when a spent quota resets)."""
        return classify(response, payload, now=self.now())

    def setting(self, key: str) -> str:
        value = self.settings.get(key)
        if not value:
            raise ConfigError(f"{key} is not set: the YouTube connector needs it.")
        return str(value).rstrip("/")

    def send(self, method: str, url: str, payer: Mapping[int, float], units: int, **kwargs) -> Any:
        """One request (with the client's retries), charged to ``payer`` by weight."""
        before = self.client.calls
        try:
            return self.client.request(method, url, platform=PLATFORM, classify=self.classify, **kwargs)
        finally:
            spent, total = self.client.calls - before, sum(payer.values())
            for account_id, weight in payer.items():
                self.calls[account_id] += spent * weight / total
                self.units[account_id] += units * spent * weight / total

    def get(self, url: str, params: Mapping[str, Any], auth: Auth, payer: Mapping[int, float],
            units: int = 1) -> Any:
        """A GET; an OAuth access token refused as expired is renewed once and retried."""
        def once() -> Any:
            return self.send("GET", url, payer, units, params={**params, **auth.params()},
                             headers=auth.headers())
        try:
            return once()
        except AuthExpired:
            if not auth.tokens or auth.renewed:
                raise
            self.renew(auth, payer)
            return once()

    def renew(self, auth: Auth, payer: Mapping[int, float]) -> None:
        if not auth.tokens or not auth.tokens.get("refresh_token"):
            raise AuthExpired(PLATFORM, "the access token expired and no refresh token is stored")
        form = {"grant_type": "refresh_token", "refresh_token": auth.tokens["refresh_token"],
                "client_id": self.setting("YOUTUBE_CLIENT_ID"),
                "client_secret": self.setting("YOUTUBE_CLIENT_SECRET")}
        payload = self.send("POST", self.setting("YOUTUBE_AUTH_BASE") + "/token", payer, 0, data=form)
        auth.tokens = {**auth.tokens, **parse_token(payload, self.now())}
        auth.renewed = True

    def channels(self, params: Mapping[str, Any], auth: Auth, payer: Mapping[int, float]
                 ) -> dict[str | None, Channel | BadPayload]:
        """channels.list → each item parsed on its own (a bad item fails only its owner)."""
        url = self.setting("YOUTUBE_API_BASE") + "/channels"
        parsed: dict[str | None, Channel | BadPayload] = {}
        for item in items_of(self.get(url, {"part": PARTS, **params}, auth, payer)):
            try:
                parsed[item.get("id")] = parse_channel(item, self.now().date())
            except BadPayload as exc:
                parsed[item.get("id")] = exc
        return parsed

    def resolve(self, accounts: Sequence[Account], auth: Auth,
                failed: dict[int, ConnectorError]) -> dict[int, Channel]:
        """Each account's channel: ids 50 to a call, handles one call each."""
        found: dict[int, Channel] = {}

        def settle(outcome: Channel | ConnectorError | None, ref: str, owners: list[int]) -> None:
            for account_id in owners:
                if isinstance(outcome, Channel):
                    found[account_id] = outcome
                else:
                    failed[account_id] = outcome or ResourceNotFound(PLATFORM, f"no channel {ref!r}")

        by_id: dict[str, list[int]] = defaultdict(list)
        for account in accounts:
            if CHANNEL_ID_RE.match(account.ref):
                by_id[account.ref].append(account.id)
                continue
            try:
                parsed = self.channels({"forHandle": account.ref}, auth, {account.id: 1})
            except ConnectorError as exc:
                parsed = {None: exc}
            settle(next(iter(parsed.values()), None), account.ref, [account.id])
        for ids in chunks(list(by_id)):
            members = [account_id for channel_id in ids for account_id in by_id[channel_id]]
            try:
                parsed = self.channels({"id": ",".join(ids), "maxResults": BATCH}, auth,
                                       dict.fromkeys(members, 1))
            except ConnectorError as exc:
                parsed = dict.fromkeys(ids, exc)
            for channel_id in ids:
                settle(parsed.get(channel_id) or parsed.get(None), channel_id, by_id[channel_id])
        return found

    def walk(self, channel: Channel, auth: Auth, payer: Mapping[int, float]) -> list[str]:
        """Video ids of the channel's uploads, newest first, at most ``MAX_UPLOADS``.

        The walk ends at the last page, and also on an empty page, on a page token
        seen before and after ``MAX_PAGES`` pages: a playlist that pages forever
        would otherwise spend the quota until the process is killed.
        """
        ids: list[str] = []
        params: dict[str, Any] = {"part": "contentDetails,status", "maxResults": BATCH,
                                  "playlistId": channel.uploads_playlist}
        url = self.setting("YOUTUBE_API_BASE") + "/playlistItems"
        seen: set[str] = set()
        for _ in range(MAX_PAGES if channel.uploads_playlist else 0):
            payload = self.get(url, params, auth, payer)
            page = parse_playlist_page(payload)
            for video_id, published in page.videos:
                if self.since and published and published.date() < self.since:
                    return ids
                ids.append(video_id)
                if len(ids) >= MAX_UPLOADS:
                    return ids
            token = page.next_page_token
            if not token or token in seen or not items_of(payload):
                break
            seen.add(token)
            params["pageToken"] = token
        return ids

    def videos(self, uploads: Mapping[int, list[str]], auth: Auth,
               failed: dict[int, ConnectorError]) -> dict[str, Post]:
        """Posts of all the accounts' uploads, 50 ids a call whoever owns them."""
        owners: dict[str, list[int]] = defaultdict(list)
        for account_id, video_ids in uploads.items():
            for video_id in video_ids:
                owners[video_id].append(account_id)
        url = self.setting("YOUTUBE_API_BASE") + "/videos"
        posts: dict[str, Post] = {}
        for ids in chunks(list(owners)):
            payer = Counter(account_id for video_id in ids for account_id in owners[video_id])
            try:
                items = items_of(self.get(url, {"part": PARTS, "id": ",".join(ids)}, auth, payer))
            except ConnectorError as exc:
                items = []
                for account_id in payer:
                    failed.setdefault(account_id, exc)
            for item in items:
                try:
                    post = parse_video(item)
                except BadPayload as exc:
                    for account_id in owners.get(item.get("id"), payer):
                        failed.setdefault(account_id, exc)
                else:
                    posts[post.post_id] = post
        return posts

    def public(self, accounts: Sequence[Account]) -> dict[int, Found | ConnectorError]:
        auth = Auth(key=self.setting("YOUTUBE_API_KEY"))
        failed: dict[int, ConnectorError] = {}
        found = self.resolve(accounts, auth, failed)
        uploads: dict[int, list[str]] = {}
        for account_id, channel in found.items():
            try:
                uploads[account_id] = self.walk(channel, auth, {account_id: 1})
            except ConnectorError as exc:
                failed[account_id] = exc
        posts = self.videos(uploads, auth, failed)
        return {
            account.id: failed.get(account.id) or Found(
                found[account.id], tuple(posts[v] for v in uploads[account.id] if v in posts))
            for account in accounts
        }

    def owner(self, account: Account) -> Found:
        """An OAuth account: its own channel, uploads and Analytics audience."""
        auth, payer = Auth(tokens=dict(account.credentials or {})), {account.id: 1}
        expiry = expires_at(auth.tokens)
        if not auth.tokens.get("access_token") or (
                expiry is not None and expiry <= self.now().timestamp() + TOKEN_MARGIN_S):
            self.renew(auth, payer)
        channel = next(iter(self.channels({"mine": "true"}, auth, payer).values()), None)
        if not isinstance(channel, Channel):
            raise channel or ResourceNotFound(PLATFORM, "the authorised user has no channel")
        failed: dict[int, ConnectorError] = {}
        uploads = {account.id: self.walk(channel, auth, payer)}
        posts = self.videos(uploads, auth, failed)
        if failed:
            raise failed[account.id]
        return Found(channel, tuple(posts[v] for v in uploads[account.id] if v in posts),
                      self.audience(auth, payer), auth.tokens if auth.renewed else None)

    def audience(self, auth: Auth, payer: Mapping[int, float]) -> tuple[AudienceSlice, ...]:
        end = self.now().date()
        base = {"ids": "channel==MINE", "startDate": (end - timedelta(days=ANALYTICS_DAYS)).isoformat(),
                "endDate": end.isoformat()}
        url = self.setting("YOUTUBE_ANALYTICS_API_BASE") + "/reports"
        try:
            ages = self.get(url, {**base, "dimensions": "ageGroup,gender",
                                  "metrics": "viewerPercentage"}, auth, payer, units=0)
            countries = self.get(url, {**base, "dimensions": "country", "metrics": "views",
                                       "sort": "-views"}, auth, payer, units=0)
        except PermissionMissing as exc:
            log.info("no YouTube Analytics audience: %s", exc)
            return ()
        return parse_demographics(ages) + parse_countries(countries)
