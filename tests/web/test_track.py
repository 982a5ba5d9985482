"""Kit-view analytics: views, distinct visitors by a daily salted hash, referrers and
PDF downloads; robots and prefetches left out; no address stored anywhere."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from creatorkit.errors import InputError
from creatorkit.storage import creators as creator_store
from creatorkit.storage.kit_views import kit_view_stats, record_view
from creatorkit.web.kits import track
from tests.clock import TODAY
from tests.web.kit_hooks import wire

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
OTHER_BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
ADDRESS = "203.0.113.77"
DAY_1 = datetime(2026, 5, 1, 9, tzinfo=UTC)
DAY_2 = datetime(2026, 5, 2, 9, tzinfo=UTC)


@pytest.fixture
def app(app, tmp_path):
    return wire(app, tmp_path / "cache")


@pytest.fixture
def demo_id(app_db):
    return creator_store.get_creator(app_db, "demo")["id"]


def visit(client, path, agent=BROWSER, address=ADDRESS, method="GET", **headers):
    """One request, closed as a server closes it (the count is written on close)."""
    response = client.open(path, method=method, headers={"User-Agent": agent, **headers},
                           environ_base={"REMOTE_ADDR": address})
    response.close()
    return response


def today(db, creator_id):
    """The counts of the app's today (its clock is tests.clock.NOW)."""
    return kit_view_stats(db, creator_id, 1, today=TODAY)["days"][0]


def test_page_views_and_distinct_visitors_are_counted_per_day(client, app_db, demo_id):
    visit(client, "/@demo")
    visit(client, "/@demo")
    visit(client, "/@demo", agent=OTHER_BROWSER)
    visit(client, "/@demo", address="198.51.100.9")
    assert today(app_db, demo_id) == {"day": "2026-11-23", "views": 4, "visitors": 3, "pdf_downloads": 0}


def test_a_revalidated_page_is_a_view_but_head_and_json_are_not(client, app_db, demo_id):
    etag = visit(client, "/@demo").headers["ETag"]
    assert visit(client, "/@demo", **{"If-None-Match": etag}).status_code == 304
    visit(client, "/@demo", method="HEAD")
    visit(client, "/@demo.json")
    assert today(app_db, demo_id)["views"] == 2
    assert today(app_db, demo_id)["visitors"] == 1


@pytest.mark.parametrize("agent", [
    "Twitterbot/1.0",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "WhatsApp/2.23.20.0",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "TelegramBot (like TwitterBot)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/125.0",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "",
])
def test_robots_and_link_previews_are_not_counted(client, app_db, demo_id, agent):
    assert visit(client, "/@demo", agent=agent).status_code == 200
    assert today(app_db, demo_id)["views"] == 0


@pytest.mark.parametrize(("header", "value"), [
    ("Purpose", "prefetch"), ("Sec-Purpose", "prefetch;prerender"), ("X-Moz", "prefetch")])
def test_prefetches_are_not_counted(client, app_db, demo_id, header, value):
    visit(client, "/@demo", **{header: value})
    assert today(app_db, demo_id)["views"] == 0


def test_referrers_keep_only_the_other_sites_host(client, app_db, demo_id):
    visit(client, "/@demo", Referer="https://www.instagram.com/p/Cx1/?igshid=abc")
    visit(client, "/@demo", Referer="https://l.instagram.com/?u=x", agent=OTHER_BROWSER)
    visit(client, "/@demo", Referer="https://www.instagram.com/")
    visit(client, "/@demo", Referer="http://localhost/@demo?lang=fr")  # this site
    visit(client, "/@demo")  # direct
    stats = kit_view_stats(app_db, demo_id, 1, today=TODAY)
    assert stats["referrers"] == [{"host": "instagram.com", "views": 2},
                                  {"host": "l.instagram.com", "views": 1}]
    assert stats["totals"]["views"] == 5


def test_no_address_nor_user_agent_is_stored_anywhere(client, app_db, demo_id):
    visit(client, "/@demo", Referer="https://example.org/")
    assert today(app_db, demo_id)["views"] == 1
    for table in app_db.table_names():
        for row in app_db.execute(f"SELECT * FROM [{table}]").fetchall():
            for value in row:
                text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                assert ADDRESS not in text and "iPhone" not in text, table


def test_a_kit_switched_off_is_not_counted(client, app_db, demo_id):
    creator_store.update_creator(app_db, demo_id, visibility="off")
    assert visit(client, "/@demo").status_code == 404
    assert today(app_db, demo_id)["views"] == 0


def test_pdf_downloads_are_counted_apart_from_page_views(app, client, app_db, demo_id):
    visit(client, "/@demo.pdf")
    assert today(app_db, demo_id) == {"day": "2026-11-23", "views": 0, "visitors": 1, "pdf_downloads": 1}


def test_the_same_visitor_hashes_differently_on_two_kits(db, make_creator):
    one, two = make_creator("one")["id"], make_creator("two")["id"]
    for kit in (one, two):
        record_view(db, kit, visitor="a\nb", kind="page", referrer_host=None, now=DAY_1)
    hashes = [row["visitor"] for row in db.query("SELECT visitor FROM kit_visitors")]
    assert len(set(hashes)) == 2


def test_a_new_day_rotates_the_salt_and_forgets_the_previous_hashes(db, make_creator):
    kit = make_creator("one")["id"]
    assert record_view(db, kit, visitor="a\nb", kind="page", referrer_host=None, now=DAY_1)
    assert not record_view(db, kit, visitor="a\nb", kind="pdf", referrer_host=None, now=DAY_1)
    salt_1 = db.execute("SELECT salt FROM kit_view_salt").fetchone()[0]
    assert record_view(db, kit, visitor="a\nb", kind="page", referrer_host=None, now=DAY_2)
    assert db.execute("SELECT day FROM kit_view_salt").fetchall() == [("2026-05-02",)]
    assert db.execute("SELECT salt FROM kit_view_salt").fetchone()[0] != salt_1
    assert db.execute("SELECT DISTINCT day FROM kit_visitors").fetchall() == [("2026-05-02",)]
    stats = kit_view_stats(db, kit, 2, today=date(2026, 5, 2))
    assert stats["days"] == [
        {"day": "2026-05-01", "views": 1, "visitors": 1, "pdf_downloads": 1},
        {"day": "2026-05-02", "views": 1, "visitors": 1, "pdf_downloads": 0},
    ]
    assert stats["totals"] == {"views": 2, "visitors": 2, "pdf_downloads": 1}


def test_stats_fill_days_without_views_with_zeros(db, make_creator):
    kit = make_creator("one")["id"]
    record_view(db, kit, visitor="a", kind="page", referrer_host="youtube.com", now=DAY_1)
    stats = kit_view_stats(db, kit, 3, today=date(2026, 5, 3))
    assert [day["views"] for day in stats["days"]] == [1, 0, 0]
    assert stats["referrers"] == [{"host": "youtube.com", "views": 1}]
    assert kit_view_stats(db, kit, 1, today=date(2026, 5, 3))["referrers"] == []


def test_a_stats_window_is_at_least_one_day(db, make_creator):
    with pytest.raises(InputError):
        kit_view_stats(db, make_creator("one")["id"], 0)


def test_the_count_is_written_after_the_response_is_sent(client, app_db, demo_id):
    response = client.get("/@demo", headers={"User-Agent": BROWSER})
    assert today(app_db, demo_id)["views"] == 0
    response.close()  # what the server does once the body is out
    assert today(app_db, demo_id)["views"] == 1


def test_a_count_that_cannot_be_written_is_logged_and_the_page_still_served(client, app_db, demo_id,
                                                                            monkeypatch, caplog):
    def locked(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(track, "record_view", locked)
    assert visit(client, "/@demo").status_code == 200
    assert "was not counted: database is locked" in caplog.text
    assert today(app_db, demo_id)["views"] == 0
