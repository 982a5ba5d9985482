"""Sharing: preview image, QR code, embeddable badge, and the contact reveal."""

from __future__ import annotations

import io
import re

from PIL import Image


def test_the_preview_image_is_a_1200_by_630_png(client):
    response = client.get("/@demo/og.png")
    assert response.mimetype == "image/png"
    assert Image.open(io.BytesIO(response.data)).size == (1200, 630)


def test_the_qr_code_is_an_svg_with_a_title(client):
    response = client.get("/@demo/qr.svg?lang=en")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "<title>QR code to the media kit of Camille Laurent</title>" in svg


def test_the_badge_may_be_framed_anywhere_and_links_to_the_kit(client):
    response = client.get("/@demo/embed?lang=en")
    assert response.headers["Content-Security-Policy"].endswith("; frame-ancestors *")
    assert "X-Frame-Options" not in response.headers
    html = response.get_data(as_text=True)
    assert 'href="https://kits.example/@demo" target="_blank"' in html
    assert "followers in total" in html


def test_the_page_offers_copy_link_qr_and_embed_code(client):
    html = client.get("/@demo?lang=en").get_data(as_text=True)
    assert 'value="https://kits.example/@demo" readonly' in html and "data-copy=" in html
    assert '&lt;iframe src="https://kits.example/@demo/embed"' in html
    assert '<img class="qr" src="/@demo/qr.svg"' in html


def token(client) -> str:
    response = client.get("/@demo/contact", headers={"Accept": "application/json"})
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()["csrf_token"]


def test_the_address_is_revealed_by_a_post_with_a_csrf_token(client):
    form_page = client.get("/@demo/contact").get_data(as_text=True)
    assert "demo@example.com" not in form_page and 'name="csrf_token"' in form_page
    hidden = re.search(r'name="csrf_token" value="([^"]+)"', form_page).group(1)
    revealed = client.post("/@demo/contact", data={"csrf_token": hidden})
    assert 'href="mailto:demo@example.com"' in revealed.get_data(as_text=True)
    headers = {"Accept": "application/json", "X-CSRFToken": token(client)}
    answer = client.post("/@demo/contact", headers=headers)
    assert answer.get_json() == {"email": "demo@example.com"}
    assert answer.headers["Cache-Control"] == "no-store"


def test_a_post_without_a_valid_token_reveals_nothing(client):
    response = client.post("/@demo/contact", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert "demo@example.com" not in response.get_data(as_text=True)


def test_reveals_are_limited_per_visitor(app, client):
    app.config["CONTACT_REVEALS_PER_HOUR"] = 2
    headers = {"Accept": "application/json", "X-CSRFToken": token(client)}
    codes = [client.post("/@demo/contact", headers=headers).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    limited = client.post("/@demo/contact", headers=headers)
    assert int(limited.headers["Retry-After"]) > 0 and "email" not in limited.get_json()
