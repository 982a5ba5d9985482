from datetime import date, timedelta

import pytest

from creatorkit.kpi.quality import CHECKS, PARTIAL, authenticity
from tests.kpi.factories import TODAY, daily, make_post
from tests.kpi.synthetic import buy_followers, make_creator, quiet_day

ORDINARY = [
    # (seed, platform, followers, daily growth)
    *[(seed, "instagram", size, growth) for seed, size, growth in
      [(1, 2_000, 0.001), (2, 8_000, 0.003), (3, 20_000, 0.0003), (4, 80_000, 0.001),
       (5, 300_000, 0.002), (6, 2_000_000, 0.0005), (7, 20_000, 0.01)]],
    *[(seed, "tiktok", size, growth) for seed, size, growth in
      [(11, 3_000, 0.005), (12, 40_000, 0.002), (13, 600_000, 0.001)]],
    *[(seed, "youtube", size, growth) for seed, size, growth in
      [(21, 15_000, 0.001), (22, 1_500_000, 0.002)]],
]


@pytest.mark.parametrize(("seed", "platform", "followers", "growth"), ORDINARY)
def test_ordinary_creators_over_400_days_are_ok(seed, platform, followers, growth):
    creator = make_creator(seed, platform=platform, followers=followers, daily_growth=growth)
    result = authenticity(creator.series, creator.posts, today=TODAY, platform=platform)
    assert result.verdict == "ok", [(f.code, f.penalty, f.message) for f in result.flags if f.penalty]
    assert result.score >= 75


def test_a_hundred_ordinary_creators_raise_no_false_alarm():
    sizes = (2_000, 8_000, 20_000, 80_000, 300_000, 2_000_000)
    verdicts = set()
    for seed in range(100, 200):
        creator = make_creator(seed, platform=("instagram", "tiktok")[seed % 2], followers=sizes[seed % 6],
                               daily_growth=(0.0005, 0.002, 0.006)[seed % 3])
        result = authenticity(creator.series, creator.posts, today=TODAY, platform=creator.platform)
        verdicts.add(result.verdict)
    assert verdicts == {"ok"}


@pytest.mark.parametrize(
    ("seed", "followers", "share", "days", "verdicts"),
    [
        (31, 20_000, 0.08, 1, {"review", "suspicious"}),
        (32, 20_000, 0.08, 2, {"review", "suspicious"}),
        (33, 150_000, 0.08, 1, {"review", "suspicious"}),
        (34, 3_000, 0.10, 2, {"review", "suspicious"}),
        (35, 800_000, 0.05, 1, {"review"}),
    ],
)
def test_bought_followers_without_a_viral_post_leave_ok(seed, followers, share, days, verdicts):
    creator = make_creator(seed, platform="instagram", followers=followers)
    day = quiet_day(creator)
    bought = buy_followers(creator, day, share, days)
    result = authenticity(bought.series, bought.posts, today=TODAY, platform="instagram")
    assert result.verdict in verdicts
    flagged = {f.evidence["day"] for f in result.flags
               if f.code == "unexplained_follower_spike" and f.penalty}
    assert flagged & {day, day + timedelta(days=1)}


def test_the_same_jump_after_a_viral_post_is_explained():
    series = [(d, v) for d, v in daily(date(2024, 3, 1), [20_000 + 10 * i for i in range(80)])]
    series = [(d, v + (1600 if d >= date(2024, 5, 1) else 0)) for d, v in series]
    posts = [make_post(40 - i * 2, post_id=f"p{i}", views=5000, likes=200, comments=6) for i in range(15)]
    posts.append(make_post((TODAY - date(2024, 5, 1)).days + 0.5, post_id="viral", views=90_000, likes=4000,
                           comments=100))
    result = authenticity(series, posts, today=TODAY, platform="instagram")
    assert [f.code for f in result.flags if "spike" in f.code] == ["explained_follower_spike"]
    assert result.flags[0].evidence["posts"] == ("viral",)


def steady(followers=20_000, days=120):
    return daily(TODAY - timedelta(days=days - 1), [followers + 5 * i for i in range(days)])


def varied_posts(n=20, likes=200, comments=6, **extra):
    """Posts every 3 days whose likes vary (CV ≈ 0.5) around ``likes``."""
    factors = [0.4, 1.0, 1.6, 0.7, 1.3]
    return [make_post(4 + 3 * i, post_id=f"v{i}", likes=round(likes * factors[i % 5]),
                      comments=round(comments * factors[i % 5]), **extra) for i in range(n)]


@pytest.mark.parametrize(
    ("posts", "code", "penalty"),
    [
        (varied_posts(likes=15, comments=1), "er_far_below_tier", 20),  # 0.08 % vs band 0.84–1.11 %
        (varied_posts(likes=2000, comments=60), "er_far_above_tier", 5),  # 10 % vs the same band
        (varied_posts(likes=200, comments=60), "comment_ratio_high", 5),  # 30 % > 20 %
        (varied_posts(likes=200, comments=0.6), "comment_ratio_low", 5),
        ([make_post(4 + 3 * i, likes=200, comments=6) for i in range(20)], "likes_too_uniform", 5),
    ],
)
def test_engagement_checks_without_peers(posts, code, penalty):
    result = authenticity(steady(), posts, today=TODAY, platform="instagram")
    assert [(f.code, f.penalty) for f in result.flags] == [(code, penalty)]
    assert (result.score, result.verdict) == (100 - penalty, "ok")


def test_engagement_checks_against_peers_when_there_are_30():
    posts = varied_posts(likes=150, comments=5)  # ER ≈ 0.75 %, C/L ≈ 3.3 %
    rates = [0.02 + i / 1000 for i in range(30)]
    ratios = [0.003 + i / 10_000 for i in range(30)]
    result = authenticity(steady(), posts, today=TODAY, platform="instagram", peer_rates=rates,
                          peer_comment_ratios=ratios)
    assert [f.code for f in result.flags] == ["er_far_below_peers", "comment_ratio_high"]
    assert result.flags[0].evidence["peers"] == 30


@pytest.mark.parametrize(("daily_gain", "flagged"), [(250, True), (40, False)])
def test_followers_that_never_engage_dilute_engagement_per_follower(daily_gain, flagged):
    # flat 10,000 for 100 days, then a steady drip: +250 a day nearly triples them in 90 days
    series = daily(TODAY - timedelta(days=199),
                   [10_000 + daily_gain * max(0, i - 100) for i in range(200)])
    posts = varied_posts(n=60, likes=100, comments=3)  # engagements stay flat
    result = authenticity(series, posts, today=TODAY, platform="instagram")
    codes = [(f.code, f.penalty) for f in result.flags]
    assert (("growth_without_engagement", 10) in codes) is flagged


NO_BENCH = ("er_vs_peers", "fewer than 30 peers and no comparable published benchmark")


@pytest.mark.parametrize(
    ("platform", "followers", "posts", "skipped"),
    [
        ("youtube", 20_000, varied_posts(views=10_000), NO_BENCH),  # the YouTube band's basis is in doubt
        ("twitch", 20_000, varied_posts(), NO_BENCH),
        ("instagram", 300, varied_posts(), NO_BENCH),
        ("instagram", 20_000, varied_posts(n=3), ("er_vs_peers", "no engagement rate (3 posts with counts)")),
        ("instagram", 20_000, varied_posts(n=3), ("likes_spread", "fewer than 12 posts with likes")),
        ("instagram", 20_000, [make_post(5, views=100)],
         ("comment_to_like", "no posts with both likes and comments")),
        ("instagram", 20_000, varied_posts(),
         ("growth_vs_engagement", "less than 90 days of follower history")),
    ],
)
def test_checks_that_cannot_run_say_why(platform, followers, posts, skipped):
    series = steady(followers) if skipped[0] != "growth_vs_engagement" else steady(followers)[-60:]
    result = authenticity(series, posts, today=TODAY, platform=platform)
    assert skipped in [(c.code, c.why_not) for c in result.skipped]
    assert skipped[0] not in result.ran


def test_a_partial_post_list_runs_no_check_and_gives_no_verdict():
    # the bought-followers creator scores under 75 on its full post list ...
    creator = make_creator(41, platform="instagram", followers=20_000)
    bought = buy_followers(creator, quiet_day(creator), 0.08, 2)
    assert authenticity(bought.series, bought.posts, today=TODAY, platform="instagram").score < 75
    # ... but from an export of top posts nothing can be said
    result = authenticity(bought.series, bought.posts, today=TODAY, platform="instagram", partial_posts=True)
    assert (result.score, result.verdict, result.flags, result.ran) == (None, None, (), ())
    assert {c.why_not for c in result.skipped} == {PARTIAL}
    assert len(result.skipped) == len(CHECKS)


def test_score_and_verdict_add_up_the_penalties():
    creator = make_creator(41, platform="instagram", followers=20_000)
    bought = buy_followers(creator, quiet_day(creator), 0.08, 2)
    result = authenticity(bought.series, bought.posts, today=TODAY, platform="instagram")
    assert result.score == max(0, 100 - sum(f.penalty for f in result.flags))
    assert result.verdict == ("suspicious" if result.score < 45 else "review")


@pytest.mark.parametrize(("best_views", "share_of_points"), [(5000, 0.9), (25_000, 0.5), (50_000, 0.0)])
def test_a_near_viral_post_takes_part_of_the_blame(best_views, share_of_points):
    jump_day = date(2024, 5, 1)
    series = [(d, v + (1600 if d >= jump_day else 0))
              for d, v in daily(date(2024, 3, 1), [20_000 + 10 * i for i in range(80)])]
    posts = [make_post(10 + i, post_id=f"p{i}", views=5000, likes=200, comments=6) for i in range(15)]
    quiet = authenticity(series, posts, today=TODAY, platform="instagram")
    posts.append(make_post((TODAY - jump_day).days + 0.5, post_id="best", views=best_views, likes=200,
                           comments=6))  # the day before the jump; the median stays 5,000 views
    near = authenticity(series, posts, today=TODAY, platform="instagram")

    def points(result):
        return sum(f.penalty for f in result.flags if f.code == "unexplained_follower_spike")

    assert points(quiet) == 40  # an excess of about 8 % of followers: the cap of 40 a day
    assert points(near) == round(points(quiet) * share_of_points)
