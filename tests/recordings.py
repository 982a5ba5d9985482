"""Payloads for the parser tests: the project's own fixtures, and real recordings.

Every parser has fixtures of its own under ``tests/fixtures/<platform>/``, written by
the project from the documented shapes (reference/platform-apis.md), so a clean
checkout proves each behaviour. The real recorded payloads of
``../shared/fixtures/real`` (or ``$CREATORKIT_REAL_FIXTURES``) are not part of the
repository (their licences vary); when present they are checked too, as extra cases
of the same tests, and when absent those cases are not collected. The session
header says which (``conftest.pytest_report_header``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OWN_DIR = Path(__file__).resolve().parent / "fixtures"
DEFAULT_REAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"
REAL_DIR = Path(os.environ.get("CREATORKIT_REAL_FIXTURES") or DEFAULT_REAL_DIR)


def real_present() -> bool:
    return REAL_DIR.is_dir()


@dataclass(frozen=True)
class Recording:
    """One payload file: ``source`` is "own" (tests/fixtures) or "real" (the shared recordings)."""

    source: str
    platform: str
    name: str

    @property
    def path(self) -> Path:
        return (OWN_DIR if self.source == "own" else REAL_DIR) / self.platform / self.name

    def json(self) -> Any:
        return json.loads(self.path.read_text(encoding="utf-8"))

    def __str__(self) -> str:
        return f"{self.source}:{self.name}"


def recordings(platform: str, own: dict[str, Any],
               real: dict[str, Any] | None = None) -> dict[Recording, Any]:
    """``{Recording: expected}`` for a parametrised test: every own file, then the real
    ones when the recordings are present. Use with ``ids=str``."""
    cases = {Recording("own", platform, name): expected for name, expected in own.items()}
    if real and real_present():
        cases.update({Recording("real", platform, name): expected for name, expected in real.items()})
    return cases


def sources() -> list[str]:
    """The sources present: always "own", and "real" when the recordings are there."""
    return ["own", "real"] if real_present() else ["own"]


def files_in(source: str, platform: str, pattern: str = "*.json") -> set[str]:
    folder = (OWN_DIR if source == "own" else REAL_DIR) / platform
    return {path.name for path in folder.glob(pattern)}
