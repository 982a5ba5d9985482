"""Query-string parsing: friendly units in, fractions out; hostile input is a clear InputError."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from werkzeug.datastructures import MultiDict

from creatorkit.errors import InputError
from creatorkit.storage.directory_search import AudienceFilter, Filters
from creatorkit.web.directory import params

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def parse(**args) -> params.Query:
    return params.parse(MultiDict(args), NOW)


def test_no_arguments_mean_every_listed_creator_by_followers_24_a_page():
    assert parse() == params.Query(Filters(), 1, 24)


def test_units_a_person_types_become_stored_units():
    filters = parse(followers_min="12.5k", followers_max="1.5m", er_min="2.5", er_max="10",
                    percentile_min="75", fresh="7", country="fr", language="FR", niche=" Beauty ",
                    platform="TikTok", sort="growth").filters
    assert filters == Filters(
        platform="tiktok", niche="beauty", country="FR", language="fr", followers_min=12_500,
        followers_max=1_500_000, er_min=0.025, er_max=0.1, percentile_min=0.75,
        updated_since="2026-11-16T12:00:00+00:00", sort="growth")


def test_repeated_tiers_and_verdicts_are_all_kept_once():
    args = MultiDict([("tier", "micro"), ("tier", "nano"), ("tier", "micro"), ("verdict", "ok")])
    filters = params.parse(args, NOW).filters
    assert (filters.tiers, filters.verdicts) == (("micro", "nano"), ("ok",))


def test_audience_filters_name_a_bucket_and_a_minimum_share():
    filters = parse(audience_country="us", audience_country_min="40", audience_gender="Female",
                    audience_age="18-24").filters
    assert filters.audience == (AudienceFilter("country", "US", 0.4), AudienceFilter("age", "18-24", 0.0),
                                AudienceFilter("gender", "female", 0.0))


def test_page_and_page_size_are_read():
    assert (parse(page="3", per_page="10").page, parse(page="3", per_page="10").per_page) == (3, 10)


@pytest.mark.parametrize("args, message", [
    ({"followers_min": "lots"}, "followers_min must be a number"),
    ({"followers_min": "1,500"}, "followers_min must be a number, not '1,500'"),
    ({"followers_min": "-5"}, "followers_min must be a number between 0"),
    ({"er_min": "nan"}, "er_min must be a number between 0 and 100"),
    ({"er_min": "inf"}, "er_min must be a number between 0 and 100"),
    ({"er_min": "1e999"}, "er_min must be a number between 0 and 100"),
    ({"er_max": "150"}, "er_max must be a number between 0 and 100"),
    ({"followers_min": "50k", "followers_max": "10k"}, "followers_min is above followers_max"),
    ({"sort": "name"}, "Unknown sort 'name'"),
    ({"sort": "followers; DROP TABLE creators"}, "Unknown sort"),
    ({"platform": "myspace"}, "Unknown platform 'myspace'"),
    ({"tier": "giga"}, "Unknown tier 'giga'"),
    ({"verdict": "fine"}, "Unknown verdict 'fine'"),
    ({"country": "France"}, "country 'FRANCE' is not valid"),
    ({"language": "english"}, "language 'english' is not valid"),
    ({"audience_country_min": "30"}, "audience_country_min needs audience_country"),
    ({"audience_age": "<script>"}, "audience_age '<script>' is not valid"),
    ({"page": "0"}, "page must be a whole number between 1"),
    ({"page": "2.5"}, "page must be a whole number"),
    ({"page": "99999999999999999999"}, "page must be a whole number between 1"),
    ({"per_page": "1000"}, "per_page must be a whole number between 1 and 100"),
    ({"page": "30"}, "Only the first 500 results"),
    ({"fresh": "x"}, "fresh must be a number"),
    ({"q": "x" * 201}, "too long"),
])
def test_bad_values_are_refused_with_a_message_naming_the_parameter(args, message):
    with pytest.raises(InputError, match=message):
        parse(**args)
