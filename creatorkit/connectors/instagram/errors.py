"""Graph API error bodies → ``errors`` classes, by ``error.code`` and ``error_subcode``.

Most Graph errors, an invalid token included, arrive as HTTP 400, and throttling has
been seen as 400, 403 and 429, so the status alone says little (reference §2.5, §9.2).
Codes this table does not know are left to the HTTP status mapping of ``http.py``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import requests

from creatorkit.connectors.http import retry_after_seconds
from creatorkit.errors import (
    AuthExpired,
    AuthInvalid,
    BadPayload,
    ConnectorError,
    PermissionMissing,
    RateLimited,
    ResourceNotFound,
    TransientError,
)

PLATFORM = "instagram"

EXPIRED_SUBCODES = {463, 467}
RATE_LIMIT_CODES = {4, 17, 32, 613, 80002}
TRANSIENT_CODES = {1, 2}
NOT_FOUND_SUBCODE = 33
BEFORE_BUSINESS_SUBCODE = 2108006
USAGE_HEADER = "X-Business-Use-Case-Usage"


class InsightsUnavailable(ConnectorError):
    """Insights of one media cannot be had (posted before the business conversion, or
    too few viewers). The connector skips that media's insights; the account is fine."""

    code = "insights_unavailable"


def regain_access_seconds(headers: Mapping[str, str]) -> float | None:
    """Longest positive ``estimated_time_to_regain_access`` (minutes) in the BUC header."""
    raw = headers.get(USAGE_HEADER) or headers.get(USAGE_HEADER.lower())
    try:
        usage = json.loads(raw) if raw else {}
    except ValueError:
        return None
    minutes = [
        entry.get("estimated_time_to_regain_access")
        for entries in (usage.values() if isinstance(usage, Mapping) else ())
        if isinstance(entries, list)
        for entry in entries
        if isinstance(entry, Mapping)
    ]
    waits = [m for m in minutes if isinstance(m, int | float) and m > 0]
    return max(waits) * 60.0 if waits else None


def graph_error(payload: Any, headers: Mapping[str, str]) -> ConnectorError | None:
    """The exception a Graph error body means, or None when it is not one we know."""
    error = payload.get("error") if isinstance(payload, Mapping) else None
    if not isinstance(error, Mapping):
        return None
    code, subcode = error.get("code"), error.get("error_subcode")
    detail = f"{error.get('message') or 'Graph API error'} (code {code}"
    detail += f"/{subcode}" if subcode else ""
    detail += f", fbtrace {error['fbtrace_id']})" if error.get("fbtrace_id") else ")"
    if code == 190:
        expired = subcode in EXPIRED_SUBCODES
        return (AuthExpired if expired else AuthInvalid)(PLATFORM, detail)
    if code in RATE_LIMIT_CODES:
        wait = regain_access_seconds(headers)
        return RateLimited(PLATFORM, detail, retry_after=wait or retry_after_seconds(headers))
    if code == 10 and "not enough viewers" in str(error.get("message", "")).lower():
        return InsightsUnavailable(PLATFORM, detail)
    if code == 10 or (isinstance(code, int) and 200 <= code <= 299):
        return PermissionMissing(PLATFORM, detail)
    if code == 100 and subcode == NOT_FOUND_SUBCODE:
        return ResourceNotFound(PLATFORM, detail)
    if code == 100 and subcode == BEFORE_BUSINESS_SUBCODE:
        return InsightsUnavailable(PLATFORM, detail)
    if code in TRANSIENT_CODES or error.get("is_transient") is True:
        return TransientError(PLATFORM, detail)
    if code == 100:
        return BadPayload(PLATFORM, f"request rejected: {detail}")
    return None


def classify(response: requests.Response, payload: Any) -> ConnectorError | None:
    """The ``HttpClient`` hook: Graph error bodies first, whatever the HTTP status."""
    return graph_error(payload, response.headers)
