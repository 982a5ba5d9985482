"""A real SMTP server on loopback (aiosmtpd) that keeps every message it receives."""

from __future__ import annotations

import re
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


def read_eml(path) -> EmailMessage:
    """A message the outbox wrote (``MAIL_OUTBOX``), parsed like a mail client would."""
    with open(path, "rb") as handle:
        return message_from_bytes(handle.read(), policy=policy.default)


def link_in(message: EmailMessage, path: str) -> str:
    """The local part (path and token) of the link to ``path`` in a message's text."""
    found = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"\S*)", message.get_content())
    assert found, f"no link to {path} in: {message.get_content()}"
    return found.group(1)
