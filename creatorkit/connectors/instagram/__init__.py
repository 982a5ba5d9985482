"""Instagram connector: a professional account through the Instagram Graph API.

``account.ref`` is the IG user id (or ``me``); ``account.credentials`` holds a
long-lived Instagram Login token: ``{"access_token", "expires_at"}`` (ISO UTC, and
``issued_at`` once this connector has refreshed it). One fetch makes, in order:

1. ``refresh_access_token`` when the token is due (≥ 24 h old, within 7 days of
   expiry, not expired); the new token comes back in ``Harvest.credentials``;
2. the IG User object (followers, following, media count);
3. the media list, cursor-paged, the ``max_posts`` (150) most recent only;
4. one insights call per media (views, reach, saved, shares). Media posted before the
   business conversion (100/2108006) or with too few viewers keep ``None`` counts;
5. yesterday's account reach and views (``daily_reach``, ``daily_views``);
6. follower demographics, one call per dimension, as shares of the known total.

``since`` is not used: counts of older posts keep moving, so the most recent posts are
always read again. Parsing lives in ``parse``, error mapping in ``errors``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.connectors.http import HttpClient
from creatorkit.connectors.instagram.errors import InsightsUnavailable, classify
from creatorkit.connectors.instagram.parse import (
    PLATFORM,
    parse_account_insights,
    parse_demographics,
    parse_media,
    parse_media_insights,
    parse_media_page,
    parse_token,
    parse_user,
)
from creatorkit.errors import AuthExpired, AuthInvalid, TransientError
from creatorkit.models import Account, AudienceSlice, Harvest, MetricSample, Post

log = logging.getLogger(__name__)

USER_FIELDS = "id,username,name,biography,followers_count,follows_count,media_count,profile_picture_url"
ME_FIELDS = "user_id,username,name,profile_picture_url,followers_count,follows_count,media_count"
MEDIA_FIELDS = (
    "id,caption,media_type,media_product_type,timestamp,permalink,like_count,comments_count,"
    "thumbnail_url,media_url"
)
#: one unsupported metric fails the whole insights request, so ask per product type
FEED_METRICS = "views,reach,saved,shares"
STORY_METRICS = "views,reach,shares"
DEMOGRAPHIC_DIMENSIONS = ("age", "gender", "country", "city")

TOKEN_LIFETIME = timedelta(days=60)
REFRESH_WINDOW = timedelta(days=7)
MIN_TOKEN_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class Graph:
    """GET on the Graph API with the account's token and the Graph error mapping."""

    client: HttpClient
    base: str
    token: str

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{self.base.rstrip('/')}/{path}", platform=PLATFORM, classify=classify,
                               params={**params, "access_token": self.token})


def _moment(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


@register
class InstagramConnector(Connector):
    name = "instagram"
    platform = "instagram"
    label = "Instagram"
    credentials = "oauth"
    source = "api"
    #: most recent media read per fetch, and media asked per page (the API default)
    max_posts = 150
    page_size = 25

    def fetch(self, account: Account, client: HttpClient, since: date | None) -> Harvest:
        calls_before, now = client.calls, self.now()
        rotated = self.refreshed_credentials(account.credentials, client, now)
        token = (rotated or account.credentials)["access_token"]
        graph = Graph(client, self.settings["INSTAGRAM_API_BASE"], token)
        ref = account.ref or "me"
        fields = ME_FIELDS if ref == "me" else USER_FIELDS
        profile, metrics = parse_user(graph.get(ref, fields=fields), now.date())
        posts = self.fetch_posts(graph, ref)
        metrics += self.fetch_account_insights(graph, ref, now)
        audience = self.fetch_audience(graph, ref)
        return Harvest(source=self.source, profile=profile, metrics=metrics, posts=posts,
                       audience=audience, calls=client.calls - calls_before, credentials=rotated)

    def refreshed_credentials(
        self, credentials: Mapping[str, Any] | None, client: HttpClient, now: datetime
    ) -> dict[str, Any] | None:
        """New credentials when the long-lived token is due for refresh, else None."""
        if not credentials or not credentials.get("access_token"):
            raise AuthInvalid(PLATFORM, "no access token is stored; connect the account again")
        expires_at = _moment(credentials.get("expires_at"))
        if expires_at is None:
            return None
        if now >= expires_at:
            raise AuthExpired(PLATFORM, f"the token expired on {expires_at:%Y-%m-%d}; log in again")
        issued_at = _moment(credentials.get("issued_at")) or expires_at - TOKEN_LIFETIME
        if expires_at - now > REFRESH_WINDOW or now - issued_at < MIN_TOKEN_AGE:
            return None
        try:
            payload = client.get(
                f"{self.settings['INSTAGRAM_AUTH_BASE'].rstrip('/')}/refresh_access_token",
                platform=PLATFORM, classify=classify,
                params={"grant_type": "ig_refresh_token", "access_token": credentials["access_token"]},
            )
        except TransientError as exc:  # the current token still works: retry next time
            log.warning("instagram token refresh postponed: %s", exc)
            return None
        return {**credentials, **parse_token(payload, now)}

    def fetch_posts(self, graph: Graph, ref: str) -> tuple[Post, ...]:
        """Walk ``/media`` pages by ``after`` cursor until ``paging.next`` ends or the cap."""
        items: list[Mapping[str, Any]] = []
        after: str | None = None
        seen: set[str] = set()
        while len(items) < self.max_posts:
            params = {"fields": MEDIA_FIELDS, "limit": min(self.page_size, self.max_posts - len(items))}
            if after:
                params["after"] = after
            page, after = parse_media_page(graph.get(f"{ref}/media", **params))
            items.extend(page)
            if not page or not after or after in seen:
                break
            seen.add(after)
        return tuple(self.with_insights(graph, parse_media(item)) for item in items[:self.max_posts])

    def with_insights(self, graph: Graph, post: Post) -> Post:
        metrics = STORY_METRICS if post.kind == "story" else FEED_METRICS
        try:
            payload = graph.get(f"{post.post_id}/insights", metric=metrics)
        except InsightsUnavailable as exc:
            log.info("instagram media %s has no insights: %s", post.post_id, exc.detail)
            return post
        return replace(post, **parse_media_insights(payload))

    def fetch_account_insights(self, graph: Graph, ref: str, now: datetime) -> tuple[MetricSample, ...]:
        """Reach and views of yesterday (UTC), as one-day ``total_value`` figures."""
        today = datetime.combine(now.date(), time(), UTC)
        yesterday = today - timedelta(days=1)
        payload = graph.get(f"{ref}/insights", metric="reach,views", period="day",
                            metric_type="total_value", since=int(yesterday.timestamp()),
                            until=int(today.timestamp()))
        return parse_account_insights(payload, yesterday.date())

    def fetch_audience(self, graph: Graph, ref: str) -> tuple[AudienceSlice, ...]:
        slices: list[AudienceSlice] = []
        for dimension in DEMOGRAPHIC_DIMENSIONS:
            payload = graph.get(f"{ref}/insights", metric="follower_demographics", period="lifetime",
                                metric_type="total_value", breakdown=dimension)
            slices.extend(parse_demographics(payload, dimension))
        return tuple(slices)
