"""Campaign report figures, computed by hand (issue 18)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from creatorkit.errors import InputError
from creatorkit.kpi import campaign
from creatorkit.kpi.campaign import Objective, Totals
from creatorkit.models import Post

ISSUE_TOTALS = Totals(posts=3, reach=950_000, likes=30_000, comments=5_000, shares=3_900, saves=1_000,
                      sales=470)  # engagements 39,900 / 950,000 = 4.2 %


@pytest.mark.parametrize(("objective", "expected_gap", "kind"), [
    (Objective("reach", 1_000_000), -0.05, "relative"),
    (Objective("engagement_rate", 0.03), 0.012, "points"),
    (Objective("sales", 500), -0.06, "relative"),
    (Objective("positive_sentiment", 0.85, entered=0.90), 0.05, "points"),
])
def test_the_issue_report_gaps(objective, expected_gap, kind):
    row = campaign.objective_row(objective, ISSUE_TOTALS)
    assert row.gap == pytest.approx(expected_gap)
    assert row.gap_kind == kind
    assert row.met is (expected_gap >= 0)


def test_sentiment_is_entered_not_measured():
    row = campaign.objective_row(Objective("positive_sentiment", 0.85, entered=0.9), ISSUE_TOTALS)
    assert (row.actual, row.source) == (0.9, "entered by the brand")
    assert campaign.objective_row(Objective("positive_sentiment", 0.85), ISSUE_TOTALS).gap is None


def test_the_issue_cost_figures():
    totals = Totals(reach=50_000, clicks=300, sales=6, cost=1_000 + 2_000 + 500 + 200)
    figures = {f.key: f.value for f in campaign.cost_figures(totals)}
    assert figures["cpm"] == pytest.approx(74)
    assert round(figures["cpc"], 2) == 12.33
    assert figures["ctr"] == pytest.approx(0.006)
    assert figures["conversion_rate"] == pytest.approx(0.02)
    assert round(figures["cpa"], 2) == 616.67
    assert figures["roi"] is None and figures["roas"] is None  # no revenue known


def test_roi_and_roas_differ():
    figures = {f.key: f for f in campaign.cost_figures(Totals(revenue=11_100, cost=3_700))}
    assert figures["roas"].value == pytest.approx(3.0)  # 11,100 / 3,700
    assert figures["roi"].value == pytest.approx(2.0)  # (11,100 − 3,700) / 3,700
    assert "ROI" in figures["roas"].note


def test_cpa_objective_is_met_below_target():
    row = campaign.objective_row(Objective("cpa", 700), Totals(cost=3_700, sales=6))
    assert row.gap == pytest.approx(616.6667 / 700 - 1, rel=1e-4) and row.met is True


def test_a_change_resolves_against_the_last_90_days():
    baseline = Totals(posts=10, reach=200_000, likes=4_000, comments=1_000)  # ER 2.5 %, 20,000 a post
    er = campaign.objective_row(Objective("engagement_rate", 0.15, mode="change"), ISSUE_TOTALS, baseline)
    assert er.baseline == pytest.approx(0.025) and er.target == pytest.approx(0.02875)
    assert er.gap == pytest.approx(0.042 - 0.02875)
    reach = campaign.objective_row(Objective("reach", 0.5, mode="change"), ISSUE_TOTALS, baseline)
    assert reach.target == pytest.approx(20_000 * 3 * 1.5)  # 3 campaign posts
    assert campaign.objective_row(Objective("reach", 0.5, mode="change"), ISSUE_TOTALS, None).gap is None


@pytest.mark.parametrize(("kpi", "target", "mode"), [
    ("followers_gained", 1, "level"), ("sales", 0.1, "change"), ("reach", -1, "level"), ("reach", 1, "x")])
def test_bad_objectives_are_refused(kpi, target, mode):
    with pytest.raises(InputError):
        campaign.check_objective(kpi, target, mode)


def post(title="", day=date(2026, 5, 10), sponsored=False, **counts):
    return Post("p", "image", datetime(day.year, day.month, day.day, 12, tzinfo=UTC), title=title,
                is_sponsored=sponsored, **counts)


def test_post_totals_sum_what_posts_have():
    totals = campaign.post_totals([post(reach=100, likes=5), post(reach=50, comments=2)], clicks=7)
    assert (totals.posts, totals.reach, totals.likes, totals.comments, totals.shares, totals.clicks) == \
        (2, 150, 5, 2, None, 7)
    assert totals.engagements == 7


@pytest.mark.parametrize(("caption", "flag", "expected"), [
    ("Mon nouveau thé #ad", False, True),
    ("Publicité — merci @kofu", False, True),
    ("Collaboration commerciale avec Kofu", False, True),
    ("en partenariat avec Kofu", False, True),
    ("Nothing to declare #adventure #bad", False, False),
    ("plain caption", True, True),
    (None, False, False),
])
def test_disclosure(caption, flag, expected):
    assert campaign.disclosed(caption, flag) is expected


def test_suggestions_say_why():
    found = post("Code KOFU15 sur kits.example/r/AbC123", sponsored=True)
    reasons = campaign.suggestion_reasons(found, starts=date(2026, 5, 1), ends=date(2026, 5, 31),
                                          link_codes=["AbC123"], promo_codes=["kofu15"])
    assert reasons == ("date", "link", "code", "paid partnership")
    other = campaign.suggestion_reasons(post("KOFU150", day=date(2026, 4, 1)), starts=date(2026, 5, 1),
                                        ends=date(2026, 5, 31), link_codes=[], promo_codes=["KOFU15"])
    assert other == ()


def test_settling_and_emv():
    now = datetime(2026, 5, 10, 12, tzinfo=UTC)
    assert campaign.settling(datetime(2026, 5, 9, 0, tzinfo=UTC), now)
    assert not campaign.settling(datetime(2026, 5, 8, 12, tzinfo=UTC), now)
    estimate = campaign.emv_estimate({"instagram": [post(likes=100, comments=10)], "twitch": [post()]},
                                     date(2026, 5, 10))
    assert estimate.value == pytest.approx(100 * 0.07 + 10 * 3.46)
    assert estimate.unpriced_platforms == ("twitch",) and estimate.computed_on == date(2026, 5, 10)
