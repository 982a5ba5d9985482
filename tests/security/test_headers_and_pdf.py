"""Findings 6 and 8: browsers are told what to refuse, and the PDF renderer cannot be
turned into a denial of service.

The attacks: framing a kit or the dashboard (clickjacking), sniffing, a cached
shortlist on a shared computer; ``?cb=1..N`` on the PDF to force N renders and N
files, and many renders from one client.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from creatorkit.web.kits import pages
from creatorkit.web.kits.body_cache import DiskCache, Entry
from tests.security.conftest import sign_in
from tests.security.test_injection import TEMPLATES


def test_every_page_says_no_inline_script_no_framing_no_sniffing(app, people):
    client = app.test_client()
    for path in ("/@camille", "/directory", "/account/signin", "/api/v1/creators", "/@nobody"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                          "form-action 'self'", "frame-ancestors 'none'"):
            assert directive in csp, (path, directive)
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Strict-Transport-Security" not in headers  # plain http here


def test_the_embed_alone_may_be_framed(app, people):
    headers = app.test_client().get("/@camille/embed").headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "object-src 'none'" in csp and "X-Frame-Options" not in headers


def test_https_responses_carry_hsts(app, people):
    response = app.test_client().get("/@camille", base_url="https://kits.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_private_pages_are_never_stored(app, people):
    client = app.test_client()
    sign_in(client, "buyer@acme.example")
    assert client.get("/shortlists").headers["Cache-Control"] == "no-store"
    creator = app.test_client()
    sign_in(creator, "camille@creator.example")
    assert creator.get("/dashboard/").headers["Cache-Control"] == "no-store"


def test_no_template_has_an_inline_script():
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        assert "<script>" not in text and "javascript:" not in text, path
        # a JSON-LD data block is never run (CSP does not apply to it): the only inline one allowed
        assert all("src=" in tag.split(">")[0] or tag.startswith(' type="application/ld+json">')
                   for tag in text.split("<script")[1:]), path


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDF renders behind the route (a small PDF instead of WeasyPrint's)."""
    done = []

    def render(html, **_kwargs):
        done.append(html)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(pages, "render_pdf", render)
    return done


def test_cache_busting_parameters_render_the_pdf_once(app, people, renders):
    client = app.test_client()
    codes = [client.get(f"/@camille.pdf?cb={n}").status_code for n in range(8)]
    assert codes == [200] * 8 and len(renders) == 1
    assert client.get("/@camille.pdf?lang=fr").status_code == 200 and len(renders) == 2
    assert len(list((Path(app.instance_path) / "cache").iterdir())) == 2


def test_fresh_renders_are_limited_per_client(app, people, db, renders):
    app.config["PDF_RENDERS_LIMIT"] = "3/minute"
    client = app.test_client()
    codes = []
    for _ in range(5):
        db.execute("UPDATE creators SET data_version = data_version + 1")  # a new version: a fresh render
        db.conn.commit()
        codes.append(client.get("/@camille.pdf").status_code)
    assert codes == [200, 200, 200, 429, 429] and len(renders) == 3


def test_the_disk_cache_keeps_under_its_cap(tmp_path):
    cache = DiskCache(tmp_path, max_bytes=2500)
    for n in range(10):
        cache.put(f"kit{n}.pdf.v1.20261120.e{n}", Entry(b"x" * 1000, ()))
    sizes = [p.stat().st_size for p in tmp_path.iterdir()]
    assert sum(sizes) <= 2500 and len(sizes) == 2
    assert cache.get("kit9.pdf.v1.20261120.e9") is not None and cache.get("kit0.pdf.v1.20261120.e0") is None
