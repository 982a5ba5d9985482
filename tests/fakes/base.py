"""The base of every fake platform server.

A fake is a real HTTP server on 127.0.0.1 (a free port) in a background thread. It
holds state (accounts, posts, tokens), logs every request, and can be told to fail:
``fake.fault = "expired_token"`` makes the next matching requests answer like the
real platform does in that case (bodies from ``reference/platform-apis.md``).

Fault names every fake understands (each platform renders them its own way):

=================  ============================================================
expired_token      the credential is expired (401 / Graph code 190 / ...)
rate_limited       429 (or the platform's equivalent) with reset headers
quota              daily quota exhausted (YouTube 403 quotaExceeded)
server_error       500 with the platform's error body
timeout            the server holds the request longer than the client waits
malformed_json     200 with a body that is not JSON
missing_field      200 with a required field left out
second_page_fails  the first page works, the next page answers 500
=================  ============================================================

Subclasses implement ``handle(request) -> Response`` and ``settings()``; the settings
include ``CLOCK``, the fake's own clock, so that the connector and the platform agree on
the time (``tests.clock.NOW`` unless a test gives the fake another clock).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.clock import Clock

FAULTS = (
    "expired_token", "rate_limited", "quota", "server_error", "timeout",
    "malformed_json", "missing_field", "second_page_fails",
)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def json(self) -> Any:
        return json.loads(self.body or b"{}")

    def form(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}


@dataclass
class Response:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    #: send a chunked body and drop the connection mid-chunk (a reset mid-body)
    cut: bool = False

    def encode(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return json.dumps(self.body).encode()


def json_response(body: Any, status: int = 200, **headers: str) -> Response:
    return Response(status, body, dict(headers))


class FakeServer:
    """Start with ``with FakeX() as fake:``; ``fake.base_url`` is its origin."""

    #: seconds a "timeout" fault holds a request (the client timeout must be lower)
    hold_s = 2.0

    def __init__(self, latency_s: float = 0.0, now: Callable[[], datetime] | None = None):
        self.latency_s = latency_s
        #: the platform's clock: token expiry and rate-limit resets are read from it
        self.now = now or Clock()
        self.fault: str | None = None
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def clock(self) -> datetime:
        """The platform's time, as ``CLOCK`` in ``settings()`` (follows ``now`` if a test swaps it)."""
        return self.now()

    def epoch(self) -> float:
        """The platform's time in epoch seconds."""
        return self.now().timestamp()

    def calls(self, path_part: str = "") -> list[Request]:
        with self._lock:
            return [r for r in self.requests if path_part in r.path]

    def handle(self, request: Request) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def settings(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _dispatch(self, request: Request) -> Response:
        with self._lock:
            self.requests.append(request)
        if self.latency_s:
            time.sleep(self.latency_s)
        if self.fault == "timeout":
            time.sleep(self.hold_s)
        return self.handle(request)

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # keep-alive replies otherwise wait ~40 ms

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(
                    self.command, parts.path, parse_qs(parts.query, keep_blank_values=True),
                    {key.lower(): value for key, value in self.headers.items()},
                    self.rfile.read(length) if length else b"",
                )
                response = fake._dispatch(request)
                payload = response.encode()
                if response.cut:
                    self._cut(response, payload)
                    return
                self.send_response(response.status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in response.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

            def _cut(self, response: Response, payload: bytes) -> None:
                self.send_response(response.status)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.write(f"{len(payload):x}\r\n".encode() + payload[: len(payload) // 2])
                self.wfile.flush()
                self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, *args) -> None:
                pass

        return Handler
