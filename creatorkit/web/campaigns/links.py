"""Tracked links: ``/r/<code>`` redirects to the campaign's destination with its UTM
parameters, and a QR code of the link at ``/r/<code>/qr.svg``.

The redirect does one indexed read and answers; the click is handed to ``ClickLog``,
a writer thread that adds up whatever clicks have queued and writes them in one
transaction, so a busy database never holds a visitor. Only (link, UTC day) is
counted: no address, no user agent, no cookie. Crawlers, link-preview fetchers and
prefetches are not clicks (the kit's own robot rules). A destination can only be one
the brand listed for the campaign, checked when the link is made: an unknown code is
a 404, never a redirect to a URL taken from the request.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import segno
from flask import Blueprint, Flask, Response, abort, current_app, redirect, request, url_for

from creatorkit.storage import campaign_tracking as tracking
from creatorkit.storage import open_db
from creatorkit.web.campaigns.clock import now
from creatorkit.web.db import get_db
from creatorkit.web.kits.track import is_robot

log = logging.getLogger(__name__)
bp = Blueprint("links", __name__)


class ClickLog:
    """Clicks queued by the request threads, written in batches by one daemon thread."""

    def __init__(self, database: str):
        self.database = database
        self._queue: queue.Queue[tuple[str, str]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def add(self, code: str, day: str) -> None:
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="click-log", daemon=True)
                    self._thread.start()
        self._queue.put((code, day))

    def flush(self) -> None:
        """Wait until every queued click is written (tests, shutdown)."""
        self._queue.join()

    def _run(self) -> None:
        db = open_db(self.database, migrate=False)
        while True:
            batch = Counter([self._queue.get()])
            while True:
                try:
                    batch[self._queue.get_nowait()] += 1
                except queue.Empty:
                    break
            try:
                tracking.record_clicks(db, batch)
            except sqlite3.Error as exc:
                log.warning("%d clicks were not counted: %s", batch.total(), exc)
            finally:
                for _ in range(batch.total()):
                    self._queue.task_done()


def with_utm(destination: str, *, campaign: str, handle: str, code: str) -> str:
    """The destination with utm_source/medium/campaign/content set (others kept)."""
    parts = urlsplit(destination)
    utm = {"utm_source": "creatorkit", "utm_medium": "influencer", "utm_campaign": campaign,
           "utm_content": f"{handle}-{code}"}
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in utm]
    return urlunsplit(parts._replace(query=urlencode([*kept, *utm.items()])))


@bp.get("/r/<code>")
def follow(code: str):
    link = tracking.resolve(get_db(), code)
    if link is None:
        abort(404)
    if not is_robot(request):
        current_app.extensions["click_log"].add(code, now().date().isoformat())
    response = redirect(with_utm(link["destination"], campaign=f"{link['campaign_id']}-{link['campaign']}",
                                 handle=link["handle"], code=code), code=302)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer-when-downgrade"
    return response


@bp.get("/r/<code>/qr.svg")
def qr(code: str):
    if tracking.resolve(get_db(), code) is None:
        abort(404)
    target = current_app.config["BASE_URL"].rstrip("/") + url_for("links.follow", code=code)
    svg = segno.make(target, error="m").svg_inline(scale=4, title=f"QR code of {target}")
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


def init_app(app: Flask) -> None:
    app.extensions["click_log"] = ClickLog(app.config["DATABASE"])
