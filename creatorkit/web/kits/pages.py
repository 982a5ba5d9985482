"""The media kit: ``/@handle`` (page), ``.json``, ``.pdf`` and the contact reveal.

The creator's e-mail address is never in a page: ``/@handle/contact`` reveals it
after a CSRF-checked POST, ``CONTACT_REVEALS_PER_HOUR`` times per visitor and hour.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf

from creatorkit.kit.view import KitView
from creatorkit.render.json import to_json
from creatorkit.render.pdf import render_pdf
from creatorkit.storage import creators as creator_store
from creatorkit.web.db import get_db
from creatorkit.web.kits.render import Links, render_kit
from creatorkit.web.kits.source import load_view
from creatorkit.web.limits import limiter

bp = Blueprint("kits", __name__)


def links(view: KitView, *, absolute: bool = False) -> Links:
    return Links(view.handle, current_app.config["BASE_URL"].rstrip("/"), absolute=absolute)


@bp.get("/@<handle>.json")
def kit_json(handle: str):
    return jsonify(to_json(load_view(handle)))


@bp.get("/@<handle>")
def kit_page(handle: str):
    view = load_view(handle)
    return render_kit(view, links(view))


def _pdf_response(handle: str, mode: str, name: str) -> Response:
    view = load_view(handle)
    response = Response(kit_pdf_bytes(view, links(view, absolute=True), mode), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{view.handle}-{name}.pdf"'
    return response


@bp.get("/@<handle>.pdf")
@limiter.limit(lambda: str(current_app.config["PDF_RENDERS_LIMIT"]))
def kit_pdf(handle: str):
    """The one-sheet: one A4 page that a brand reads first."""
    return _pdf_response(handle, "sheet", "media-kit")


@bp.get("/@<handle>/report.pdf")
@limiter.limit(lambda: str(current_app.config["PDF_RENDERS_LIMIT"]))
def kit_report(handle: str):
    """The full report: every platform, chart, post and collaboration."""
    return _pdf_response(handle, "pdf", "media-kit-report")


def kit_pdf_bytes(view: KitView, kit_links: Links, mode: str = "sheet") -> bytes:
    """A PDF of a kit ("sheet" or the full "pdf" report), with ``kit_links`` (absolute)."""
    html = render_kit(view, kit_links, mode=mode)
    return render_pdf(html, base_url=kit_links.base_url + "/", fetch=static_fetcher(kit_links.base_url))


def static_fetcher(base_url: str):
    """Lets WeasyPrint load this site's /static/ files and creators' /uploads/ from
    disk, and nothing else."""
    folders = {base_url.rstrip("/") + "/static/": Path(current_app.static_folder).resolve(),
               base_url.rstrip("/") + "/uploads/": Path(current_app.config["UPLOAD_FOLDER"]).resolve()}

    def fetch(url: str) -> tuple[bytes, str] | None:
        for prefix, root in folders.items():
            if url.startswith(prefix):
                path = (root / url[len(prefix):].split("?")[0]).resolve()
                if path.is_file() and root in path.parents:
                    return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return None

    return fetch


def reveals_per_hour() -> str:
    return f"{int(current_app.config['CONTACT_REVEALS_PER_HOUR'])}/hour"


def too_many_reveals(_limit) -> Response:
    """The reveal page (or JSON) saying to wait; Flask-Limiter adds Retry-After."""
    view = load_view(request.view_args["handle"])
    if request.accept_mimetypes.best == "application/json":
        body = jsonify(error="too_many")
    else:
        body = render_template("kits/contact.html", kit=view, links=links(view), email=None, limited=True)
    return _private(current_app.make_response((body, 429)))


@bp.route("/@<handle>/contact", methods=("GET", "POST"))
@limiter.limit(reveals_per_hour, methods=["POST"], on_breach=too_many_reveals)
def contact(handle: str):
    """GET: the reveal form (or, asked for JSON, a CSRF token for the page's script);
    POST: the address, rate-limited per visitor."""
    view = load_view(handle)
    if not view.has_contact:
        abort(404)
    wants_json = request.accept_mimetypes.best == "application/json"
    if request.method == "GET":
        if wants_json:
            return _private(jsonify(csrf_token=generate_csrf()))
        return _private(render_template("kits/contact.html", kit=view, links=links(view), email=None,
                                        csrf=generate_csrf()))
    try:
        validate_csrf(request.form.get("csrf_token") or request.headers.get("X-CSRFToken"))
    except Exception as exc:  # flask_wtf raises ValidationError; CSRFError when global
        raise CSRFError(str(exc)) from exc
    email = creator_store.get_creator(get_db(), handle)["contact_email"]
    if wants_json:
        return _private(jsonify(email=email))
    return _private(render_template("kits/contact.html", kit=view, links=links(view), email=email))


def _private(response) -> Response:
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
