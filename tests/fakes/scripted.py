"""A fake server that plays back a script of answers, one per request (the last one
repeats), for the HTTP client's own tests: statuses, headers, bodies cut mid-transfer."""

from __future__ import annotations

from tests.fakes.base import FakeServer, Request, Response


class FakeScripted(FakeServer):
    def __init__(self, *script: Response):
        super().__init__()
        self.script = list(script)

    def handle(self, request: Request) -> Response:
        served = len(self.requests) - 1
        return self.script[min(served, len(self.script) - 1)]

    def settings(self) -> dict:
        return {}
