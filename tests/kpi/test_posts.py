from datetime import date

import pytest

from creatorkit.errors import InputError
from creatorkit.kpi import posts as kp
from tests.kpi.factories import TODAY, at, make_post

POSTS = [
    make_post(1, likes=1000, comments=10, views=None),  # young: kept unless min_age_hours excludes it
    make_post(5, likes=100, comments=4, views=2000, kind="reel"),
    make_post(9, likes=200, comments=2, views=4000, kind="reel"),
    make_post(13, likes=0, comments=3, views=0, kind="image"),
    make_post(17, likes=300, comments=None, views=6000, kind="reel"),
]


@pytest.mark.parametrize(
    ("field", "kwargs", "expected"),
    [
        ("likes", {}, (320, 200, 5)),
        ("likes", {"today": TODAY, "min_age_hours": 72}, (150, 150, 4)),
        ("likes", {"window_posts": 2}, (550, 550, 2)),
        ("comments", {}, (19 / 4, 3.5, 4)),
        ("views", {}, (3000, 3000, 4)),
        ("engagements", {}, (1619 / 5, 202, 5)),  # 1010, 104, 202, 3, 300
        ("saves", {}, (None, None, 0)),
    ],
)
def test_average_per_post_skips_posts_without_the_figure(field, kwargs, expected):
    result = kp.average_per_post(POSTS, field, **kwargs)
    mean, median, n = expected
    assert (result.mean, result.median, result.posts) == (pytest.approx(mean) if mean else None, median, n)


def test_average_of_an_unknown_field_is_an_input_error():
    with pytest.raises(InputError):
        kp.average_per_post(POSTS, "post_id")


def test_comment_to_like_skips_posts_without_likes():
    result = kp.comment_to_like(POSTS)
    # 10/1000, 4/100, 2/200 (the post with 0 likes and the one without comments are skipped)
    assert (result.median, result.posts) == (0.01, 3)
    assert result.mean == pytest.approx(0.06 / 3)


def test_view_rate_is_views_over_followers_of_video_posts():
    result = kp.view_rate(POSTS, today=TODAY, followers=10_000, min_posts=1)
    # 0.2, 0.4, 0.6 (zero-view post: views 0 is a count, 0/10000 = 0) → median 0.3
    assert (result.value, result.posts, result.basis) == (pytest.approx(0.3), 4, "followers")


@pytest.mark.parametrize(
    ("posts", "expected"),
    [
        ([make_post(5, watch_time_s=600, views=100), make_post(6, watch_time_s=300, views=50)], 6.0),
        ([make_post(5, watch_time_s=600, views=0)], None),
        ([make_post(5, views=10)], None),
    ],
)
def test_average_watch_time_is_total_watch_time_over_total_views(posts, expected):
    assert kp.average_watch_time(posts) == expected


def test_completion_and_percentage_viewed_average_where_present():
    posts = [
        make_post(5, completion_rate=0.2, avg_view_duration_s=30, duration_s=60),
        make_post(6, completion_rate=0.4, avg_view_duration_s=10, duration_s=40),
        make_post(7, avg_view_duration_s=10, duration_s=0),
    ]
    assert kp.completion(posts).median == pytest.approx(0.3)
    assert kp.percentage_viewed(posts).median == pytest.approx((0.5 + 0.25) / 2)


@pytest.mark.parametrize(
    ("days_ago", "days", "expected"),
    [
        ([1, 5, 9, 13, 17], 14, 4 / 2),
        ([0, 14, 15], 14, 1 / 2),  # published today counts; exactly 14 days ago does not
        ([], 90, 0.0),
        ([-1], 7, 0.0),  # scheduled in the future
    ],
)
def test_posts_per_week_counts_the_window_up_to_today(days_ago, days, expected):
    posts = [make_post(d) for d in days_ago]
    assert kp.posts_per_week(posts, TODAY, days) == expected


def test_posts_per_week_rejects_an_empty_window():
    with pytest.raises(InputError):
        kp.posts_per_week(POSTS, TODAY, 0)


@pytest.mark.parametrize(("days_ago", "expected"), [([1, 5, 9, 13, 17], 4.0), ([1, 2, 7], 3.0), ([3], None)])
def test_median_gap_days(days_ago, expected):
    assert kp.median_gap_days([make_post(d) for d in days_ago], TODAY) == expected


def test_format_breakdown_groups_by_kind_most_posts_first():
    result = kp.format_breakdown(POSTS, today=TODAY, platform="tiktok")
    assert list(result) == ["reel", "image"]
    reels = result["reel"]
    # (104/2000, 202/4000, 300/6000) = (0.052, 0.0505, 0.05) → median 0.0505
    assert (reels.posts, reels.median_views, reels.engagement_rate.value) == (3, 4000, 0.0505)
    assert result["image"].engagement_rate.value is None  # only one post, views 0


def test_format_breakdown_follows_the_window():
    result = kp.format_breakdown(POSTS, today=TODAY, window_days=10, followers=1000, min_posts=1)
    assert result["reel"].posts == 2
    assert result["reel"].engagement_rate.basis == "followers"
    assert result["reel"].engagement_rate.window_end == at(5).date()
    assert date(2024, 5, 27) == at(5).date()
