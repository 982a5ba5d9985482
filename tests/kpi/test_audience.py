from datetime import date

import pytest

from creatorkit.kpi import audience as a
from creatorkit.models import AudienceSlice as S


def slices(dimension, **shares):
    return [S(dimension, bucket.replace("_", "-"), share) for bucket, share in shares.items()]


def test_merge_weights_shares_by_followers():
    merged = a.merge_audience({
        "instagram": (3000, slices("country", FR=0.5, BE=0.5)),
        "youtube": (1000, slices("country", FR=0.1, CA=0.9) + slices("age", a18_24=1.0)),
    })
    assert merged.shares["country"] == {
        "FR": pytest.approx(0.4), "BE": pytest.approx(0.375), "CA": pytest.approx(0.225),
    }
    # only YouTube reports age: its shares stand alone, weighted by its own followers
    assert merged.shares["age"] == {"a18-24": 1.0}
    assert merged.weights == {"country": 4000, "age": 1000}
    assert merged.platforms["country"] == ("instagram", "youtube")
    assert merged.hidden == ()


@pytest.mark.parametrize(
    ("platform", "followers", "hidden"),
    [("instagram", 99, True), ("instagram", 100, False), ("instagram", None, True),
     ("youtube", 5, False), ("unknownbook", 50, True)],
)
def test_demographics_below_the_platform_threshold_are_hidden_not_zero(platform, followers, hidden):
    merged = a.merge_audience([(platform, followers, slices("gender", female=0.6, male=0.4))])
    assert (merged.hidden == (platform,)) is hidden
    assert ("gender" in merged.shares) is not hidden


def test_only_the_latest_day_of_each_dimension_counts():
    history = [S("country", "FR", 0.9, date(2024, 1, 1)), S("country", "US", 0.1, date(2024, 1, 1)),
               S("country", "FR", 0.7, date(2024, 2, 1)), S("country", "DE", 0.3, date(2024, 2, 1))]
    merged = a.merge_audience([("instagram", 1000, history)])
    assert merged.shares["country"] == {"FR": 0.7, "DE": 0.3}


def test_accounts_without_slices_are_neither_merged_nor_hidden():
    merged = a.merge_audience({"twitch": (50, [])})
    assert (merged.shares, merged.hidden) == ({}, ())


@pytest.mark.parametrize(
    ("n", "other", "expected"),
    [
        (2, False, [("FR", 0.4), ("BE", 0.3)]),
        (2, True, [("FR", 0.4), ("BE", 0.3), ("other", pytest.approx(0.3))]),
        (5, True, [("FR", 0.4), ("BE", 0.3), ("CA", 0.15), ("US", 0.15)]),
    ],
)
def test_top_buckets_rank_by_share_then_name(n, other, expected):
    assert a.top_buckets({"US": 0.15, "FR": 0.4, "CA": 0.15, "BE": 0.3}, n, other=other) == expected
