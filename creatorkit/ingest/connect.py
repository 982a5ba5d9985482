"""Connecting an account: refuse what its connector could never fetch, before storing.

Each connector says what it needs (``Connector.credentials``): an OAuth connector
fetches nothing without the creator's token, and one that runs on the operator's
own credentials (``none``, ``app_token``) would keep a creator's token unused.
An API-key connector (YouTube) takes either: none for a public channel, the owner's
OAuth token for their own analytics.
"""

from __future__ import annotations

from creatorkit.connectors import get_connector
from creatorkit.errors import InputError


def check_credentials(connector: str, credentials: dict | None) -> None:
    """Raise ``InputError`` when ``credentials`` do not suit the ``connector``'s kind."""
    cls = get_connector(connector)
    if cls.credentials == "oauth" and not credentials:
        raise InputError(f"{cls.label} accounts need the creator's OAuth token: give --token-file "
                         "(or --import-only to load export files instead).")
    if cls.credentials in ("none", "app_token") and credentials:
        raise InputError(f"{cls.label} accounts take no token: their connector uses the app's own "
                         "credentials.")
