from datetime import date

import pytest

from creatorkit.errors import InputError
from creatorkit.kpi import timeseries as g
from tests.kpi.factories import daily

D = date
SERIES = [(D(2024, 1, 1), 1000.0), (D(2024, 1, 8), 1100.0), (D(2024, 1, 31), 1200.0), (D(2024, 2, 1), 1210.0)]


@pytest.mark.parametrize(
    ("today", "days", "expected"),
    [
        (D(2024, 2, 1), 7, (D(2024, 1, 8), 1100, D(2024, 2, 1), 1210, 110, 0.1)),
        (D(2024, 2, 1), 31, (D(2024, 1, 1), 1000, D(2024, 2, 1), 1210, 210, 0.21)),
        (D(2024, 2, 5), 7, (D(2024, 1, 8), 1100, D(2024, 2, 1), 1210, 110, 0.1)),
        (D(2024, 2, 1), 365, None),  # no sample that old
        (D(2024, 1, 20), 7, None),  # both ends would be the same sample of Jan 8
        (D(2023, 12, 31), 1, None),  # nothing up to today
    ],
)
def test_growth_picks_last_sample_at_or_before_each_end(today, days, expected):
    result = g.growth(SERIES, today, days)
    if expected is None:
        assert result is None
    else:
        start_day, start, end_day, end, change, pct = expected
        assert result == g.Growth(days, start_day, start, end_day, end, change, pytest.approx(pct))


def test_growth_pct_is_none_when_starting_from_zero():
    result = g.growth([(D(2024, 1, 1), 0.0), (D(2024, 1, 2), 50.0)], D(2024, 1, 2), 1)
    assert (result.abs, result.pct) == (50, None)


def test_growth_of_a_decreasing_series_is_negative():
    result = g.growth([(D(2024, 1, 1), 200.0), (D(2024, 1, 2), 150.0)], D(2024, 1, 2), 1)
    assert (result.abs, result.pct) == (-50, -0.25)


def test_growth_rejects_a_window_shorter_than_a_day():
    with pytest.raises(InputError):
        g.growth(SERIES, D(2024, 2, 1), 0)


def test_growth_periods_maps_each_period():
    result = g.growth_periods(SERIES, D(2024, 2, 1), periods=(7, 365))
    assert result[7].abs == 110
    assert result[365] is None


@pytest.mark.parametrize(
    ("today", "days", "expected"),
    [(D(2024, 2, 1), 30, 210 / 31), (D(2024, 2, 1), 7, 110 / 24), (D(2024, 2, 1), 365, None)],
)
def test_avg_daily_growth_divides_by_the_days_actually_spanned(today, days, expected):
    result = g.avg_daily_growth(SERIES, today, days)
    assert result == (pytest.approx(expected) if expected else None)


def test_compound_monthly_growth_of_a_doubling_year():
    series = [(D(2023, 1, 1), 1000.0), (D(2024, 1, 1), 2000.0)]
    assert g.compound_monthly_growth(series, D(2024, 1, 1)) == pytest.approx(2 ** (30.4375 / 365) - 1)


def test_compound_monthly_growth_is_none_from_zero():
    series = [(D(2023, 1, 1), 0.0), (D(2024, 1, 1), 2000.0)]
    assert g.compound_monthly_growth(series, D(2024, 1, 1)) is None


def test_rolling_growth_gives_one_point_per_sample_with_a_start():
    points = g.rolling_growth(SERIES, D(2024, 2, 1), 7)
    assert [(p.end_day, p.abs) for p in points] == [
        (D(2024, 1, 8), 100), (D(2024, 1, 31), 100), (D(2024, 2, 1), 110),
    ]


def test_rolling_growth_matches_growth_at_each_sample_of_a_gappy_series():
    series = [(D(2024, 1, d), float(d * d)) for d in (1, 2, 3, 7, 8, 15, 16, 17, 30)]
    expected = [g.growth(series, day, 5) for day, _ in series]
    assert g.rolling_growth(series, D(2024, 1, 31), 5) == [p for p in expected if p is not None]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([900, 1100, 950, 5200], [(1000, 1), (5000, 3)]),  # first crossing only
        ([2000, 3000], []),  # already above 1,000 at the first sample: not a crossing
        ([900, 999], []),
        ([900, 12_000], [(1000, 1), (5000, 1), (10_000, 1)]),  # several at once
    ],
)
def test_milestones_report_first_crossing_from_below(values, expected):
    series = daily(D(2024, 1, 1), values)
    result = g.milestones(series, D(2024, 12, 31))
    assert [(m.threshold, (m.day - D(2024, 1, 1)).days) for m in result] == expected


def test_milestones_ignore_samples_after_today():
    series = daily(D(2024, 1, 1), [900, 1100])
    assert g.milestones(series, D(2024, 1, 1)) == []


def test_projection_band_follows_random_walk_with_drift():
    # increments 10,20,10,20,10,20,10: drift 100/7, sample sd 5.3452
    series = daily(D(2024, 1, 1), [0, 10, 30, 40, 60, 70, 90, 100])
    result = g.projection(series, D(2024, 1, 8), 7)
    assert result.day == D(2024, 1, 15)
    assert result.value == pytest.approx(200)
    half = 1.2816 * 5.345225 * 14**0.5
    assert (result.low, result.high) == (pytest.approx(200 - half), pytest.approx(200 + half))
    assert result.level == pytest.approx(0.80, abs=1e-4)
    assert result.samples == 7


def test_projection_spreads_gaps_into_daily_increments():
    series = [(D(2024, 1, 1), 0.0), (D(2024, 1, 8), 70.0)]
    result = g.projection(series, D(2024, 1, 10), 5)
    # 7 increments of 10, no spread; 7 days past the last sample
    assert (result.value, result.low, result.high) == (140, 140, 140)


def test_projection_floors_the_band_at_zero():
    series = daily(D(2024, 1, 1), [100, 60, 70, 20, 30, 0, 10, 0])
    assert g.projection(series, D(2024, 1, 8), 30).low == 0


def test_projection_needs_seven_daily_increments():
    assert g.projection(daily(D(2024, 1, 1), range(7)), D(2024, 1, 7), 7) is None


def test_projection_rejects_negative_horizon():
    with pytest.raises(InputError):
        g.projection(SERIES, D(2024, 2, 1), -1)
