"""HTTP caching of the kit responses (page, JSON, PDF, OG image, QR code, embed).

A ``before_request`` hook reads the kit's cache state with one indexed query
(``creators.handle``) and, before the view runs, answers a conditional request
with 304 or serves a body rendered earlier; an ``after_request`` hook sets the
validators and ``Cache-Control`` on every kit response, and the new body is kept
once the response is final (``request_finished``: after the session is saved).

A body is keyed by (endpoint, handle, data_version, variant, UTC day). The variant
is the creator's locale plus the query string (``?lang=fr``; campaign parameters
such as ``utm_*`` left out), so any parameter a view reads gives its own entry.
The day is there because a kit is computed against today's date (growth windows):
a body is good for one day at most even when ``data_version`` stands still, and
Last-Modified is therefore never earlier than today's midnight.

Bodies live in an in-process LRU bounded in bytes; PDFs are also written under the
instance folder's ``cache/`` so that a restart does not re-render them. Kits that are
``off`` (and unknown handles) are never cached: their 404s say ``no-store``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, request, request_finished

from creatorkit import __version__
from creatorkit.storage import parse_iso
from creatorkit.web.db import get_db

KIT_ROUTES = {
    "/@<handle>": "page",
    "/@<handle>.json": "json",
    "/@<handle>.pdf": "pdf",
    "/@<handle>/og.png": "og",
    "/@<handle>/qr.svg": "qr",
    "/@<handle>/embed": "embed",
}
KIT_BLUEPRINTS = frozenset({"kits", "sharing"})
DISK_KINDS = frozenset({"pdf"})
CAMPAIGN_PARAMS = frozenset({"fbclid", "gclid", "igshid", "mc_cid", "mc_eid", "ref"})
SET_HERE = frozenset({"set-cookie", "content-length", "date", "etag", "last-modified", "cache-control",
                      "x-robots-tag"})
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_AGE_S = 60
DEFAULT_STALE_S = 600


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


@dataclass(frozen=True)
class Entry:
    body: bytes
    headers: tuple[tuple[str, str], ...]

    def response(self) -> Response:
        return Response(self.body, headers=list(self.headers))


class ByteLRU:
    """Least-recently-used bodies, bounded by their total size (thread-safe)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        if len(entry.body) > self.max_bytes // 4:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.size += len(entry.body) - (len(old.body) if old else 0)
            self._items[key] = entry
            while self.size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped.body)


class DiskCache:
    """One file per body (a JSON line of headers, then the bytes), replaced atomically;
    writing a kit's body deletes that kit's bodies of older versions or days."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, name: str) -> Entry | None:
        try:
            raw = (self.folder / name).read_bytes()
        except FileNotFoundError:
            return None
        head, _, body = raw.partition(b"\n")
        return Entry(body, tuple(tuple(pair) for pair in json.loads(head)))

    def put(self, name: str, stale_prefix: str, keep_prefix: str, entry: Entry) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(json.dumps(entry.headers).encode() + b"\n" + entry.body)
        os.replace(tmp, self.folder / name)
        for old in self.folder.glob(stale_prefix + "*"):
            if not old.name.startswith(keep_prefix):
                old.unlink(missing_ok=True)


class KitCache:
    def __init__(self, max_bytes: int, folder: Path | None):
        self.memory = ByteLRU(max_bytes)
        self.disk = DiskCache(folder) if folder else None

    def get(self, kind: str, state: KitState, tags: Validators) -> Entry | None:
        entry = self.memory.get(tags.key)
        if entry is None and self.disk and kind in DISK_KINDS:
            entry = self.disk.get(_file_name(kind, state, tags))
            if entry is not None:
                self.memory.put(tags.key, entry)
        return entry

    def put(self, kind: str, state: KitState, tags: Validators, entry: Entry) -> None:
        self.memory.put(tags.key, entry)
        if self.disk and kind in DISK_KINDS:
            self.disk.put(_file_name(kind, state, tags), f"{state.handle}.{kind}.",
                          f"{state.handle}.{kind}.v{state.data_version}.{tags.last_modified:%Y%m%d}.", entry)


def _file_name(kind: str, state: KitState, tags: Validators) -> str:
    return f"{state.handle}.{kind}.v{state.data_version}.{tags.last_modified:%Y%m%d}.{tags.etag}"


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
        row = get_db().execute(
            "SELECT id, handle, data_version, visibility, updated_at, locale, created_at FROM creators "
            "WHERE handle = ?", [handle]).fetchone()
        g.kit_state = KitState(*row[:4], parse_iso(row[4]), *row[5:]) if row else None
    return g.kit_state


def validators(state: KitState, now: datetime) -> Validators:
    """Cache key, strong ETag and Last-Modified of this request's body of the kit.

    The creator's id and creation time, and the database path, tell a re-created
    database (whose versions start again at 1) from the one a body came from."""
    params = sorted((k, v) for k, v in request.args.items(multi=True)
                    if k not in CAMPAIGN_PARAMS and not k.startswith("utm_"))
    today = now.astimezone(UTC).date()
    key = "|".join((request.endpoint, state.handle, str(state.creator_id), state.created_at,
                    str(state.data_version), today.isoformat(), state.locale, urlencode(params)))
    origin = f"{__version__}|{current_app.config['DATABASE']}"
    etag = hashlib.sha256(f"{origin}|{key}".encode()).hexdigest()[:32]
    midnight = datetime.combine(today, time(), tzinfo=UTC)
    return Validators(key, etag, max(state.updated_at.replace(microsecond=0), midnight))


def cache_control(visibility: str) -> str:
    max_age = current_app.config.get("KIT_CACHE_MAX_AGE_S", DEFAULT_MAX_AGE_S)
    if visibility == "unlisted":
        return f"private, max-age={max_age}"
    stale = current_app.config.get("KIT_CACHE_STALE_S", DEFAULT_STALE_S)
    return f"public, max-age={max_age}, stale-while-revalidate={stale}"


def _not_modified(tags: Validators) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(tags.etag)
    since = request.if_modified_since
    return since is not None and tags.last_modified <= since


def _before_kit_request() -> Response | None:
    kind = kit_route()
    if kind is None or request.method not in ("GET", "HEAD"):
        return None
    state = current_kit()
    if state is None or state.visibility == "off":
        return None
    g.kit_tags = tags = validators(state, datetime.now(UTC))
    if _not_modified(tags):
        return Response(status=304)
    entry = current_app.extensions["kit_cache"].get(kind, state, tags)
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
    response.direct_passthrough = False  # send_file bodies: read them once to keep them
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in SET_HERE)
    current_app.extensions["kit_cache"].put(kit_route(), current_kit(), g.kit_tags,
                                            Entry(response.get_data(), headers))


def init_app(app: Flask) -> None:
    """Register the hooks; bodies go to ``KIT_CACHE_BYTES`` of memory and PDFs also to
    ``KIT_CACHE_DIR`` (default ``<instance>/cache``; an empty value keeps them in memory only)."""
    folder = app.config.get("KIT_CACHE_DIR")
    folder = Path(app.instance_path) / "cache" if folder is None else Path(folder) if folder else None
    app.extensions["kit_cache"] = KitCache(app.config.get("KIT_CACHE_BYTES", DEFAULT_CACHE_BYTES), folder)
    app.before_request(_before_kit_request)
    app.after_request(_after_kit_request)
    request_finished.connect(_keep_kit_body, app)
