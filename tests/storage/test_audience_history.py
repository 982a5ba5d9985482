"""Issue 13 group 1: an audience file replaces its own dimension, never another one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from creatorkit.ingest.imports import import_file
from creatorkit.models import AudienceSlice, Harvest
from creatorkit.storage import history

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
NOW = datetime(2026, 11, 5, 9, 30, tzinfo=UTC)
TODAY = NOW.date()


def dimensions(db, account_id: int) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    for s in history.latest_audience(db, account_id):
        found.setdefault(s.dimension, {})[s.bucket] = s.share
    return found


def load(db, account_id: int, name: str, day: date = TODAY) -> None:
    moment = datetime.combine(day, NOW.timetz())
    import_file(db, account_id, FIXTURES / name, {}, today=day, now=lambda: moment)


def test_tiktok_gender_then_territories_of_one_day_keeps_both(db, make_account):
    account_id = make_account(platform="tiktok", connector="import")
    load(db, account_id, "tiktok_follower_gender.csv")
    load(db, account_id, "tiktok_top_territories.csv")
    found = dimensions(db, account_id)
    assert found["gender"] == {"female": 0.62, "male": 0.37, "other": 0.01}
    assert found["country"] == {"GB": 0.412, "US": 0.25, "DE": 0.138, "other": 0.2}


def test_youtube_age_and_gender_tabs_do_not_wipe_each_other(db, make_account):
    account_id = make_account(platform="youtube", connector="import")
    load(db, account_id, "youtube_viewer_gender.csv")
    load(db, account_id, "youtube_viewer_age.csv")
    load(db, account_id, "youtube_viewer_gender.csv")  # again: replaces gender, leaves age
    found = dimensions(db, account_id)
    assert found["gender"] == {"female": 0.583, "male": 0.411, "other": 0.006}
    assert len(found["age"]) == 7
    rows = db.execute("SELECT COUNT(*) FROM audience WHERE account_id = ?", [account_id]).fetchone()
    assert rows[0] == 3 + 7


def test_a_dimension_imported_on_an_earlier_day_still_stands(db, make_account):
    account_id = make_account(platform="tiktok", connector="import")
    load(db, account_id, "tiktok_follower_gender.csv", date(2026, 11, 3))
    load(db, account_id, "tiktok_top_territories.csv", date(2026, 11, 4))
    days = {s.dimension: s.day for s in history.latest_audience(db, account_id)}
    assert days == {"gender": date(2026, 11, 3), "country": date(2026, 11, 4)}


def test_a_refresh_replaces_only_the_dimensions_it_brings(db, make_account):
    account_id = make_account()
    day = date(2026, 11, 5)
    both = Harvest("api", audience=(AudienceSlice("country", "FR", 1.0, day),
                                    AudienceSlice("age", "18-24", 1.0, day)))
    history.write_harvest(db, account_id, both, now=NOW)
    later = Harvest("api", audience=(AudienceSlice("country", "US", 1.0, day),))
    history.write_harvest(db, account_id, later, now=NOW)
    assert dimensions(db, account_id) == {"age": {"18-24": 1.0}, "country": {"US": 1.0}}
