"""The due queue and the rate budgets: who is claimed, by whom, and who waits."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from creatorkit.storage import iso, open_db, queue, runs
from creatorkit.storage.budgets import Budget, allowance, budgets_from_settings

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def due(make_account):
    """``due(n, platform=..., minutes_ago=...)`` adds n due accounts; returns their ids."""
    counter = iter(range(10_000))

    def make(n=1, platform="tiktok", minutes_ago=10, connector="demo", **kwargs):
        return [make_account(platform=platform, connector=connector, ref=f"ref-{next(counter)}",
                             next_refresh_at=NOW - timedelta(minutes=minutes_ago), **kwargs)
                for _ in range(n)]

    return make


def claim(db, owner="w1", slots=10, now=NOW, batch_sizes=None, **kwargs):
    tasks = queue.claim_due(db, owner, now=now, lease_s=60, slots=slots,
                            batch_sizes=batch_sizes or {}, **kwargs)
    return [[row["id"] for row in task] for task in tasks]


def spend(db, account_id, calls, *, seconds_ago=10, units=0):
    finished = NOW - timedelta(seconds=seconds_ago)
    runs.record_run(db, account_id, trigger="schedule", started_at=finished, finished_at=finished,
                    status="ok", http_calls=calls, quota_units=units)


def test_claim_takes_due_accounts_oldest_first_and_leases_them(db, due):
    late, later, early = due(minutes_ago=5), due(minutes_ago=1), due(minutes_ago=30)
    assert claim(db, slots=2) == [early, late]
    row = db["accounts"].get(early[0])
    assert row["lease_owner"] == "w1"
    assert row["lease_expires_at"] == iso(NOW + timedelta(seconds=60))
    assert db["accounts"].get(later[0])["lease_owner"] is None


def test_accounts_not_due_paused_or_from_file_imports_are_never_claimed(db, due, make_account):
    [ready] = due()
    due(minutes_ago=-5)  # due in five minutes
    [expired] = due()
    [disabled] = due()
    db["accounts"].update(expired, {"status": "auth_expired"})
    db["accounts"].update(disabled, {"status": "disabled"})
    [manual] = due()
    db["accounts"].update(manual, {"next_refresh_at": None})
    due(connector="tiktok-export")
    assert claim(db, skip_connectors={"tiktok-export"}) == [[ready]]


def test_a_live_lease_keeps_others_away_until_it_expires(db, due):
    [account] = due()
    assert claim(db, "w1") == [[account]]
    assert claim(db, "w2", now=NOW + timedelta(seconds=59)) == []
    assert claim(db, "w2", now=NOW + timedelta(seconds=61)) == [[account]]
    assert db["accounts"].get(account)["lease_owner"] == "w2"


def test_release_gives_back_only_the_owners_leases_and_renew_extends_them(db, due):
    first, second = due(2)
    claim(db, "w1", slots=1)
    claim(db, "w2", slots=1)
    queue.release(db, [first, second], "w2")
    assert db["accounts"].get(first)["lease_owner"] == "w1"
    assert db["accounts"].get(second)["lease_owner"] is None
    assert queue.renew(db, "w1", now=NOW + timedelta(minutes=5), lease_s=60) == 1
    assert db["accounts"].get(first)["lease_expires_at"] == iso(NOW + timedelta(minutes=6))
    assert queue.release_owner(db, "w1") == 1


def test_workers_claiming_at_once_never_share_an_account(db, db_path, due):
    everyone = set(due(120))
    claimed: dict[str, list[int]] = {}

    def work(owner):
        own = open_db(db_path, migrate=False)
        mine = claimed.setdefault(owner, [])
        while batch := claim(own, owner, slots=3):
            mine.extend(account for task in batch for account in task)
        own.conn.close()

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken = [account for accounts in claimed.values() for account in accounts]
    assert len(taken) == len(set(taken)) == len(everyone)
    assert set(taken) == everyone


def test_a_batching_connector_gets_its_due_accounts_together(db, due):
    videos = due(5, platform="youtube", connector="yt", minutes_ago=20)
    [stream] = due(platform="twitch", connector="tw", minutes_ago=15)
    more = due(2, platform="youtube", connector="yt", minutes_ago=10)
    tasks = claim(db, slots=2, batch_sizes={"yt": 3, "tw": 1})
    assert tasks == [videos[:3], videos[3:] + more[:1]]
    assert claim(db, slots=5, batch_sizes={"yt": 3}) == [[stream], more[1:]]


def test_a_spent_minute_budget_leaves_accounts_waiting_without_failures(db, due):
    budgets = {"tiktok": Budget("tiktok", per_minute=10)}
    for account in due(2, minutes_ago=-60):  # refreshed a moment ago, due in an hour
        spend(db, account, 3, seconds_ago=30)
    first, *waiting = due(4)
    # 6 of 10 calls spent, 3 calls an account: room for one more account
    assert claim(db, budgets=budgets) == [[first]]
    # that one is in flight (3 estimated calls): 6 + 3 + 3 > 10
    assert claim(db, "w2", budgets=budgets) == []
    assert [db["accounts"].get(a)["failures"] for a in waiting] == [0, 0, 0]
    assert db["refresh_runs"].count == 2
    # 31 s later the 6 calls have left the window; with the one in flight, 2 more fit
    assert claim(db, "w3", budgets=budgets, now=NOW + timedelta(seconds=31)) == [[a] for a in waiting[:2]]


def test_daily_quota_units_are_counted_over_the_last_24_hours(db, due):
    budgets = {"youtube": Budget("youtube", per_day=100)}
    first, second = due(2, platform="youtube", minutes_ago=-600)
    spend(db, first, 1, units=40, seconds_ago=3600)
    spend(db, second, 1, units=40, seconds_ago=23 * 3600)
    waiting = due(2, platform="youtube")
    assert claim(db, budgets=budgets) == []  # 80 of 100 units spent, 40 units an account
    # an hour later 40 units are left in the window: room for one account of 40
    assert claim(db, budgets=budgets, now=NOW + timedelta(hours=1, seconds=1)) == [waiting[:1]]


def test_an_account_over_its_hourly_budget_waits_while_others_go(db, due):
    budgets = {"instagram": Budget("instagram", per_account_hour=10)}
    busy, calm = due(2, platform="instagram")
    spend(db, busy, 8, seconds_ago=1800)  # 8 + 8 estimated > 10
    assert claim(db, budgets=budgets) == [[calm]]


def test_a_platform_quota_reported_exhausted_pauses_the_platform_until_reset(db, due):
    budgets = {"youtube": Budget("youtube", per_day=10_000), "twitch": Budget("twitch")}
    [hit] = due(platform="youtube")
    db["accounts"].update(hit, {"status": "error", "last_error": "quota_exhausted",
                                "next_refresh_at": iso(NOW + timedelta(hours=3))})
    [video] = due(platform="youtube")
    [stream] = due(platform="twitch")
    assert claim(db, budgets=budgets) == [[stream]]
    assert allowance(db, budgets, NOW).accounts["youtube"] == 0
    queue.release(db, [stream], "w1")
    assert claim(db, budgets=budgets, now=NOW + timedelta(hours=3)) == [[video], [stream], [hit]]


def test_budgets_come_from_published_limits_and_settings_override_them():
    budgets = budgets_from_settings({"TIKTOK_RATE_PER_MIN": 60, "YOUTUBE_DAILY_QUOTA": "5000"})
    assert budgets["tiktok"] == Budget("tiktok", per_minute=60)
    assert budgets["youtube"] == Budget("youtube", per_day=5000)
    assert budgets["twitch"] == Budget("twitch", per_minute=800)
    assert budgets["instagram"] == Budget("instagram", per_account_hour=200)
