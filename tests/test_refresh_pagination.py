"""Pagination that never ends (issue 13 §2), through the real scheduler against the
fakes: a repeating YouTube page token with empty or private-only pages, a TikTok
cursor that alternates with ``has_more: true``, a playlist that pages forever. Each
refresh ends in seconds after a bounded number of calls; a stopping worker ends an
endless one at its next call; and a refresh past its deadline is a recorded failure."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from creatorkit.connectors.tiktok import MAX_PAGES as TIKTOK_PAGES
from creatorkit.connectors.youtube.fetch import MAX_PAGES as YOUTUBE_PAGES
from creatorkit.storage.credentials import CredentialBox
from tests.connectors.test_contract import contract_settings
from tests.fakes.base import json_response
from tests.fakes.tiktok import FakeTikTok, envelope
from tests.fakes.youtube import FakeYouTube
from tests.test_reliability import run_once, scheduler_for

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def clock():
    return NOW


class LoopingYouTube(FakeYouTube):
    """The uploads playlist answers ``pages`` (cycled) whatever token it is sent."""

    def __init__(self, pages, **kwargs):
        super().__init__(channels=1, **kwargs)
        self.pages = pages

    def playlist_items(self, request):
        served = len(self.calls("/playlistItems")) - 1
        items, token = self.pages[served % len(self.pages)]
        channel = self.owner
        body = [self.playlist_item(channel, channel.videos[n], n) for n in items]
        return self.listing("playlistItem", body, total=10**6,
                            **({"nextPageToken": token} if token else {}))


class AlternatingTikTok(FakeTikTok):
    """``has_more: true`` forever, the cursor going back and forth between two values."""

    def video_list(self, request):
        served = len(self.calls("/video/list/"))
        fields = (request.arg("fields") or "").split(",")
        video = self.videos[served % 2]
        return envelope({"videos": [{name: video[name] for name in fields if name in video}],
                         "cursor": 1_700_000_000_000 + served % 2, "has_more": True})


class EmptyPagesTikTok(FakeTikTok):
    def video_list(self, request):
        served = len(self.calls("/video/list/"))
        return envelope({"videos": [], "cursor": 1_700_000_000_000 - served, "has_more": True})


def connect(db, make_account, fake, config):
    seed = fake.seed_account()
    sealed = CredentialBox(config["CREDENTIALS_KEY"]).seal(seed["credentials"]) \
        if seed.get("credentials") else None
    return make_account(platform=fake.platform, connector=fake.connector, ref=seed["ref"],
                        sealed_credentials=sealed, next_refresh_at=NOW - timedelta(minutes=1))


def refresh_through_scheduler(db, db_path, make_account, fake, **extra):
    config = contract_settings(fake, **extra)
    account = connect(db, make_account, fake, config)
    started = time.monotonic()
    assert run_once(scheduler_for(db_path, clock, **config)) == 1
    return account, time.monotonic() - started


@pytest.mark.parametrize(("pages", "calls"), [
    ([((), "CDIQAA")], 1),                       # empty pages, the same token again
    ([((0,), "CDIQAA")], 2),                     # the token repeats on a page with a video
    ([((1,), "A"), ((2,), "B")], 3),             # A, B, then A again
    ([((), "X")] + [((), f"T{n}") for n in range(50)], 1),  # the first page is empty
])
def test_a_youtube_playlist_that_repeats_its_token_is_walked_once(
        db, db_path, make_account, pages, calls):
    with LoopingYouTube(pages) as fake:
        account, took = refresh_through_scheduler(db, db_path, make_account, fake)
        assert len(fake.calls("/playlistItems")) == calls
    assert took < 5
    row = db["accounts"].get(account)
    assert row["status"] == "ok"


def test_private_only_pages_with_new_tokens_stop_at_the_page_cap(db, db_path, make_account):
    with LoopingYouTube([((0,), f"P{n}") for n in range(1000)]) as fake:
        fake.owner.videos[0].private = True  # every page holds only this private video
        account, took = refresh_through_scheduler(db, db_path, make_account, fake)
        assert len(fake.calls("/playlistItems")) == YOUTUBE_PAGES
    assert took < 5 and db["accounts"].get(account)["status"] == "ok"


@pytest.mark.parametrize(("fake_cls", "calls"), [(AlternatingTikTok, 3), (EmptyPagesTikTok, 1)])
def test_a_tiktok_cursor_that_never_ends_is_followed_once(db, db_path, make_account, fake_cls, calls):
    with fake_cls() as fake:
        account, took = refresh_through_scheduler(db, db_path, make_account, fake)
        assert len(fake.calls("/video/list/")) == calls
    assert took < 5 and db["accounts"].get(account)["status"] == "ok"
    assert TIKTOK_PAGES == 20


def test_a_refresh_past_its_deadline_is_a_recorded_transient_failure(db, db_path, make_account):
    with LoopingYouTube([((0,), f"P{n}") for n in range(1000)], latency_s=0.2) as fake:
        account, took = refresh_through_scheduler(db, db_path, make_account, fake,
                                                  REFRESH_DEADLINE_S=0.5)
    assert took < 3
    [run] = db["refresh_runs"].rows
    assert (run["status"], run["error_class"]) == ("error", "transient")
    assert "deadline" in run["error_message"]
    assert db["accounts"].get(account)["lease_owner"] is None


def test_a_stopping_worker_ends_an_endless_refresh_at_its_next_call(db, db_path, make_account):
    with LoopingYouTube([((0,), f"P{n}") for n in range(1000)], latency_s=0.2) as fake:
        config = contract_settings(fake)
        account = connect(db, make_account, fake, config)
        scheduler = scheduler_for(db_path, clock, **config)
        scheduler.tick()
        deadline = time.monotonic() + 5
        while not fake.calls("/playlistItems") and time.monotonic() < deadline:
            time.sleep(0.02)
        stopped = threading.Event()
        started = time.monotonic()
        threading.Thread(target=lambda: (scheduler.stop(), stopped.set()), daemon=True).start()
        assert stopped.wait(2), "stop() did not return within its grace period"
        took = time.monotonic() - started
        assert len(fake.calls("/playlistItems")) < YOUTUBE_PAGES
    assert took < 1
    row = db["accounts"].get(account)
    assert (row["lease_owner"], row["last_error"]) == (None, "transient")
    assert "shutting down" in row["last_error_message"]


def test_an_unreadable_page_is_still_a_bad_payload_not_a_stop(db, db_path, make_account):
    with LoopingYouTube([((0,), "A")]) as fake:
        fake.playlist_items = lambda request: json_response({"items": "nope"})
        account, _ = refresh_through_scheduler(db, db_path, make_account, fake)
    assert db["accounts"].get(account)["last_error"] == "bad_payload"
