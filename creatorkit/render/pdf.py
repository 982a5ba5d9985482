"""HTML → PDF bytes with WeasyPrint: no Flask, no database.

The kit's PDF is the page's own HTML with the print stylesheet (A4, vector SVG charts,
real text). WeasyPrint never fetches anything by itself: ``fetch`` decides which
URLs may load (the web layer maps its /static/ files to disk), and every other URL
is refused, so a creator-supplied image address cannot make the server call out.
"""

from __future__ import annotations

from collections.abc import Callable

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

#: url → (body, MIME type) for the URLs allowed to load, None for the others
Fetch = Callable[[str], tuple[bytes, str] | None]


class _AllowedOnly(URLFetcher):
    """data: URLs, and whatever ``allow`` returns; everything else is refused."""

    def __init__(self, allow: Fetch | None):
        super().__init__(allowed_protocols=("data",))
        self._allow = allow

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        found = self._allow(url) if self._allow else None
        if found is None:
            raise ValueError(f"not fetched: {url}")
        body, mime_type = found
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def render_pdf(html: str, *, base_url: str | None = None, fetch: Fetch | None = None) -> bytes:
    """The PDF of ``html``; relative URLs resolve against ``base_url`` and load only
    when ``fetch`` returns their bytes. Tagged (PDF/UA-1): screen readers get the
    headings, tables and reading order, and the images' alternative text."""
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_AllowedOnly(fetch))
    return document.write_pdf(pdf_variant="pdf/ua-1")
