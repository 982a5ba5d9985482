"""A real SMTP server on loopback (aiosmtpd) that keeps every message it receives."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FakeSMTP:
    """``with FakeSMTP() as smtp:``; ``smtp.settings()`` points creatorkit's mail at it."""

    def __init__(self):
        self._keep = _Keep()
        self._controller = Controller(self._keep, hostname="127.0.0.1", port=free_port())

    @property
    def messages(self) -> list[EmailMessage]:
        return self._keep.messages

    def settings(self) -> dict:
        return {"MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": self._controller.port,
                "MAIL_SMTP_SECURITY": "none", "MAIL_FROM": "kits <kits@example.com>"}

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()
