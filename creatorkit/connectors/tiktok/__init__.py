"""TikTok Display API v2 (reference §3): the authorizing creator's profile and videos.

Only user OAuth reaches creator stats. ``account.credentials`` holds
``access_token``, ``refresh_token``, ``expires_at`` and ``refresh_expires_at`` (UTC
ISO-8601). Lifetimes changed over time (24 h / 365 d, then 2 h / 180 d) and refresh
tokens rotate, so both lifetimes are read from each token response, never assumed,
and the new credentials travel back in ``Harvest.credentials``. When a call fails
after the tokens rotated, the raised error carries them as ``.credentials`` too: the
old refresh token no longer works, so dropping the new one would lock the account out.

Posts: ``/v2/video/list/`` newest first, 20 a page, at most ``MAX_POSTS`` (200) per
fetch, stopping early at the first page that reaches back before ``since``, and on
an empty page, a cursor seen before or after ``MAX_PAGES`` pages (a cursor that
alternates with ``has_more: true`` would page forever).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
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
    TransientError,
)
from creatorkit.models import Account, Harvest, MetricSample, Post, Profile

PLATFORM = "tiktok"
READ = Reader(PLATFORM)
USER_FIELDS = (
    "open_id,union_id,avatar_url,display_name,bio_description,profile_deep_link,is_verified,"
    "follower_count,following_count,likes_count,video_count"
)
VIDEO_FIELDS = (
    "id,title,video_description,create_time,duration,cover_image_url,share_url,"
    "view_count,like_count,comment_count,share_count"
)
PAGE_SIZE = 20
MAX_POSTS = 200
#: pages one fetch may read (pages may hold fewer than PAGE_SIZE: hidden videos)
MAX_PAGES = 2 * MAX_POSTS // PAGE_SIZE
#: refresh the access token when it has less than this left
EXPIRY_MARGIN = timedelta(minutes=5)
#: no rate-limit header is documented; back off at least this long (§3.5)
RATE_LIMIT_WAIT_S = 60.0
USER_METRICS = {
    "followers": "follower_count", "following": "following_count",
    "total_likes": "likes_count", "video_count": "video_count",
}
API_ERRORS = {
    "access_token_invalid": AuthExpired,
    "scope_not_authorized": PermissionMissing,
    "scope_permission_missed": PermissionMissing,
    "internal_error": TransientError,
    # §9.2 files invalid_params under "not found" (ids the token's user does not own)
    "invalid_params": ResourceNotFound,
}
OAUTH_ERRORS = {
    "invalid_grant": AuthExpired,
    "access_denied": PermissionMissing,
    "invalid_scope": PermissionMissing,
    "temporarily_unavailable": TransientError,
}


def classify(response, payload) -> ConnectorError | None:
    """Map both TikTok error shapes (the API envelope and the flat OAuth body), the
    HTTP status first: a 429 or 5xx is a wait whatever its body says."""
    error = payload.get("error") if isinstance(payload, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    if response.status_code == 429 or code == "rate_limit_exceeded":
        wait = retry_after_seconds(response.headers)
        return RateLimited(PLATFORM, "rate_limit_exceeded",
                           retry_after=RATE_LIMIT_WAIT_S if wait is None else wait)
    if response.status_code >= 500:
        said = error if isinstance(error, str) else code
        return TransientError(PLATFORM, f"HTTP {response.status_code}: {said or 'no message'}")
    if isinstance(error, str) and error:
        text = f"{error}: {payload.get('error_description') or 'token request refused'}"
        return OAUTH_ERRORS.get(error, AuthInvalid)(PLATFORM, text)
    if code in (None, "ok"):
        return None
    text = f"{code}: {error.get('message') or 'no message'}"
    if code in API_ERRORS:
        return API_ERRORS[code](PLATFORM, text)
    return BadPayload(PLATFORM, text) if response.status_code < 400 else None


def _field(mapping: Any, key: str, what: str) -> Any:
    if not isinstance(mapping, dict) or mapping.get(key) is None:
        raise BadPayload(PLATFORM, f"{what} has no {key!r}")
    return mapping[key]


def _number(mapping: Any, key: str, what: str, **options: Any) -> int:
    return READ.count(_field(mapping, key, what), f"{what} {key}", **options)


def parse_user(payload: Any, today: date) -> tuple[Profile, tuple[MetricSample, ...]]:
    """``/v2/user/info/`` → profile and today's counts (only those the response holds)."""
    user = _field(_field(payload, "data", "user info"), "user", "user info data")
    profile = Profile(
        external_id=user.get("open_id"), username=user.get("username"),
        display_name=user.get("display_name"), avatar_url=user.get("avatar_url"),
        bio=user.get("bio_description") or None, url=user.get("profile_deep_link"),
    )
    metrics = tuple(
        MetricSample(metric, today, float(value))
        for metric, key in USER_METRICS.items()
        if (value := READ.count(user.get(key), key)) is not None
    )
    return profile, metrics


def parse_video(video: Any) -> Post:
    return Post(
        post_id=str(_field(video, "id", "video")), kind="video",
        published_at=READ.instant(_field(video, "create_time", "video"), "video create_time"),
        permalink=video.get("share_url"),
        title=video.get("title") or video.get("video_description") or None,
        thumbnail_url=video.get("cover_image_url"), views=READ.count(video.get("view_count"), "view_count"),
        likes=READ.count(video.get("like_count"), "like_count"),
        comments=READ.count(video.get("comment_count"), "comment_count"),
        shares=READ.count(video.get("share_count"), "share_count"),
        duration_s=READ.count(video.get("duration"), "duration"),
    )


def parse_video_page(payload: Any) -> tuple[list[Post], int | None]:
    """``/v2/video/list/`` → posts and the cursor of the next page (None when done)."""
    data = _field(payload, "data", "video list")
    videos = _field(data, "videos", "video list data")
    if not isinstance(videos, list):
        raise BadPayload(PLATFORM, "video list data has a 'videos' that is not a list")
    posts = [parse_video(video) for video in videos]
    if not data.get("has_more"):
        return posts, None
    return posts, _number(data, "cursor", "video list data")


def _instant(value: Any, what: str) -> datetime | None:
    """A stored credential's expiry (epoch seconds or ISO text), None when unknown."""
    return None if value in (None, "") else READ.instant(value, what)


def parse_token(payload: Any, previous: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """Token response → new credentials; lifetimes come from this response."""
    expires_in = _number(payload, "expires_in", "token response", limit=MAX_LIFETIME_S)
    credentials = {
        **previous,
        "access_token": _field(payload, "access_token", "token response"),
        "expires_at": (now + timedelta(seconds=expires_in)).isoformat(timespec="seconds"),
    }
    if payload.get("refresh_token"):
        credentials["refresh_token"] = payload["refresh_token"]
    if payload.get("refresh_expires_in") is not None:
        lifetime = _number(payload, "refresh_expires_in", "token response", limit=MAX_LIFETIME_S)
        refresh_at = now + timedelta(seconds=lifetime)
        credentials["refresh_expires_at"] = refresh_at.isoformat(timespec="seconds")
    return credentials


class _Session:
    """One fetch's tokens: refreshes at most once and remembers whether they rotated."""

    def __init__(self, connector: TikTokConnector, client: HttpClient, credentials):
        if not credentials or not credentials.get("access_token"):
            raise AuthInvalid(PLATFORM, "the account is not connected (no access token)")
        self.connector, self.client = connector, client
        self.credentials = dict(credentials)
        self.rotated = False

    def ensure_fresh(self) -> None:
        expires_at = _instant(self.credentials.get("expires_at"), "expires_at")
        if expires_at is not None and expires_at - self.connector.now() < EXPIRY_MARGIN:
            self.refresh()

    def refresh(self) -> None:
        settings, now = self.connector.settings, self.connector.now()
        refresh_token = self.credentials.get("refresh_token")
        refresh_expires_at = _instant(self.credentials.get("refresh_expires_at"), "refresh_expires_at")
        if not refresh_token or (refresh_expires_at is not None and refresh_expires_at <= now):
            raise AuthExpired(PLATFORM, "the refresh token has expired: reconnect the account")
        if not settings.get("TIKTOK_CLIENT_KEY") or not settings.get("TIKTOK_CLIENT_SECRET"):
            raise ConfigError("TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET are needed to refresh "
                              "TikTok tokens.")
        payload = self.client.post(
            f"{settings['TIKTOK_AUTH_BASE']}/oauth/token/", platform=PLATFORM, classify=classify,
            data={"client_key": settings["TIKTOK_CLIENT_KEY"],
                  "client_secret": settings["TIKTOK_CLIENT_SECRET"],
                  "grant_type": "refresh_token", "refresh_token": refresh_token},
        )
        self.credentials = parse_token(payload, self.credentials, now)
        self.rotated = True

    def call(self, method: str, path: str, fields: str, **kwargs: Any) -> Any:
        """An API call; an invalid access token is refreshed once, then the call retried."""
        try:
            return self._send(method, path, fields, kwargs)
        except AuthExpired:
            if self.rotated:
                raise
            self.refresh()
        return self._send(method, path, fields, kwargs)

    def _send(self, method: str, path: str, fields: str, kwargs: dict[str, Any]) -> Any:
        return self.client.request(
            method, f"{self.connector.settings['TIKTOK_API_BASE']}{path}", platform=PLATFORM,
            classify=classify, params={"fields": fields},
            headers={"Authorization": f"Bearer {self.credentials['access_token']}"}, **kwargs,
        )


@register
class TikTokConnector(Connector):
    name = "tiktok"
    platform = PLATFORM
    label = "TikTok"
    credentials = "oauth"
    source = "api"

    def fetch(self, account: Account, client: HttpClient, since: date | None) -> Harvest:
        calls_before = client.calls
        session = _Session(self, client, account.credentials)
        try:
            session.ensure_fresh()
            profile, metrics = parse_user(session.call("GET", "/user/info/", USER_FIELDS),
                                          self.now().date())
            posts = self._videos(session, since)
        except ConnectorError as exc:
            if session.rotated:
                exc.credentials = session.credentials
            raise
        return Harvest(
            source="api", profile=profile, metrics=metrics, posts=tuple(posts),
            calls=client.calls - calls_before,
            credentials=session.credentials if session.rotated else None,
        )

    def _videos(self, session: _Session, since: date | None) -> list[Post]:
        posts: list[Post] = []
        cursor: int | None = None
        seen: set[int] = set()
        for _ in range(MAX_PAGES):
            body = {"max_count": PAGE_SIZE} if cursor is None else \
                {"max_count": PAGE_SIZE, "cursor": cursor}
            page, next_cursor = parse_video_page(
                session.call("POST", "/video/list/", VIDEO_FIELDS, json=body))
            posts.extend(page)
            reached_since = since is not None and any(p.published_at.date() < since for p in page)
            if next_cursor is None or next_cursor in seen or not page or reached_since \
                    or len(posts) >= MAX_POSTS:
                break
            seen.add(next_cursor)
            cursor = next_cursor
        return posts[:MAX_POSTS]
