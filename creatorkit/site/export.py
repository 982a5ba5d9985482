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
too; ``off`` ones never). Pages are rendered by the same functions as the live site,
from the same ``KitView``, in an app context: each language forced with
``force_locale`` and every link given by the export's ``Links``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask, render_template
from flask_babel import force_locale, gettext

from creatorkit import clock
from creatorkit.errors import InputError
from creatorkit.kit.build import build_kit_view
from creatorkit.render.json import to_json
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db, uploads
from creatorkit.web import i18n
from creatorkit.web.kits.pages import kit_pdf_bytes
from creatorkit.web.kits.render import Links, qr_document, render_kit
from creatorkit.web.kits.sharing import share_card
from creatorkit.web.kits.source import as_of
from creatorkit.web.ops.docs import render_kpis_page

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
        with app.app_context():
            return _export_all(app, db, target, chosen_creators(db, handles), with_pdf, on_kit)
    finally:
        db.conn.close()


def _export_all(app: Flask, db, target: Path, creators: list[dict], with_pdf: bool,
                on_kit: Callable[[str], None] | None) -> list[str]:
    _copy_static(Path(app.static_folder), target / "static")
    with force_locale(i18n.DEFAULT):
        (target / "docs").mkdir(exist_ok=True)
        (target / "docs" / "kpis.html").write_text(
            render_kpis_page(stylesheet="../static/css/kit.css", icon="../static/img/icon.svg"),
            encoding="utf-8")
    exported = []
    for creator in creators:
        _copy_uploads(Path(app.config["UPLOAD_FOLDER"]), uploads.names(db, creator["id"]), target / "uploads")
        _export_kit(app, db, creator, target / creator["handle"], with_pdf)
        exported.append(creator["handle"])
        if on_kit:
            on_kit(creator["handle"])
    with force_locale(i18n.DEFAULT):
        (target / "index.html").write_text(
            render_template("kits/site_index.html", creators=creators, stylesheet="static/css/kit.css",
                            icon="static/img/icon.svg"),
            encoding="utf-8")
    return exported


def _copy_static(source: Path, target: Path) -> None:
    for part in STATIC_PARTS:
        origin = source / part
        if origin.is_dir():
            shutil.copytree(origin, target / part, dirs_exist_ok=True)
        elif origin.is_file():
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target / part)


def _copy_uploads(source: Path, names: list[str], target: Path) -> None:
    """A kit's uploaded images, which its pages name as ``../uploads/<name>``."""
    for name in names:
        if (source / name).is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)


def _export_kit(app: Flask, db, creator: dict, folder: Path, with_pdf: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    view = build_kit_view(db, creator, as_of(db, creator, app.config), app.config, now=clock.now(app.config))
    default = creator["locale"] if creator["locale"] in i18n.SUPPORTED else i18n.DEFAULT
    links = Links.for_app(app, view.handle, static=True, default_lang=default)
    (folder / "kit.json").write_text(json.dumps(to_json(view), indent=2, ensure_ascii=False),
                                     encoding="utf-8")
    for lang in i18n.SUPPORTED:
        with force_locale(lang):
            (folder / links.page(lang)).write_text(render_kit(view, links, mode="static"), encoding="utf-8")
    with force_locale(default):
        (folder / "qr.svg").write_text(qr_document(links.canonical, gettext("QR code to this media kit")),
                                       encoding="utf-8")
        (folder / "og.png").write_bytes(share_card(view, links))
        if with_pdf:
            pdf_links = Links.for_app(app, view.handle, absolute=True)
            (folder / f"{view.handle}.pdf").write_bytes(kit_pdf_bytes(view, pdf_links))
