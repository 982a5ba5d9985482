"""HTTP caching of the kit responses (page, JSON, PDF, OG image, QR code, embed).

A ``before_request`` hook reads the kit's cache state with one indexed query
(``creators.handle``) and, before the view runs, answers a conditional request
with 304 or serves a body rendered earlier; an ``after_request`` hook sets the
validators and ``Cache-Control`` on every kit response, and the new body is kept
once the response is final (``request_finished``: after the session is saved).

A body is keyed by (endpoint, creator, data_version, UTC day, variant), the creator
being its handle, id and creation time (a re-created database starts its versions
again at 1). The variant is the creator's locale plus ``?lang`` when it names a
language we speak: the only parameter a kit view reads, so ``?cb=1..N`` cannot force
N renders and N files. The day is there because a kit is computed against today's
date (growth windows): a body is good for one day at most even when ``data_version``
stands still, and Last-Modified is therefore never earlier than today's midnight.
The day is on the app's clock (``CLOCK``). Werkzeug compares the request's validators
with these (``If-None-Match`` first, ``If-Modified-Since`` only without it, as RFC 9110
says).

Bodies live in an in-process LRU bounded in bytes (``body_cache``); PDFs are also
written under the instance folder's ``cache/`` so that a restart does not re-render
them. Kits that are ``off`` (and unknown handles) are never cached: their 404s say
``no-store``. Kit responses must not depend on who asks (no per-visitor content):
one that sets a cookie is neither kept nor public.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import weakref
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from flask import Flask, Response, current_app, g, request, request_finished
from sqlite_utils import Database
from werkzeug.http import is_resource_modified

from creatorkit import __version__, clock
from creatorkit.storage import parse_iso
from creatorkit.web.i18n import lang_param
from creatorkit.web.kits.body_cache import BodyCache, Entry

KIT_ROUTES = {
    "/@<handle>": "page",
    "/@<handle>.json": "json",
    "/@<handle>.pdf": "pdf",
    "/@<handle>/report.pdf": "report",
    "/@<handle>/og.png": "og",
    "/@<handle>/qr.svg": "qr",
    "/@<handle>/embed": "embed",
}
KIT_BLUEPRINTS = frozenset({"kits", "sharing"})
DISK_KINDS = frozenset({"pdf", "report"})
SET_HERE = frozenset({"set-cookie", "content-length", "date", "etag", "last-modified", "cache-control",
                      "x-robots-tag"})
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_AGE_S = 60
DEFAULT_STALE_S = 600
HOT_BUSY_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class KitState:
    """What the caching decisions need of a creator, and nothing else."""

    creator_id: int
    handle: str
    data_version: int
    visibility: str
    updated_at: datetime
    locale: str
    created_at: str


@dataclass(frozen=True)
class Validators:
    key: str
    etag: str
    last_modified: datetime
    day: date


class ThreadConnections:
    """One SQLite connection per server thread, kept open for the hot path: the cache
    state read before each kit response and the view counted after it. Opening a WAL
    database costs about ten times the indexed query that decides a cached answer.
    Each connection serves its own thread only; all are closed with the app."""

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def get(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            conn = sqlite3.connect(self.path, timeout=HOT_BUSY_TIMEOUT_S, check_same_thread=False)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            db = self._local.db = Database(conn, execute_plugins=False)
            with self._lock:
                self._opened.append(conn)
        return db

    def close(self) -> None:
        with self._lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()


def _file_name(kind: str, state: KitState, tags: Validators) -> str | None:
    """PDFs also go to disk: one name per kit, version, day and variant."""
    if kind not in DISK_KINDS:
        return None
    return f"{state.handle}.{kind}.v{state.data_version}.{tags.day:%Y%m%d}.{tags.etag}"


def kit_route() -> str | None:
    """Which kit response this request asks for ("page", "json", "pdf", ...), or None.

    Matched on the contract's URL rules within the kit blueprints, so it holds
    whatever the views are named."""
    rule = request.url_rule
    if rule is None or request.blueprint not in KIT_BLUEPRINTS:
        return None
    return KIT_ROUTES.get(rule.rule)


def current_kit() -> KitState | None:
    """The requested kit's cache state (None for an unknown handle), read once per request."""
    if "kit_state" not in g:
        handle = request.view_args["handle"].lower().lstrip("@")
        row = current_app.extensions["kit_connections"].get().execute(
            "SELECT id, handle, data_version, visibility, updated_at, locale, created_at FROM creators "
            "WHERE handle = ?", [handle]).fetchone()
        g.kit_state = KitState(*row[:4], parse_iso(row[4]), *row[5:]) if row else None
    return g.kit_state


def validators(state: KitState, now: datetime) -> Validators:
    """Cache key, strong ETag and Last-Modified of this request's body of the kit.

    The creator's id and creation time, and the database path, tell a re-created
    database (whose versions start again at 1) from the one a body came from."""
    today = now.astimezone(UTC).date()
    key = "|".join((request.endpoint, state.handle, str(state.creator_id), state.created_at,
                    str(state.data_version), today.isoformat(), state.locale, lang_param() or ""))
    origin = f"{__version__}|{current_app.config['DATABASE']}|{current_app.config['BASE_URL']}"
    etag = hashlib.sha256(f"{origin}|{key}".encode()).hexdigest()[:32]
    midnight = datetime.combine(today, time(), tzinfo=UTC)
    return Validators(key, etag, max(state.updated_at.replace(microsecond=0), midnight), today)


def cache_control(visibility: str) -> str:
    max_age = current_app.config.get("KIT_CACHE_MAX_AGE_S", DEFAULT_MAX_AGE_S)
    if visibility == "unlisted":
        return f"private, max-age={max_age}"
    stale = current_app.config.get("KIT_CACHE_STALE_S", DEFAULT_STALE_S)
    return f"public, max-age={max_age}, stale-while-revalidate={stale}"


def _before_kit_request() -> Response | None:
    kind = kit_route()
    if kind is None or request.method not in ("GET", "HEAD"):
        return None
    state = current_kit()
    if state is None or state.visibility == "off":
        return None
    g.kit_tags = tags = validators(state, clock.now(current_app.config))
    if not is_resource_modified(request.environ, etag=tags.etag, last_modified=tags.last_modified):
        return Response(status=304)
    entry = current_app.extensions["kit_cache"].get(tags.key, _file_name(kind, state, tags))
    if entry is None:
        return None
    g.kit_cache_hit = True
    return entry.response()


def _after_kit_request(response: Response) -> Response:
    kind = kit_route()
    if kind is None:
        return response
    tags = g.get("kit_tags")
    if tags is None or response.status_code not in (200, 304):
        response.headers["Cache-Control"] = "no-store"
        return response
    state = current_kit()
    response.set_etag(tags.etag)
    response.last_modified = tags.last_modified
    response.headers["Cache-Control"] = cache_control(state.visibility)
    if state.visibility == "unlisted":
        response.headers["X-Robots-Tag"] = "noindex"
    g.kit_keep = response.status_code == 200 and not g.get("kit_cache_hit")
    return response


def _keep_kit_body(_app: Flask, response: Response, **_extra) -> None:
    """Keep a fresh body once the session has been saved: a response that sets a
    cookie (a session or CSRF token) belongs to one visitor and is cached by no one."""
    if not g.get("kit_keep"):
        return
    if "Set-Cookie" in response.headers:
        response.headers["Cache-Control"] = "private, no-store"
        return
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in SET_HERE)
    tags = g.kit_tags
    current_app.extensions["kit_cache"].put(tags.key, Entry(response.get_data(), headers),
                                            _file_name(kit_route(), current_kit(), tags))


def init_app(app: Flask) -> None:
    """Register the hooks; bodies go to ``KIT_CACHE_BYTES`` of memory and PDFs also to
    ``KIT_CACHE_DIR`` (default ``<instance>/cache``; an empty value keeps them in memory only)."""
    folder = app.config.get("KIT_CACHE_DIR")
    folder = Path(app.instance_path) / "cache" if folder is None else Path(folder) if folder else None
    app.extensions["kit_cache"] = BodyCache(app.config.get("KIT_CACHE_BYTES", DEFAULT_CACHE_BYTES), folder,
                                            int(app.config["KIT_CACHE_DISK_BYTES"]))
    app.extensions["kit_connections"] = connections = ThreadConnections(app.config["DATABASE"])
    weakref.finalize(app, connections.close)
    app.before_request(_before_kit_request)
    app.after_request(_after_kit_request)
    request_finished.connect(_keep_kit_body, app)
