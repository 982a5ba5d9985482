import pytest

from creatorkit.errors import InputError
from creatorkit.kpi import benchmarks as b
from creatorkit.kpi.tiers import tier


@pytest.mark.parametrize(
    ("followers", "scheme", "expected"),
    [
        (None, "default", None),
        (0, "default", None),
        (999, "default", None),
        (1_000, "default", ("nano", 1_000, 10_000)),
        (9_999, "default", ("nano", 1_000, 10_000)),
        (10_000, "default", ("micro", 10_000, 50_000)),
        (49_999, "default", ("micro", 10_000, 50_000)),
        (50_000, "default", ("mid", 50_000, 500_000)),
        (500_000, "default", ("macro", 500_000, 1_000_000)),
        (1_000_000, "default", ("mega", 1_000_000, None)),
        (60_000, "micro100k", ("micro", 10_000, 100_000)),
        (100_000, "micro100k", ("mid", 100_000, 500_000)),
    ],
)
def test_tier_thresholds(followers, scheme, expected):
    result = tier(followers, scheme)
    assert (None if result is None else (result.name, result.low, result.high)) == expected


def test_unknown_tier_scheme_is_an_input_error():
    with pytest.raises(InputError):
        tier(5_000, "fancy")


# The examples against the bands as published (reference §4.1-4.4, Modash thresholds
# "Low" < x and "High" > y beside each "Average" band):
@pytest.mark.parametrize(
    ("platform", "followers", "basis", "rate", "band", "position"),
    [
        # 4,000 followers: Modash 1-5K band 3.38-4.42 %, "low" under 1.72 % -> 1.5 % is low
        ("instagram", 4_000, "followers", 0.015, (1_000, 5_000, 0.0338, 0.0442, 0.0172, 0.0797), "low"),
        # 300,000: 100-500K band 0.87-1.14 %, low under 0.41 % -> 0.78 % is below the range
        ("instagram", 300_000, "followers", 0.0078, (100_000, 500_000, 0.0087, 0.0114, 0.0041, 0.0263),
         "below"),
        # 313,839 on TikTok: 100-500K band 6.66-7.39 % of views -> 7.02 % is within
        ("tiktok", 313_839, "views", 0.0702, (100_000, 500_000, 0.0666, 0.0739, 0.0507, 0.0956), "within"),
        # 9,999 followers: still the 5-10K band (1.25-1.62 %), high over 3.54 % -> 4 % is high
        ("instagram", 9_999, "followers", 0.04, (5_000, 10_000, 0.0125, 0.0162, 0.0062, 0.0354), "high"),
    ],
)
def test_a_rate_is_compared_with_the_band_published_for_its_follower_count(
        platform, followers, basis, rate, band, position):
    bench = b.benchmark(platform, followers, basis)
    got = (bench.followers_from, bench.followers_to, bench.range_low, bench.range_high, bench.low_below,
           bench.high_above)
    assert got == pytest.approx(band)
    assert bench.midpoint == pytest.approx((band[2] + band[3]) / 2)
    assert bench.position(rate) == position
    assert bench.tag == "P" and bench.source.startswith("Modash")


def test_the_youtube_band_whose_basis_is_in_doubt_is_never_compared_with():
    # @demo YouTube: 181,237 subscribers at 2.7 % of views; Modash's 100-500K YouTube band
    # (0.19-0.27 %) looks per subscriber, and CreatorIQ's 1.6 % is 1M+ sponsored posts only
    assert b.benchmark("youtube", 181_237, "views") is None
    assert "look per subscriber" in b.no_benchmark_reason("youtube", 181_237, "views")
    assert "sponsored posts only" in b.no_benchmark_reason("youtube", 2_000_000, "views")


def test_twitch_has_no_published_benchmark_and_says_why():
    assert b.benchmark("twitch", 12_330, "followers") is None
    assert "Twitch" in b.no_benchmark_reason("twitch", 12_330, "followers")


@pytest.mark.parametrize(
    ("platform", "followers", "basis", "reason"),
    [("instagram", 500, "followers", "under 1,000"), ("instagram", None, "followers", "unknown"),
     ("instagram", 20_000, "views", "no benchmark is published for instagram")],
)
def test_no_benchmark_says_why(platform, followers, basis, reason):
    assert b.benchmark(platform, followers, basis) is None
    assert reason in b.no_benchmark_reason(platform, followers, basis)


def test_every_published_row_has_a_known_source_and_sane_band():
    for band in b.PUBLISHED:
        assert band.source in b.SOURCES
        assert 0 < band.low <= band.high < 100, band
        assert band.followers_to is None or band.followers_from < band.followers_to
        assert band.low_below is None or band.low_below < band.low
        assert band.high_above is None or band.high_above > band.high


@pytest.mark.parametrize(
    ("value", "peers", "expected"),
    [
        (3, [1, 2, 3, 4], 0.625),  # scipy percentileofscore(kind="mean") = 62.5
        (5, [1, 2, 3, 4], 1.0),
        (0, [1, 2, 3, 4], 0.0),
        (2, [2, 2, 2, 2], 0.5),
        (2.5, [1, None, 2, 3, 4], 0.5),
        (None, [1, 2], None),
        (1, [], None),
    ],
)
def test_percentile_rank_counts_ties_half(value, peers, expected):
    assert b.percentile_rank(value, peers) == expected


THIRTY = [i / 100 for i in range(1, 31)]  # 0.01 .. 0.30


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        # the niche and tier group has 30: it is used
        ([("niche_tier", THIRTY), ("tier", THIRTY * 2), ("platform", THIRTY * 3)],
         (0.5, 30, "niche_tier", False)),
        # 29 in the niche: widen to the tier (60 peers, 0.155 beats 15 of 30 values twice over)
        ([("niche_tier", THIRTY[:29]), ("tier", THIRTY * 2), ("platform", THIRTY * 3)],
         (0.5, 60, "tier", False)),
        # no group has 30: the widest, 12 peers (0.01..0.12, all below 0.155), marked few
        ([("niche_tier", THIRTY[:3]), ("tier", THIRTY[:6]), ("platform", THIRTY[:12])],
         (1.0, 12, "platform", True)),
        # 4 peers at most: not enough peers yet
        ([("tier", THIRTY[:2]), ("platform", THIRTY[:4])], (None, 4, None, True)),
        ([], (None, 0, None, True)),
    ],
)
def test_peer_groups_widen_until_there_are_enough_peers(groups, expected):
    result = b.compare_with_peers(0.155, groups, platform="instagram", followers=20_000, basis="followers")
    assert (result.percentile, result.n, result.group, result.low_n) == expected
    assert result.benchmark == b.benchmark("instagram", 20_000, "followers")
    assert result.position == "high"  # 10-50K band 0.84-1.11 %, the source's "high" over 2.61 %
