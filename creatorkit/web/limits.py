"""Rate limits (Flask-Limiter) and a visitor key that keeps no address: the client IP
is hashed with the app's secret and never stored as such.

Counts live in ``RATELIMIT_STORAGE_URI`` (memory by default: per process; point it at
Redis or Memcached to share them between workers). The client IP is the socket's
peer, or the one ``BEHIND_PROXY`` trusted proxies report (``ProxyFix`` in the app).
"""

from __future__ import annotations

import hashlib
import threading

from flask import Flask, current_app, request
from flask_limiter import Limiter
from limits.storage import MemoryStorage


def client_key() -> str:
    """A stable, non-reversible key for the visitor behind this request."""
    address = request.remote_addr or "unknown"
    secret = current_app.config["SECRET_KEY"].encode()[:64]
    return hashlib.blake2b(address.encode(), key=secret, digest_size=16).hexdigest()


def setting(name: str):
    """A limit read from the app's settings when the request comes (tests change them)."""
    return lambda: str(current_app.config[name])


def failed(response) -> bool:
    """Only refused tries count against sign-in limits, so a typo does not lock anyone out."""
    return response.status_code >= 400


class ProcessMemoryStorage(MemoryStorage):
    """limits' in-process storage (``creatorkit-memory://``, the default) with a daemon
    expiry timer: the stock one is a non-daemon thread, so a CLI command that created
    the app could not exit until it fired, and never exits where timed waits do not
    return (a faked monotonic clock, as under faketime). The name-mangled method is
    the one ``MemoryStorage`` calls whenever a count needs expiring."""

    STORAGE_SCHEME = ["creatorkit-memory"]  # noqa: RUF012 - limits reads it as a class attribute

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()  # the stock non-daemon timer started by MemoryStorage.__init__

    def _MemoryStorage__schedule_expiry(self) -> None:
        if not self.timer.is_alive():
            self.timer = threading.Timer(0.01, self._MemoryStorage__expire_events)
            self.timer.daemon = True
            self.timer.start()


limiter = Limiter(key_func=client_key, headers_enabled=True)


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    limiter.init_app(app)
