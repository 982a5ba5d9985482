"""A kit built from TikTok Studio and YouTube Studio exports: what it can and cannot say.

Exports list a creator's top posts, not every post, and end on the day they were
downloaded. So: no authenticity verdict, the last data day and the import day shown,
and no headline tile printing a zero the data cannot know. Run on the real export
files (read in place) and on the project's own fixtures of the same shapes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale
from werkzeug.security import generate_password_hash

from creatorkit.app import create_app
from creatorkit.ingest.imports import import_file
from creatorkit.kit.build import build_kit_view, handle_of
from creatorkit.render.json import to_json
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db, users
from creatorkit.storage.credentials import new_key
from creatorkit.web.kits.render import Links, render_kit
from tests.recordings import REAL_DIR

TODAY = date(2026, 12, 1)
IMPORTED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
OWN = Path(__file__).resolve().parents[2] / "fixtures" / "exports"
REAL = REAL_DIR / "exports"
#: (platform, files, last data day), last days read from the files by hand
SETS = {
    "real": {
        "tiktok": (("tiktok_studio_FollowerHistory_undefined_negative_diff.csv",
                    "tiktok_studio_Content_top_posts.csv"), date(2026, 2, 27)),
        "youtube": (("youtube_studio_Totals_daily_views.csv", "youtube_studio_Table_data_content.csv"), None),
    },
    "own": {
        "tiktok": (("tiktok_follower_history.csv", "tiktok_content.csv"), None),
        "youtube": (("youtube_totals_watch_time.csv", "youtube_table_data_content.csv"), None),
    },
}


@pytest.fixture(params=["real", "own"])
def imported(request, tmp_path):
    folder = REAL if request.param == "real" else OWN
    if not folder.is_dir():
        pytest.skip(f"{folder} is not present")
    path = tmp_path / "creatorkit.db"
    db = open_db(path)
    creator_id = creator_store.create_creator(db, "studio", "Studio Creator")
    settings = {"ER_WINDOW_POSTS": 30, "ER_MIN_POST_AGE_H": 72, "AFTER_STORE": None}
    for platform, (files, _) in SETS[request.param].items():
        account = account_store.add_account(db, creator_id, platform, "import", f"ref-{platform}")
        for name in files:
            import_file(db, account, folder / name, settings, today=TODAY, now=lambda: IMPORTED)
    creator = creator_store.get_creator(db, "studio")
    view = build_kit_view(db, creator, TODAY, settings, now=IMPORTED)
    yield request.param, view, path
    db.conn.close()


def test_an_export_of_top_posts_earns_no_authenticity_verdict(imported):
    _, view, _ = imported
    for p in view.platforms:
        assert p.partial_posts
        assert (p.authenticity.score, p.authenticity.verdict, p.authenticity.ran) == (None, None, ())
        assert p.posts_per_week is None  # a selection of posts says nothing of the rhythm
    data = to_json(view)
    for p in data["platforms"]:
        assert p["authenticity"]["verdict"] is None and p["authenticity"]["flags"] == []
        assert all(not check["ran"] for check in p["authenticity"]["checks"])


def test_the_last_data_day_and_the_import_day_are_shown(imported, tmp_path):
    name, view, path = imported
    data = to_json(view)
    tiktok = next(p for p in data["platforms"] if p["platform"] == "tiktok")
    assert tiktok["imported_at"] == "2026-11-30T09:00:00+00:00"
    expected = SETS[name]["tiktok"][1]
    if expected:
        assert tiktok["data_day"] == expected.isoformat()
        assert tiktok["followers_day"] == expected.isoformat()
        # growth as of the last data day: 5,013 on 27 Feb against 5,000 on 28 Jan (read in the file)
        assert tiktok["growth"]["d30"] == {"abs": 13.0, "pct": 0.0026, "start_day": "2026-01-28",
                                           "end_day": "2026-02-27"}
    assert view.data_day < TODAY and view.stale
    html = _page(view, path, tmp_path)
    assert f"data up to {view.data_day:%B} {view.data_day.day}, {view.data_day.year}" in html
    assert "imported on November 30, 2026" in html
    assert f"Figures as of {TODAY:%B} {TODAY.day}" not in html
    assert "updated</span> never" not in html and "· updated never" not in re.sub(r"\s+", " ", html)


def test_no_headline_tile_prints_a_zero(imported, tmp_path):
    _, view, path = imported
    html = _page(view, path, tmp_path)
    totals = re.search(r'<section class="totals".*?</section>', html, re.S).group(0)
    tiles = re.findall(r'<span class="big[^"]*">([^<]*)</span>', totals)
    assert tiles and not any(re.fullmatch(r"[+−-]?0([.,]0+)?", tile.strip()) for tile in tiles)
    assert "posts a week" not in totals


def _page(view, path: Path, tmp_path: Path) -> str:
    app = create_app({"TESTING": True, "DATABASE": str(path), "CREDENTIALS_KEY": new_key(),
                      "KIT_CACHE_DIR": str(tmp_path / "cache")})
    with app.test_request_context("/@studio"), force_locale("en"):
        return render_kit(view, Links(view.handle, "https://kits.example"), mode="page")


CHANNEL_ID = "UCq7x2LmN4pR8sT1vW3yZ5aB"


@pytest.mark.parametrize(("ref", "username", "handle"), [
    (CHANNEL_ID, None, None), ("@acmecooking", None, "acmecooking"), ("17841400000000000", None, None),
    (CHANNEL_ID, "acmecooking", "acmecooking"),
])
def test_a_kit_shows_a_handle_never_a_platform_id(ref, username, handle):
    assert handle_of({"ref": ref, "username": username}) == handle


def test_a_youtube_studio_import_asks_its_creator_for_the_handle_and_subscribers(tmp_path):
    """The Studio exports carry neither the channel's handle nor its subscriber count
    (reference §8.1: "Subscribers" columns are net gains): the kit says so, the
    dashboard asks the creator to connect the channel."""
    path = tmp_path / "creatorkit.db"
    db = open_db(path)
    creator_id = creator_store.create_creator(db, "studio", "Studio Creator")
    account = account_store.add_account(db, creator_id, "youtube", "import", CHANNEL_ID)
    settings = {"ER_WINDOW_POSTS": 30, "ER_MIN_POST_AGE_H": 72, "AFTER_STORE": None}
    for name in ("youtube_totals_watch_time.csv", "youtube_table_data_content.csv"):
        import_file(db, account, OWN / name, settings, today=TODAY, now=lambda: IMPORTED)
    view = build_kit_view(db, creator_store.get_creator(db, "studio"), TODAY, settings, now=IMPORTED)
    youtube = view.platform("youtube")
    assert (youtube.username, youtube.followers, youtube.unknown) == (None, None, ("handle", "followers"))
    assert to_json(view)["platforms"][0]["username"] is None
    html = _page(view, path, tmp_path)
    assert CHANNEL_ID not in html
    assert "Number of subscribers: not in the imported files." in html
    app = create_app({"TESTING": True, "DATABASE": str(path), "CREDENTIALS_KEY": new_key(),
                      "KIT_CACHE_DIR": str(tmp_path / "cache"), "SECRET_KEY": "test"})
    client = app.test_client()
    users.create_user(db, "studio@example.com", generate_password_hash("x" * 12), name="S",
                      role="creator", creator_id=creator_id)
    page = client.get("/account/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/account/signin", data={"email": "studio@example.com", "password": "x" * 12,
                                                 "csrf_token": token}).status_code == 302
    for lang, line in (
        ("en", "YouTube: the imported files include neither your handle nor your subscriber count, "
               "so your kit shows neither."),
        ("fr", "YouTube\u202f: les fichiers importés ne contiennent ni votre identifiant ni votre nombre "
               "d’abonnés, votre kit n’affiche donc ni l’un ni l’autre."),
    ):
        dashboard = client.get(f"/dashboard/?lang={lang}").get_data(as_text=True)
        assert line in dashboard.replace("&#39;", "'").replace("&#8217;", "’")
