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


@pytest.mark.parametrize(
    ("platform", "tier_name", "basis", "scheme", "expected"),
    [
        # two Modash bands (1–5K 3.38–4.42, 5–10K 1.25–1.62) make the nano tier
        ("instagram", "nano", "followers", "default", (0.0125, 0.0442, "band_midpoint", "P", None)),
        ("instagram", "micro", "followers", "default", (0.0084, 0.0111, "band_midpoint", "P", None)),
        ("instagram", "micro", "followers", "micro100k", (0.0075, 0.0111, "band_midpoint", "P", None)),
        ("tiktok", "mid", "views", "default", (0.0666, 0.0803, "band_midpoint", "P", 2025)),
        ("youtube", "mega", "views", "default", (0.0013, 0.0018, "band_midpoint", "P", None)),
        ("facebook", "all_brands", "followers", "default", (0.00063, 0.00063, "reported", "S", 2024)),
    ],
)
def test_benchmark_combines_one_sources_bands_for_a_tier(platform, tier_name, basis, scheme, expected):
    result = b.benchmark(platform, tier_name, basis, scheme=scheme)
    low, high, stat, tag, year = expected
    assert (result.low, result.high) == (pytest.approx(low), pytest.approx(high))
    assert result.median == pytest.approx((low + high) / 2)
    assert (result.stat, result.tag, result.year, result.basis) == (stat, tag, year, basis)
    assert result.source


@pytest.mark.parametrize(
    ("platform", "tier_name", "basis"),
    [("facebook", "micro", "followers"), ("instagram", "nano", "views"), ("twitch", "mega", "followers")],
)
def test_benchmark_is_none_where_nothing_was_published(platform, tier_name, basis):
    assert b.benchmark(platform, tier_name, basis) is None


def test_benchmark_of_an_unknown_tier_is_an_input_error():
    with pytest.raises(InputError):
        b.benchmark("instagram", "giga", "followers")


def test_every_published_row_has_a_known_source_and_sane_band():
    for platform, low_f, high_f, basis, low, high, key in b.PUBLISHED:
        assert key in b.SOURCES
        assert basis in ("followers", "views")
        assert 0 < low <= high < 100, platform
        assert high_f is None or low_f < high_f


PEERS = [i / 100 for i in range(1, 31)]  # 0.01 .. 0.30


@pytest.mark.parametrize(
    ("value", "peers", "expected"),
    [
        (0.155, PEERS, (0.5, 30, "peers", False, "above")),
        (0.01, PEERS, (pytest.approx(0.5 / 30), 30, "peers", False, "below")),
        (0.02, PEERS[:29], (None, 29, "published", True, "within")),
        (0.005, [], (None, 0, "published", True, "below")),
        (None, PEERS, (None, 30, "peers", False, None)),
    ],
)
def test_compare_with_peers_prefers_own_peers_then_the_published_band(value, peers, expected):
    result = b.compare_with_peers(value, peers, platform="instagram", tier_name="nano", basis="followers")
    assert (result.percentile, result.n, result.source, result.low_n, result.position) == expected
    assert result.benchmark == b.benchmark("instagram", "nano", "followers")


def test_compare_without_tier_has_no_benchmark():
    result = b.compare_with_peers(0.02, [], platform="instagram", tier_name=None, basis="followers")
    assert (result.source, result.benchmark, result.position) == ("published", None, None)
