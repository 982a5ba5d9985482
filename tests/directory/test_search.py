"""Every directory filter and sort against six hand-built creators (expected values by hand)."""

from __future__ import annotations

import functools

import pytest

from creatorkit.errors import InputError
from creatorkit.storage import creators as creator_store
from creatorkit.storage import directory, open_db
from creatorkit.storage import directory_search as search
from creatorkit.storage.directory_search import AudienceFilter, Filters
from tests.directory.conftest import card, platform, put_card

OLD_10D = "2026-11-13T12:00:00+00:00"
OLD_40D = "2026-10-14T12:00:00+00:00"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """ana, ben, cleo, dan, fox listed; eva unlisted. 'all' figures = the largest account's.

    Built once for the module: the tests below read it (one switches a kit off and back)."""
    db = open_db(tmp_path_factory.mktemp("people") / "people.db")
    put = functools.partial(put_card, db)
    put(card("ana", platform("instagram", 5_000, er=0.05, growth=0.10, tier="nano", percentile=0.9),
             display_name="Ana Moreau", niche="beauty", country="FR", languages=("fr",)),
        bio="vegan recipes and skincare",
        audience={"country": {"FR": 0.7, "US": 0.2}, "gender": {"female": 0.8, "male": 0.2},
                  "age": {"18-24": 0.5, "25-34": 0.5}})
    put(card("ben", platform("youtube", 800_000, er=0.02, basis="views", growth=0.01, tier="macro",
                             percentile=0.4, refreshed=OLD_10D),
             platform("instagram", 40_000, er=0.01, growth=-0.02, tier="micro", percentile=0.2,
                      verdict="review", refreshed=OLD_10D),
             display_name="Ben Smith", niche="gaming", country="US", languages=("en",)),
        audience={"country": {"US": 0.6}, "gender": {"male": 0.7}, "age": {"18-24": 0.6}})
    put(card("cleo", platform("tiktok", 2_000_000, er=0.12, basis="views", growth=0.3, tier="mega",
                              percentile=None, verdict="suspicious", refreshed=OLD_40D),
             display_name="Cleo Berg", niche="comedy", country="GB", languages=("en", "fr")),
        audience={"country": {"GB": 0.5, "US": 0.3}, "gender": {"female": 0.55}})
    put(card("dan", platform("twitch", 20_000, er=0.04, growth=None, tier="micro", percentile=0.7,
                             verdict=None),
             display_name="Dan Novak", niche="gaming", country="DE", languages=("de", "en")))
    put(card("eva", platform("instagram", 100_000), niche="beauty", country="FR"), listed=False)
    put(card("fox", platform("instagram", 300, er=None, growth=0.0, tier=None, percentile=None),
             display_name="Fox Dubois", niche="food", country="FR", languages=("fr",)))
    yield db
    db.conn.close()


def handles(db, **filters) -> list[str]:
    page = search.search(db, Filters(**filters), 1, 50)
    return [c["handle"] for c in page.cards]


@pytest.mark.parametrize("filters, expected", [
    ({}, ["cleo", "ben", "dan", "ana", "fox"]),
    ({"platform": "instagram"}, ["ben", "ana", "fox"]),
    ({"platform": "tiktok"}, ["cleo"]),
    ({"niche": "gaming"}, ["ben", "dan"]),
    ({"country": "FR"}, ["ana", "fox"]),
    ({"language": "en"}, ["cleo", "ben", "dan"]),
    ({"language": "fr"}, ["cleo", "ana", "fox"]),
    ({"followers_min": 10_000}, ["cleo", "ben", "dan"]),
    ({"followers_max": 10_000}, ["ana", "fox"]),
    ({"followers_min": 1_000, "followers_max": 100_000}, ["dan", "ana"]),
    ({"platform": "instagram", "followers_min": 10_000}, ["ben"]),
    ({"tiers": ("micro",)}, ["dan"]),
    ({"tiers": ("micro", "nano")}, ["dan", "ana"]),
    ({"platform": "instagram", "tiers": ("micro",)}, ["ben"]),
    ({"platform": "instagram", "er_min": 0.04}, ["ana"]),  # ana 5 %, ben 1 %, fox none
    ({"platform": "tiktok", "er_min": 0.04}, ["cleo"]),  # 12 % of views
    ({"platform": "instagram", "er_max": 0.03}, ["ben"]),
    ({"percentile_min": 0.5}, ["dan", "ana"]),
    ({"verdicts": ("ok",)}, ["ana", "fox"]),  # ben's instagram is under review: his worst verdict
    ({"verdicts": ("review", "suspicious")}, ["cleo", "ben"]),
    ({"platform": "youtube", "verdicts": ("ok",)}, ["ben"]),
    ({"updated_since": "2026-11-16T12:00:00+00:00"}, ["dan", "ana", "fox"]),
    ({"audience": (AudienceFilter("country", "US", 0.5),)}, ["ben"]),
    ({"audience": (AudienceFilter("country", "US", 0.2),)}, ["cleo", "ben", "ana"]),
    ({"audience": (AudienceFilter("gender", "female", 0.6),)}, ["ana"]),
    ({"audience": (AudienceFilter("age", "18-24", 0.55),)}, ["ben"]),
    ({"audience": (AudienceFilter("country", "US", 0.2), AudienceFilter("gender", "female", 0.5))},
     ["cleo", "ana"]),
    ({"niche": "gaming", "language": "de"}, ["dan"]),
])
def test_each_filter_keeps_exactly_the_matching_listed_creators(db, filters, expected):
    assert handles(db, **filters) == expected


@pytest.mark.parametrize("sort, expected", [
    ("followers", ["cleo", "ben", "dan", "ana", "fox"]),
    # across platforms rates of views and of followers are not ranked together: engagement is
    # ranked by peer percentile (ana 0.9, dan 0.7, ben's YouTube 0.4; fox and cleo none, newest first)
    ("engagement", ["ana", "dan", "ben", "fox", "cleo"]),
    ("growth", ["cleo", "ana", "ben", "fox", "dan"]),  # dan has no growth: last
    ("percentile", ["ana", "dan", "ben", "fox", "cleo"]),  # no percentile: last, newest first
])
def test_sorts_put_the_best_first_and_missing_values_last(db, sort, expected):
    assert handles(db, sort=sort) == expected


def test_sorting_within_a_platform_reads_that_platforms_figures(db):
    # instagram rates: ana 5 %, ben 1 % (not his YouTube 2 % of views), fox none
    assert handles(db, platform="instagram", sort="engagement") == ["ana", "ben", "fox"]
    assert search.search(db, Filters(platform="instagram", sort="engagement")).sorted_by == "engagement"


def test_engagement_across_platforms_says_it_is_ranked_by_percentile(db):
    assert search.search(db, Filters(sort="engagement")).sorted_by == "percentile"
    assert search.search(db, Filters(sort="growth")).sorted_by == "growth"


@pytest.mark.parametrize("bound", ["er_min", "er_max"])
def test_a_rate_bound_across_platforms_is_refused_with_the_reason(db, bound):
    with pytest.raises(InputError, match=f"^{bound} needs a platform: engagement rates of different"):
        search.search(db, Filters(**{bound: 0.03}))


def test_unlisted_kits_never_appear(db):
    assert "eva" not in handles(db) + handles(db, q="eva") + handles(db, niche="beauty")


def test_switching_a_kit_off_removes_it_at_once_and_public_brings_it_back(db):
    ana = creator_store.find_creator(db, "ana")["id"]
    creator_store.update_creator(db, ana, visibility="off")
    assert "ana" not in handles(db)
    creator_store.update_creator(db, ana, visibility="public")
    assert "ana" in handles(db)


def test_pages_follow_the_sort_and_count_every_match(db):
    pages = [search.search(db, Filters(), n, 2) for n in (1, 2, 3)]
    assert [[c["handle"] for c in p.cards] for p in pages] == [["cleo", "ben"], ["dan", "ana"], ["fox"]]
    assert [(p.total, p.pages, p.has_next, p.capped) for p in pages] == [(5, 3, True, False)] * 2 + [
        (5, 3, False, False)]


def test_counting_stops_at_the_cap_and_says_so(db, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    page = search.search(db, Filters(), 1, 2)
    assert (page.total, page.capped, page.pages) == (3, True, 2)
    with pytest.raises(InputError, match="first 3 results"):
        search.search(db, Filters(), 3, 2)


def test_a_page_past_the_end_is_empty(db):
    page = search.search(db, Filters(), 9, 2)
    assert (page.cards, page.total) == ([], 5)


@pytest.mark.parametrize("q, expected", [
    ("moreau", ["ana"]),
    ("Mor", ["ana"]),  # prefix, any case
    ("gam", ["ben", "dan"]),  # niche
    ("skincare", ["ana"]),  # bio
    ("ben-smith", ["ben"]),  # every word is required, in any column
    ("ben moreau", []),
    ("dan novak", ["dan"]),
    ("Dubois", ["fox"]),
])
def test_text_search_matches_names_handles_niches_and_bios(db, q, expected):
    assert handles(db, q=q) == expected


EVERYONE = ["cleo", "ben", "dan", "ana", "fox"]  # the listed creators, most followers first


@pytest.mark.parametrize("q, expected", [
    ('"', EVERYONE),  # no word left: no text condition at all
    ("*", EVERYONE),
    ("(((", EVERYONE),
    ("\u00a0", EVERYONE),
    ('ana"', ["ana"]),  # the word "ana"
    ("ana*", ["ana"]),
    ("^ana", ["ana"]),
    ("-ana", ["ana"]),  # not a NOT
    ("ana AND", ["ana"]),  # "and" is a word of her bio ("vegan recipes and skincare")
    ("NEAR(ana ben)", []),  # three words required: nobody has a word starting with "near"
    ("ana OR ben", []),  # not an OR: nobody is both ana and ben
    ("niche:beauty", []),  # not a column filter: nobody has the word "niche" (eva is unlisted)
    ("'; DROP TABLE creators; --", []),
])
def test_fts_syntax_in_the_search_box_is_plain_text_never_an_error(db, q, expected):
    assert handles(db, q=q) == expected


@pytest.mark.parametrize("q, match", [
    ('"', None), ("*", None), ("ana*", '"ana"*'), ('ana" OR "x', '"ana"* "OR"* "x"*'),
    ("café crème", '"café"* "crème"*'),
])
def test_fts_queries_are_rebuilt_from_words_only(q, match):
    assert search.fts_match(q) == match


@pytest.mark.parametrize("driver_max", [0, 2_000])
def test_text_and_audience_filters_give_the_same_result_whether_they_drive_or_probe(
        db, monkeypatch, driver_max):
    monkeypatch.setattr(search, "DRIVER_MAX", driver_max)
    assert handles(db, q="gam") == ["ben", "dan"]
    assert handles(db, audience=(AudienceFilter("country", "US", 0.2),)) == ["cleo", "ben", "ana"]


@pytest.mark.parametrize("driver_max", [0, 2_000])
@pytest.mark.parametrize("filters, total", [
    ({"q": "gam"}, 2),
    ({"audience": (AudienceFilter("country", "US", 0.2),)}, 3),
    ({"q": "gam", "audience": (AudienceFilter("country", "US", 0.5),)}, 1),
    ({"audience": (AudienceFilter("country", "US", 0.2), AudienceFilter("gender", "female", 0.5))}, 2),
    ({"q": "nov", "niche": "gaming", "platform": "twitch"}, 1),
])
def test_counts_with_text_and_audience_conditions_match_the_pages(db, monkeypatch, driver_max, filters,
                                                                  total):
    monkeypatch.setattr(search, "DRIVER_MAX", driver_max)
    first = search.search(db, Filters(**filters), 1, 1)
    assert (first.total, len(handles(db, **filters))) == (total, total)


def test_an_unknown_sort_is_refused(db):
    with pytest.raises(InputError, match="Unknown sort 'name'"):
        search.search(db, Filters(sort="name"))


def test_facets_count_listed_creators_only(db):
    assert directory.facets(db) == {
        "niche": [("beauty", 1), ("comedy", 1), ("food", 1), ("gaming", 2)],
        "country": [("DE", 1), ("FR", 2), ("GB", 1), ("US", 1)],
        "language": [("de", 1), ("en", 3), ("fr", 3)],
    }
