"""``creatorkit export-site``: the kits as a static microsite for any static host or CDN.

Layout of the export (every link inside it is relative, so the folder works from
any address, or opened from disk)::

    index.html                  the exported kits
    static/css/kit.css, static/js/kit.js, static/img/...
    docs/kpis.html              how the figures are computed (the kits link here)
    <handle>/index.html         the kit in its creator's language
    <handle>/index.<lang>.html  the kit in the other language
    <handle>/<handle>.pdf       the PDF, kit.json, qr.svg and og.png

Only ``public`` kits are exported unless handles are named (``unlisted`` ones then
too; ``off`` ones never). Pages are rendered by the app itself, in a request context
per kit and language, from the same ``KitView`` as the live site.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask, render_template
from flask_babel import force_locale, gettext

from creatorkit import kit
from creatorkit.errors import InputError
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db
from creatorkit.web import i18n
from creatorkit.web.docs import kpis_html
from creatorkit.web.kit_render import Links, qr_document, render_kit
from creatorkit.web.kit_source import as_of
from creatorkit.web.kits import kit_pdf_bytes
from creatorkit.web.sharing import share_card

STATIC_PARTS = ("css/kit.css", "js/kit.js", "img")


def chosen_creators(db, handles: Iterable[str]) -> list[dict]:
    handles = list(handles)
    if not handles:
        return [c for c in creator_store.list_creators(db) if c["visibility"] == "public"]
    chosen = [creator_store.get_creator(db, handle) for handle in handles]
    off = [c["handle"] for c in chosen if c["visibility"] == "off"]
    if off:
        raise InputError(f"Kit switched off, not exported: {', '.join(off)}.")
    return chosen


def export_site(app: Flask, target: Path, handles: Iterable[str] = (), *, with_pdf: bool = True,
                on_kit: Callable[[str], None] | None = None) -> list[str]:
    """Write the microsite into ``target``; returns the exported handles."""
    target.mkdir(parents=True, exist_ok=True)
    db = open_db(app.config["DATABASE"])
    try:
        creators = chosen_creators(db, handles)
        _copy_static(Path(app.static_folder), target / "static")
        with app.test_request_context("/"):
            (target / "docs").mkdir(exist_ok=True)
            (target / "docs" / "kpis.html").write_text(
                render_template("docs/kpis.html", body=kpis_html(), stylesheet="../static/css/kit.css"),
                encoding="utf-8")
        exported = []
        for creator in creators:
            _export_kit(app, db, creator, target / creator["handle"], with_pdf)
            exported.append(creator["handle"])
            if on_kit:
                on_kit(creator["handle"])
        with app.test_request_context("/"):
            (target / "index.html").write_text(
                render_template("kits/site_index.html", creators=creators, stylesheet="static/css/kit.css"),
                encoding="utf-8")
        return exported
    finally:
        db.conn.close()


def _copy_static(source: Path, target: Path) -> None:
    for part in STATIC_PARTS:
        origin = source / part
        if origin.is_dir():
            shutil.copytree(origin, target / part, dirs_exist_ok=True)
        elif origin.is_file():
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target / part)


def _export_kit(app: Flask, db, creator: dict, folder: Path, with_pdf: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    view = kit.build_kit_view(db, creator, as_of(db, creator, app.config), app.config)
    base_url = app.config["BASE_URL"].rstrip("/")
    default = creator["locale"] if creator["locale"] in i18n.SUPPORTED else i18n.DEFAULT
    links = Links(view.handle, base_url, static=True, default_lang=default)
    (folder / "kit.json").write_text(json.dumps(kit.to_json(view), indent=2, ensure_ascii=False),
                                     encoding="utf-8")
    for lang in i18n.SUPPORTED:
        with app.test_request_context(f"/@{view.handle}"), force_locale(lang):
            (folder / links.page(lang)).write_text(render_kit(view, links, mode="static"), encoding="utf-8")
    with app.test_request_context(f"/@{view.handle}"), force_locale(default):
        (folder / "qr.svg").write_text(qr_document(links.canonical, gettext("QR code to this media kit")),
                                       encoding="utf-8")
        (folder / "og.png").write_bytes(share_card(view))
        if with_pdf:
            (folder / f"{view.handle}.pdf").write_bytes(kit_pdf_bytes(view))
