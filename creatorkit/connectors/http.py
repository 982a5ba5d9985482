"""One HTTP client for every platform: timeouts, retries, error mapping, call counts.

Each connector passes a ``classify(response, payload)`` function that knows its
platform's error bodies (Graph API ``error.code``, YouTube ``error.errors[].reason``,
TikTok ``error.code`` ...) and returns the matching ``errors`` exception or ``None``.
What the classifier leaves alone is mapped from the HTTP status.

Retries come in two layers. urllib3's ``Retry`` on the session's adapter retries
connect errors (nothing was sent, so any method), and 5xx and 429 answers of GETs,
never a POST: a token rotation that timed out may have spent its single-use refresh
token, and sending it again would lock the account out. Above it, ``request`` retries
what urllib3 cannot see: errors a platform reports in the body of a non-5xx answer
(the Graph API's ``is_transient``) and a body cut mid-transfer, GETs only. Every wait
is capped at ``max_wait``; a longer one is raised for ``refresh`` to schedule.

Two things end a fetch between requests whatever the connector does: ``deadline``
(a ``time.monotonic()`` instant ``refresh`` sets for each batch) and ``cancelled``
(the scheduler's stop signal), so no platform paging forever holds a worker.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

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
#: answers urllib3 retries (GETs only)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_METHODS = frozenset({"GET", "HEAD"})
#: the longest wait any header may ask for; ``refresh`` caps its schedule further
WAIT_CAP_S = 7 * 24 * 3600.0
#: a reset header above this is an epoch in milliseconds, above ``EPOCH_S`` one in seconds
EPOCH_MS, EPOCH_S = 1e11, 1e9


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait, from ``Retry-After`` (seconds or HTTP date) or a reset header
    (seconds to go, or an epoch in seconds or milliseconds); at most ``WAIT_CAP_S``,
    ``None`` when unreadable (``inf``, ``nan``, text)."""
    now = time.time() if now is None else now
    lowered = {key.lower(): val for key, val in headers.items()}
    value = lowered.get("retry-after")
    if value:
        seconds = _number(value)
        if seconds is None:
            try:
                seconds = parsedate_to_datetime(value).timestamp() - now
            except (TypeError, ValueError, OverflowError):
                return None
        return _capped(seconds)
    for name in RESET_HEADERS:
        if name in lowered:
            reset = _number(lowered[name])
            if reset is None:
                return None
            if reset >= EPOCH_MS:
                reset = reset / 1000 - now
            elif reset >= EPOCH_S:
                reset -= now
            return _capped(reset)
    return None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _capped(seconds: float) -> float:
    return min(WAIT_CAP_S, max(0.0, seconds))


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


class CappedRetry(Retry):
    """urllib3's ``Retry`` that reads waits the way ``retry_after_seconds`` does, hands
    back (instead of sleeping through) an answer asking for more than ``max_wait`` and a
    429 that says no wait at all (the connector knows its platform's default),
    reports each extra attempt to ``on_retry`` so calls are counted, and sleeps through
    the client's injectable ``sleep``."""

    def __init__(self, *args: Any, max_wait: float = 30.0,
                 on_retry: Callable[[], None] | None = None,
                 sleeper: Callable[[float], None] = time.sleep, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.max_wait, self.on_retry, self.sleeper = max_wait, on_retry, sleeper

    def new(self, **kwargs: Any) -> CappedRetry:
        retry = super().new(**kwargs)
        retry.max_wait, retry.on_retry, retry.sleeper = self.max_wait, self.on_retry, self.sleeper
        return retry

    def get_retry_after(self, response: Any) -> float | None:
        return retry_after_seconds(response.headers)

    def sleep(self, response: Any = None) -> None:
        wait = self.get_retry_after(response) if response is not None else None
        self.sleeper(wait or self.get_backoff_time())

    def increment(self, method: str | None = None, url: str | None = None, response: Any = None,
                  error: Exception | None = None, _pool: Any = None, _stacktrace: Any = None):
        wait = self.get_retry_after(response) if response is not None else None
        if response is not None and ((wait or 0) > self.max_wait
                                     or (wait is None and response.status == 429)):
            raise MaxRetryError(_pool, url or "", None)  # urllib3 returns the answer as it is
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if self.on_retry is not None:
            self.on_retry()
        return retry


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
        self.timeout, self.retries, self.backoff, self.max_wait = timeout, retries, backoff, max_wait
        self._sleep, self._jitter = sleep, jitter
        self.calls = 0
        self.deadline: float | None = None
        self.cancelled: Callable[[], bool] = lambda: False
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        adapter = HTTPAdapter(max_retries=CappedRetry(
            total=max(0, retries - 1), redirect=3, status_forcelist=RETRY_STATUSES,
            allowed_methods=RETRY_METHODS, backoff_factor=backoff, backoff_max=max_wait,
            backoff_jitter=backoff, raise_on_status=False, max_wait=max_wait,
            on_retry=self._count, sleeper=sleep))
        for prefix in ("http://", "https://"):
            self.session.mount(prefix, adapter)

    def _count(self) -> None:
        self.calls += 1

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
        """Send one request (retrying what urllib3 could not) and return its JSON body."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._once(method, url, platform, classify, kwargs)
            except (TransientError, RateLimited) as exc:
                wait = self._wait_before_retry(method, exc, attempt)
                if wait is None:
                    raise
                self._sleep(wait)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def _wait_before_retry(self, method: str, exc: ConnectorError, attempt: int) -> float | None:
        if attempt >= self.retries or method not in RETRY_METHODS or getattr(exc, "retried", False):
            return None
        if isinstance(exc, RateLimited):
            if exc.retry_after is None or exc.retry_after > self.max_wait:
                return None
            return exc.retry_after
        delay = min(self.max_wait, self.backoff * 2 ** (attempt - 1))
        return delay / 2 + self._jitter() * delay / 2

    def _once(self, method, url, platform, classify, kwargs) -> Any:
        """One request through the adapter's retries; errors urllib3 already retried
        (transport failures, ``RETRY_STATUSES``) are marked ``retried``."""
        timeout = self._time_left(platform)
        self.calls += 1
        try:
            response = self.session.request(method, url, timeout=timeout, **kwargs)
        except (requests.Timeout, requests.ConnectionError) as exc:
            if self.deadline is not None and time.monotonic() >= self.deadline:
                reason = "the refresh ran past its deadline"
            elif isinstance(exc, requests.Timeout):
                reason = f"timed out after {timeout:g} s"
            else:
                reason = f"connection failed: {exc.__class__.__name__}"
            raise _retried(TransientError(platform, reason)) from exc
        except (requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:
            raise TransientError(platform, f"answer cut off mid-body: {exc.__class__.__name__}"
                                 ) from exc
        try:
            payload = response.json()
        except ValueError:
            payload = None
        error = classify(response, payload) if classify else None
        if error is None:
            error = status_error(platform, response)
        if error is not None:
            if method in RETRY_METHODS and response.status_code in RETRY_STATUSES:
                _retried(error)
            raise error
        if payload is None:
            snippet = response.text[:80].replace("\n", " ")
            raise BadPayload(platform, f"response is not JSON: {snippet!r}")
        return payload


    def _time_left(self, platform: str) -> float:
        """The timeout of the next request; raises once stopped or past the deadline."""
        if self.cancelled():
            raise _retried(TransientError(platform, "stopped before this call: shutting down"))
        if self.deadline is None:
            return self.timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _retried(TransientError(platform, "the refresh ran past its deadline"))
        return min(self.timeout, left)


def _retried(error: ConnectorError) -> ConnectorError:
    error.retried = True
    return error


def utc_from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
