"""YouTube connector: Data API v3 (API key or OAuth), Analytics v2, Google OAuth.

An account's ``ref`` is a channel id (``UC…``) or a handle (``@name``). Without
credentials the channel is read as public data with the operator's API key; with
OAuth credentials (``access_token``, ``refresh_token``, ``expires_at`` in epoch
seconds) it is read as ``mine=true``, and YouTube Analytics adds the audience.

What one refresh asks for (every Data API call costs 1 quota unit, per try):

* channels.list: channel ids of the whole batch go 50 to a call; a handle takes one
  ``forHandle`` call; an OAuth account one ``mine=true`` call;
* playlistItems.list: each channel's uploads playlist, 50 a page, newest first, up
  to the ``MAX_UPLOADS`` most recent public uploads (KPI windows use far fewer, and
  the walk stays near 4 units a channel; private items are skipped, not counted);
* videos.list: statistics and durations of those uploads, 50 ids a call across all
  the public channels of the batch;
* OAuth only, no Data API units: the token endpoint when the access token has
  expired (or is refused once), and two Analytics reports (age × gender, country)
  over ``ANALYTICS_DAYS`` days. A token without the Analytics scope yields no audience.

A failure tied to one account (unknown channel, missing playlist, a failing page) is
returned for that account only; a failed shared call fails the accounts it served.
HTTP calls and quota units are charged to the accounts each call served (shared calls
pro rata) and rounded so that the accounts of a batch add up to what was spent.
A missing setting (API key, OAuth client) raises ``ConfigError`` for the whole batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.connectors.http import HttpClient
from creatorkit.connectors.youtube_fetch import BATCH, FetchRun, Found, apportion
from creatorkit.errors import ConnectorError
from creatorkit.models import Account, Harvest


@register
class YouTubeConnector(Connector):
    name = "youtube"
    platform = "youtube"
    label = "YouTube"
    credentials = "api_key"
    source = "api"
    batch_size = BATCH

    def fetch(self, account: Account, client: HttpClient, since: date | None) -> Harvest:
        outcome = self.fetch_many([account], client, since)[account.id]
        if isinstance(outcome, ConnectorError):
            raise outcome
        return outcome

    def fetch_many(self, accounts: Sequence[Account], client: HttpClient, since: date | None
                   ) -> dict[int, Harvest | ConnectorError]:
        """Public channels batched together; OAuth accounts one by one with their token."""
        run = FetchRun(self.settings, client, since, self.now)
        public = [account for account in accounts if not account.credentials]
        found: dict[int, Found | ConnectorError] = run.public(public) if public else {}
        for account in accounts:
            if account.credentials:
                try:
                    found[account.id] = run.owner(account)
                except ConnectorError as exc:
                    found[account.id] = exc
        calls, units = apportion(run.calls), apportion(run.units)
        return {
            account_id: outcome if isinstance(outcome, ConnectorError)
            else outcome.harvest(calls.get(account_id, 0), units.get(account_id, 0))
            for account_id, outcome in found.items()
        }
