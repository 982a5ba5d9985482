"""One kit template, three renderings: the live page, the PDF and the static export.

``render_kit(view, links, mode)`` fills ``templates/kits/kit.html`` from a ``KitView``
and a ``Links`` (where the rendering points: live routes, absolute routes for the
PDF, or the export's relative files). Everything on it comes from the view, the
language and the data version, never from the clock or the visitor, so the same
request always renders the same bytes. It needs an app context, not a request: the
language is the current one (``flask_babel.force_locale`` outside a request) and the
links are built by ``Links.url`` (``routes(app)`` outside a request).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
import segno
from flask import Flask, render_template, url_for
from flask_babel import get_locale, gettext
from markupsafe import Markup

from creatorkit.kit.view import KitView
from creatorkit.render import charts
from creatorkit.render.jsonld import profile_page, script_json
from creatorkit.web import filters
from creatorkit.web.i18n import SUPPORTED

#: ``url_for``'s signature: (endpoint, **values) → the route's path
Build = Callable[..., str]


def routes(app: Flask) -> Build:
    """The app's route paths built without a request; ``Links`` puts its base URL (an
    origin, or an origin and a path) before them."""
    adapter = app.url_map.bind(urlsplit(app.config["BASE_URL"]).netloc)
    return lambda endpoint, **values: adapter.build(endpoint, values)


@dataclass(frozen=True)
class Links:
    """Addresses of a kit's pages and files. ``static`` links are relative to
    ``<export>/<handle>/``; ``absolute`` ones start with the public base URL."""

    handle: str
    base_url: str
    static: bool = False
    absolute: bool = False
    default_lang: str = "en"  # the static export's index.html speaks this one
    url: Build = url_for  # the request's routes; ``for_app`` builds them without one

    @classmethod
    def for_app(cls, app: Flask, handle: str, **kind) -> Links:
        """Links of a rendering made outside a request (the export, the CLI's PDF)."""
        return cls(handle, app.config["BASE_URL"].rstrip("/"), url=routes(app), **kind)

    @property
    def canonical(self) -> str:
        return f"{self.base_url}/@{self.handle}"

    def _route(self, endpoint: str, **values) -> str:
        path = self.url(endpoint, handle=self.handle, **values)
        return self.base_url + path if self.absolute else path

    def page(self, lang: str | None = None) -> str:
        if self.static:
            return "index.html" if lang in (None, self.default_lang) else f"index.{lang}.html"
        return self._route("kits.kit_page", lang=lang)

    def pdf(self, lang: str | None = None) -> str:
        """The one-page PDF; ``report`` is the full one."""
        return f"{self.handle}.pdf" if self.static else self._route("kits.kit_pdf", lang=lang)

    def report(self, lang: str | None = None) -> str:
        return f"{self.handle}-report.pdf" if self.static else self._route("kits.kit_report", lang=lang)

    def json(self) -> str:
        return "kit.json" if self.static else self._route("kits.kit_json")

    def qr(self) -> str:
        return "qr.svg" if self.static else self._route("sharing.qr_svg")

    def og(self) -> str:
        return self.base_url + self.url("sharing.og_png", handle=self.handle)

    def embed(self) -> str:
        return self.base_url + self.url("sharing.embed", handle=self.handle)

    def contact(self) -> str:
        """The reveal form lives on the server (a static host cannot keep the address back)."""
        path = self.url("kits.contact", handle=self.handle)
        return self.base_url + path if self.static or self.absolute else path

    def docs(self, anchor: str) -> str:
        if self.static:
            return f"../docs/kpis.html#{anchor}"
        path = self.url("docs.kpis") + f"#{anchor}"
        return self.base_url + path if self.absolute else path

    def asset(self, url: str) -> str:
        """This site's /static/ files (logos, CSS, scripts) and /uploads/ (creators'
        images) wherever the rendering lives."""
        if not url.startswith(("/static/", "/uploads/")):
            return url
        if self.static:
            return ".." + url
        return self.base_url + url if self.absolute else url

    def static_file(self, filename: str) -> str:
        return self.asset(self.url("static", filename=filename))


def render_bio(text: str | None) -> Markup | None:
    """Creator Markdown → sanitised HTML (no scripts, no inline handlers)."""
    return Markup(nh3.clean(markdown.markdown(text))) if text else None


def qr_svg(url: str, title: str) -> str:
    """A QR code to ``url`` as inline SVG (dark modules on white, readable in print)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=4, border=2, dark="#000", light="#fff", title=title, svgclass="qr-svg")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(title)}" ', 1)


def qr_document(url: str, title: str) -> str:
    """The QR code as a standalone SVG file."""
    svg = qr_svg(url, title).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + svg


def follower_charts(view: KitView, theme: str) -> dict[int, Markup]:
    """Each platform's follower history, by account id (none for hidden followers or charts)."""
    lang = str(get_locale())
    result = {}
    for p in view.platforms:
        if len(p.follower_series) < 2:
            continue
        series = p.follower_series[-180:]
        (first_day, first), (last_day, last) = series[0], series[-1]
        title = gettext("%(platform)s %(word)s over time", platform=p.label,
                        word=filters.term(p.follower_word))
        desc = gettext("From %(start)s on %(start_day)s to %(end)s on %(end_day)s.",
                       start=filters.count(first), start_day=filters.day(first_day),
                       end=filters.count(last), end_day=filters.day(last_day))
        result[p.account_id] = Markup(charts.follower_svg(p.platform, series, title=title, desc=desc,
                                                          locale=lang, theme=theme))
    return result


def engagement_chart(view: KitView, theme: str) -> Markup | None:
    """Engagement rates over their benchmark bands (platforms with a rate; not Twitch)."""
    rows, described = [], []
    for p in view.platforms:
        if p.uses_viewers or p.engagement is None or p.engagement.value is None:
            continue
        bench = p.comparison.benchmark if p.comparison else None
        basis = gettext("of %(basis)s", basis=filters.term(p.engagement.basis))
        rows.append((f"{p.label}\n{basis}", p.platform, p.engagement.value,
                     bench.range_low if bench else None, bench.range_high if bench else None))
        described.append(f"{p.label} {filters.percent(p.engagement.value, 2)} {basis}")
    if not rows or "charts" in view.hidden:
        return None
    title = gettext("Engagement rate compared with published benchmarks")
    return Markup(charts.engagement_svg(
        tuple(rows), title=title, desc="; ".join(described) + ".", locale=str(get_locale()),
        theme=theme, band_label=gettext("Shaded: the range published for the same follower band")))


def render_kit(view: KitView, links: Links, mode: str = "page") -> str:
    """``mode``: "page", "static" (the export), "pdf" (the full report) or "sheet" (one page)."""
    lang = str(get_locale())
    chart_theme = "print" if mode == "pdf" else view.theme  # paper is white whatever the theme
    qr = Markup(qr_svg(links.canonical, gettext("QR code to this media kit")))
    if mode == "sheet":
        return render_template("kits/sheet.html", kit=view, links=links, mode="pdf", lang=lang,
                               theme=view.theme, qr=qr)
    return render_template(
        "kits/kit.html", kit=view, links=links, mode=mode, lang=lang, theme=view.theme,
        other_langs=[code for code in SUPPORTED if code != lang], bio=render_bio(view.bio),
        follower_charts={} if "charts" in view.hidden else follower_charts(view, chart_theme),
        engagement_chart=engagement_chart(view, chart_theme),
        qr=qr if mode == "pdf" else None,
        noindex=view.visibility == "unlisted",
        jsonld=Markup(script_json(profile_page(view, url=links.canonical, image=links.og(), language=lang)))
        if view.visibility == "public" and mode != "pdf" else None,
    )
