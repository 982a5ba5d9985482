"""Security headers on every response.

CSP: only this site's scripts (no inline script anywhere: ``static/js``), styles
from here plus inline ``style`` attributes (the bar widths), images from here and
https (creators' portraits and logos); no plugins, no ``<base>``, forms post here
only (and on to the origins a view names in ``g.form_targets``: the platforms' consent
pages a connect form is redirected to), and no framing except ``/@handle/embed``,
which is made to be framed. HSTS only on https responses (a plain-http test or LAN
install is not locked out).
Pages with private data (dashboard, shortlists, CSV exports) are ``no-store``.
"""

from __future__ import annotations

from flask import Flask, Response, g, request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'")
HSTS = "max-age=31536000; includeSubDomains"
PRIVATE_PREFIXES = ("/dashboard", "/shortlists", "/account")


def secure_headers(response: Response) -> Response:
    embeddable = request.endpoint == "sharing.embed"
    targets = "".join(f" {origin}" for origin in sorted(g.get("form_targets", ())))
    response.headers["Content-Security-Policy"] = CSP + targets + ("; frame-ancestors *" if embeddable
                                                                   else "; frame-ancestors 'none'")
    if not embeddable:
        response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.path.startswith(PRIVATE_PREFIXES):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(secure_headers)
