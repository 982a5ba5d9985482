import math
from datetime import date, timedelta
from itertools import pairwise

import pytest

from creatorkit.kpi.spikes import Spike, daily_deltas, follower_spikes
from tests.kpi.factories import TODAY, daily, make_post

START = date(2024, 1, 1)


def flat_then(base, jumps, days=30):
    """``base`` followers every day, plus the cumulative ``jumps`` {day index: delta}."""
    values, total = [], 0
    for i in range(days):
        total += jumps.get(i, 0)
        values.append(base + total)
    return daily(START, values)


def on(i, hour=12):
    """A post published at ``hour`` on day index ``i``."""
    days_ago = (TODAY - START).days - i - hour / 24
    return days_ago


@pytest.mark.parametrize(
    ("base", "jumps", "expected"),
    [
        (10_000, {9: 600}, [(9, 600, 0.06, "spike")]),
        (10_000, {9: -800}, [(9, -800, -0.08, "drop")]),
        (1_000, {9: 40}, []),  # 4 % but under the 50-follower floor
        (100_000, {9: 400}, []),  # 400 is under 0.5 % of 100,000
        (10_000, {6: 600}, []),  # only 5 baseline days before day 6
        (10_000, {9: 600, 12: 600}, [(9, 600, 0.06, "spike"), (12, 600, 600 / 10_600, "spike")]),
    ],
)
def test_spikes_need_robust_z_a_floor_and_a_baseline(base, jumps, expected):
    spikes = follower_spikes(flat_then(base, jumps), TODAY)
    got = [((s.day - START).days, s.delta, s.rel, s.kind) for s in spikes]
    assert got == [(d, delta, pytest.approx(rel), kind) for d, delta, rel, kind in expected]


def test_flagged_days_stay_out_of_later_baselines():
    # were day 9 in the baseline of day 12, its MAD fallback would give a finite z
    spikes = follower_spikes(flat_then(10_000, {9: 600, 12: 600}), TODAY)
    assert [s.z for s in spikes] == [math.inf, math.inf]


def test_z_uses_the_mad_of_the_trailing_28_days():
    # 28 baseline days alternating +10 / +20 on 10,000, then +300
    values = [10_000]
    for i in range(28):
        values.append(values[-1] + (10 if i % 2 else 20))
    values.append(values[-1] + 300)
    series = daily(START, values)
    spike = follower_spikes(series, TODAY)[0]
    rels = [(b - a) / a for a, b in pairwise(values[:-1])]
    med = sorted(rels)[13:15]
    centre = sum(med) / 2
    mad = sorted(abs(r - centre) for r in rels)[13:15]
    assert spike.z == pytest.approx(0.6745 * (300 / values[-2] - centre) / (sum(mad) / 2))
    assert spike.usual_rel == pytest.approx(centre)


def test_mad_zero_falls_back_to_mean_absolute_deviation():
    # 27 flat days and one +30 day: MAD 0, mean AD > 0, so z is finite
    spikes = follower_spikes(flat_then(10_000, {5: 30, 29: 600}, days=31), TODAY)
    assert len(spikes) == 1
    assert math.isfinite(spikes[0].z) and spikes[0].z > 3.5


def test_a_viral_post_in_the_three_days_before_explains_a_spike():
    posts = [make_post(on(1 + i), post_id=f"n{i}", views=100) for i in range(5)]
    posts.append(make_post(on(7), post_id="viral", views=1000))  # 10 × the median (100)
    spikes = follower_spikes(flat_then(10_000, {9: 600, 10: 600, 11: 600}), TODAY, posts)
    assert [(s.explained, s.explained_by) for s in spikes] == [
        (True, ("viral",)),  # day 9: post of day 7 within t−2..t
        (True, ("viral",)),  # day 10: tail of an explained spike
        (True, ("viral",)),
    ]
    assert spikes[0].peak_ratio == 10
    assert spikes[0].severity == "low"


def test_a_post_under_ten_times_the_median_does_not_explain():
    posts = [make_post(on(1 + i), post_id=f"n{i}", views=100) for i in range(5)]
    posts.append(make_post(on(8), post_id="good", views=900))
    spike = follower_spikes(flat_then(10_000, {9: 600}), TODAY, posts)[0]
    assert (spike.explained, spike.peak_ratio, spike.severity) == (False, 9, "high")


def test_engagements_corroborate_when_posts_have_no_views():
    posts = [make_post(on(1 + i), post_id=f"n{i}", likes=10) for i in range(5)]
    posts.append(make_post(on(9), post_id="viral", likes=100))
    assert follower_spikes(flat_then(10_000, {9: 600}), TODAY, posts)[0].explained


def test_gaps_are_spread_evenly_and_marked_imputed():
    series = [s for s in flat_then(10_000, {12: 1800}, days=20) if not 10 <= (s[0] - START).days <= 11]
    deltas = daily_deltas(series, TODAY)
    assert [(d - START).days for d, *_ in deltas][8:12] == [9, 10, 11, 12]
    assert [delta for _, delta, _, _ in deltas[9:12]] == [600, 600, 600]
    assert [imputed for *_, imputed in deltas[8:12]] == [False, True, True, True]
    spikes = follower_spikes(series, TODAY)
    assert [((s.day - START).days, s.imputed) for s in spikes] == [(10, True), (11, True), (12, True)]


@pytest.mark.parametrize(
    ("jump", "reasons"),
    [
        (1000, ("round_number",)),
        (1234, ()),
        (6000, ("round_number", "over_5000_in_a_day")),
        (5200, ("over_5000_in_a_day",)),
    ],
)
def test_unexplained_spikes_get_severity_reasons(jump, reasons):
    spike = follower_spikes(flat_then(100_000, {9: jump}), TODAY)[0]
    assert spike.reasons == reasons


def test_a_second_unexplained_spike_within_30_days_repeats():
    spikes = follower_spikes(flat_then(10_000, {9: 777, 20: 777}), TODAY)
    assert [s.reasons for s in spikes] == [(), ("repeats_within_30_days",)]


def test_engagement_rate_falling_after_a_spike_is_a_reason():
    before = [make_post(on(i), post_id=f"b{i}", likes=500) for i in (2, 4, 6)]
    after = [make_post(on(i), post_id=f"a{i}", likes=400) for i in (10, 12, 14)]
    spike = follower_spikes(flat_then(10_000, {9: 777}), TODAY, before + after)[0]
    assert spike.reasons == ("engagement_rate_fell_after",)


def test_days_after_today_are_ignored():
    series = flat_then(10_000, {25: 600})
    assert follower_spikes(series, START + timedelta(days=24)) == []


@pytest.mark.parametrize(
    ("spike", "severity"),
    [
        (Spike(START, -50, -0.005, -9, "drop", False), "low"),
        (Spike(START, -500, -0.05, -9, "drop", False), "medium"),
        (Spike(START, 100, 0.01, 9, "spike", False), "medium"),
        (Spike(START, 400, 0.04, 9, "spike", False), "high"),
        (Spike(START, 100, 0.01, 9, "spike", False, reasons=("round_number",)), "high"),
        (Spike(START, 400, 0.04, 9, "spike", True), "low"),
    ],
)
def test_severity(spike, severity):
    assert spike.severity == severity
