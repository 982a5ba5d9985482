"""Where the kit bodies rendered earlier are kept: an in-process LRU bounded in bytes,
and optionally a folder on disk for the bodies worth keeping across restarts (PDFs).

Knows nothing of HTTP validators or of kits: ``kits.caching`` chooses the keys and
the file names (``<handle>.<kind>.v<data_version>.<day>.<etag>``).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from cachetools import LRUCache
from flask import Response


@dataclass(frozen=True)
class Entry:
    body: bytes
    headers: tuple[tuple[str, str], ...]

    def response(self) -> Response:
        return Response(self.body, headers=list(self.headers))


class ByteLRU:
    """Least-recently-used bodies, bounded by their total size (cachetools, behind a lock:
    its caches are not thread-safe); a body larger than a quarter of the bound is not
    kept, so that one cannot flush the rest."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: LRUCache[str, Entry] = LRUCache(max_bytes, getsizeof=lambda entry: len(entry.body))
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        return self._items.currsize

    def get(self, key: str) -> Entry | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: str, entry: Entry) -> None:
        if len(entry.body) > self.max_bytes // 4:
            return
        with self._lock:
            self._items[key] = entry

#: the disk folder's cap when none is given (the ``KIT_CACHE_DISK_BYTES`` default)
DEFAULT_DISK_BYTES = 256 * 1024 * 1024


class DiskCache:
    """One file per body (a JSON line of headers, then the bytes), replaced atomically.

    Names are ``<family>.<version>.<etag>`` with a two-part family (``demo.pdf``) and a
    two-part version (``v7.20260501``): writing one deletes the family's other versions,
    so the folder holds the current bodies of each kit and no more. Past ``max_bytes``
    in all, the least recently written files go first."""

    def __init__(self, folder: Path, max_bytes: int):
        self.folder = folder
        self.max_bytes = max_bytes

    def get(self, name: str) -> Entry | None:
        try:
            raw = (self.folder / name).read_bytes()
        except FileNotFoundError:
            return None
        head, _, body = raw.partition(b"\n")
        return Entry(body, tuple(tuple(pair) for pair in json.loads(head)))

    def put(self, name: str, entry: Entry) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(json.dumps(entry.headers).encode() + b"\n" + entry.body)
        os.replace(tmp, self.folder / name)
        parts = name.split(".")
        family, current = ".".join(parts[:2]) + ".", ".".join(parts[:4]) + "."
        for old in self.folder.glob(family + "*"):
            if not old.name.startswith(current):
                old.unlink(missing_ok=True)
        self._trim()

    def _trim(self) -> None:
        files = []
        for path in self.folder.iterdir():
            try:
                files.append((path.stat().st_mtime_ns, path.stat().st_size, path))
            except FileNotFoundError:  # another worker removed it meanwhile
                continue
        total = sum(size for _mtime, size, _path in files)
        for _mtime, size, path in sorted(files, key=lambda item: item[0]):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size


class BodyCache:
    """Memory first; the disk, when there is a folder, for bodies given a file name."""

    def __init__(self, max_bytes: int, folder: Path | None, disk_bytes: int = DEFAULT_DISK_BYTES):
        self.memory = ByteLRU(max_bytes)
        self.disk = DiskCache(folder, disk_bytes) if folder else None

    def get(self, key: str, file_name: str | None = None) -> Entry | None:
        entry = self.memory.get(key)
        if entry is None and self.disk and file_name:
            entry = self.disk.get(file_name)
            if entry is not None:
                self.memory.put(key, entry)
        return entry

    def put(self, key: str, entry: Entry, file_name: str | None = None) -> None:
        self.memory.put(key, entry)
        if self.disk and file_name:
            self.disk.put(file_name, entry)
