"""Kit-view analytics: page views and PDF downloads counted, people not tracked.

Counted: a GET of the kit page answered 200 or 304 (a reload that the browser
revalidates is a view like any other; the day's distinct visitors are unaffected)
and a GET of the PDF answered 200 (a 304 means the file is already on the device).
Not counted: HEAD, the JSON, the OG image, the QR code, the embed badge (shown inside
other sites), link-preview bots and crawlers (User-Agent), and prefetches or
prerenders (``Purpose``/``Sec-Purpose``). Behind a CDN only the requests that reach
the server are counted; behind a reverse proxy, wire ``ProxyFix`` so that the
address hashed is the visitor's.

The write runs once the response has been sent (``call_on_close``), on the server
thread's own kept-open connection, in one short transaction
(``storage.kit_views.record_view``); when the database stays locked past a couple of
seconds the view is dropped and logged, and the visitor never waits for it.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from urllib.parse import urlsplit

from flask import Flask, Request, Response, current_app, request

from creatorkit import clock
from creatorkit.storage.kit_views import ViewKind, record_view
from creatorkit.web.kits.caching import ThreadConnections, current_kit, kit_route

log = logging.getLogger(__name__)

ROBOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|facebot|embedly|iframely|whatsapp|"
    r"telegram|skypeuri|pinterest|vkshare|snapchat|headless|lighthouse|pagespeed|curl|wget|"
    r"python|go-http|okhttp|java/|node-fetch|axios|libwww|scrapy|httpclient|feedfetcher|"
    r"validator|monitor",
    re.IGNORECASE,
)
PREFETCH_HEADERS = ("Purpose", "Sec-Purpose", "X-Purpose", "X-Moz")


def is_robot(req: Request) -> bool:
    """A crawler, a link-preview fetcher or a prefetch: not a person reading the kit."""
    agent = req.user_agent.string
    if not agent or ROBOT_AGENTS.search(agent):
        return True
    return any(word in req.headers.get(name, "").lower()
               for name in PREFETCH_HEADERS for word in ("prefetch", "prerender", "preview"))


def referrer_host(req: Request) -> str | None:
    """The referring site's host name, without ``www.``; None for direct visits and
    links within this site. Only the host is kept, never the path."""
    host = urlsplit(req.referrer or "").hostname
    if not host or host == urlsplit(req.host_url).hostname:
        return None
    return host.removeprefix("www.")[:253]


def counted_kind(response: Response) -> ViewKind | None:
    kind = kit_route()
    if request.method != "GET" or kind not in ("page", "pdf"):
        return None
    if response.status_code == 200 or (kind == "page" and response.status_code == 304):
        return kind
    return None


def _count_kit_view(response: Response) -> Response:
    kind = counted_kind(response)
    if kind is None or is_robot(request):
        return response
    kit = current_kit()
    if kit is None or kit.visibility == "off":
        return response
    connections = current_app.extensions["kit_connections"]
    view = {"visitor": f"{request.remote_addr}\n{request.user_agent.string}", "kind": kind,
            "referrer_host": referrer_host(request), "now": clock.now(current_app.config)}
    response.call_on_close(lambda: _write(connections, kit.creator_id, view))
    return response


def _write(connections: ThreadConnections, creator_id: int, view: dict) -> None:
    try:
        record_view(connections.get(), creator_id, **view)
    except sqlite3.Error as exc:
        log.warning("A view of kit %s was not counted: %s", creator_id, exc)


def init_app(app: Flask) -> None:
    app.after_request(_count_kit_view)
