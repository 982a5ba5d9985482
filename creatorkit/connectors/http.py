"""One HTTP client for every platform: timeouts, retries, error mapping, call counts.

Each connector passes a ``classify(response, payload)`` function that knows its
platform's error bodies (Graph API ``error.code``, YouTube ``error.errors[].reason``,
TikTok ``error.code`` ...) and returns the matching ``errors`` exception or ``None``.
What the classifier leaves alone is mapped from the HTTP status. Transient failures
and short rate-limit waits are retried here, with exponential backoff and jitter;
everything else is raised for ``refresh`` to record and schedule.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from creatorkit.errors import (
    AuthInvalid,
    BadPayload,
    ConnectorError,
    PermissionMissing,
    RateLimited,
    ResourceNotFound,
    TransientError,
)

Classifier = Callable[[requests.Response, Any], ConnectorError | None]

USER_AGENT = "creatorkit (+https://github.com/creatorkit)"
RESET_HEADERS = ("ratelimit-reset", "x-ratelimit-reset", "x-rate-limit-reset")


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait, from ``Retry-After`` (seconds or HTTP date) or a reset epoch."""
    now = time.time() if now is None else now
    value = headers.get("Retry-After") or headers.get("retry-after")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(value).timestamp() - now)
            except (TypeError, ValueError):
                return None
    lowered = {key.lower(): val for key, val in headers.items()}
    for name in RESET_HEADERS:
        if name in lowered:
            try:
                return max(0.0, float(lowered[name]) - now)
            except ValueError:
                return None
    return None


def status_error(platform: str, response: requests.Response) -> ConnectorError | None:
    """The error an HTTP status means when the body said nothing more precise."""
    status = response.status_code
    if status < 400:
        return None
    reason = f"HTTP {status} from {response.request.method} {response.url.split('?')[0]}"
    if status == 401:
        return AuthInvalid(platform, reason)
    if status == 403:
        return PermissionMissing(platform, reason)
    if status == 404:
        return ResourceNotFound(platform, reason)
    if status == 429:
        return RateLimited(platform, reason, retry_after=retry_after_seconds(response.headers))
    if status >= 500 or status == 408:
        return TransientError(platform, reason)
    return BadPayload(platform, reason)


class HttpClient:
    """A ``requests.Session`` with the project's policies; counts every call it makes."""

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ):
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        self.timeout, self.retries, self.backoff, self.max_wait = timeout, retries, backoff, max_wait
        self._sleep, self._jitter = sleep, jitter
        self.calls = 0

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], **overrides: Any) -> HttpClient:
        return cls(
            timeout=float(settings.get("HTTP_TIMEOUT_S", 20)),
            retries=int(settings.get("HTTP_RETRIES", 3)),
            backoff=float(settings.get("HTTP_BACKOFF_S", 0.5)),
            **overrides,
        )

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        platform: str,
        classify: Classifier | None = None,
        **kwargs: Any,
    ) -> Any:
        """Send one request (retrying transient failures) and return its JSON body."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._once(method, url, platform, classify, kwargs)
            except (TransientError, RateLimited) as exc:
                wait = self._wait_before_retry(exc, attempt)
                if wait is None:
                    raise
                self._sleep(wait)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def _wait_before_retry(self, exc: ConnectorError, attempt: int) -> float | None:
        if attempt >= self.retries:
            return None
        if isinstance(exc, RateLimited):
            if exc.retry_after is None or exc.retry_after > self.max_wait:
                return None
            return exc.retry_after
        delay = self.backoff * 2 ** (attempt - 1)
        return delay / 2 + self._jitter() * delay / 2

    def _once(self, method, url, platform, classify, kwargs) -> Any:
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as exc:
            self.calls += 1
            raise TransientError(platform, f"timed out after {self.timeout:g} s") from exc
        except requests.ConnectionError as exc:
            self.calls += 1
            raise TransientError(platform, f"connection failed: {exc.__class__.__name__}") from exc
        self.calls += 1
        try:
            payload = response.json()
        except ValueError:
            payload = None
        error = classify(response, payload) if classify else None
        if error is None:
            error = status_error(platform, response)
        if error is not None:
            raise error
        if payload is None:
            snippet = response.text[:80].replace("\n", " ")
            raise BadPayload(platform, f"response is not JSON: {snippet!r}")
        return payload


def utc_from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
