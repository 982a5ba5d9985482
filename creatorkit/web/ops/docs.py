"""``/docs/kpis``: what every figure of a kit means, for brands first, then for developers.

The page opens on a plain-language explanation in the reader's language
(``docs/kpis.plain.<lang>.md``: Markdown rather than catalog strings, so the French
keeps its typography, a narrow no-break space before ``: ; ! ?``) and continues with
the developer specification (``docs/kpis.md``). Each figure on a kit links to its
definition in the specification by anchor (``#engagement-rate``); each plain section
links there too. The page is a pure function of the files, rendered once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import markdown
from flask import Blueprint, render_template
from flask_babel import get_locale
from markupsafe import Markup

from creatorkit.web.i18n import DEFAULT, SUPPORTED

bp = Blueprint("docs", __name__)
PACKAGE_DIR = Path(__file__).resolve().parents[2]


def docs_file(name: str) -> Path:
    """``docs/<name>`` at the repository root in a checkout, in the package in a wheel."""
    in_repo = PACKAGE_DIR.parent / "docs" / name
    return in_repo if in_repo.is_file() else PACKAGE_DIR / "docs" / name


def _html(path: Path) -> Markup:
    """The project's own documents (trusted): their ``<a id>`` anchors are kept as written."""
    text = path.read_text(encoding="utf-8")
    return Markup(markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"]))


@cache
def kpis_html() -> Markup:
    return _html(docs_file("kpis.md"))


@cache
def plain_html(lang: str) -> Markup:
    """The plain-language explanation in ``lang`` (English for a language we do not speak)."""
    return _html(docs_file(f"kpis.plain.{lang if lang in SUPPORTED else DEFAULT}.md"))


def render_kpis_page(**context) -> str:
    """The whole page in the current language (the route and the static export)."""
    lang = str(get_locale() or DEFAULT)
    return render_template("docs/kpis.html", plain=plain_html(lang), body=kpis_html(),
                           lang=lang, **context)


@bp.get("/docs/kpis")
def kpis():
    return render_kpis_page()
