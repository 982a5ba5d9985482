"""HTTP caching of the kit: validators, 304s before the view runs, bodies reused,
Cache-Control per visibility, and the byte-bounded memory and disk stores."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import session

from creatorkit.storage import creators as creator_store
from creatorkit.web.kits.body_cache import BodyCache, ByteLRU, Entry
from tests.web.kit_hooks import count_runs, wire

KIT_PATHS = ["/@demo", "/@demo.json", "/@demo.pdf", "/@demo/og.png", "/@demo/qr.svg", "/@demo/embed"]


@pytest.fixture
def app(app, tmp_path):
    return wire(app, tmp_path / "cache")


@pytest.fixture
def demo_id(app_db):
    return creator_store.get_creator(app_db, "demo")["id"]


def test_a_repeat_with_the_etag_gets_304_without_running_the_view(app, client):
    runs = count_runs(app, "kits.kit_page")
    first = client.get("/@demo")
    assert first.status_code == 200
    assert first.headers["ETag"].startswith('"')  # strong
    again = client.get("/@demo", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert len(runs) == 1


def test_a_refresh_that_bumps_data_version_gives_a_new_etag_and_a_new_render(app, client, app_db,
                                                                             demo_id):
    runs = count_runs(app, "kits.kit_page")
    old = client.get("/@demo").headers["ETag"]
    assert client.get("/@demo", headers={"If-None-Match": old}).status_code == 304
    creator_store.bump_data_version(app_db, demo_id)
    fresh = client.get("/@demo", headers={"If-None-Match": old})
    assert fresh.status_code == 200
    assert fresh.headers["ETag"] != old
    assert len(runs) == 2
    assert client.get("/@demo", headers={"If-None-Match": fresh.headers["ETag"]}).status_code == 304


def test_the_cached_body_is_served_without_running_the_view_again(app, client):
    runs = count_runs(app, "kits.kit_json")
    first, second = client.get("/@demo.json"), client.get("/@demo.json")
    assert second.data == first.data
    assert second.mimetype == "application/json"
    assert second.headers["ETag"] == first.headers["ETag"]
    assert len(runs) == 1


def test_if_modified_since_gets_304_until_the_kit_changes(client, app_db, demo_id):
    first = client.get("/@demo")
    since = first.headers["Last-Modified"]
    assert client.get("/@demo", headers={"If-Modified-Since": since}).status_code == 304
    assert client.get("/@demo", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
                      ).status_code == 200
    app_db.execute("UPDATE creators SET updated_at = '2099-01-01T00:00:00+00:00', "
                   "data_version = data_version + 1 WHERE id = ?", [demo_id])
    assert client.get("/@demo", headers={"If-Modified-Since": since}).status_code == 200


def test_last_modified_is_the_creators_update_time_or_todays_midnight(client, app_db, demo_id):
    """The app's clock says 2026-11-23 12:00 UTC (tests.clock.NOW)."""
    app_db.execute("UPDATE creators SET updated_at = '2026-11-22T18:30:00+00:00' WHERE id = ?", [demo_id])
    assert client.get("/@demo").last_modified == datetime(2026, 11, 23, tzinfo=UTC)  # today's midnight
    app_db.execute("UPDATE creators SET updated_at = '2026-11-23T09:15:42.5+00:00', "
                   "data_version = data_version + 1 WHERE id = ?", [demo_id])
    assert client.get("/@demo").last_modified == datetime(2026, 11, 23, 9, 15, 42, tzinfo=UTC)


@pytest.mark.parametrize("path", KIT_PATHS)
def test_every_kit_response_carries_validators_and_cache_control(app, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    assert response.headers["Cache-Control"] == "public, max-age=60, stale-while-revalidate=600"
    assert "X-Robots-Tag" not in response.headers
    assert client.get(path, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_each_kit_response_has_its_own_etag(app, client):
    tags = {client.get(path).headers["ETag"] for path in KIT_PATHS[:2]}
    assert len(tags) == 2


def test_an_unlisted_kit_is_private_and_noindex(client, app_db, demo_id):
    creator_store.update_creator(app_db, demo_id, visibility="unlisted")
    response = client.get("/@demo")
    assert response.headers["Cache-Control"] == "private, max-age=60"
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert client.get("/@demo.json").headers["X-Robots-Tag"] == "noindex"


def test_a_kit_switched_off_is_never_served_from_the_cache(app, client, app_db, demo_id):
    runs = count_runs(app, "kits.kit_page")
    etag = client.get("/@demo").headers["ETag"]
    app_db.execute("UPDATE creators SET visibility = 'off' WHERE id = ?", [demo_id])  # version kept
    for headers in ({}, {"If-None-Match": etag}):
        response = client.get("/@demo", headers=headers)
        assert response.status_code == 404
        assert response.headers["Cache-Control"] == "no-store"
        assert "ETag" not in response.headers
    assert len(runs) == 3


def test_an_unknown_handle_is_not_cached(client):
    response = client.get("/@nobody-here")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"


def test_the_language_is_part_of_the_key_and_campaign_parameters_are_not(app, client):
    runs = count_runs(app, "kits.kit_page")
    plain = client.get("/@demo").headers["ETag"]
    assert client.get("/@demo?utm_source=instagram&fbclid=x").headers["ETag"] == plain
    french = client.get("/@demo?lang=fr").headers["ETag"]
    assert french != plain
    assert len(runs) == 2


def test_the_creators_locale_is_part_of_the_key(client, app_db, demo_id):
    before = client.get("/@demo").headers["ETag"]
    app_db.execute("UPDATE creators SET locale = CASE locale WHEN 'fr' THEN 'en' ELSE 'fr' END "
                   "WHERE id = ?", [demo_id])  # data_version kept
    assert client.get("/@demo").headers["ETag"] != before


def test_the_memory_cache_drops_least_recently_used_bodies_past_its_size():
    lru = ByteLRU(max_bytes=100)
    for key in "abc":
        lru.put(key, Entry(b"x" * 25, ()))
    assert lru.get("a") is not None  # a is now the most recent
    lru.put("d", Entry(b"x" * 25, ()))
    lru.put("e", Entry(b"x" * 25, ()))
    assert lru.get("b") is None
    assert [k for k in "acde" if lru.get(k)] == ["a", "c", "d", "e"]
    assert lru.size == 100


def test_the_memory_cache_refuses_a_body_larger_than_a_quarter_of_it():
    lru = ByteLRU(max_bytes=100)
    lru.put("big", Entry(b"x" * 26, ()))
    assert lru.get("big") is None and lru.size == 0


def test_pdfs_outlive_a_restart_on_disk_and_older_versions_are_deleted(tmp_path):
    folder = tmp_path / "cache"
    entry = Entry(b"%PDF-1.7 body", (("Content-Type", "application/pdf"),))
    BodyCache(10_000, folder).put("k3", entry, "demo.pdf.v3.20260501.etag3")
    BodyCache(10_000, folder).put("k3fr", entry, "demo.pdf.v3.20260501.etag3fr")
    BodyCache(10_000, folder).put("other", entry, "demo-spike.pdf.v3.20260501.etag")
    assert BodyCache(10_000, folder).get("k3", "demo.pdf.v3.20260501.etag3") == entry  # a new process
    BodyCache(10_000, folder).put("k4", entry, "demo.pdf.v4.20260501.etag4")
    assert sorted(p.name for p in folder.iterdir()) == [
        "demo-spike.pdf.v3.20260501.etag", "demo.pdf.v4.20260501.etag4"]


def test_bodies_without_a_file_name_stay_in_memory(tmp_path):
    cache = BodyCache(10_000, tmp_path / "cache")
    cache.put("page", Entry(b"<html>", ()))
    assert cache.get("page") == Entry(b"<html>", ())
    assert not (tmp_path / "cache").exists()


def test_the_disk_cache_can_be_switched_off():
    assert BodyCache(10_000, None).disk is None


def test_the_pdf_is_kept_on_disk_under_its_version_and_day(app, client, tmp_path):
    response = client.get("/@demo.pdf")
    names = [p.name for p in (tmp_path / "cache").iterdir()]
    assert len(names) == 1 and names[0].startswith("demo.pdf.v")
    assert names[0].endswith(response.headers["ETag"].strip('"'))


def test_a_body_that_sets_a_cookie_is_neither_kept_nor_public(app, client):
    runs = count_runs(app, "kits.kit_page")
    view = app.view_functions["kits.kit_page"]

    def with_token(**kwargs):
        session["csrf"] = "one visitor's token"
        return view(**kwargs)

    app.view_functions["kits.kit_page"] = with_token
    first, second = client.get("/@demo"), client.get("/@demo")
    assert first.headers["Cache-Control"] == second.headers["Cache-Control"] == "private, no-store"
    assert len(runs) == 2
