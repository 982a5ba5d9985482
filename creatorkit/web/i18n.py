"""English and French (Flask-Babel): which language a response speaks, and the catalogs.

A kit speaks its creator's ``locale`` unless the visitor asks ``?lang=en`` or
``?lang=fr``; nothing else (no Accept-Language, no cookie) decides it, so a kit
response stays a pure function of (handle, data version, language, endpoint) and
caches cleanly. Other pages honour ``?lang`` and then the browser's languages.

Catalogs: ``translations/<lang>/LC_MESSAGES/messages.po`` is the source of truth;
the app compiles it to ``.mo`` in its instance folder at start (only when the
``.po`` is newer), so a fresh install or a wheel needs no build step and no binary
sits in git. Extract new strings with ``pybabel extract -F babel.cfg -k N_ -o
messages.pot -k _l .`` and ``pybabel update -i messages.pot -d translations``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, request
from flask_babel import Babel, get_locale

SUPPORTED = ("en", "fr")
DEFAULT = "en"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def source_dir() -> Path:
    """``translations/`` at the repository root in a checkout, in the package in a wheel."""
    in_repo = PACKAGE_DIR.parent / "translations"
    return in_repo if in_repo.is_dir() else PACKAGE_DIR / "translations"


def compile_catalogs(source: Path, target: Path) -> list[Path]:
    """Compile every ``.po`` under ``source`` whose ``.mo`` under ``target`` is missing or
    older; each file is written beside and renamed into place (safe with several workers)."""
    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as handle:
            catalog = read_po(handle)
        fd, temporary = tempfile.mkstemp(dir=mo.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog, use_fuzzy=False)
        os.replace(temporary, mo)
        written.append(mo)
    return written


def lang_param() -> str | None:
    """The language asked for in the query string, when it is one we speak."""
    lang = request.args.get("lang", "").strip().lower()
    return lang if lang in SUPPORTED else None


def use_kit_locale(creator_locale: str | None) -> str:
    """Fix this request's language for a kit: ``?lang`` first, then the creator's choice."""
    g.kit_locale = lang_param() or (creator_locale if creator_locale in SUPPORTED else DEFAULT)
    return g.kit_locale


def select_locale() -> str:
    if "kit_locale" in g:
        return g.kit_locale
    return lang_param() or request.accept_languages.best_match(SUPPORTED) or DEFAULT


def init_app(app: Flask) -> None:
    """Compile the catalogs and start Flask-Babel (once per app)."""
    if "babel" in app.extensions:
        return
    target = Path(app.instance_path) / "translations"
    compile_catalogs(source_dir(), target)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(target))
    Babel(app, locale_selector=select_locale)
    app.context_processor(lambda: {"current_lang": str(get_locale() or DEFAULT)})
