"""The account e-mails (confirm, reset, change of address, someone used your address),
written in one place and sent through ``creatorkit.mail`` with the app's settings.

A message that cannot be sent is logged and reported as False: the page then says
so, and the user can ask again (nothing is stored that depends on the mail).
"""

from __future__ import annotations

import logging

from flask import current_app

from creatorkit import mail

log = logging.getLogger(__name__)

MESSAGES = {
    "verify": ("Confirm your e-mail address",
               "Hello {name},\n\nconfirm your address to start using creatorkit:\n\n{link}\n\n"
               "The link works once, for {hours} hours. If you did not sign up, ignore this e-mail."),
    "reset": ("Reset your password",
              "Hello {name},\n\nchoose a new password here:\n\n{link}\n\n"
              "The link works once, for {hours} hours. If you did not ask for it, ignore this e-mail: "
              "your password stays as it is."),
    "email": ("Confirm your new e-mail address",
              "Hello {name},\n\nconfirm that your account moves to this address:\n\n{link}\n\n"
              "The link works once, for {hours} hours."),
    "taken": ("Someone used your address on creatorkit",
              "Hello,\n\nsomeone asked for an account (or to move one) to this address, which already "
              "has an account. If it was you, sign in at {base}/account/signin, or reset your password "
              "at {base}/account/reset.\n\nIf not, ignore this e-mail: nothing was changed."),
    "moved": ("Your creatorkit account is moving",
              "Hello {name},\n\nyour account is moving to {new}: it will once the link sent there is "
              "opened. If you did not ask for it, reset your password at {base}/account/reset."),
}


def send(kind: str, to: str, **values) -> bool:
    """Send the ``kind`` message to ``to``; False (logged) when it could not go."""
    config = current_app.config
    subject, body = MESSAGES[kind]
    values.setdefault("base", config["BASE_URL"].rstrip("/"))
    try:
        mail.send(config, to, subject, body.format(**values))
    except mail.MailError as exc:
        log.warning("account mail %r to %s not sent: %s", kind, to, exc)
        return False
    return True
