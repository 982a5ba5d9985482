"""A fake Twitch: Helix (users, channels/followers, videos, streams) and app tokens.

Stateful like the real one (reference §4): app tokens come from client credentials
and can be expired (``expire_tokens``), videos page by an opaque ``after`` cursor,
every Helix answer carries ``Ratelimit-*`` headers, and the channel is live (or not:
``live = False``). Errors use Helix's ``{"error", "status", "message"}`` envelope.
Faults touch Helix, not the token endpoint.
"""

from __future__ import annotations

import base64
import itertools
import json
from datetime import UTC, datetime
from typing import ClassVar

from tests.fakes.base import FakeServer, Request, Response, json_response

USER = {
    "id": "418276501", "login": "acmecooking", "display_name": "AcmeCooking", "type": "",
    "broadcaster_type": "affiliate", "description": "Live cooking every Tuesday 7pm GMT",
    "profile_image_url": "https://static-cdn.jtvnw.net/jtv_user_pictures/acme-profile_image-300x300.png",
    "offline_image_url": "", "view_count": 0, "created_at": "2019-05-21T18:03:11Z",
}
NEWEST_VIDEO_AT = 1_763_492_441  # 2025-11-18T19:00:41Z
KINDS = ("archive", "highlight", "upload")
RATE_LIMIT = 800


def stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def helix_error(status: int, reason: str, message: str, **headers: str) -> Response:
    return json_response({"error": reason, "status": status, "message": message}, status, **headers)


def encode_cursor(offset: int) -> str:
    raw = json.dumps({"b": None, "a": {"Offset": offset}}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    padded = cursor + "=" * (-len(cursor) % 4)
    return json.loads(base64.urlsafe_b64decode(padded))["a"]["Offset"]


class FakeTwitch(FakeServer):
    platform = "twitch"
    connector = "twitch"
    supported_faults = ("expired_token", "rate_limited", "server_error", "timeout",
                        "malformed_json", "missing_field", "second_page_fails")
    client_id, client_secret = "wbmytr93xzw8zbg0p1izqyzzc5mbiz", "fake-client-secret"
    followers = 15342
    viewer_count = 412
    #: with the defaults: 130 videos and the live stream
    expected: ClassVar[dict] = {"followers": 15342, "posts": 131}

    def __init__(self, videos: int = 130, live: bool = True, token_lifetime_s: int = 5_011_271,
                 **kwargs):
        super().__init__(**kwargs)
        self.videos = [self.video(n) for n in range(videos)]
        self.live, self.token_lifetime_s = live, token_lifetime_s
        self.tokens: dict[str, float] = {}  # app token → expiry (epoch seconds)
        self.remaining = RATE_LIMIT
        #: what ``Ratelimit-Reset`` says instead of "in a minute" (an epoch in seconds)
        self.reset_header: str | None = None
        self._serial = itertools.count(1)

    @staticmethod
    def video(n: int) -> dict:
        kind = KINDS[n % 3]
        published = stamp(NEWEST_VIDEO_AT - n * 86_400)
        return {
            "id": str(2301477702 - n), "stream_id": str(41234567890 - n) if kind == "archive" else None,
            "user_id": USER["id"], "user_login": USER["login"], "user_name": USER["display_name"],
            "title": f"Cooking live #{n}", "description": "", "created_at": published,
            "published_at": published, "url": f"https://www.twitch.tv/videos/{2301477702 - n}",
            "thumbnail_url": f"https://static-cdn.jtvnw.net/cf_vods/abc/{n}/thumb0-%{{width}}x%{{height}}.jpg",
            "viewable": "public", "view_count": 10 * n, "language": "en", "type": kind,
            "duration": f"{n // 60}h{n % 60}m3s" if n >= 60 else f"{n}m3s", "muted_segments": None,
        }

    def expire_tokens(self) -> None:
        self.tokens = dict.fromkeys(self.tokens, 0.0)

    def settings(self) -> dict:
        return {"TWITCH_API_BASE": f"{self.base_url}/helix", "TWITCH_AUTH_BASE": self.base_url,
                "TWITCH_CLIENT_ID": self.client_id, "TWITCH_CLIENT_SECRET": self.client_secret,
                "CLOCK": self.clock}

    def seed_account(self) -> dict:
        return {"ref": USER["login"], "credentials": None}

    def handle(self, request: Request) -> Response:
        if request.path == "/oauth2/token" and request.method == "POST":
            return self.token(request.form())
        response = self.helix(request)
        self.remaining = max(0, self.remaining - 1)
        response.headers.update({"Ratelimit-Limit": str(RATE_LIMIT),
                                 "Ratelimit-Remaining": str(self.remaining),
                                 "Ratelimit-Reset": self.reset_header or str(int(self.epoch()) + 60)})
        return response

    def helix(self, request: Request) -> Response:
        fault = self.fault_response(request)
        if fault is not None:
            return fault
        if request.headers.get("client-id") != self.client_id:
            return helix_error(401, "Unauthorized", "Client ID is missing")
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if self.tokens.get(token, 0.0) <= self.epoch():
            return helix_error(401, "Unauthorized", "Invalid OAuth token")
        routes = {"/helix/users": self.users, "/helix/channels/followers": self.channel_followers,
                  "/helix/videos": self.list_videos, "/helix/streams": self.streams}
        route = routes.get(request.path)
        return route(request) if route else helix_error(404, "Not Found", "")

    def fault_response(self, request: Request) -> Response | None:
        if self.fault == "expired_token":
            return helix_error(401, "Unauthorized", "Invalid OAuth token")
        if self.fault == "rate_limited":
            self.remaining = 0
            return helix_error(429, "Too Many Requests", "Request limit exceeded")
        if self.fault == "server_error" or (self.fault == "second_page_fails" and request.arg("after")):
            return helix_error(500, "Internal Server Error", "")
        if self.fault == "malformed_json":
            return Response(200, raw=b"<html>502 Bad Gateway</html>")
        return None

    def users(self, request: Request) -> Response:
        wanted = set(request.query.get("id", [])) | set(request.query.get("login", []))
        if not wanted:
            return helix_error(400, "Bad Request", "Must provide an ID, Login or OAuth Token")
        found = [dict(USER)] if wanted & {USER["id"], USER["login"]} else []
        if self.fault == "missing_field":
            for user in found:
                del user["id"]
        return json_response({"data": found})

    def channel_followers(self, request: Request) -> Response:
        broadcaster = request.arg("broadcaster_id")
        if not broadcaster:
            return helix_error(400, "Bad Request", 'Missing required parameter "broadcaster_id"')
        total = self.followers if broadcaster == USER["id"] else 0
        return json_response({"total": total, "data": [], "pagination": {}})

    def list_videos(self, request: Request) -> Response:
        first = int(request.arg("first", "20"))
        if not 1 <= first <= 100:
            return helix_error(400, "Bad Request", 'The parameter "first" was malformed')
        mine = self.videos if request.arg("user_id") == USER["id"] else []
        offset = decode_cursor(request.arg("after")) if request.arg("after") else 0
        page = mine[offset:offset + first]
        more = offset + first < len(mine)
        return json_response({"data": page,
                              "pagination": {"cursor": encode_cursor(offset + first)} if more else {}})

    def streams(self, request: Request) -> Response:
        if not (self.live and USER["id"] in request.query.get("user_id", [])):
            return json_response({"data": [], "pagination": {}})
        return json_response({"data": [{
            "id": "41298765432", "user_id": USER["id"], "user_login": USER["login"],
            "user_name": USER["display_name"], "game_id": "509658", "game_name": "Just Chatting",
            "type": "live", "title": "Ramen from scratch", "tags": ["English", "Cooking"],
            "viewer_count": self.viewer_count, "started_at": "2026-11-23T19:00:12Z",
            "language": "en",
            "thumbnail_url": "https://static-cdn.jtvnw.net/previews-ttv/live_user_acmecooking-{width}x{height}.jpg",
            "tag_ids": [], "is_mature": False,
        }], "pagination": {}})

    def token(self, form: dict) -> Response:
        if form.get("client_id") != self.client_id:
            return json_response({"status": 400, "message": "invalid client"}, 400)
        if form.get("client_secret") != self.client_secret:
            return json_response({"status": 403, "message": "invalid client secret"}, 403)
        if form.get("grant_type") != "client_credentials":
            return json_response({"status": 400, "message": "unsupported grant type"}, 400)
        token = f"fakeapptoken{next(self._serial):06d}"
        self.tokens[token] = self.epoch() + self.token_lifetime_s
        return json_response({"access_token": token, "expires_in": self.token_lifetime_s,
                              "token_type": "bearer"})
