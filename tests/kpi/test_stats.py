import math

import pytest

from creatorkit.kpi import stats


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([3, 1, 2], 2),
        ([4, 1, 3, 2], 2.5),
        ([None, 5], 5),
        ([float("nan"), 1, 3], 2),
        ([], None),
        ([None], None),
    ],
)
def test_median_ignores_missing_values(values, expected):
    assert stats.median(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [([1, 2, 3, 4, 100], 1), ([5, 5, 5], 0), ([], None)],
)
def test_mad_is_the_median_distance_to_the_median(values, expected):
    assert stats.mad(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [([2, 4, 4, 4, 5, 5, 7, 9], 0.4), ([3], None), ([-1, 1], None), ([], None)],
)
def test_cv_is_population_sd_over_mean_and_none_when_undefined(values, expected):
    assert stats.cv(values) == (pytest.approx(expected) if expected else None)


@pytest.mark.parametrize(
    ("x", "baseline", "expected"),
    [
        (10, [1, 2, 3, 4, 5], 0.6745 * 7),  # median 3, MAD 1
        (3, [1, 2, 3, 4, 5], 0.0),
        (1, [0, 0, 0, 0, 1, 2], 1 / (1.253314 * 0.5)),  # MAD 0 → mean AD 0.5
        (5, [5, 5, 5], 0.0),
        (6, [5, 5, 5], math.inf),
        (4, [5, 5, 5], -math.inf),
        (4, [], None),
    ],
)
def test_robust_z_uses_mad_and_falls_back_when_mad_is_zero(x, baseline, expected):
    result = stats.robust_z(x, baseline)
    assert result == (pytest.approx(expected) if expected is not None else None)


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
    assert stats.percentile_rank(value, peers) == expected
