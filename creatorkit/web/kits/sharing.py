"""Sharing a kit: the link-preview image, the QR code and the embeddable stats badge.

``/@handle/og.png`` (1200×630, what Open Graph and Twitter cards show),
``/@handle/qr.svg`` (to the canonical kit URL) and ``/@handle/embed`` (a small page
meant for an ``<iframe>`` on any site). All three are built from the ``KitView``, so a
hidden figure is absent from them too.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template
from flask_babel import gettext

from creatorkit.kit.view import KitView
from creatorkit.render import charts
from creatorkit.web import filters
from creatorkit.web.kits.render import Links, qr_document
from creatorkit.web.kits.source import load_view

bp = Blueprint("sharing", __name__)


def links_for(view: KitView) -> Links:
    return Links(view.handle, current_app.config["BASE_URL"].rstrip("/"))


def share_card(view: KitView, links: Links) -> bytes:
    """The preview image: name, handle, total followers and the largest platforms."""
    total = view.total_followers
    headline = gettext("%(count)s followers", count=filters.count(total)) if total else ""
    ranked = sorted(view.platforms, key=lambda p: p.followers or 0, reverse=True)
    lines = [(p.platform, p.label, filters.count(p.followers) if p.followers is not None else "")
             for p in ranked]
    footer = " · ".join(filter(None, (
        gettext("Verified data") if view.verified else None, gettext("Media kit"),
        links.canonical.split("://", 1)[-1])))
    return charts.share_card_png(view.display_name, view.handle, headline, lines, footer=footer,
                                 theme=view.theme)


@bp.get("/@<handle>/og.png")
def og_png(handle: str):
    view = load_view(handle)
    return Response(share_card(view, links_for(view)), mimetype="image/png")


@bp.get("/@<handle>/qr.svg", endpoint="qr_svg")
def qr_code(handle: str):
    view = load_view(handle)
    links = links_for(view)
    title = gettext("QR code to the media kit of %(name)s", name=view.display_name)
    return Response(qr_document(links.canonical, title), mimetype="image/svg+xml")


@bp.get("/@<handle>/embed")
def embed(handle: str):
    """The stats badge; any site may frame it (``web.headers`` leaves out frame-ancestors)."""
    view = load_view(handle)
    return Response(render_template("kits/embed.html", kit=view, links=links_for(view),
                                    theme=view.theme, noindex=True))
