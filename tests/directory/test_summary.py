"""The directory summary: built from the real kit view of refreshed demo creators, and
the headline ('all') figures from hand-built cards."""

from __future__ import annotations

import json

import pytest

from creatorkit.config import default_config
from creatorkit.demo.seed import seed_demo
from creatorkit.ingest.refresh import refresh_accounts
from creatorkit.kit import summary
from creatorkit.kit.build import build_kit_view
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import directory, open_db
from creatorkit.storage.directory_search import Filters, search
from tests.clock import NOW, TODAY
from tests.directory.conftest import card, platform

SETTINGS = {**default_config(), "CLOCK": NOW}
HANDLES = ("demo-spike", "lea-cuisine")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """Two demo creators refreshed once (the demo connector, no network)."""
    path = tmp_path_factory.mktemp("summary") / "demo.db"
    db = open_db(path)
    seed_demo(db)
    ids = [i for handle in HANDLES for i in account_store.account_ids(db, handle)]
    assert all(r.ok for r in refresh_accounts(db, ids, SETTINGS, trigger="demo"))
    db.conn.close()
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    path = tmp_path / "demo.db"
    path.write_bytes(demo_file.read_bytes())
    db = open_db(path)
    for handle in HANDLES:
        summary.refresh_summary(db, creator_store.get_creator(db, handle)["id"], SETTINGS, TODAY, now=NOW)
    yield db
    db.conn.close()


def stored_card(db, handle: str) -> dict:
    row = db.execute("SELECT card FROM directory_summary WHERE handle = ?", [handle]).fetchone()
    return json.loads(row[0]) if row else None


def test_the_card_states_the_kits_own_figures(demo):
    creator = creator_store.get_creator(demo, "lea-cuisine")
    view = build_kit_view(demo, creator, TODAY, SETTINGS, now=NOW)
    stored = stored_card(demo, "lea-cuisine")
    assert stored["total_followers"] == view.total_followers
    figures = [(p.platform, p.followers, p.engagement.value, p.engagement.basis, p.tier.name)
               for p in view.platforms]
    assert [(p["platform"], p["followers"], p["engagement"]["value"], p["engagement"]["basis"], p["tier"])
            for p in stored["platforms"]] == figures
    countries = view.audience.shares["country"]
    assert stored["top_audience_country"]["bucket"] == max(countries, key=countries.get)


def test_the_suspicious_demo_creator_is_found_by_its_verdict(demo):
    page = search(demo, Filters(verdicts=("suspicious",)))
    assert [c["handle"] for c in page.cards] == ["demo-spike"]
    flags = stored_card(demo, "demo-spike")["platforms"][0]["authenticity"]["flags"]
    assert flags and all(isinstance(flag, str) for flag in flags)


def test_a_hidden_metric_never_reaches_the_directory(demo):
    lea = creator_store.get_creator(demo, "lea-cuisine")["id"]
    creator_store.update_creator(demo, lea, hidden=["engagement_rate"])
    summary.refresh_summary(demo, lea, SETTINGS, TODAY, now=NOW)
    assert all(p["engagement"]["value"] is None for p in stored_card(demo, "lea-cuisine")["platforms"])
    for name in {p["platform"] for p in stored_card(demo, "lea-cuisine")["platforms"]}:
        assert search(demo, Filters(platform=name, er_min=0.0, q="lea")).cards == []


def test_unlisted_kits_are_summarised_but_not_listed(demo):
    lea = creator_store.get_creator(demo, "lea-cuisine")["id"]
    creator_store.update_creator(demo, lea, visibility="unlisted")
    summary.refresh_summary(demo, lea, SETTINGS, TODAY, now=NOW)
    assert stored_card(demo, "lea-cuisine") is not None
    assert [c["handle"] for c in search(demo, Filters()).cards] == ["demo-spike"]


def test_a_deleted_creator_leaves_the_directory_and_its_text_index(demo):
    lea = creator_store.get_creator(demo, "lea-cuisine")["id"]
    demo.execute("DELETE FROM creators WHERE id = ?", [lea])
    summary.refresh_summary(demo, lea, SETTINGS, TODAY, now=NOW)
    assert stored_card(demo, "lea-cuisine") is None
    assert demo.execute("SELECT COUNT(*) FROM directory_fts WHERE rowid = ?", [lea]).fetchone()[0] == 0


def test_headline_figures_are_the_total_and_the_largest_accounts_with_the_worst_verdict():
    built = summary.summary_of(7, card(
        "ana",
        platform("instagram", 30_000, er=0.04, growth=0.05, tier="micro", percentile=0.8, verdict="ok"),
        platform("instagram", 2_000, er=0.09, growth=0.5, tier="nano", percentile=0.99, verdict="suspicious"),
        platform("youtube", 120_000, er=0.02, basis="views", growth=0.01, tier="mid", percentile=0.3,
                 verdict="review"),
    ), listed=True, audience={"country": {"FR": 0.6, "BE": 0.1}, "city": {"Paris": 0.3}})
    stats = {s.platform: s for s in built.stats}
    stat = directory.Stats
    assert stats["instagram"] == stat("instagram", 30_000, "micro", 0.04, "followers", 0.05, 0.8, "ok")
    assert stats["youtube"] == stat("youtube", 120_000, "mid", 0.02, "views", 0.01, 0.3, "review")
    assert stats["all"] == stat("all", 152_000, "mid", 0.02, "views", 0.01, 0.3, "suspicious")
    assert built.audience == (("country", "FR", 0.6), ("country", "BE", 0.1))  # cities are not filtered on
