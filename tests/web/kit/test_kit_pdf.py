"""The kit's PDFs: the full report (the same figures as the JSON, A4, dated, with the
live link and a QR code, vector charts and selectable text) and the one-page sheet."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from creatorkit.app import create_app
from creatorkit.demo.content import seed_demo_content
from creatorkit.storage import open_db
from creatorkit.storage.credentials import new_key


@pytest.fixture(scope="module")
def rendered(demo_db_file, tmp_path_factory):
    """One PDF for the module (rendering takes seconds) and the JSON of the same data."""
    database = tmp_path_factory.mktemp("pdf") / "creatorkit.db"
    shutil.copy(demo_db_file, database)
    db = open_db(database)
    seed_demo_content(db)
    db.conn.close()
    app = create_app({"TESTING": True, "DATABASE": str(database), "CREDENTIALS_KEY": new_key(),
                      "BASE_URL": "https://kits.example"})
    client = app.test_client()
    response = client.get("/@demo/report.pdf?lang=en")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="demo-media-kit-report.pdf"'
    sheet = client.get("/@demo.pdf?lang=en")
    assert sheet.headers["Content-Disposition"] == 'inline; filename="demo-media-kit.pdf"'
    return PdfReader(io.BytesIO(response.data)), client.get("/@demo.json").get_json(), sheet.data


@pytest.fixture
def pdf(rendered):
    return rendered[0]


@pytest.fixture
def data(rendered):
    return rendered[1]


def compact(value: float) -> str:
    return f"{value / 1000:.1f}K" if value >= 10_000 else f"{value:,.0f}"


def test_the_pdf_text_matches_the_json(pdf, data):
    text = " ".join(page.extract_text() for page in pdf.pages)
    flat = re.sub(r"\s+", " ", text)
    assert data["display_name"] in flat and "@demo" in flat
    assert compact(data["total_followers"]) in flat
    for platform in data["platforms"]:
        assert platform["username"] in flat
        assert compact(platform["followers"]) in flat
        er = platform["engagement_rate"]
        if er["value"] is not None and platform["platform"] != "twitch":
            assert f"{er['value'] * 100:.2f}%" in flat
    assert "Dedicated YouTube video (8–12 min)" in flat and "€4,800" in flat


def test_the_pdf_is_a4_dated_and_points_to_the_live_kit(pdf, data):
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Figures as of" in text and data["as_of"][:4] in text
    assert "kits.example/@demo" in text
    links = [annotation.get_object()["/A"]["/URI"] for page in pdf.pages
             for annotation in page.get("/Annots") or () if "/A" in annotation.get_object()]
    assert "https://kits.example/@demo" in links
    assert "https://kits.example/@demo/contact" in links
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert len(pdf.pages) >= 2


def test_charts_logos_and_qr_code_are_vector_not_images(pdf):
    for page in pdf.pages:
        objects = page["/Resources"].get("/XObject") or {}
        for ref in objects.values():
            assert ref.get_object().get("/Subtype") != "/Image"


@pytest.fixture
def sheet_bytes(rendered) -> bytes:
    return rendered[2]


def uris(pdf: PdfReader) -> list[str]:
    return [annotation.get_object()["/A"]["/URI"] for page in pdf.pages
            for annotation in page.get("/Annots") or () if "/A" in annotation.get_object()]


def test_the_one_sheet_is_one_a4_page_linking_every_profile_the_kit_and_its_contact(sheet_bytes, data):
    sheet = PdfReader(io.BytesIO(sheet_bytes))
    assert len(sheet.pages) == 1
    page = sheet.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = re.sub(r"\s+", " ", page.extract_text())
    assert data["display_name"] in text and compact(data["total_followers"]) in text
    assert "Audience" in text and "Rate card" in text and "€4,800" in text
    links = uris(sheet)
    assert {"https://kits.example/@demo", "https://kits.example/@demo/contact"} <= set(links)
    profiles = {p["platform"]: p for p in data["platforms"]}
    assert len([link for link in links if "kits.example" not in link]) >= len(profiles)
    for platform in data["platforms"]:
        assert compact(platform["followers"]) in text


def test_the_pdfs_are_tagged_for_screen_readers(pdf, sheet_bytes):
    for document in (pdf, PdfReader(io.BytesIO(sheet_bytes))):
        catalog = document.trailer["/Root"]
        assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
        assert catalog["/Lang"] == "en"


def test_every_font_of_the_one_sheet_is_embedded(sheet_bytes, tmp_path):
    pdffonts = shutil.which("pdffonts")
    if not pdffonts:
        pytest.skip("pdffonts is absent: apt-get install poppler-utils (scripts/test does as root)")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(sheet_bytes)
    rows = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
    fonts = rows.splitlines()[2:]  # after the header and its underline
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), rows
