"""A fake TikTok: Display API v2 (user info, video list) and the OAuth v2 token endpoint.

Stateful like the real one (reference §3): access tokens expire, refresh tokens rotate
(a used one stops working), the video list pages by a millisecond cursor and may
return fewer than ``max_count`` videos while ``has_more`` is still true (one video is
hidden, as trust & safety filtering does). Faults touch the API, not the token endpoint.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import ClassVar

from tests.fakes.base import FakeServer, Request, Response, json_response

DAY_S = 86_400
FIRST_VIDEO_AT = 1_762_102_809  # 2025-11-02T17:00:09Z, the newest video
OPEN_ID = "-000Zp4Gk0xUq1aBcD2eFgH3iJkLmNoPqRsT"


def envelope(data, code: str = "ok", message: str = "", status: int = 200, **headers) -> Response:
    error = {"code": code, "message": message, "log_id": "20261123061244A1B2C3D4E5F6A7B8C9D0"}
    return json_response({"data": data, "error": error}, status, **headers)


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


USER = {
    "open_id": OPEN_ID, "union_id": "c9d1e2f3-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
    "avatar_url": "https://p16-sign-va.tiktokcdn.com/avatar.jpeg",
    "display_name": "Acme Cooking", "bio_description": "15-minute dinners",
    "profile_deep_link": "https://vm.tiktok.com/ZMabc123/", "is_verified": False,
    "follower_count": 241877, "following_count": 102, "likes_count": 5310422, "video_count": 46,
}


class FakeTikTok(FakeServer):
    platform = "tiktok"
    connector = "tiktok"
    supported_faults = ("expired_token", "rate_limited", "server_error", "timeout",
                        "malformed_json", "missing_field", "second_page_fails")
    client_key, client_secret = "fake-client-key", "fake-client-secret"
    #: with the default videos (46, one of them hidden by the platform)
    expected: ClassVar[dict] = {"followers": 241877, "posts": 45}

    def __init__(self, videos: int = 46, hidden: tuple[int, ...] = (3,),
                 access_lifetime_s: int = 7200, refresh_lifetime_s: int = 180 * DAY_S, **kwargs):
        super().__init__(**kwargs)
        self.access_lifetime_s, self.refresh_lifetime_s = access_lifetime_s, refresh_lifetime_s
        self.videos = [self.video(n) for n in range(videos)]
        self.hidden = {str(7433829011223344556 - n) for n in hidden}
        self.access_tokens: dict[str, float] = {}  # token → expiry (epoch seconds)
        self.refresh_tokens: dict[str, float] = {}
        self._serial = itertools.count(1)
        self._seed = self.issue()
        #: headers of the "rate_limited" answer (the real one documents none)
        self.rate_limit_headers: dict[str, str] = {}

    @staticmethod
    def video(n: int) -> dict:
        video_id = str(7433829011223344556 - n)
        return {
            "id": video_id, "title": f"Dinner #{n}", "video_description": f"Dinner #{n} #easyrecipes",
            "create_time": FIRST_VIDEO_AT - n * DAY_S, "duration": 30 + n,
            "cover_image_url": f"https://p16-sign.tiktokcdn-us.com/obj/{video_id}.jpeg",
            "share_url": f"https://www.tiktok.com/@acmecooking/video/{video_id}",
            "view_count": 1000 * (n + 1), "like_count": 100 * (n + 1), "comment_count": n,
            "share_count": 2 * n,
        }

    def issue(self) -> dict:
        """A new token pair, as the credentials a connect flow would store."""
        serial, now = next(self._serial), self.epoch()
        access, refresh = f"act.fake-access-{serial:04d}", f"rft.fake-refresh-{serial:04d}"
        self.access_tokens[access] = now + self.access_lifetime_s
        self.refresh_tokens[refresh] = now + self.refresh_lifetime_s
        return {"access_token": access, "refresh_token": refresh,
                "expires_at": iso(now + self.access_lifetime_s),
                "refresh_expires_at": iso(now + self.refresh_lifetime_s)}

    def expire_access_tokens(self) -> None:
        self.access_tokens = dict.fromkeys(self.access_tokens, 0.0)

    def settings(self) -> dict:
        return {"TIKTOK_API_BASE": f"{self.base_url}/v2", "TIKTOK_AUTH_BASE": f"{self.base_url}/v2",
                "TIKTOK_CLIENT_KEY": self.client_key, "TIKTOK_CLIENT_SECRET": self.client_secret,
                "CLOCK": self.clock}

    def seed_account(self) -> dict:
        return {"ref": "acmecooking", "credentials": dict(self._seed)}

    def handle(self, request: Request) -> Response:
        if request.path == "/v2/oauth/token/":
            return self.token(request.form())
        fault = self.fault_response(request)
        if fault is not None:
            return fault
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if self.access_tokens.get(token, 0.0) <= self.epoch():
            return envelope({}, "access_token_invalid",
                            "The access token is invalid or not found in the request.", 401)
        if request.path == "/v2/user/info/" and request.method == "GET":
            return self.user_info(request)
        if request.path == "/v2/video/list/" and request.method == "POST":
            return self.video_list(request)
        return json_response({"error": "not found"}, 404)

    def fault_response(self, request: Request) -> Response | None:
        if self.fault == "expired_token":
            return envelope({}, "access_token_invalid",
                            "The access token is invalid or not found in the request.", 401)
        if self.fault == "rate_limited":
            return envelope({}, "rate_limit_exceeded", "Rate limit exceeded.", 429,
                            **self.rate_limit_headers)
        if self.fault == "server_error" or (
                self.fault == "second_page_fails" and "cursor" in request.body.decode()):
            return envelope({}, "internal_error", "Something went wrong.", 500)
        if self.fault == "malformed_json":
            return Response(200, raw=b"<html>upstream gateway</html>")
        return None

    def user_info(self, request: Request) -> Response:
        fields = (request.arg("fields") or "").split(",")
        unknown = [name for name in fields if name not in USER]
        if unknown:
            return envelope({}, "invalid_params", f"Invalid fields: {','.join(unknown)}", 400)
        if self.fault == "missing_field":
            return envelope({})
        return envelope({"user": {name: USER[name] for name in fields}})

    def video_list(self, request: Request) -> Response:
        body = request.json()
        max_count = body.get("max_count", 10)
        if not 1 <= max_count <= 20:
            return envelope({}, "invalid_params", "max_count must be between 1 and 20.", 400)
        cursor = body.get("cursor")
        older = [v for v in self.videos if cursor is None or v["create_time"] * 1000 < cursor]
        page = older[:max_count]
        fields = (request.arg("fields") or "").split(",")
        return envelope({
            "videos": [{name: v[name] for name in fields if name in v}
                       for v in page if v["id"] not in self.hidden],
            "cursor": page[-1]["create_time"] * 1000 if page else 0,
            "has_more": len(older) > max_count,
        })

    def token(self, form: dict) -> Response:
        if (form.get("client_key"), form.get("client_secret")) != (self.client_key, self.client_secret):
            return json_response({"error": "invalid_client",
                                  "error_description": "Client key or secret is invalid."}, 401)
        refresh = form.get("refresh_token")
        if form.get("grant_type") != "refresh_token" or \
                self.refresh_tokens.pop(refresh, 0.0) <= self.epoch():
            return json_response({"error": "invalid_grant",
                                  "error_description": "Refresh token is invalid or expired.",
                                  "log_id": "20261123061300D4E5F6A7B8C9D0E1F2A3"}, 400)
        pair = self.issue()
        return json_response({
            "access_token": pair["access_token"], "expires_in": self.access_lifetime_s,
            "open_id": OPEN_ID, "refresh_token": pair["refresh_token"],
            "refresh_expires_in": self.refresh_lifetime_s,
            "scope": "user.info.basic,user.info.profile,user.info.stats,video.list",
            "token_type": "Bearer",
        })
