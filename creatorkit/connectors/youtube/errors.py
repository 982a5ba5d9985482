"""YouTube / Google error bodies → ``errors`` classes (reference/platform-apis.md §1.6, §9.2).

Google errors are classified by body, not by HTTP status alone: ``error.errors[].reason``
and ``error.details[].reason`` first, then ``error.status`` (gRPC name), then the HTTP
status. The same 403 may mean "quota spent until midnight Pacific", "slow down" or
"not allowed". The OAuth token endpoint answers a flat ``{"error": "invalid_grant"}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import requests

from creatorkit.connectors.http import retry_after_seconds
from creatorkit.errors import (
    AuthExpired,
    AuthInvalid,
    ConnectorError,
    PermissionMissing,
    QuotaExhausted,
    RateLimited,
    ResourceNotFound,
    TransientError,
)

PLATFORM = "youtube"
PACIFIC = ZoneInfo("America/Los_Angeles")

#: ``errors[].reason`` / ``details[].reason`` → class (checked in this order)
REASONS: tuple[tuple[frozenset[str], type[ConnectorError]], ...] = (
    (frozenset({"quotaExceeded", "dailyLimitExceeded"}), QuotaExhausted),
    (frozenset({"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"}), RateLimited),
    (frozenset({"keyInvalid", "keyExpired", "API_KEY_INVALID", "required"}), AuthInvalid),
    (frozenset({"authError", "ACCESS_TOKEN_EXPIRED", "ACCESS_TOKEN_TYPE_UNSUPPORTED"}), AuthExpired),
    (frozenset({"forbidden", "accessNotConfigured", "authorizationRequired", "insufficientPermissions",
                "playlistItemsNotAccessible", "SERVICE_DISABLED", "API_KEY_SERVICE_BLOCKED",
                "ACCESS_TOKEN_SCOPE_INSUFFICIENT"}), PermissionMissing),
    (frozenset({"backendError", "internalError"}), TransientError),
)
#: ``error.status`` (gRPC code name) → class, when no reason was recognised
STATUSES: dict[str, type[ConnectorError]] = {
    "UNAUTHENTICATED": AuthExpired,
    "PERMISSION_DENIED": PermissionMissing,
    "NOT_FOUND": ResourceNotFound,
    "RESOURCE_EXHAUSTED": RateLimited,
    "UNAVAILABLE": TransientError,
    "INTERNAL": TransientError,
}
#: flat OAuth token-endpoint errors (RFC 6749 §5.2)
TOKEN_ERRORS: dict[str, type[ConnectorError]] = {
    "invalid_grant": AuthExpired,
    "invalid_client": AuthInvalid,
    "unauthorized_client": AuthInvalid,
}
TAG_RE = re.compile(r"<[^>]+>")


def next_pacific_midnight(now: datetime | None = None) -> datetime:
    """When the daily Data API quota resets: the next 00:00 in Pacific time, in UTC."""
    local = (now or datetime.now(UTC)).astimezone(PACIFIC)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=PACIFIC)
    return midnight.astimezone(UTC)


def _build(cls: type[ConnectorError], message: str, response: requests.Response,
           now: datetime | None) -> ConnectorError:
    if cls is QuotaExhausted:
        return QuotaExhausted(PLATFORM, message, reset_at=next_pacific_midnight(now))
    if cls is RateLimited:
        return RateLimited(PLATFORM, message, retry_after=retry_after_seconds(response.headers))
    return cls(PLATFORM, message)


def classify(response: requests.Response, payload: Any, *,
             now: datetime | None = None) -> ConnectorError | None:
    """The ``errors`` exception one YouTube/Google answer means, or ``None`` if fine.

    Returns ``None`` for what it does not recognise, so the HTTP client maps the status.
    A spent quota resets at the Pacific midnight after ``now`` (the connector's clock).
    """
    if response.status_code < 400 or not isinstance(payload, Mapping):
        return None
    error = payload.get("error")
    if isinstance(error, str):
        cls = TOKEN_ERRORS.get(error)
        message = f"token endpoint: {error}: {payload.get('error_description') or ''}".rstrip(": ")
        return cls(PLATFORM, message) if cls else None
    if not isinstance(error, Mapping):
        return None
    details = [*(error.get("errors") or []), *(error.get("details") or [])]
    reasons = {item.get("reason") for item in details if isinstance(item, Mapping)}
    message = f"HTTP {response.status_code} {_reason_text(reasons)}: {_message(error)}"
    for known, cls in REASONS:
        if reasons & known:
            return _build(cls, message, response, now)
    if any(reason and reason.endswith("NotFound") for reason in reasons):
        return ResourceNotFound(PLATFORM, message)
    cls = STATUSES.get(error.get("status") or "")
    if cls is None and response.status_code >= 500:
        cls = TransientError
    return _build(cls, message, response, now) if cls else None


def _reason_text(reasons: set[Any]) -> str:
    return "/".join(sorted(str(reason) for reason in reasons if reason)) or "error"


def _message(error: Mapping[str, Any]) -> str:
    """Google's message without its HTML tags (``<code>mine</code>`` → ``mine``)."""
    return TAG_RE.sub("", str(error.get("message") or "")).strip()
