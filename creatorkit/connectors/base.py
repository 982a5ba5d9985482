"""The connector contract.

A connector is a class registered by name. It is built with the app settings and
turns an ``Account`` into a ``Harvest`` through ``fetch``. Fetching (HTTP, through the
injected ``HttpClient``) is kept apart from parsing (pure functions in the same
module, tested on captured payloads). Failures are raised as ``errors`` classes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from creatorkit.clock import clock_of
from creatorkit.errors import ConnectorError
from creatorkit.models import Account, Harvest

if TYPE_CHECKING:
    from creatorkit.connectors.http import HttpClient

#: what a connector needs: nothing, the operator's API key or app token (in the settings),
#: or the creator's OAuth token (stored with the account, which ``add-account`` checks)
CredentialKind = Literal["none", "api_key", "app_token", "oauth"]


class Connector:
    name: ClassVar[str]
    platform: ClassVar[str]
    label: ClassVar[str]
    credentials: ClassVar[CredentialKind] = "none"
    source: ClassVar[str] = "api"
    #: accounts one ``fetch_many`` call may take together (YouTube: 50 ids a call)
    batch_size: ClassVar[int] = 1

    def __init__(self, settings: Mapping[str, Any], *, now: Callable[[], datetime] | None = None):
        self.settings = settings
        #: the clock (``now``, else the ``CLOCK`` setting): token expiry and "today" are read from it
        self.now = now or clock_of(settings)

    def fetch(self, account: Account, client: HttpClient, since: date | None) -> Harvest:
        raise NotImplementedError

    def fetch_many(
        self, accounts: Sequence[Account], client: HttpClient, since: date | None
    ) -> dict[int, Harvest | ConnectorError]:
        """Fetch several accounts; a failure of one is returned for it, not raised.

        Connectors that can batch (one call for many accounts) override this.
        """
        results: dict[int, Harvest | ConnectorError] = {}
        for account in accounts:
            try:
                results[account.id] = self.fetch(account, client, since)
            except ConnectorError as exc:
                results[account.id] = exc
        return results
