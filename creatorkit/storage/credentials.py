"""Platform credentials, encrypted at rest with Fernet.

The key comes from the ``CREDENTIALS_KEY`` setting. Decrypted credentials live only in
memory for the length of a fetch; they are never logged, rendered or serialised.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from creatorkit.errors import ConfigError


def new_key() -> str:
    return Fernet.generate_key().decode()


class CredentialBox:
    def __init__(self, key: str | bytes):
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as exc:
            raise ConfigError(
                "CREDENTIALS_KEY is not a valid Fernet key (32 url-safe base64 bytes); "
                "generate one with `creatorkit gen-key`."
            ) from exc

    def __repr__(self) -> str:
        return "CredentialBox(<key hidden>)"

    def seal(self, credentials: Mapping[str, Any]) -> str:
        return self._fernet.encrypt(json.dumps(dict(credentials)).encode()).decode()

    def open(self, sealed: str) -> dict[str, Any]:
        try:
            return json.loads(self._fernet.decrypt(sealed.encode()))
        except InvalidToken as exc:
            raise ConfigError(
                "Stored credentials cannot be decrypted with the current CREDENTIALS_KEY; "
                "restore the previous key or reconnect the account."
            ) from exc
