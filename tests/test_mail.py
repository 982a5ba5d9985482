"""E-mail goes through the configured SMTP server, or into the instance's outbox."""

from __future__ import annotations

import logging
from email import message_from_bytes, policy

import pytest

from creatorkit import mail
from tests.fakes.smtp import FakeSMTP, free_port


def test_a_message_reaches_the_smtp_server():
    with FakeSMTP() as smtp:
        assert mail.send(smtp.settings(), "camille@example.com", "Reconnect", "Your token expired.\n") \
            == "127.0.0.1"
    [message] = smtp.messages
    assert (message["To"], message["From"], message["Subject"]) == (
        "camille@example.com", "kits <kits@example.com>", "Reconnect")
    assert message.get_content().splitlines() == ["Your token expired."]


def test_without_an_smtp_host_each_message_is_a_file_whose_path_is_logged(tmp_path, caplog):
    caplog.set_level(logging.INFO, "creatorkit.mail")
    where = mail.send({"MAIL_OUTBOX": str(tmp_path / "outbox")}, "a@example.com", "Hi", "Body\n")
    [written] = (tmp_path / "outbox").iterdir()
    assert where == str(written) and str(written) in caplog.text
    assert message_from_bytes(written.read_bytes(), policy=policy.default)["To"] == "a@example.com"


def test_an_unreachable_server_is_one_clear_error():
    settings = {"MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": free_port(), "MAIL_SMTP_SECURITY": "none",
                "MAIL_SMTP_TIMEOUT_S": 2}
    with pytest.raises(mail.MailError, match=r"Could not send mail through 127\.0\.0\.1"):
        mail.send(settings, "a@example.com", "Hi", "Body")
