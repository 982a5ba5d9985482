"""An account that is "ok" but long past its interval says it is stale: on the kit page
(English and French), in the kit's JSON and in the directory card. All on a fixed
clock: the account's last success is written relative to ``NOW``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale

from creatorkit.ingest.imports import import_file
from creatorkit.kit import summary
from creatorkit.kit.build import build_kit_view
from creatorkit.render.json import to_json
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import iso
from creatorkit.web.kits.render import Links, render_kit

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
HOUR = 3600
EXPORTS = Path(__file__).parents[2] / "fixtures" / "exports"
OVERDUE = {"en": "Not current: these figures are overdue for a refresh.",
           "fr": "Pas à jour : l'actualisation de ces chiffres est en retard."}


@pytest.fixture
def demo(app_db):
    """The demo kit with its YouTube account refreshed 10 days before ``NOW`` (its
    interval: 6 hours) and every other account an hour before."""
    creator = creator_store.get_creator(app_db, "demo")
    rows = account_store.accounts_of_creator(app_db, creator["id"])
    for row in rows:
        ago = timedelta(days=10) if row["platform"] == "youtube" else timedelta(hours=1)
        app_db["accounts"].update(row["id"], {"status": "ok", "refresh_interval_s": 6 * HOUR,
                                              "last_success_at": iso(NOW - ago)})
    return creator


def statuses(app_db, creator, now=NOW) -> dict[str, str]:
    view = build_kit_view(app_db, creator, now.date(), {}, now=now)
    return {p.platform: p.status for p in view.platforms}


def test_an_ok_account_ten_days_past_its_interval_is_stale(app_db, demo):
    assert statuses(app_db, demo) == {"youtube": "stale", "instagram": "ok", "tiktok": "ok",
                                      "twitch": "ok"}


def test_stale_means_twice_the_interval_and_each_account_has_its_own(app_db, demo):
    youtube = next(r for r in account_store.accounts_of_creator(app_db, demo["id"])
                   if r["platform"] == "youtube")
    last = NOW - timedelta(days=10)
    app_db["accounts"].update(youtube["id"], {"refresh_interval_s": 5 * 24 * HOUR})
    assert statuses(app_db, demo)["youtube"] == "ok"  # exactly 2 intervals: not yet
    assert statuses(app_db, demo, last + timedelta(days=10, seconds=1))["youtube"] == "stale"


def test_the_page_says_so_on_the_stale_card_only_in_english_and_french(app, app_db, demo):
    view = build_kit_view(app_db, demo, NOW.date(), app.config, now=NOW)
    for lang, sentence in OVERDUE.items():
        with app.test_request_context("/@demo"), force_locale(lang):
            html = render_kit(view, Links("demo", "https://kits.example"))
        cards = {p: html.split(f'data-platform="{p}"')[1].split("</article>")[0]
                 for p in ("youtube", "instagram", "tiktok", "twitch")}
        assert sentence in cards["youtube"], lang
        assert sentence not in cards["instagram"] + cards["tiktok"] + cards["twitch"], lang


def test_the_json_and_the_directory_card_carry_the_effective_status(app, app_db, demo):
    view = build_kit_view(app_db, demo, NOW.date(), app.config, now=NOW)
    assert {p["platform"]: p["status"] for p in to_json(view)["platforms"]}["youtube"] == "stale"
    summary.refresh_summary(app_db, demo["id"], app.config, NOW.date(), now=NOW)
    card = summary.directory.cards_of(app_db, [demo["id"]])[0]
    assert {p["platform"]: p["status"] for p in card["platforms"]} == {
        "youtube": "stale", "instagram": "ok", "tiktok": "ok", "twitch": "ok"}


def test_an_import_only_account_goes_stale_like_any_other(app, app_db):
    creator_id = creator_store.create_creator(app_db, "importer", "Importer")
    account_id = account_store.add_account(app_db, creator_id, "tiktok", "import", "@imp",
                                           refresh_interval_s=24 * HOUR)
    imported = NOW - timedelta(days=3)
    import_file(app_db, account_id, EXPORTS / "tiktok_follower_history.csv", app.config,
                today=imported.date(), now=lambda: imported)
    creator = creator_store.get_creator(app_db, "importer")
    assert statuses(app_db, creator, imported + timedelta(days=1)) == {"tiktok": "ok"}
    assert statuses(app_db, creator) == {"tiktok": "stale"}
