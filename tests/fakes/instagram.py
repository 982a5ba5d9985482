"""A fake Instagram Graph API (Instagram Login host), after reference §2.

State: one professional account, its media (cursor-paged), per-media insights,
follower demographics, yesterday's reach/views, and the access tokens it issued
(each with its issue and expiry time, checked on every call against ``fake.now()``).
Every response carries ``X-App-Usage`` and ``X-Business-Use-Case-Usage``; every error
is a Graph error body (code, subcode, fbtrace_id). Any ``/v<N>.0/`` prefix is served.
"""

from __future__ import annotations

import json
import re
import secrets
from base64 import urlsafe_b64decode, urlsafe_b64encode
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from tests.fakes.base import FAULTS, FakeServer, Request, Response

USER_ID = "17841405822304914"
APP_SCOPED_ID = "9173405512345678"
TOKEN_LIFETIME = timedelta(days=60)
API_PATH = re.compile(r"^/v\d+\.0/(?P<rest>.+)$")
USER_FIELDS = {"id", "user_id", "username", "name", "biography", "account_type", "followers_count",
               "follows_count", "media_count", "profile_picture_url", "website"}
MEDIA_FIELDS = {"id", "caption", "media_type", "media_product_type", "timestamp", "permalink",
                "like_count", "comments_count", "thumbnail_url", "media_url"}
MEDIA_METRICS = {
    "FEED": {"views", "reach", "likes", "comments", "saved", "shares", "total_interactions", "follows",
             "profile_visits", "profile_activity"},
    "REELS": {"views", "reach", "likes", "comments", "saved", "shares", "total_interactions",
              "ig_reels_avg_watch_time", "ig_reels_video_view_total_time"},
    "STORY": {"views", "reach", "replies", "shares", "total_interactions", "follows", "navigation",
              "profile_visits", "profile_activity"},
}
THROTTLE_MESSAGES = {
    4: "(#4) Application request limit reached",
    17: "(#17) User request limit reached",
    80002: "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.",
}
DEMOGRAPHICS = {
    "age": {"18-24": 300, "25-34": 500, "35-44": 200},
    "gender": {"F": 600, "M": 350, "U": 50},
    "country": {"GB": 480, "US": 320, "IE": 200},
    "city": {"London, England": 250, "Dublin, Dublin": 150, "New York, New York": 100},
}


def graph_error(message: str, code: int, status: int = 400, subcode: int | None = None,
                kind: str = "OAuthException", **extra) -> Response:
    error = {"message": message, "type": kind, "code": code, **extra}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = secrets.token_urlsafe(16)
    return Response(status, {"error": error})


def cursor(index: int) -> str:
    return urlsafe_b64encode(f"media:{index}".encode()).decode()


def seed_media(count: int) -> list[dict]:
    """Newest first: reels, images and carousels in turn; a few awkward cases."""
    newest = datetime(2026, 11, 2, 17, 0, 9, tzinfo=UTC)
    media = []
    for i in range(count):
        product, media_type, path = (("REELS", "VIDEO", "reel"), ("FEED", "IMAGE", "p"),
                                     ("FEED", "CAROUSEL_ALBUM", "p"))[i % 3]
        item = {
            "id": str(18035507131611621 + i), "caption": f"Recipe #{count - i}\n#weeknightdinner",
            "media_type": media_type, "media_product_type": product,
            "timestamp": (newest - timedelta(days=2 * i)).strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "permalink": f"https://www.instagram.com/{path}/DBc{i:04d}/",
            "like_count": 400 + 10 * i, "comments_count": 20 + i,
            "media_url": f"https://scontent.cdninstagram.com/v/{i}.jpg",
        }
        item["insights"] = {"views": 9000 + 100 * i, "reach": 6000 + 50 * i, "saved": 100 + i,
                            "shares": 70 + i}
        media.append(item)
    if count > 4:
        del media[4]["like_count"]  # the owner hides like counts
        media[0]["insights"] = {}  # too recent: insights lag, the API answers an empty data list
        media[-1]["before_business"] = True  # posted before the business conversion
    return media


class FakeInstagram(FakeServer):
    platform = "instagram"
    connector = "instagram"
    supported_faults = tuple(fault for fault in FAULTS if fault != "quota")
    #: how the "rate_limited" fault answers (code 4, 17 or 80002; status 400, 403 or 429)
    throttle_code = 4
    throttle_status = 400
    regain_minutes = 7

    def __init__(self, media_count: int = 30, **kwargs):
        super().__init__(**kwargs)
        self.tokens: dict[str, dict[str, datetime]] = {}
        self.user = {"username": "acmecooking", "name": "Acme Cooking", "followers_count": 128450,
                     "follows_count": 311, "media_count": 904, "account_type": "BUSINESS",
                     "biography": "Weeknight recipes", "website": "https://acme.example/",
                     "profile_picture_url": "https://scontent.cdninstagram.com/v/avatar.jpg"}
        self.media = seed_media(media_count)
        self.daily = {"reach": 18340, "views": 52210}
        self.demographics = {dimension: dict(counts) for dimension, counts in DEMOGRAPHICS.items()}
        self.usage = 12
        token = self.issue_token(self.now() - timedelta(days=10))
        self._seed = {"ref": USER_ID, "credentials": {
            "access_token": token, "expires_at": self.tokens[token]["expires_at"].isoformat()}}
        self.expected = {"followers": self.user["followers_count"], "posts": media_count}

    def settings(self) -> dict:
        return {"INSTAGRAM_API_BASE": f"{self.base_url}/v23.0", "INSTAGRAM_AUTH_BASE": self.base_url,
                "CLOCK": self.clock}

    def seed_account(self) -> dict:
        return self._seed

    def issue_token(self, issued_at: datetime, lifetime: timedelta = TOKEN_LIFETIME) -> str:
        token = f"IGAAT{secrets.token_hex(12)}"
        self.tokens[token] = {"issued_at": issued_at, "expires_at": issued_at + lifetime}
        return token

    def handle(self, request: Request) -> Response:
        response = self._route(request)
        usage = 100 if self.fault == "rate_limited" else self.usage
        regain = self.regain_minutes if usage >= 100 else 0
        response.headers["X-App-Usage"] = json.dumps(
            {"call_count": usage, "total_time": usage // 2, "total_cputime": usage // 2})
        response.headers["X-Business-Use-Case-Usage"] = json.dumps({USER_ID: [{
            "type": "instagram", "call_count": usage, "total_cputime": usage // 2,
            "total_time": usage // 2, "estimated_time_to_regain_access": regain}]})
        return response

    def _route(self, request: Request) -> Response:
        if self.fault == "rate_limited":
            return graph_error(THROTTLE_MESSAGES[self.throttle_code], self.throttle_code,
                               self.throttle_status, is_transient=True)
        if self.fault == "server_error":
            return self._server_error()
        if self.fault == "malformed_json":
            return Response(200, raw=b'{"data": [{"id": "1803')
        refused = self._check_token(request.arg("access_token"))
        if refused:
            return refused
        if request.path == "/refresh_access_token":
            return self._refresh(request)
        match = API_PATH.match(request.path)
        parts = match["rest"].strip("/").split("/") if match else []
        node = USER_ID if parts[:1] == ["me"] else (parts[0] if parts else None)
        if len(parts) == 1 and node == USER_ID:
            return self._user(request, me=parts[0] == "me")
        if parts[1:] == ["media"] and node == USER_ID:
            return self._media_page(request)
        if parts[1:] == ["insights"] and node == USER_ID:
            return self._account_insights(request)
        media = next((m for m in self.media if m["id"] == node), None)
        if parts[1:] == ["insights"] and media:
            return self._media_insights(request, media)
        return graph_error(f"Unsupported get request. Object with ID '{node}' does not exist, cannot be "
                           "loaded due to missing permissions, or does not support this operation.",
                           100, subcode=33, kind="GraphMethodException")

    def _server_error(self) -> Response:
        return graph_error("An unexpected error has occurred. Please retry your request later.", 2,
                           status=500, is_transient=True)

    def _check_token(self, token: str | None) -> Response | None:
        if self.fault == "expired_token" or (token in self.tokens and
                                             self.now() >= self.tokens[token]["expires_at"]):
            return graph_error("Error validating access token: Session has expired on Friday, "
                               "20-Nov-26 04:00:00 PST.", 190, subcode=463)
        if not token:
            return graph_error("An active access token must be used to query information about the "
                               "current user.", 2500)
        if token not in self.tokens:
            return graph_error("Invalid OAuth access token - Cannot parse access token", 190)
        return None

    def _refresh(self, request: Request) -> Response:
        token = self.tokens[request.arg("access_token")]
        if request.arg("grant_type") != "ig_refresh_token":
            return graph_error("Unsupported grant type", 100)
        if self.now() - token["issued_at"] < timedelta(hours=24):  # body shape assumed, not documented
            return graph_error("Invalid parameter", 100,
                               error_user_msg="The token is less than 24 hours old.")
        new = self.issue_token(self.now())
        return Response(200, {"access_token": new, "token_type": "bearer",
                              "expires_in": int(TOKEN_LIFETIME.total_seconds())})

    @staticmethod
    def _fields(request: Request, known: set[str]) -> list[str] | Response:
        fields = [f for f in (request.arg("fields") or "id").split(",") if f]
        unknown = [f for f in fields if f not in known]
        if unknown:
            return graph_error(f"(#100) Tried accessing nonexisting field ({unknown[0]})", 100)
        return fields

    def _user(self, request: Request, me: bool) -> Response:
        fields = self._fields(request, USER_FIELDS)
        if isinstance(fields, Response):
            return fields
        user = {"id": APP_SCOPED_ID if me else USER_ID, "user_id": USER_ID, **self.user}
        if self.fault == "missing_field":
            del user["followers_count"]
        return Response(200, {key: user[key] for key in ["id", *fields] if key in user})

    def _media_page(self, request: Request) -> Response:
        fields = self._fields(request, MEDIA_FIELDS)
        if isinstance(fields, Response):
            return fields
        after = request.arg("after")
        if after and self.fault == "second_page_fails":
            return self._server_error()
        start = int(urlsafe_b64decode(after).decode().split(":")[1]) + 1 if after else 0
        limit = min(int(request.arg("limit") or 25), 100)
        page = self.media[start:start + limit]
        body = {"data": [{key: m[key] for key in ["id", *fields] if key in m} for m in page]}
        if page:
            body["paging"] = {"cursors": {"before": cursor(start), "after": cursor(start + len(page) - 1)}}
            if start + len(page) < len(self.media):
                query = {key: values[0] for key, values in request.query.items()}
                query["after"] = body["paging"]["cursors"]["after"]
                body["paging"]["next"] = f"{self.base_url}{request.path}?{urlencode(query)}"
        return Response(200, body)

    def _media_insights(self, request: Request, media: dict) -> Response:
        if media.get("before_business"):
            return graph_error(
                "Invalid parameter", 100, subcode=2108006, is_transient=False,
                error_data={"blame_field_specs": [[""]]},
                error_user_title="Media posted before business account conversion",
                error_user_msg="The media was posted before the most recent time that the user's "
                               "account was converted to a business account from a personal account.")
        metrics = (request.arg("metric") or "").split(",")
        for metric in metrics:
            if metric not in MEDIA_METRICS[media["media_product_type"]]:
                return graph_error(f"(#100) The Media Insights API does not support the {metric} metric "
                                   "for this media product type.", 100)
        return Response(200, {"data": [
            {"name": name, "period": "lifetime", "values": [{"value": media["insights"][name]}],
             "title": name.title(), "description": "…", "id": f"{media['id']}/insights/{name}/lifetime"}
            for name in metrics if name in media["insights"]]})

    def _account_insights(self, request: Request) -> Response:
        metrics = (request.arg("metric") or "").split(",")
        if request.arg("metric_type") != "total_value":
            return graph_error("(#100) metric_type=total_value is required for these metrics", 100)
        if metrics == ["follower_demographics"]:
            return self._demographics(request)
        since, until = int(request.arg("since") or 0), int(request.arg("until") or 0)
        if until - since > 30 * 86400:
            return graph_error("(#100) There cannot be more than 30 days (2592000 s) between since and "
                               "until", 100)
        unknown = [m for m in metrics if m not in self.daily]
        if unknown or request.arg("period") != "day":
            return graph_error(f"(#100) metric[0] must be one of the supported metrics: {unknown}", 100)
        return Response(200, {"data": [
            {"name": name, "period": "day", "title": name.title(), "description": "…",
             "total_value": {"value": self.daily[name]}, "id": f"{USER_ID}/insights/{name}/day"}
            for name in metrics]})

    def _demographics(self, request: Request) -> Response:
        dimension = request.arg("breakdown")
        if dimension not in self.demographics or request.arg("period") != "lifetime":
            return graph_error("(#100) breakdown must be one of age, city, country, gender", 100)
        results = [{"dimension_values": [bucket], "value": value}
                   for bucket, value in self.demographics[dimension].items()]
        return Response(200, {"data": [{
            "name": "follower_demographics", "period": "lifetime", "title": "Follower demographics",
            "description": "…", "total_value": {"breakdowns": [
                {"dimension_keys": [dimension], "results": results}]},
            "id": f"{USER_ID}/insights/follower_demographics/lifetime"}]})
