"""The static microsite and the kit commands: export-site, export-pdf, kit."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from creatorkit.cli import cli
from creatorkit.cli.exports import export_pdf, export_site, kit_command
from creatorkit.storage import creators as creator_store
from creatorkit.web.kits.render import Links


def refs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]+)"', html)


def pdf_text(data: bytes) -> tuple[int, str]:
    """(pages, text) of a PDF, its text with white space run together."""
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_microsite_is_self_contained_with_relative_links(app, seeded, tmp_path):
    result = app.test_cli_runner().invoke(export_site, [str(tmp_path), "--handle", "demo"])
    assert result.exit_code == 0, result.output
    kit = tmp_path / "demo"
    assert {p.name for p in kit.iterdir()} == {"index.html", "index.en.html", "demo.pdf", "kit.json",
                                              "qr.svg", "og.png"}
    pages, text = pdf_text((kit / "demo.pdf").read_bytes())
    assert (pages, text) == pdf_text(app.test_client().get("/@demo.pdf").data)  # the kit's own PDF
    assert pages == 1 and "@demo" in text and "abonnés" in text  # the one-sheet, in the creator's language
    assert json.loads((kit / "kit.json").read_text())["handle"] == "demo"
    for page in (kit / "index.html", kit / "index.en.html", tmp_path / "index.html",
                 tmp_path / "docs" / "kpis.html"):
        for ref in refs(page.read_text(encoding="utf-8")):
            if ref.startswith(("http://", "https://", "#", "mailto:")):
                continue
            assert not ref.startswith("/"), (page.name, ref)
            assert (page.parent / ref.split("#")[0]).exists(), (page.name, ref)
    french = (kit / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in french and 'href="index.en.html"' in french
    assert 'href="../docs/kpis.html#engagement-rate"' in french
    assert 'src="../static/img/brands/voltaire-audio.svg"' in french


def test_only_public_kits_are_exported_unless_named(app, app_db, set_kit, tmp_path):
    app_db.execute("UPDATE creators SET visibility = 'unlisted' WHERE handle NOT IN ('demo', 'trail-ana')")
    result = app.test_cli_runner().invoke(export_site, [str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir() if (p / "index.html").exists()} == {"demo", "trail-ana"}
    set_kit("lofi-lou", visibility="off")
    refused = app.test_cli_runner().invoke(cli, ["export-site", str(tmp_path), "--handle", "lofi-lou"])
    assert refused.exit_code == 1  # a refusal, said in one line below the progress bar
    assert refused.stderr.splitlines()[-1] == "Error: Kit switched off, not exported: lofi-lou."
    assert "Traceback" not in refused.output
    assert not (tmp_path / "lofi-lou").exists()


def test_export_pdf_writes_the_kit_pdf(app, tmp_path):
    target = tmp_path / "kit.pdf"
    result = app.test_cli_runner().invoke(export_pdf, ["nomad-nina", "-o", str(target), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {target} ({target.stat().st_size:,} bytes).\n"
    pages, text = pdf_text(target.read_bytes())
    assert (pages, text) == pdf_text(app.test_client().get("/@nomad-nina.pdf?lang=fr").data)
    assert pages == 1 and "Nina Okafor" in text and "abonnés" in text and "followers" not in text


def test_export_pdf_refuses_a_kit_switched_off(app, set_kit, tmp_path):
    set_kit("nomad-nina", visibility="off")
    target = tmp_path / "kit.pdf"
    result = app.test_cli_runner().invoke(cli, ["export-pdf", "nomad-nina", "-o", str(target)])
    assert (result.exit_code, result.stderr) == (1, "Error: The kit of 'nomad-nina' is switched off.\n")
    assert not target.exists()


def test_the_kit_command_hides_shows_and_sets_the_look(app, app_db):
    runner = app.test_cli_runner()
    result = runner.invoke(kit_command, ["demo", "--hide", "followers", "--hide", "rate_card",
                                         "--visibility", "unlisted", "--theme", "warm", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["hidden"] == ["rate_card", "followers"]
    runner.invoke(kit_command, ["demo", "--show", "followers", "--locale", "en"])
    creator = creator_store.get_creator(app_db, "demo")
    assert (creator["hidden"], creator["visibility"], creator["theme"], creator["locale"]) == (
        ["rate_card"], "unlisted", "warm", "en")


@pytest.mark.parametrize("args, code, message", [
    (["demo", "--hide", "salary"], 1,
     "Error: Cannot hide 'salary': not a kit section or metric. Known keys: bio, location,"),
    (["demo", "--theme", "neon"], 2,
     "Error: Invalid value for '--theme': 'neon' is not one of 'light', 'dark', 'warm'."),
])
def test_the_kit_command_refuses_unknown_keys_and_values(app, app_db, args, code, message):
    before = creator_store.get_creator(app_db, "demo")
    result = app.test_cli_runner().invoke(cli, ["kit", *args])
    assert result.exit_code == code
    assert message in result.stderr and result.stdout == ""
    assert creator_store.get_creator(app_db, "demo") == before


def test_the_export_renders_without_any_request(app, tmp_path, monkeypatch):
    def no_request(*_args, **_kwargs):
        raise AssertionError("the export made a request context")

    monkeypatch.setattr(type(app), "test_request_context", no_request)
    monkeypatch.setattr(type(app), "request_context", no_request)
    result = app.test_cli_runner().invoke(export_site, [str(tmp_path), "--handle", "demo", "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert 'action="https://kits.example/@demo/contact"' in (tmp_path / "demo" / "index.html").read_text()


def test_links_outside_a_request_follow_the_base_url_and_its_path(app):
    app.config["BASE_URL"] = "https://example.org/kits"
    with app.app_context():
        absolute = Links.for_app(app, "demo", absolute=True)
        static = Links.for_app(app, "demo", static=True)
    assert absolute.pdf("fr") == "https://example.org/kits/@demo.pdf?lang=fr"
    assert absolute.docs("tiers") == "https://example.org/kits/docs/kpis#tiers"
    assert (static.page("fr"), static.contact()) == ("index.fr.html", "https://example.org/kits/@demo/contact")
