"""The fake YouTube's world and its documented answers (reference/platform-apis.md §1).

Channels and videos (made by ``make_channel``: deterministic ids, counts, durations,
one private upload in 25), the credentials the fake accepts, and the Google error
bodies each fault renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fakes.base import Response, json_response

API_KEY = "AIzaSyFakeCreatorkitKey0123456789abcde"
CLIENT_ID = "fake-client.apps.googleusercontent.com"
CLIENT_SECRET = "fake-client-secret"
REFRESH_TOKEN = "1//fake-refresh-token-creatorkit"
TOKEN_LIFETIME_S = 3599
NEWEST_UPLOAD = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)
QUOTA_MESSAGE = ("The request cannot be completed because you have exceeded your "
                 "<a href=\"/youtube/v3/getting-started#quota\">quota</a>.")
AGE_GENDER_ROWS = [
    ["age18-24", "female", 9.4], ["age18-24", "male", 12.1], ["age25-34", "female", 18.7],
    ["age25-34", "male", 24.3], ["age35-44", "female", 11.0], ["age35-44", "male", 13.2],
    ["age45-54", "male", 6.8], ["age65-", "user_specified", 0.2],
]
COUNTRY_ROWS = [["GB", 52110, 181420, 209], ["US", 40233, 120998, 180], ["IE", 6021, 21876, 218]]


def google_error(status: int, message: str, reason: str, domain: str = "global",
                 grpc: str | None = None, **extra: Any) -> Response:
    """The Google error envelope (§1.6) with one ``errors[]`` entry."""
    error: dict[str, Any] = {"code": status, "message": message,
                             "errors": [{"message": message, "domain": domain, "reason": reason}]}
    error["errors"][0].update(extra.pop("where", {}))
    if grpc:
        error["status"] = grpc
    error.update(extra)
    return json_response({"error": error}, status)


def key_invalid() -> Response:
    message = "API key not valid. Please pass a valid API key."
    return google_error(400, message, "badRequest", grpc="INVALID_ARGUMENT", details=[{
        "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
        "domain": "googleapis.com", "metadata": {"service": "youtube.googleapis.com"}}])


def auth_error() -> Response:
    return google_error(
        401, "Request had invalid authentication credentials. Expected OAuth 2 access token, "
        "login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project.",
        "authError", grpc="UNAUTHENTICATED",
        where={"message": "Invalid Credentials", "location": "Authorization", "locationType": "header"})


FAULT_RESPONSES = {
    "rate_limited": lambda: google_error(403, "Rate Limit Exceeded", "rateLimitExceeded", "usageLimits"),
    "quota": lambda: google_error(403, QUOTA_MESSAGE, "quotaExceeded", "youtube.quota"),
    "server_error": lambda: google_error(500, "Backend Error", "backendError"),
    "malformed_json": lambda: Response(200, raw=b'{"kind": "youtube#channelListResponse", "items": ['),
}


@dataclass
class FakeVideo:
    video_id: str
    title: str
    published_at: datetime
    duration_s: int
    views: int
    likes: int | None
    comments: int
    private: bool = False


@dataclass
class FakeChannel:
    channel_id: str
    handle: str
    title: str
    subscribers: int
    views: int
    country: str = "GB"
    hidden: bool = False
    videos: list[FakeVideo] = field(default_factory=list)  # newest first

    @property
    def uploads(self) -> str:
        return "UU" + self.channel_id[2:]


def make_channel(index: int, videos: int) -> FakeChannel:
    channel = FakeChannel(f"UC{index:022d}", f"@creator{index}", f"Creator {index}",
                          subscribers=1200 * (index + 1), views=90_000 * (index + 1))
    for j in range(videos):
        channel.videos.append(FakeVideo(
            f"v{index:04d}{j:06d}", f"Video {j} of creator {index}",
            NEWEST_UPLOAD - timedelta(days=j), duration_s=45 if j % 3 == 0 else 600 + j,
            views=1000 + 10 * j, likes=None if j % 10 == 9 else 50 + j, comments=j % 7,
            private=j % 25 == 1))
    return channel


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
