"""Small figures of the kit view and its JSON, with values computed by hand."""

from dataclasses import replace
from datetime import date

from creatorkit import kpi
from creatorkit.kit.view import Change, KitView, PlatformView
from creatorkit.render.json import _tidy

DAY = date(2026, 12, 1)


def platform(name, start, gained):
    change = Change(30, gained, gained / start, start, date(2026, 11, 1), DAY)
    return PlatformView(
        account_id=1, platform=name, label=name, username="u", profile_url=None, status="ok", source="api",
        followers=start + gained, followers_day=DAY, last_refreshed_at=None, growth={30: change},
        engagement=None, avg_views=None, posts_per_week=None, post_count=0, top_posts=(), follower_series=(),
        data_day=DAY)


def kit(*platforms):
    return KitView(
        handle="h", display_name="H", tagline=None, bio=None, niche=None, categories=(), country=None,
        city=None, languages=(), avatar_url=None, theme="light", locale="en", visibility="public",
        data_version=1, updated_at=None, today=DAY, platforms=platforms,
        audience=kpi.MergedAudience({}, {}, {}, ()))


def test_a_platform_with_exactly_zero_growth_keeps_the_combined_growth():
    # 10,000 + 0 and 40,000 + 1,000 followers: +1,000 of 50,000 = +2 %
    combined = kit(platform("youtube", 10_000, 0), platform("tiktok", 40_000, 1_000)).growth_30
    assert (combined.abs, combined.pct, combined.start) == (1_000, 0.02, 50_000)


def test_hidden_followers_leave_no_combined_growth():
    hidden = replace(platform("youtube", 10_000, 0), growth={30: Change(30, None, 0.0)})
    assert kit(hidden).growth_30 is None


def test_json_floats_carry_no_binary_noise():
    assert _tidy({"er": 0.1 + 0.2 - 0.282, "z": float("inf"), "day": DAY}) == {
        "er": 0.018, "z": None, "day": "2026-12-01"}
