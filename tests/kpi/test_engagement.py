from datetime import date

import pytest

from creatorkit.errors import InputError
from creatorkit.kpi import engagement as e
from tests.kpi.factories import TODAY, at, make_post


def seven_posts(**extra):
    """Seven posts 4..28 days old with 10..60 and 400 engagements (likes + comments)."""
    totals = [10, 20, 30, 40, 50, 60, 400]
    return [
        make_post(4 * (i + 1), likes=total - 5, comments=5, **extra)
        for i, total in enumerate(reversed(totals))
    ]


@pytest.mark.parametrize(
    ("method", "expected"),
    [("median", 0.04), ("mean", 0.61 / 7), ("ratio_of_sums", 0.61 / 7)],
)
def test_engagement_rate_aggregates_per_post_ratios(method, expected):
    rate = e.engagement_rate(seven_posts(), today=TODAY, followers=1000, method=method)
    assert rate.value == pytest.approx(expected)
    assert (rate.basis, rate.posts, rate.method) == ("followers", 7, method)
    assert rate.mean == pytest.approx(0.61 / 7)
    assert rate.window_start == at(28).date() and rate.window_end == at(4).date()
    assert rate.provisional is True
    assert rate.flags == ()


def test_ratio_of_sums_weights_posts_by_their_denominator():
    posts = [make_post(10 + i, views=v, likes=n) for i, (v, n) in enumerate([(100, 10)] * 5 + [(1000, 10)])]
    rate = e.engagement_rate(posts, today=TODAY, basis="views", method="ratio_of_sums")
    assert rate.value == pytest.approx(60 / 1500)


def test_young_posts_are_left_out():
    posts = [*seven_posts(), make_post(2.9, likes=10_000)]  # 69.6 h old at 00:00 UTC
    rate = e.engagement_rate(posts, today=TODAY, followers=1000)
    assert (rate.posts, rate.value) == (7, 0.04)


def test_a_datetime_today_counts_hours_exactly():
    posts = [*seven_posts(), make_post(2.9, likes=10_000)]
    rate = e.engagement_rate(posts, today=at(-0.2), followers=1000)  # 74.4 h later
    assert rate.posts == 8


def test_window_takes_most_recent_by_publication_not_list_order():
    posts = [*seven_posts()[::-1], make_post(100, likes=1000000)]
    rate = e.engagement_rate(posts, today=TODAY, followers=1000, window_posts=6)
    assert rate.posts == 6
    assert rate.window_start == at(24).date()


def test_window_days_limits_the_window():
    rate = e.engagement_rate(seven_posts(), today=TODAY, followers=1000, window_days=20, min_posts=1)
    assert rate.posts == 5  # 4, 8, 12, 16, 20 days old


@pytest.mark.parametrize(
    ("posts", "followers", "flags"),
    [
        (seven_posts()[:5], 1000, ("too_few_posts",)),
        (seven_posts(), 0, ("zero_followers_excluded", "too_few_posts")),
        (seven_posts(), None, ("followers_unknown_excluded", "too_few_posts")),
        ([], 1000, ("too_few_posts",)),
    ],
)
def test_undefined_rates_are_none_with_a_reason(posts, followers, flags):
    rate = e.engagement_rate(posts, today=TODAY, followers=followers)
    assert (rate.value, rate.mean) == (None, None)
    assert rate.flags == flags
    assert rate.describe().startswith("not enough data")


def test_followers_at_post_time_come_from_the_nearest_earlier_sample():
    series = [(at(30).date(), 500.0), (at(10).date(), 1000.0)]
    posts = [make_post(20, likes=50), make_post(5, likes=50)]
    rate = e.engagement_rate(posts, today=TODAY, followers_series=series, method="mean", min_posts=1)
    assert rate.value == pytest.approx((0.1 + 0.05) / 2)
    assert rate.flags == ()


def test_posts_older_than_the_series_use_current_followers_and_say_so():
    series = [(at(10).date(), 1000.0)]
    posts = [make_post(20, likes=50), make_post(5, likes=50)]
    rate = e.engagement_rate(
        posts, today=TODAY, followers_series=series, followers=2000, method="mean", min_posts=1
    )
    assert rate.value == pytest.approx((0.025 + 0.05) / 2)
    assert rate.flags == ("followers_current_used",)


def test_posts_older_than_the_series_without_current_followers_are_left_out():
    series = [(at(10).date(), 1000.0)]
    posts = [make_post(20, likes=50), make_post(5, likes=50)]
    rate = e.engagement_rate(posts, today=TODAY, followers_series=series, method="mean", min_posts=1)
    assert (rate.value, rate.posts, rate.flags) == (0.05, 1, ("followers_unknown_excluded",))


def test_views_basis_excludes_zero_view_posts():
    posts = [make_post(5 + i, views=1000, likes=40) for i in range(6)] + [make_post(20, views=0, likes=5)]
    rate = e.engagement_rate(posts, today=TODAY, platform="tiktok")
    assert (rate.basis, rate.posts, rate.value) == ("views", 6, 0.04)
    assert rate.flags == ("zero_views_excluded",)


def test_rates_above_one_are_kept_and_flagged():
    posts = [make_post(5 + i, views=100, likes=150) for i in range(6)]
    rate = e.engagement_rate(posts, today=TODAY, basis="views")
    assert rate.value == 1.5
    assert "ratio_gt_1" in rate.flags


def test_missing_reach_falls_back_to_followers_for_the_whole_window():
    posts = [make_post(5 + i, likes=30, reach=(600 if i < 2 else None)) for i in range(7)]
    rate = e.engagement_rate(posts, today=TODAY, basis="reach", followers=1000)
    assert (rate.basis, rate.value, rate.posts) == ("followers", 0.03, 7)
    assert rate.flags == ("reach_missing_fell_back_to_followers",)


def test_reach_missing_on_a_few_posts_leaves_those_posts_out():
    posts = [make_post(5 + i, likes=30, reach=(600 if i < 6 else None)) for i in range(7)]
    rate = e.engagement_rate(posts, today=TODAY, basis="reach", followers=1000)
    assert (rate.basis, rate.value, rate.posts) == ("reach", 0.05, 6)
    assert rate.flags == ("reach_missing_on_some_posts",)


def test_engagements_sum_the_actions_present():
    assert e.engagements(make_post(likes=10, comments=2, shares=3, saves=4)) == 19
    assert e.engagements(make_post(likes=10, saves=0)) == 10
    assert e.engagements(make_post(views=100)) is None


def test_mixed_action_sets_are_flagged():
    posts = [make_post(5 + i, likes=30, saves=(5 if i % 2 else None)) for i in range(6)]
    rate = e.engagement_rate(posts, today=TODAY, followers=1000)
    assert "mixed_action_sets" in rate.flags


@pytest.mark.parametrize(("sponsored", "expected"), [(None, 0.03), (False, 0.04), (True, 0.02)])
def test_sponsored_posts_can_be_reported_separately(sponsored, expected):
    posts = [make_post(5 + i, likes=(20 if i % 2 else 40), is_sponsored=bool(i % 2)) for i in range(12)]
    rate = e.engagement_rate(posts, today=TODAY, followers=1000, sponsored=sponsored, min_posts=1)
    assert rate.value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("platform", "basis"),
    [("instagram", "followers"), ("twitch", "followers"), ("facebook", "followers"), ("x", "followers"),
     ("tiktok", "views"), ("youtube", "views"), ("myspace", "followers"), (None, "followers")],
)
def test_default_basis_per_platform(platform, basis):
    assert e.default_basis(platform) == basis


@pytest.mark.parametrize("kwargs", [{"basis": "likes"}, {"method": "mode"}])
def test_unknown_basis_or_method_is_an_input_error(kwargs):
    with pytest.raises(InputError):
        e.engagement_rate(seven_posts(), today=TODAY, followers=1000, **kwargs)


def test_describe_reads_like_the_kit():
    rate = e.engagement_rate(
        [make_post(5 + i, views=1000, likes=41) for i in range(30)], today=TODAY, platform="youtube"
    )
    assert rate.describe() == "4.1 % of views, median of 30 posts"
    assert rate.provisional is False


def test_date_today_means_midnight_utc():
    assert e.as_instant(date(2024, 6, 1)) == at(0)
