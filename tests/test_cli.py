"""The command line: every command explains itself; status speaks JSON for scripts."""

from __future__ import annotations

import io
import json
import logging
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from creatorkit.app import create_app
from creatorkit.cli import QUIET_LOGGERS, cli, main
from creatorkit.web.directory.shortlists import csv_row
from creatorkit.web.kits.render import qr_document
from tests.clock import NOW


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("CREATORKIT_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("CREATORKIT_CLOCK", NOW.isoformat())  # as an operator would pin it
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(run, name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert cli.commands[name].help, f"{name} has no help text"


def test_the_entry_point_keeps_the_pdf_libraries_to_their_errors(monkeypatch):
    for name in QUIET_LOGGERS:
        monkeypatch.setattr(logging.getLogger(name), "level", logging.NOTSET)
    monkeypatch.setattr(sys, "argv", ["creatorkit", "--version"])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 0
    assert {logging.getLogger(name).level for name in ("weasyprint", "fontTools")} == {logging.ERROR}


def test_add_creator_and_account_then_status_json(run):
    assert run("add-creator", "alice", "--name", "Alice B").exit_code == 0
    result = run("add-account", "alice", "youtube", "UC_x5XG1OV2P6uZZ5FSM9Ttw", "--token", "secret-abc")
    assert result.exit_code == 0 and "secret-abc" not in result.output
    rows = json.loads(run("status", "--json").output)
    assert [(r["handle"], r["platform"], r["status"]) for r in rows] == [("alice", "youtube", "ok")]
    assert {"last_success_at", "next_refresh_at", "failures", "last_error"} <= set(rows[0])
    assert "secret-abc" not in json.dumps(rows)


def test_errors_are_one_clear_line_not_a_traceback(run):
    result = run("add-account", "nobody", "youtube", "UC1")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: No creator with handle 'nobody'."


def test_demo_seeds_refreshes_and_prints_one_url_per_kit(run):
    result = run("demo", "--no-serve", "--port", "5055")
    assert result.exit_code == 0, result.output
    urls = [line for line in result.output.splitlines() if line.startswith("http")]
    assert "http://127.0.0.1:5055/@demo" in urls and "http://127.0.0.1:5055/@demo-spike" in urls
    assert len(urls) >= 12
    again = run("demo", "--no-serve", "--port", "5055")  # idempotent
    assert [line for line in again.output.splitlines() if line.startswith("http")] == urls
    statuses = json.loads(run("status", "--json").output)
    assert {r["status"] for r in statuses} == {"ok"}
    assert {r["platform"] for r in statuses} == {"youtube", "instagram", "tiktok", "twitch"}


def test_add_user_links_a_creator_account_to_its_kit(run, tmp_path):
    run("add-creator", "alice")
    result = run("add-user", "Alice@Example.com", "--creator", "alice", "--password", "correct horse")
    assert result.exit_code == 0, result.output
    assert "creator account of @alice" in result.output
    short = run("add-user", "brand@example.com", "--password", "short")
    assert short.exit_code == 1 and "10 to 200 characters" in short.output


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "exports"


def test_import_stores_an_export_labelled_import_and_refuses_a_broken_one(run, tmp_path):
    run("add-creator", "alice")
    run("add-account", "alice", "tiktok", "@alice", "--import-only")
    result = run("import", str(FIXTURES / "tiktok_follower_history.csv"), "--account", "1")
    assert result.exit_code == 0, result.output
    assert "source: import" in result.output
    kit = create_app({"TESTING": True}).test_client().get("/@alice.json").get_json()
    [tiktok] = kit["platforms"]
    assert (tiktok["source"], tiktok["followers"]) == ("import", 1003)
    broken = tmp_path / "broken.csv"
    broken.write_text('"Date","Followers","Difference in followers from previous day"\n'
                      '"March 2","1,010","7"\n"March 3","lots","3"\n')
    refused = run("import", str(broken), "--account", "1")
    assert refused.exit_code == 1
    assert "line 3" in refused.output and "Followers" in refused.output
    rows = json.loads(run("status", "--json").output)
    assert rows[0]["platform"] == "tiktok" and rows[0]["last_error"] is None


def test_a_file_of_another_platform_is_refused(run):
    run("add-creator", "alice")
    run("add-account", "alice", "youtube", "UC1", "--import-only")
    result = run("import", str(FIXTURES / "tiktok_follower_history.csv"), "--account", "1")
    assert result.exit_code == 1 and "tiktok" in result.output.lower()


def test_refresh_skips_import_only_accounts_once_and_an_import_marks_them_fresh(run):
    run("add-creator", "alice")
    run("add-account", "alice", "tiktok", "@alice", "--import-only")
    run("add-account", "alice", "instagram", "alice_ig", "--import-only")
    for args in (("alice",), ("--all",)):
        result = run("refresh", *args, "--json")
        assert result.exit_code == 0, result.output
        assert result.stderr.count("Skipped 2 import-only account(s) (ids 2, 1)") == 1
        assert json.loads(result.stdout) == []
    rows = {row["platform"]: row for row in json.loads(run("status", "--json").output)}
    assert (rows["tiktok"]["status"], rows["tiktok"]["failures"]) == ("ok", 0)
    assert rows["tiktok"]["last_success_at"] is None
    run("import", str(FIXTURES / "tiktok_follower_history.csv"), "--account", "1")
    rows = {row["platform"]: row for row in json.loads(run("status", "--json").output)}
    assert (rows["tiktok"]["status"], rows["tiktok"]["last_error"]) == ("ok", None)
    assert rows["tiktok"]["last_success_at"] is not None
    assert rows["instagram"]["last_success_at"] is None


@pytest.mark.parametrize(("platform", "token", "message"), [
    ("instagram", None, "Error: Instagram accounts need the creator's OAuth token"),
    ("tiktok", None, "Error: TikTok accounts need the creator's OAuth token"),
    ("twitch", "abc", "Error: Twitch accounts take no token: their connector uses the app's own credentials"),
])
def test_add_account_refuses_credentials_its_connector_cannot_use(run, platform, token, message):
    run("add-creator", "alice")
    result = run("add-account", "alice", platform, "ref", *(["--token", token] if token else []))
    assert result.exit_code == 1 and result.output.startswith(message)
    assert json.loads(run("status", "--json").output) == []  # nothing stored


def test_add_account_takes_what_each_connector_can_use(run):
    run("add-creator", "alice")
    for args in (["youtube", "UC1"], ["youtube", "UC2", "--token", "t"],
                 ["instagram", "17841", "--token", "t"], ["twitch", "alice"]):
        assert run("add-account", "alice", *args).exit_code == 0, args
    assert len(json.loads(run("status", "--json").output)) == 4


def served_pages(monkeypatch, *args: str) -> tuple[dict, str]:
    """Run ``demo ARGS`` with a fake waitress that reads the pages the served app gives."""
    pages: dict = {}

    def fake_waitress(app, **kwargs):
        client = app.test_client()
        for path in ("/@demo?lang=en", "/@demo/embed", "/@demo/qr.svg?lang=en"):
            pages[path] = client.get(path).get_data(as_text=True)
        pdf = client.get("/@demo.pdf?lang=en").data
        pages["pdf"] = " ".join(str(annot.get_object().get("/A", {}).get("/URI"))
                                for page in PdfReader(io.BytesIO(pdf)).pages
                                for annot in page.get("/Annots") or [])
        with app.test_request_context():
            pages["csv"] = csv_row({"handle": "demo", "display_name": "D", "card": None, "note": None,
                                    "added_at": None})[2]
        pages["port"] = kwargs["port"]

    monkeypatch.setattr("creatorkit.cli.operations.waitress_serve", fake_waitress)
    monkeypatch.setattr("creatorkit.cli.operations.scheduler.scheduler_for", lambda app: nullcontext())
    result = CliRunner().invoke(cli, ["demo", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return pages, result


def test_without_a_base_url_every_share_link_says_the_served_port(run, monkeypatch):
    monkeypatch.delenv("CREATORKIT_BASE_URL", raising=False)
    pages, result = served_pages(monkeypatch, "--port", "5101")
    origin = "http://127.0.0.1:5101"
    assert f"{origin}/@demo" in result.stdout.splitlines() and pages["port"] == 5101
    page = pages["/@demo?lang=en"]
    assert f'value="{origin}/@demo" readonly' in page and f'&lt;iframe src="{origin}/@demo/embed"' in page
    assert f'<meta property="og:image" content="{origin}/@demo/og.png">' in page
    assert f'href="{origin}/@demo" target="_blank"' in pages["/@demo/embed"]
    assert pages["/@demo/qr.svg?lang=en"] == qr_document(f"{origin}/@demo",
                                                         "QR code to the media kit of Camille Laurent")
    assert f"{origin}/@demo" in pages["pdf"] and "5000" not in pages["pdf"]
    assert pages["csv"] == f"{origin}/@demo"
    assert "Warning" not in result.stderr


def test_a_configured_base_url_is_kept_with_a_warning_when_it_is_not_the_served_one(run, monkeypatch):
    monkeypatch.setenv("CREATORKIT_BASE_URL", '"https://kits.example"')
    pages, result = served_pages(monkeypatch, "--port", "5101")
    assert pages["csv"] == "https://kits.example/@demo"
    warning = ("Warning: BASE_URL is https://kits.example but this server listens on http://127.0.0.1:5101; "
               "share links, QR codes and PDFs point at BASE_URL (unset it to use the served address).")
    assert warning in result.stderr.splitlines()
