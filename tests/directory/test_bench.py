"""``creatorkit seed-bench``: synthetic creators that the directory lists and filters."""

from __future__ import annotations

from creatorkit import kpi
from creatorkit.cli import bench
from creatorkit.storage.directory_search import Filters, search


def test_seed_bench_adds_listed_creators_with_cards_the_directory_renders(app, db, client):
    result = app.test_cli_runner().invoke(bench.seed_bench, ["--creators", "60", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "60 creators added" in result.output
    assert db.execute("SELECT COUNT(*) FROM creators").fetchone()[0] == 60
    listed = db.execute("SELECT COUNT(*) FROM directory_summary WHERE listed = 1").fetchone()[0]
    assert 40 <= listed < 60  # about one in ten is unlisted or off
    page = search(db, Filters(), 1, 100)
    assert len(page.cards) == listed
    for card in page.cards:
        for p in card["platforms"]:
            tier = kpi.tier(p["followers"])
            assert p["tier"] == (tier.name if tier else None)
    assert client.get("/directory?per_page=100").status_code == 200


def test_seeding_twice_adds_new_creators_after_the_last(db):
    for _ in bench.seed(db, 5):
        pass
    for _ in bench.seed(db, 5, seed=8):
        pass
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT handle) FROM creators").fetchone() == (10, 10)
