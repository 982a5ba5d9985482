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


def test_ages_read_youngest_first_with_65_plus_and_the_leftovers_last():
    # by share the order would be 25-34, 18-24, unknown, 65+, ...; readers expect ages in order
    shares = {"25-34": 0.40, "18-24": 0.25, "unknown": 0.10, "65+": 0.08, "other": 0.02, "13-17": 0.05,
              "45-54": 0.04, "35-44": 0.03, "55-64": 0.03}
    assert [b for b, _ in a.display_buckets("age", shares, n=3)] == [
        "13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "other", "unknown"]


def test_an_open_ended_age_bucket_sorts_by_its_youngest_age():
    # TikTok ends on "55+": it comes after 45-54, before YouTube's 65+
    assert [b for b, _ in a.display_buckets("age", {"65+": 0.1, "55+": 0.2, "45-54": 0.7})] == [
        "45-54", "55+", "65+"]


def test_other_dimensions_keep_the_n_largest_and_put_other_last():
    shares = {"other": 0.5, "FR": 0.2, "BE": 0.1, "CA": 0.15, "US": 0.05}
    assert a.display_buckets("country", shares, n=2) == [("FR", 0.2), ("CA", 0.15), ("other", 0.5)]
