import pytest

from creatorkit.errors import InputError
from creatorkit.kpi import value as v
from tests.kpi.factories import make_post


def test_emv_prices_counts_with_the_default_card():
    result = v.emv({"views": 10_000, "likes": 1000, "comments": 100, "shares": 10}, platform="tiktok")
    # 10 × 6.89 + 1000 × 0.09 + 100 × 3.52 + 10 × 1.72
    assert result.value == pytest.approx(68.9 + 90 + 352 + 17.2)
    assert (result.currency, result.estimate, result.rate_card_name) == ("USD", True, "Skeepers / Ayzenberg")
    assert ("views", 10_000, 6.89, pytest.approx(68.9)) in result.breakdown
    assert result.unpriced == ()


def test_emv_sums_posts_and_lists_unpriced_actions():
    posts = [make_post(3, likes=100, comments=10, saves=5), make_post(4, likes=100, comments=None)]
    result = v.emv(posts, platform="instagram")
    assert result.value == pytest.approx(200 * 0.07 + 10 * 3.46)
    assert result.unpriced == ("saves",)


def test_emv_with_a_custom_card():
    card = v.RateCard("mine", "agency deal", "EUR", {"instagram": {"likes": 0.5}})
    result = v.emv({"likes": 10}, card, platform="instagram")
    assert (result.value, result.currency, result.source) == (5.0, "EUR", "agency deal")


def test_emv_for_a_platform_without_prices_is_none():
    result = v.emv({"likes": 10}, platform="twitch")
    assert (result.value, result.breakdown, result.unpriced) == (None, (), ("likes",))


@pytest.mark.parametrize(
    ("function", "args", "expected"),
    [
        (v.cpm, (500, 100_000), 5.0),
        (v.cpm, (500, 0), None),
        (v.cpm, (None, 10), None),
        (v.cpe, (100, 400), 0.25),
        (v.cpe, (100, 0), None),
        (v.cpc, (100, 50), 2.0),
        (v.cpc, (100, None), None),
        (v.cpv, (100, 10_000), 0.01),
        (v.cpa, (100, 4), 25.0),
        (v.cpa, (100, 0), None),
        (v.ctr, (30, 1000), 0.03),
        (v.ctr, (30, 0), None),
        (v.conversion_rate, (5, 200), 0.025),
        (v.conversion_rate, (5, 0), None),
        (v.roi, (1500, 1000), 0.5),
        (v.roi, (500, 1000), -0.5),
        (v.roi, (500, 0), None),
        (v.roi, (None, 10), None),
        (v.roas, (4000, 1000), 4.0),
        (v.roas, (4000, 0), None),
        (v.emv_multiple, (3000, 1000), 3.0),
    ],
)
def test_cost_and_return_ratios(function, args, expected):
    assert function(*args) == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("target", "actual", "unit", "expected"),
    [
        (1_000_000, 950_000, "count", -0.05),
        (1000, 1200, "count", 0.2),
        (0, 10, "count", None),
        (0.03, 0.042, "rate", 0.012),
        (0.05, 0.04, "rate", -0.01),
        (None, 0.04, "rate", None),
    ],
)
def test_objective_gap_is_relative_for_counts_and_in_points_for_rates(target, actual, unit, expected):
    result = v.objective_gap(target, actual, unit)
    assert result == (pytest.approx(expected) if expected is not None else None)


def test_objective_gap_rejects_unknown_units():
    with pytest.raises(InputError):
        v.objective_gap(1, 2, "percent")
