"""The demo connector: deterministic, shaped like each platform, inside the published
engagement bands of its tier, and honest to the follower-spike check of reference §7.4."""

from __future__ import annotations

import re
import statistics
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import pairwise

import pytest

from creatorkit.connectors import get_connector
from creatorkit.connectors.demo import ROSTER, DemoConnector
from creatorkit.errors import ResourceNotFound
from creatorkit.models import Account, Harvest, Post

TODAY = date(2026, 11, 23)
ROSTER_ACCOUNTS = [(c["handle"], a["platform"], a["ref"], a["followers"])
                   for c in ROSTER for a in c["accounts"]]
ORDINARY = [case for case in ROSTER_ACCOUNTS if case[0] != "demo-spike"]
WITH_LIKES = [case for case in ROSTER_ACCOUNTS if case[1] != "twitch"]  # Twitch has no likes
ORDINARY_WITH_LIKES = [case for case in WITH_LIKES if case in ORDINARY]


def over(cases: list[tuple]):
    """Parametrise a test over roster accounts, named handle-platform."""
    return pytest.mark.parametrize(("handle", "platform", "ref", "target"), cases,
                                   ids=[f"{handle}-{platform}" for handle, platform, *_ in cases])

KINDS = {"instagram": {"reel", "image", "carousel"}, "youtube": {"video", "short"},
         "tiktok": {"video"}, "twitch": {"stream", "highlight"}}
#: Modash "Average" median-ER bands in % (reference §4.1, §4.2): (followers below, low, high)
BANDS = {
    "instagram": ((5_000, 3.38, 4.42), (10_000, 1.25, 1.62), (50_000, 0.84, 1.11), (100_000, 0.75, 1.01),
                  (500_000, 0.87, 1.14), (1_000_000, 0.88, 1.13), (float("inf"), 1.02, 1.27)),
    "tiktok": ((5_000, 12.06, 14.04), (10_000, 10.50, 11.83), (50_000, 8.38, 9.37), (100_000, 7.22, 8.03),
               (500_000, 6.66, 7.39), (1_000_000, 6.19, 6.85), (float("inf"), 6.20, 6.84)),
    "youtube": ((float("inf"), 2.0, 5.0),),  # by views, the brief's range
}


class NoHttp:
    """A client that fails the test on any use: the demo must never call out."""

    def __getattr__(self, name):
        raise AssertionError(f"the demo connector used the HTTP client ({name})")


@cache
def harvest(handle: str, platform: str, ref: str = "someone", today: date = TODAY) -> Harvest:
    connector = DemoConnector({"DEMO_TODAY": today.isoformat()})
    return connector.fetch(Account(1, 1, handle, platform, "demo", ref), NoHttp(), None)


def series(h: Harvest, metric: str = "followers") -> list[tuple[date, float]]:
    return sorted((m.day, m.value) for m in h.metrics if m.metric == metric)


def engagements(post: Post) -> int:
    return sum(getattr(post, a) or 0 for a in ("likes", "comments", "shares", "saves"))


def window(h: Harvest, size: int | None = 30) -> list[Post]:
    """The latest posts at least 72 h old, oldest first, as the KPI layer takes them."""
    cutoff = datetime.combine(TODAY, datetime.min.time(), UTC) - timedelta(hours=72)
    eligible = sorted((p for p in h.posts if p.published_at <= cutoff), key=lambda p: p.published_at)
    return eligible[-size:] if size else eligible


def viral_days(h: Harvest) -> set[date]:
    """Days with a post ≥ 10× the median views (or, without views, engagements)."""
    views = statistics.median(p.views for p in h.posts if p.views is not None)
    engaged = statistics.median(engagements(p) for p in h.posts)
    return {p.published_at.date() for p in h.posts
            if (p.views or 0) >= 10 * views or (engaged and engagements(p) >= 10 * engaged)}


@cache
def flags(handle: str, platform: str, ref: str) -> list[tuple[date, str, bool]]:
    return flagged_days(harvest(handle, platform, ref))


def flagged_days(h: Harvest) -> list[tuple[date, str, bool]]:
    """Reference §7.4: robust z of daily relative deltas against the trailing 28 days (days
    already flagged left out, ≥ 7 needed), |z| ≥ 3.5 and |Δ| ≥ max(50, 0.5 % of F); a spike
    is explained by a viral post published t−2..t. Returns (day, "spike"/"drop", explained)."""
    followers = series(h)
    deltas = {day: value - before for (_, before), (day, value) in pairwise(followers)}
    rel = {day: (value - before) / before for (_, before), (day, value) in pairwise(followers)}
    virals, flagged, found = viral_days(h), set(), []
    for (_, before), (day, _) in pairwise(followers):
        baseline = [rel[d] for d in (day - timedelta(days=k) for k in range(1, 29))
                    if d in rel and d not in flagged]
        if len(baseline) < 7:
            continue
        centre = statistics.median(baseline)
        mad = statistics.median(abs(r - centre) for r in baseline)
        scale = mad / 0.6745 if mad else 1.253314 * statistics.mean(abs(r - centre) for r in baseline)
        z = (rel[day] - centre) / scale if scale else 0.0
        if abs(z) >= 3.5 and abs(deltas[day]) >= max(50, 0.005 * before):
            kind = "spike" if z > 0 else "drop"
            explained = kind == "spike" and any(day - timedelta(days=k) in virals for k in range(3))
            flagged.add(day)
            found.append((day, kind, explained))
    return found


def test_demo_is_registered_as_a_connector_for_every_platform():
    cls = get_connector("demo")
    assert cls is DemoConnector
    assert (cls.platform, cls.label, cls.credentials, cls.source) == ("*", "Demo data", "none", "demo")


def test_the_same_account_and_day_give_the_same_harvest_without_http():
    first = DemoConnector({"DEMO_TODAY": "2026-11-23"}).fetch(
        Account(7, 3, "demo", "tiktok", "demo", "camillelaurent"), NoHttp(), None)
    again = DemoConnector({"DEMO_TODAY": "2026-11-23"}).fetch(
        Account(9, 4, "demo", "tiktok", "demo", "camillelaurent"), NoHttp(), date(2026, 11, 1))
    assert first == again
    assert first.source == "demo" and first.calls == 0


def test_another_handle_gives_another_harvest():
    assert series(harvest("alice", "instagram")) != series(harvest("bob", "instagram"))
    assert harvest("alice", "instagram").posts[0].post_id != harvest("bob", "instagram").posts[0].post_id


def test_today_is_the_utc_date_of_the_clock_unless_pinned():
    def last_day(connector):
        return series(connector.fetch(Account(1, 1, "demo", "twitch", "demo", "x"), NoHttp(), None))[-1][0]

    late_in_paris = "2026-11-24T00:30:00+01:00"  # still the 23rd in UTC
    assert last_day(DemoConnector({"CLOCK": late_in_paris})) == TODAY
    assert last_day(DemoConnector({}, now=lambda: datetime(2026, 11, 23, 23, 59, tzinfo=UTC))) == TODAY
    assert last_day(DemoConnector({"CLOCK": late_in_paris, "DEMO_TODAY": "2026-11-20"})) == date(2026, 11, 20)


@pytest.mark.parametrize("platform", sorted(KINDS))
def test_followers_are_400_daily_integers_ending_today(platform):
    followers = series(harvest("demo", platform))
    assert len(followers) == 400 and followers[-1][0] == TODAY
    assert [day for day, _ in followers] == [TODAY - timedelta(days=399 - i) for i in range(400)]
    assert all(isinstance(value, int) and value > 0 for _, value in followers)


@pytest.mark.parametrize(("platform", "metrics"), [
    ("instagram", {"followers", "following", "media_count"}),
    ("youtube", {"followers", "video_count", "total_views"}),
    ("tiktok", {"followers", "following", "video_count", "total_likes"}),
    ("twitch", {"followers", "total_views"}),
])
def test_each_platform_has_its_own_daily_counters(platform, metrics):
    h = harvest("demo", platform)
    assert {m.metric for m in h.metrics} == metrics
    assert all(isinstance(m.value, int) for m in h.metrics)
    for name in metrics - {"followers", "following"}:
        values = [value for _, value in series(h, name)]
        assert values == sorted(values) and values[-1] > values[0]  # lifetime counters only grow


@pytest.mark.parametrize("platform", sorted(KINDS))
def test_posts_have_the_platform_kinds_cadence_and_counts(platform):
    posts = harvest("demo", platform).posts
    assert 100 <= len(posts) <= 160
    assert {p.kind for p in posts} == KINDS[platform]
    assert len({p.post_id for p in posts}) == len(posts)
    start = datetime.combine(TODAY - timedelta(days=399), datetime.min.time(), UTC)
    for post in posts:
        assert post.published_at.tzinfo is UTC and start <= post.published_at < start + timedelta(days=399)
        assert post.title and post.permalink.startswith("https://www.")
        if platform == "instagram":
            assert None not in (post.likes, post.comments, post.saves, post.shares, post.reach,
                                post.impressions)
            assert (post.views is not None) == (post.kind == "reel")
            assert post.likes < post.reach <= post.impressions
        elif platform == "youtube":
            assert None not in (post.views, post.likes, post.comments, post.duration_s, post.watch_time_s)
            assert (post.shares, post.saves, post.reach) == (None, None, None)
            assert (post.duration_s <= 60) == (post.kind == "short")
        elif platform == "tiktok":
            assert None not in (post.views, post.likes, post.comments, post.shares, post.saves)
            assert post.reach is None and post.duration_s <= 90
        else:
            assert post.likes is None and post.views is not None and post.duration_s
            assert (post.avg_viewers is not None) == (post.kind == "stream")
            if post.kind == "stream":
                assert post.peak_viewers > post.avg_viewers and post.duration_s >= 7200


def test_post_ids_stay_the_same_from_one_day_to_the_next():
    today, tomorrow = harvest("demo", "youtube"), harvest("demo", "youtube", today=TODAY + timedelta(days=1))
    fixed = {(p.post_id, p.kind, p.published_at, p.title, p.permalink) for p in today.posts}
    later = {(p.post_id, p.kind, p.published_at, p.title, p.permalink) for p in tomorrow.posts}
    assert len(fixed & later) >= len(fixed) - 2


@pytest.mark.parametrize("platform", sorted(KINDS))
def test_audience_shares_of_each_dimension_sum_to_at_most_one(platform):
    slices = harvest("demo", platform).audience
    by_dimension: dict[str, dict[str, float]] = {}
    for s in slices:
        by_dimension.setdefault(s.dimension, {})[s.bucket] = s.share
    expected = {"age", "gender", "country"} | ({"city"} if platform == "instagram" else set())
    assert set(by_dimension) == expected
    assert set(by_dimension["age"]) == {"13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"}
    assert set(by_dimension["gender"]) == {"female", "male", "other"}
    assert 5 <= len(by_dimension["country"]) <= 8
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in by_dimension["country"])
    assert max(by_dimension["country"], key=by_dimension["country"].get) == "FR"
    for dimension, shares in by_dimension.items():
        assert sum(shares.values()) <= 1
        assert sum(shares.values()) >= (0.99 if dimension in ("age", "gender") else 0.25)


@over(ROSTER_ACCOUNTS)
def test_roster_accounts_end_within_3_percent_of_their_size(handle, platform, ref, target):
    h = harvest(handle, platform, ref)
    assert abs(series(h)[-1][1] / target - 1) <= 0.03
    assert h.profile.username == ref and h.profile.external_id
    assert ref in h.profile.url and h.profile.avatar_url is None


def test_accounts_outside_the_roster_get_a_size_from_their_seed():
    sizes = {handle: series(harvest(handle, "instagram"))[-1][1] for handle in ("alice", "bob")}
    assert sizes["alice"] != sizes["bob"]
    assert all(1_000 <= size <= 1_000_000 for size in sizes.values())
    assert harvest("alice", "instagram").profile.url == "https://www.instagram.com/someone/"


@over(ORDINARY_WITH_LIKES)
def test_median_engagement_rate_sits_in_the_band_of_the_tier(handle, platform, ref, target):
    h = harvest(handle, platform, ref)
    followers = dict(series(h))
    if platform == "instagram":  # by followers on the publication day
        rates = [engagements(p) / followers[p.published_at.date()] for p in window(h)]
    else:  # by views
        rates = [engagements(p) / p.views for p in window(h)]
    low, high = next((low, high) for below, low, high in BANDS[platform] if followers[TODAY] < below)
    assert low * 0.8 <= statistics.median(rates) * 100 <= high * 1.2


@over(WITH_LIKES)
def test_likes_spread_and_comments_per_like_look_organic(handle, platform, ref, target):
    h = harvest(handle, platform, ref)
    virals = viral_days(h)
    likes = [p.likes for p in window(h) if p.published_at.date() not in virals]
    assert 0.4 <= statistics.pstdev(likes) / statistics.mean(likes) <= 1.0  # trendHERO §6.1
    assert 0.02 <= statistics.median(p.comments / p.likes for p in window(h)) <= 0.07  # §6.4


@over(ORDINARY)
def test_ordinary_accounts_never_raise_an_unexplained_follower_spike(handle, platform, ref, target):
    assert [flag for flag in flags(handle, platform, ref) if not flag[2]] == []


def test_viral_posts_bring_the_follower_bumps_the_check_explains():
    explained = [flag for case in ORDINARY for flag in flags(*case[:3])]
    assert len(explained) >= len(ORDINARY)  # bumps are common across the roster, all explained


def test_demo_spike_bought_followers_about_60_days_ago_with_no_viral_post():
    h = harvest("demo-spike", "instagram", "jademonroe.style")
    unexplained = [day for day, kind, explained in flagged_days(h) if kind == "spike" and not explained]
    assert unexplained and all(TODAY - timedelta(days=66) <= d <= TODAY - timedelta(days=54)
                               for d in unexplained)
    followers = dict(series(h))
    first, before = unexplained[0], followers[unexplained[0] - timedelta(days=1)]
    assert (followers[first] - before) % 500 == 0  # a round number lands on the first day
    assert 0.06 <= (followers[first + timedelta(days=1)] - before) / before <= 0.10
    assert followers[first + timedelta(days=16)] < followers[first + timedelta(days=2)]  # purge taper
    rates = [(p.published_at.date(), engagements(p) / followers[p.published_at.date()])
             for p in window(h, None)]
    earlier = [rate for day, rate in rates if day < first][-30:]
    later = [rate for day, rate in rates if day > first]
    assert statistics.median(later) < 0.85 * statistics.median(earlier)  # bought followers do not engage


def test_the_roster_covers_platforms_sizes_niches_and_countries():
    fields = {"handle", "display_name", "tagline", "bio", "niche", "categories", "country", "city",
              "languages", "contact_email", "theme", "locale", "accounts"}
    assert len(ROSTER) >= 12 and len({c["handle"] for c in ROSTER}) == len(ROSTER)
    for creator in ROSTER:
        assert set(creator) == fields
        assert creator["contact_email"].endswith("@example.com")
        assert creator["theme"] in {"light", "dark", "warm"} and creator["locale"] in {"en", "fr"}
        assert all(re.fullmatch(r"[a-z]{2}", lang) for lang in creator["languages"])
    by_handle = {c["handle"]: c for c in ROSTER}
    assert sorted(a["platform"] for a in by_handle["demo"]["accounts"]) == sorted(KINDS)
    [spike] = by_handle["demo-spike"]["accounts"]
    assert spike["platform"] == "instagram" and 40_000 <= spike["followers"] <= 80_000
    sizes = [a["followers"] for c in ROSTER for a in c["accounts"]]
    assert min(sizes) < 10_000 and max(sizes) >= 1_000_000
    assert {a["platform"] for c in ROSTER for a in c["accounts"]} == set(KINDS)
    assert len({c["niche"] for c in ROSTER}) >= 8
    assert {"FR", "US", "GB", "DE", "ES", "BR", "CA"} <= {c["country"] for c in ROSTER}


def test_a_platform_the_demo_does_not_know_is_not_found():
    with pytest.raises(ResourceNotFound):
        harvest("demo", "myspace")
