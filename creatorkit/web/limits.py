"""A small in-process rate limit (sliding window per key) and a visitor key that keeps
no address: the client IP is hashed with the app's secret and never stored as such.

Per process and in memory: enough to slow a scraper down on one server; several
workers each keep their own count.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

from flask import request


class SlidingWindow:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str, *, limit: int, window_s: float) -> int:
        """Count one hit; 0 when allowed, else the seconds until the next is."""
        now = self._clock()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - window_s:
                hits.popleft()
            if len(hits) >= limit:
                return max(1, int(hits[0] + window_s - now) + 1)
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle visitors rather than grow without bound
                for stale in [k for k, v in self._hits.items() if not v or v[-1] <= now - window_s]:
                    del self._hits[stale]
            return 0


def client_key(secret: str) -> str:
    """A stable, non-reversible key for the visitor behind this request."""
    address = request.remote_addr or "unknown"
    return hashlib.blake2b(address.encode(), key=secret.encode()[:64], digest_size=16).hexdigest()
