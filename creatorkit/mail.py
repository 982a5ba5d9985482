"""Outgoing e-mail: ``send(settings, to, subject, body)``, plain text.

With ``MAIL_SMTP_HOST`` set, each message goes through that SMTP server (STARTTLS or
implicit TLS, and a login when a user is set). Without it, a self-hosted instance still
works before its mail is set up: each message is written as an ``.eml`` file into
``MAIL_OUTBOX`` (default ``<instance>/outbox``) and its path is logged, so an operator
can open it. Failures to deliver raise ``MailError``: callers decide whether a notice
is worth retrying.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from creatorkit.errors import ConfigError, CreatorkitError

log = logging.getLogger(__name__)
SECURITY = ("starttls", "ssl", "none")


class MailError(CreatorkitError):
    """A message could not be handed to the mail server (or written to the outbox)."""


def compose(settings: Mapping[str, Any], to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.get("MAIL_FROM") or "creatorkit <noreply@localhost>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="creatorkit")
    message.set_content(body)
    return message


def send(settings: Mapping[str, Any], to: str, subject: str, body: str) -> str:
    """Send one message; returns where it went (the SMTP host or the outbox file)."""
    message = compose(settings, to, subject, body)
    host = settings.get("MAIL_SMTP_HOST")
    if not host:
        return str(_write_outbox(settings, message))
    _deliver(settings, host, message)
    return host


def _deliver(settings: Mapping[str, Any], host: str, message: EmailMessage) -> None:
    security = settings.get("MAIL_SMTP_SECURITY") or "starttls"
    if security not in SECURITY:
        raise ConfigError(f"MAIL_SMTP_SECURITY is {security!r}; choose one of {', '.join(SECURITY)}.")
    port = int(settings.get("MAIL_SMTP_PORT") or (465 if security == "ssl" else 587))
    timeout = float(settings.get("MAIL_SMTP_TIMEOUT_S") or 10)
    try:
        if security == "ssl":
            server = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(host, port, timeout=timeout)
        with server:
            if security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if settings.get("MAIL_SMTP_USER"):
                server.login(settings["MAIL_SMTP_USER"], settings.get("MAIL_SMTP_PASSWORD") or "")
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"Could not send mail through {host}:{port}: {exc}") from exc


def _write_outbox(settings: Mapping[str, Any], message: EmailMessage) -> Path:
    folder = Path(settings.get("MAIL_OUTBOX") or "outbox")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(message.as_bytes())
    except OSError as exc:
        raise MailError(f"Could not write mail to {folder}: {exc}") from exc
    log.info("mail to %s written to %s (no MAIL_SMTP_HOST set)", message["To"], path)
    return path
