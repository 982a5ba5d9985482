"""Findings 2 and 4: no script runs on a kit, whatever a creator types or a file holds.

The attacks: a niche of ``<svg onload=...>`` typed in the dashboard; a gender cell and
permalinks of ``javascript:`` in imported export files; and, should such data be
stored all the same (an older version let it in), the page printing it inert.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from creatorkit.cli import cli
from creatorkit.models import AudienceSlice, Harvest, MetricSample, Post
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import history
from tests.security.conftest import csrf_token, sign_in

SCRIPT = "<svg onload=alert(document.domain)>"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_a_niche_typed_in_the_dashboard_is_printed_as_text(app, people):
    client = app.test_client()
    sign_in(client, "camille@creator.example")
    for niche in (SCRIPT, "100%"):
        saved = client.post("/dashboard/profile", data={
            "csrf_token": csrf_token(client, "/dashboard/"), "display_name": "Camille", "niche": niche})
        assert saved.status_code == 302
        page = app.test_client().get("/@camille?lang=en")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "<svg onload" not in html
    assert "100%" in html


def test_known_words_are_still_translated(app, people, db):
    creator_store.update_creator(db, 1, niche="beauty", locale="fr")
    assert "<li>Beauté</li>" in app.test_client().get("/@camille").get_data(as_text=True)


def run_import(instance, tmp_path, name: str, text: str, account_id: int):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["import", str(path), "--account", str(account_id)])


@pytest.fixture
def tiktok(db, people):
    return account_store.add_account(db, 1, "tiktok", "import", "@camille")


@pytest.fixture
def instagram(db, people):
    return account_store.add_account(db, 1, "instagram", "import", "camille-ig")


def test_an_imported_gender_cell_with_markup_is_refused(app, instance, tmp_path, db, tiktok):
    result = run_import(instance, tmp_path, "FollowerGender.csv",
                        f'"Gender","Distribution"\n"{SCRIPT}","0.6"\n"Male","0.4"\n', tiktok)
    assert result.exit_code == 1 and "line 2" in result.output and "female, male, other" in result.output
    assert db["audience"].count == 0


@pytest.mark.parametrize("link", ["javascript:alert(1)//tiktok.com/@a/video/1",
                                  "data:text/html,<script>alert(1)</script>tiktok.com/@a/video/1",
                                  "http://www.tiktok.com/@a/video/1", "https://tiktok.com.evil.example/@a/video/1"])
def test_an_imported_tiktok_link_off_tiktok_is_refused(instance, tmp_path, tiktok, link):
    result = run_import(instance, tmp_path, "content.csv",
                        '"Time","Video title","Video link","Post time","Total views"\n'
                        f'"January 3","hi","{link}","January 2","10"\n', tiktok)
    assert result.exit_code == 1 and "Video link" in result.output


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
                                  "https://instagram.com.evil.example/p/1", "https://user@www.instagram.com/p/1"])
def test_an_imported_meta_permalink_off_instagram_is_refused(instance, tmp_path, instagram, link):
    result = run_import(instance, tmp_path, "content.csv",
                        "Post ID,Publish time,Permalink,Post type,Views\n"
                        f"1,11/02/2026 17:00,\"{link}\",IG reel,100\n", instagram)
    assert result.exit_code == 1 and "Permalink" in result.output


def test_an_imported_link_is_stored_in_its_canonical_form(instance, tmp_path, db, tiktok):
    result = run_import(instance, tmp_path, "content.csv",
                        '"Time","Video title","Video link","Post time","Total views"\n'
                        '"January 3","hi","https://WWW.TikTok.com/@a/VIDEO/7?is_from=x#t","January 2","10"\n',
                        tiktok)
    assert result.exit_code == 0, result.output
    [post] = db["posts"].rows
    assert post["permalink"] == "https://www.tiktok.com/@a/video/7"


def test_hostile_data_already_stored_is_printed_inert(app, db, tiktok):
    """Defence in depth: the templates escape data words and refuse non-http links."""
    history.write_harvest(db, tiktok, Harvest(
        source="import",
        metrics=(MetricSample("followers", date(2026, 11, 20), 1000),),
        posts=(Post("1", "video", NOW, permalink="javascript:alert(1)", title="hi", views=10, likes=1),
               Post("2", SCRIPT, NOW, permalink="data:text/html,x", views=5, likes=1)),
        audience=(AudienceSlice("gender", SCRIPT, 0.6, day=date(2026, 11, 20)),
                  AudienceSlice("gender", "male", 0.4, day=date(2026, 11, 20)))), now=NOW)
    db.execute("UPDATE accounts SET last_success_at = ?", [NOW.isoformat()])
    html = app.test_client().get("/@camille?lang=en").get_data(as_text=True)
    assert "<svg onload" not in html and "&lt;svg onload=alert(document.domain)&gt;" in html
    assert "javascript:" not in html and "data:text" not in html
    assert html.count('href="about:invalid"') == 2


NON_LITERAL = re.compile(r"""\b(?:_|gettext|ngettext)\(\s*(?!['"])""")


def test_no_template_passes_data_to_gettext():
    """Jinja's gettext returns Markup: only literal strings may go through ``_()``."""
    found = [f"{path.relative_to(TEMPLATES)}:{n}: {line.strip()}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for n, line in enumerate(path.read_text().splitlines(), 1) if NON_LITERAL.search(line)]
    assert found == []


def test_the_gettext_check_sees_a_non_literal_argument():
    assert NON_LITERAL.search("{{ _(kit.niche) }}") and NON_LITERAL.search("{{ gettext( bucket) }}")
    assert not NON_LITERAL.search("{{ _('Audience') }}") and not NON_LITERAL.search('{{ _("x %(n)s", n=1) }}')
