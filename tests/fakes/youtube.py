"""A fake YouTube: Data API v3, Analytics v2 reports and the Google OAuth token endpoint.

Stateful, like the real service (reference/platform-apis.md §1): channels with
uploads playlists and videos (some private), the operator's API key, the access
tokens it issued and when they expire, and a daily quota that every Data API request
spends (1 unit, refused ones too) until it answers 403 ``quotaExceeded``. Counts are
JSON strings, playlist pages carry ``nextPageToken``, an unknown channel is a 200
without ``items``, and each fault answers with the documented body and status.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from typing import Any

from tests.fakes.base import FAULTS, FakeServer, Request, Response, json_response
from tests.fakes.youtube_world import (
    AGE_GENDER_ROWS,
    API_KEY,
    CLIENT_ID,
    CLIENT_SECRET,
    COUNTRY_ROWS,
    FAULT_RESPONSES,
    REFRESH_TOKEN,
    TOKEN_LIFETIME_S,
    FakeChannel,
    FakeVideo,
    auth_error,
    google_error,
    iso,
    key_invalid,
    make_channel,
)


class FakeYouTube(FakeServer):
    """``FakeYouTube(channels=3, videos_per_channel=60)``; channel 0 is the seed and OAuth user."""

    platform = "youtube"
    connector = "youtube"
    supported_faults = FAULTS

    def __init__(self, channels: int = 3, videos_per_channel: int = 60, latency_s: float = 0.0,
                 *, daily_quota: int = 10_000, oauth: bool = False,
                 now: Callable[[], datetime] | None = None):
        super().__init__(latency_s, now)
        self.oauth, self.daily_quota, self.quota_used = oauth, daily_quota, 0
        self.channels = {c.channel_id: c for c in (make_channel(i, videos_per_channel)
                                                   for i in range(channels))}
        self.owner = next(iter(self.channels.values()))
        self.video_index = {v.video_id: (c, v) for c in self.channels.values() for v in c.videos}
        self.tokens: dict[str, float] = {}
        self.refresh_tokens = {REFRESH_TOKEN}
        self.deleted_playlists: set[str] = set()  # listed by their channel, answering 404

    # -- what the tests and the contract read -------------------------------------------

    def settings(self) -> dict[str, Any]:
        return {"YOUTUBE_API_BASE": self.base_url + "/youtube/v3",
                "YOUTUBE_ANALYTICS_API_BASE": self.base_url + "/v2",
                "YOUTUBE_AUTH_BASE": self.base_url, "YOUTUBE_API_KEY": API_KEY,
                "YOUTUBE_CLIENT_ID": CLIENT_ID, "YOUTUBE_CLIENT_SECRET": CLIENT_SECRET,
                "CLOCK": self.clock}

    def issue_token(self, lifetime_s: float = TOKEN_LIFETIME_S) -> str:
        token = f"ya29.fake-{len(self.tokens) + 1}"
        self.tokens[token] = self.epoch() + lifetime_s
        return token

    def seed_account(self) -> dict[str, Any]:
        if not self.oauth:
            return {"ref": self.owner.channel_id, "credentials": None}
        return {"ref": self.owner.channel_id, "credentials": {
            "access_token": self.issue_token(), "refresh_token": REFRESH_TOKEN,
            "expires_at": int(self.epoch()) + TOKEN_LIFETIME_S}}

    @property
    def expected(self) -> dict[str, int]:
        public = [video for video in self.owner.videos if not video.private]
        return {"followers": self.owner.subscribers, "posts": min(200, len(public))}

    # -- dispatch -----------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.path == "/token" and request.method == "POST":
            return self.token(request)
        if request.path == "/v2/reports":
            return self.guard(request, spend=False) or self.reports(request)
        endpoint = request.path.removeprefix("/youtube/v3/")
        routes = {"channels": self.channels_list, "playlistItems": self.playlist_items,
                  "videos": self.videos_list}
        if endpoint not in routes:
            return google_error(404, "Not Found", "notFound")
        return self.guard(request, spend=True) or routes[endpoint](request)

    def bearer(self, request: Request) -> str | None:
        value = request.headers.get("authorization", "")
        return value.removeprefix("Bearer ") if value.startswith("Bearer ") else None

    def guard(self, request: Request, spend: bool) -> Response | None:
        """Faults, quota and credentials, in the order Google applies them."""
        token = self.bearer(request)
        if self.fault == "expired_token":
            return auth_error() if token or not spend else key_invalid()
        if self.fault in FAULT_RESPONSES:
            return FAULT_RESPONSES[self.fault]()
        if spend:
            if self.quota_used >= self.daily_quota:
                return FAULT_RESPONSES["quota"]()
            self.quota_used += 1
        if token is not None:
            return None if self.tokens.get(token, 0) > self.epoch() else auth_error()
        if not spend:
            return google_error(401, "Request is missing required authentication credential.",
                                "required", where={"message": "Login Required.",
                                                   "location": "Authorization", "locationType": "header"})
        key = request.arg("key")
        if key is None:
            return google_error(403, "The request is missing a valid API key.", "forbidden",
                                grpc="PERMISSION_DENIED")
        return None if key == API_KEY else key_invalid()

    # -- Data API -----------------------------------------------------------------------

    def channels_list(self, request: Request) -> Response:
        if request.arg("mine") == "true":
            if self.bearer(request) is None:
                message = "The request uses the <code>mine</code> parameter but is not properly authorized."
                return google_error(401, message, "authorizationRequired", "youtube.parameter",
                                    where={"location": "mine", "locationType": "parameter"})
            found = [self.owner]
        elif request.arg("forHandle"):
            handle = "@" + request.arg("forHandle", "").removeprefix("@").lower()
            found = [c for c in self.channels.values() if c.handle.lower() == handle]
        elif request.arg("id"):
            ids = request.arg("id", "").split(",")
            if len(ids) > 50:
                return google_error(400, "Too many ids.", "invalidFilters", "youtube.parameter")
            found = [self.channels[i] for i in ids if i in self.channels]
        else:
            return google_error(400, "No filter selected.", "missingRequiredParameter",
                                "youtube.parameter")
        parts = set(request.arg("part", "").split(","))
        return self.listing("channel", [self.channel_item(c, parts) for c in found])

    def channel_item(self, channel: FakeChannel, parts: set[str]) -> dict[str, Any]:
        item: dict[str, Any] = {"kind": "youtube#channel", "etag": f"etag-{channel.channel_id}",
                                "id": channel.channel_id}
        if "snippet" in parts:
            item["snippet"] = {
                "title": channel.title, "description": f"Videos by {channel.title}.",
                "customUrl": channel.handle.lower(), "publishedAt": "2017-03-14T09:12:45Z",
                "thumbnails": {"high": {"url": f"https://yt3.ggpht.com/{channel.channel_id}=s800",
                                        "width": 800, "height": 800}},
                "country": channel.country}
        if "contentDetails" in parts:
            item["contentDetails"] = {"relatedPlaylists": {"likes": "", "uploads": channel.uploads}}
        if "statistics" in parts and self.fault != "missing_field":
            statistics = {"viewCount": str(channel.views), "hiddenSubscriberCount": channel.hidden,
                          "videoCount": str(sum(not v.private for v in channel.videos))}
            if not channel.hidden:
                statistics["subscriberCount"] = str(channel.subscribers)
            item["statistics"] = statistics
        return item

    def playlist_items(self, request: Request) -> Response:
        playlist = request.arg("playlistId")
        channel = next((c for c in self.channels.values() if c.uploads == playlist), None)
        if channel is None or playlist in self.deleted_playlists:
            message = ("The playlist identified with the request's <code>playlistId</code> "
                       "parameter cannot be found.")
            return google_error(404, message, "playlistNotFound", "youtube.playlistItem",
                                where={"location": "playlistId", "locationType": "parameter"})
        token = request.arg("pageToken")
        if token and self.fault == "second_page_fails":
            return FAULT_RESPONSES["server_error"]()
        try:
            start = int(base64.urlsafe_b64decode(token).decode().removeprefix("offset:")) if token else 0
        except ValueError:
            return google_error(400, "The request specifies an invalid page token.", "invalidPageToken",
                                "youtube.parameter")
        size = min(50, int(request.arg("maxResults", "5")))
        page = channel.videos[start:start + size]
        items = [self.playlist_item(channel, video, start + n) for n, video in enumerate(page)]
        extra = {}
        if start + size < len(channel.videos):
            extra["nextPageToken"] = base64.urlsafe_b64encode(f"offset:{start + size}".encode()).decode()
        return self.listing("playlistItem", items, total=len(channel.videos), **extra)

    def playlist_item(self, channel: FakeChannel, video: FakeVideo, position: int) -> dict[str, Any]:
        details = {"videoId": video.video_id}
        if not video.private:
            details["videoPublishedAt"] = iso(video.published_at)
        return {"kind": "youtube#playlistItem", "etag": f"etag-pi-{video.video_id}",
                "id": f"pi-{video.video_id}", "contentDetails": details,
                "snippet": {"publishedAt": iso(video.published_at), "channelId": channel.channel_id,
                            "title": "Private video" if video.private else video.title,
                            "playlistId": channel.uploads, "position": position,
                            "resourceId": {"kind": "youtube#video", "videoId": video.video_id}},
                "status": {"privacyStatus": "private" if video.private else "public"}}

    def videos_list(self, request: Request) -> Response:
        ids = request.arg("id", "").split(",")
        if len(ids) > 50:
            return google_error(400, "Too many ids.", "invalidFilters", "youtube.parameter")
        owned = self.bearer(request) is not None
        by_id = self.video_index
        items = [self.video_item(*by_id[i]) for i in ids
                 if i in by_id and ((owned and by_id[i][0] is self.owner) or not by_id[i][1].private)]
        return self.listing("video", items)

    def video_item(self, channel: FakeChannel, video: FakeVideo) -> dict[str, Any]:
        minutes, seconds = divmod(video.duration_s, 60)
        statistics = {"viewCount": str(video.views), "favoriteCount": "0",
                      "commentCount": str(video.comments)}
        if video.likes is not None:
            statistics["likeCount"] = str(video.likes)
        return {"kind": "youtube#video", "etag": f"etag-v-{video.video_id}", "id": video.video_id,
                "snippet": {"publishedAt": iso(video.published_at), "channelId": channel.channel_id,
                            "title": video.title, "channelTitle": channel.title,
                            "liveBroadcastContent": "none",
                            "thumbnails": {"high": {"url": f"https://i.ytimg.com/vi/{video.video_id}/hq.jpg",
                                                    "width": 480, "height": 360}}},
                "contentDetails": {"duration": f"PT{minutes}M{seconds}S" if minutes else f"PT{seconds}S",
                                   "dimension": "2d", "definition": "hd", "caption": "false"},
                "statistics": statistics}

    def listing(self, kind: str, items: list[dict[str, Any]], total: int | None = None,
                **extra: Any) -> Response:
        body: dict[str, Any] = {"kind": f"youtube#{kind}ListResponse", "etag": f"etag-{kind}-{len(items)}",
                                **extra, "pageInfo": {"totalResults": len(items) if total is None else total,
                                                      "resultsPerPage": max(1, len(items))}}
        if items:
            body["items"] = items
        return json_response(body)

    # -- Analytics and OAuth --------------------------------------------------------------

    def reports(self, request: Request) -> Response:
        if request.arg("ids") not in ("channel==MINE", f"channel=={self.owner.channel_id}"):
            return google_error(403, "Forbidden", "forbidden")
        if not (request.arg("startDate") and request.arg("endDate") and request.arg("metrics")):
            return google_error(400, "Required parameter missing.", "required")
        dimensions = request.arg("dimensions")
        if dimensions == "ageGroup,gender" and request.arg("metrics") == "viewerPercentage":
            headers = [("ageGroup", "DIMENSION", "STRING"), ("gender", "DIMENSION", "STRING"),
                       ("viewerPercentage", "METRIC", "FLOAT")]
            rows = AGE_GENDER_ROWS
        elif dimensions == "country":
            headers = [("country", "DIMENSION", "STRING"), ("views", "METRIC", "INTEGER"),
                       ("estimatedMinutesWatched", "METRIC", "INTEGER"),
                       ("averageViewDuration", "METRIC", "INTEGER")]
            rows = COUNTRY_ROWS
        else:
            return google_error(400, "The query is not supported.", "badRequest")
        return json_response({"kind": "youtubeAnalytics#resultTable", "rows": rows, "columnHeaders": [
            {"name": n, "columnType": c, "dataType": d} for n, c, d in headers]})

    def token(self, request: Request) -> Response:
        form = request.form()
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return json_response({"error": "invalid_client", "error_description": "Unauthorized"}, 401)
        if self.fault == "expired_token" or form.get("grant_type") != "refresh_token" \
                or form.get("refresh_token") not in self.refresh_tokens:
            return json_response({"error": "invalid_grant",
                                  "error_description": "Token has been expired or revoked."}, 400)
        return json_response({"access_token": self.issue_token(), "expires_in": TOKEN_LIFETIME_S,
                              "scope": "https://www.googleapis.com/auth/youtube.readonly "
                                       "https://www.googleapis.com/auth/yt-analytics.readonly",
                              "token_type": "Bearer"})
