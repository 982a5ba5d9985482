"""``/docs/kpis``: how every figure of a kit is computed (``docs/kpis.md`` as HTML).

Each figure on a kit links to its definition here by anchor (``#engagement-rate``).
The page is a pure function of the file, rendered once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import markdown
from flask import Blueprint, render_template
from markupsafe import Markup

bp = Blueprint("docs", __name__)
PACKAGE_DIR = Path(__file__).resolve().parents[2]


def kpis_file() -> Path:
    """``docs/kpis.md`` at the repository root in a checkout, in the package in a wheel."""
    in_repo = PACKAGE_DIR.parent / "docs" / "kpis.md"
    return in_repo if in_repo.is_file() else PACKAGE_DIR / "docs" / "kpis.md"


@cache
def kpis_html() -> Markup:
    """The project's own document (trusted): its ``<a id>`` anchors are kept as written."""
    text = kpis_file().read_text(encoding="utf-8")
    return Markup(markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"]))


@bp.get("/docs/kpis")
def kpis():
    return render_template("docs/kpis.html", body=kpis_html())
