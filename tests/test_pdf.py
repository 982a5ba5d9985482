"""pdf.render_pdf: HTML in, PDF bytes out, and nothing fetched that was not allowed."""

from __future__ import annotations

import io

from pypdf import PdfReader

from creatorkit.render.pdf import render_pdf

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
HTML = """<!doctype html><html lang="fr"><head><style>@page { size: A4 }</style></head><body>
<h1>Léa Moreau</h1><p>1 234,5 abonnés</p>
<img src="https://tracker.example/pixel.png" alt=""><img src="/static/logo.svg" alt="logo"></body></html>"""


def test_html_becomes_an_a4_pdf_with_selectable_text():
    reader = PdfReader(io.BytesIO(render_pdf(HTML)))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = page.extract_text()
    assert "Léa Moreau" in text and "1 234,5 abonnés" in text


def test_only_what_fetch_allows_is_loaded_and_nothing_else_is_requested():
    asked = []

    def fetch(url):
        asked.append(url)
        return (SVG, "image/svg+xml") if url == "https://kits.example/static/logo.svg" else None

    render_pdf(HTML, base_url="https://kits.example/", fetch=fetch)
    assert asked == ["https://tracker.example/pixel.png", "https://kits.example/static/logo.svg"]


def test_without_fetch_no_url_is_loaded(monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    assert render_pdf(HTML).startswith(b"%PDF-")
