"""Twitch Helix (reference §4) with an app access token: no creator OAuth needed.

``account.ref`` is a login or a numeric user id. One fetch makes four kinds of calls:
``users`` (profile), ``channels/followers`` (``total`` only, which an app token is
given), ``videos`` (newest first, 100 a page, at most ``MAX_VIDEOS`` = 200, stopping
at the first page that reaches back before ``since``) and ``streams`` (live or not).

The app token comes from client credentials and is kept on the connector instance
until it expires; a 401 "Invalid OAuth token" fetches a new one once and retries.

What the data allows as Twitch KPIs (app token only):

* followers and their growth (``followers`` sampled each day);
* average / peak concurrent viewers: while live, each refresh records
  ``live_viewers`` for the day and a ``stream`` post whose avg/peak viewers are that
  sample, so averages come from the samples over time (more often refreshed, finer);
* streams per week and hours streamed (``vod`` archives: ``published_at``, duration);
* views per VOD / highlight / upload (``view_count``), and views per follower.

Not available without the broadcaster's own token: chatters, subscribers, bits,
watch time, unique viewers; ``users.view_count`` is deprecated (frozen or 0), so it is
not recorded. Likes, comments and shares do not exist on Twitch: left ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.connectors.http import HttpClient, retry_after_seconds
from creatorkit.connectors.payload import MAX_LIFETIME_S, Reader
from creatorkit.errors import (
    AuthExpired,
    AuthInvalid,
    BadPayload,
    ConfigError,
    ConnectorError,
    PermissionMissing,
    RateLimited,
    ResourceNotFound,
)
from creatorkit.models import Account, Harvest, MetricSample, Post, Profile

PLATFORM = "twitch"
READ = Reader(PLATFORM)
PAGE_SIZE = 100
MAX_VIDEOS = 200
#: renew the app token when it has less than this left
EXPIRY_MARGIN = timedelta(minutes=5)
VIDEO_KINDS = {"archive": "vod", "highlight": "highlight", "upload": "upload"}
THUMBNAIL_SIZE = "320x180"
DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


def classify(response, payload, *, now: datetime | None = None) -> ConnectorError | None:
    """Helix and id.twitch.tv errors: ``{"status": int, "message": str}`` (+ ``error``).

    A 429 waits until ``Ratelimit-Reset`` (epoch seconds), counted from ``now`` (the
    connector's clock)."""
    message = str(payload.get("message") or "") if isinstance(payload, dict) else ""
    status = response.status_code
    if status == 429:
        wait = retry_after_seconds(response.headers, now.timestamp() if now else None)
        return RateLimited(PLATFORM, message or "Request limit exceeded", retry_after=wait)
    if status != 401:
        return None
    lowered = message.lower()
    if "invalid oauth token" in lowered or "invalid access token" in lowered:
        return AuthExpired(PLATFORM, message)
    if "scope" in lowered:
        return PermissionMissing(PLATFORM, message)
    return AuthInvalid(PLATFORM, message or "HTTP 401")


def classify_token(response, payload) -> ConnectorError | None:
    """id.twitch.tv/oauth2/token: a refusal means the app's client id or secret is wrong."""
    if response.status_code in (400, 401, 403):
        message = payload.get("message") if isinstance(payload, dict) else None
        return AuthInvalid(PLATFORM, f"app token refused: {message or response.status_code}")
    return classify(response, payload)


def _field(mapping: Any, key: str, what: str) -> Any:
    if not isinstance(mapping, dict) or mapping.get(key) is None:
        raise BadPayload(PLATFORM, f"{what} has no {key!r}")
    return mapping[key]


def _rows(payload: Any, what: str) -> list[dict[str, Any]]:
    rows = _field(payload, "data", what)
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise BadPayload(PLATFORM, f"{what} has a 'data' that is not a list of objects")
    return rows


def _time(row: dict[str, Any], key: str, what: str) -> datetime:
    return READ.instant(_field(row, key, what), f"{what} {key}")


def _thumbnail(url: str | None) -> str | None:
    if not url:  # an empty string while a VOD is still processing
        return None
    return url.replace("%{width}x%{height}", THUMBNAIL_SIZE).replace(
        "{width}x{height}", THUMBNAIL_SIZE)


def parse_duration(text: Any) -> int | None:
    """``"1h2m3s"`` → 3723 seconds; None for anything else."""
    match = DURATION.fullmatch(text) if isinstance(text, str) and text else None
    if match is None:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def parse_user(payload: Any, ref: str) -> Profile:
    """``/users`` → the profile of ``ref`` (an id or a login); ResourceNotFound if absent."""
    users = _rows(payload, "users")
    for user in users:
        _field(user, "id", "user")
        _field(user, "login", "user")
    match = next((u for u in users if u["id"] == ref), None) or \
        next((u for u in users if u["login"] == ref.lower()), None)
    if match is None:
        raise ResourceNotFound(PLATFORM, f"no Twitch user {ref!r}")
    return Profile(
        external_id=match["id"], username=match["login"], display_name=match.get("display_name"),
        avatar_url=match.get("profile_image_url") or None, bio=match.get("description") or None,
        url=f"https://www.twitch.tv/{match['login']}",
    )


def parse_follower_total(payload: Any) -> int:
    return READ.count(_field(payload, "total", "followers"), "followers total")


def parse_video(video: dict[str, Any]) -> Post:
    kind = _field(video, "type", "video")
    return Post(
        post_id=str(_field(video, "id", "video")), kind=VIDEO_KINDS.get(kind, kind),
        published_at=_time(video, "published_at" if video.get("published_at") else "created_at",
                           "video"),
        permalink=video.get("url") or None, title=video.get("title") or None,
        thumbnail_url=_thumbnail(video.get("thumbnail_url")),
        views=READ.count(video.get("view_count"), "video view_count"),
        duration_s=parse_duration(video.get("duration")),
    )


def parse_video_page(payload: Any) -> tuple[list[Post], str | None]:
    """``/videos`` → posts and the cursor of the next page (None when done)."""
    posts = [parse_video(video) for video in _rows(payload, "videos")]
    pagination = payload.get("pagination")
    cursor = pagination.get("cursor") if isinstance(pagination, dict) else None
    return posts, cursor or None


def parse_stream(payload: Any, user_id: str, today: date) -> tuple[Post | None, MetricSample | None]:
    """``/streams`` → the user's live stream as a post and today's viewer sample."""
    streams = [row for row in _rows(payload, "streams")
               if row.get("user_id") == user_id and row.get("type") == "live"]
    if not streams:
        return None, None
    stream = streams[0]
    viewers, login = READ.count(stream.get("viewer_count"), "stream viewer_count"), stream.get("user_login")
    post = Post(
        post_id=f"stream:{_field(stream, 'id', 'stream')}", kind="stream",
        published_at=_time(stream, "started_at", "stream"),
        permalink=f"https://www.twitch.tv/{login}" if login else None,
        title=stream.get("title") or None, thumbnail_url=_thumbnail(stream.get("thumbnail_url")),
        avg_viewers=None if viewers is None else float(viewers), peak_viewers=viewers,
    )
    sample = None if viewers is None else MetricSample("live_viewers", today, float(viewers))
    return post, sample


@register
class TwitchConnector(Connector):
    name = "twitch"
    platform = PLATFORM
    label = "Twitch"
    credentials = "app_token"
    source = "api"

    def __init__(self, settings: Mapping[str, Any], *, now: Callable[[], datetime] | None = None):
        super().__init__(settings, now=now)
        self._token: str | None = None
        self._token_expires_at = datetime.min.replace(tzinfo=UTC)

    def fetch(self, account: Account, client: HttpClient, since: date | None) -> Harvest:
        calls_before, today = client.calls, self.now().date()
        ref = account.ref.strip().removeprefix("@")
        by = {"id": ref, "login": ref} if ref.isdigit() else {"login": ref}
        profile = parse_user(self._helix(client, "users", by), ref)
        user_id = profile.external_id
        followers = parse_follower_total(
            self._helix(client, "channels/followers", {"broadcaster_id": user_id, "first": 1}))
        posts = self._videos(client, user_id, since)
        stream, viewers = parse_stream(
            self._helix(client, "streams", {"user_id": user_id, "type": "all"}), user_id, today)
        metrics = [MetricSample("followers", today, float(followers))]
        if viewers is not None:
            metrics.append(viewers)
        if stream is not None:
            posts.append(stream)
        return Harvest(source="api", profile=profile, metrics=tuple(metrics), posts=tuple(posts),
                       calls=client.calls - calls_before)

    def _videos(self, client: HttpClient, user_id: str, since: date | None) -> list[Post]:
        posts: list[Post] = []
        params: dict[str, Any] = {"user_id": user_id, "first": PAGE_SIZE, "type": "all",
                                  "sort": "time"}
        while len(posts) < MAX_VIDEOS:
            page, cursor = parse_video_page(self._helix(client, "videos", params))
            posts.extend(page)
            reached_since = since is not None and any(p.published_at.date() < since for p in page)
            if cursor is None or not page or reached_since:
                break
            params = {**params, "after": cursor}
        return posts[:MAX_VIDEOS]

    def _helix(self, client: HttpClient, path: str, params: Mapping[str, Any]) -> Any:
        """A Helix GET; on an invalid token, one new app token and one more try."""
        try:
            return self._get(client, path, params)
        except AuthExpired:
            self._token = None
        return self._get(client, path, params)

    def _get(self, client: HttpClient, path: str, params: Mapping[str, Any]) -> Any:
        headers = {"Client-Id": self._client_id(),
                   "Authorization": f"Bearer {self._app_token(client)}"}
        return client.get(f"{self.settings['TWITCH_API_BASE']}/{path}", params=params,
                          headers=headers, platform=PLATFORM,
                          classify=lambda response, payload: classify(response, payload, now=self.now()))

    def _client_id(self) -> str:
        client_id = self.settings.get("TWITCH_CLIENT_ID")
        if not client_id or not self.settings.get("TWITCH_CLIENT_SECRET"):
            raise ConfigError("TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET are needed for Twitch.")
        return client_id

    def _app_token(self, client: HttpClient) -> str:
        """The cached app token, or a new one from client credentials (§4.2)."""
        now = self.now()
        if self._token is None or self._token_expires_at - now < EXPIRY_MARGIN:
            payload = client.post(
                f"{self.settings['TWITCH_AUTH_BASE']}/oauth2/token", platform=PLATFORM,
                classify=classify_token,
                data={"client_id": self._client_id(),
                      "client_secret": self.settings["TWITCH_CLIENT_SECRET"],
                      "grant_type": "client_credentials"},
            )
            expires_in = READ.count(_field(payload, "expires_in", "app token"), "app token expires_in",
                                    limit=MAX_LIFETIME_S)
            self._token = str(_field(payload, "access_token", "app token"))
            self._token_expires_at = now + timedelta(seconds=expires_in)
        return self._token
