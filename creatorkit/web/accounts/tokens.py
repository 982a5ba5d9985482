"""The links mailed to users: confirm an address, reset a password, move to a new address.

Each is signed with the app's secret (itsdangerous), names its purpose (a reset link
cannot confirm an address), expires after the setting of its purpose, and is single
use: it carries a fingerprint of the account's e-mail, confirmation time and password
hash, and any of them changes once the link has done its work (which also voids the
other links of the account sent before). Time comes from ``session.clock``, so tests
on a fixed clock see links expire.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from creatorkit.errors import InputError
from creatorkit.storage import users
from creatorkit.web.accounts import session
from creatorkit.web.db import get_db

#: purpose → the setting with its lifetime in seconds
PURPOSES = {"verify": "VERIFY_LINK_MAX_AGE_S", "reset": "RESET_LINK_MAX_AGE_S",
            "email": "VERIFY_LINK_MAX_AGE_S"}


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(session.clock())


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"creatorkit.{purpose}",
                                  signer=_ClockSigner)


def fingerprint(user: dict[str, Any]) -> str:
    state = "\0".join(str(user[key]) for key in ("email", "email_verified_at", "password_hash"))
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def link(purpose: str, user: dict[str, Any], **extra: str) -> str:
    """The full address (``BASE_URL``) of a link doing ``purpose`` for ``user``."""
    token = _serializer(purpose).dumps({"u": user["id"], "f": fingerprint(user), **extra})
    base = current_app.config["BASE_URL"].rstrip("/")
    return base + url_for(f"recovery.{purpose}", token=token)


def redeem(purpose: str, token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the user, the link's data) or InputError saying what to do next."""
    max_age = int(current_app.config[PURPOSES[purpose]])
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise InputError("This link has expired: ask for a new one.") from None
    except BadSignature:
        raise InputError("This link is not valid: copy the whole address from the e-mail.") from None
    user = users.get_user(get_db(), data.get("u")) if isinstance(data, dict) else None
    if user is None or data.get("f") != fingerprint(user):
        raise InputError("This link has already been used: ask for a new one if you need it.")
    return user, data
