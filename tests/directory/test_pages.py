"""/directory, /compare and /api/v1/creators over the test client."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from creatorkit.kit import summary
from creatorkit.storage import directory
from tests.directory.conftest import card, platform


@pytest.fixture
def three(put):
    put(card("ana", platform("instagram", 20_000, er=0.05, growth=0.1, percentile=0.9, source="api"),
             platform("tiktok", 50_000, er=0.09, basis="views", source="import"),
             display_name="Ana Moreau", top_country=("FR", 0.62)),
        audience={"country": {"FR": 0.62}})
    put(card("ben", platform("instagram", 80_000, er=0.02, growth=0.3, percentile=0.4, source="self"),
             platform("youtube", 300_000, er=0.03, basis="views", tier="mid"),
             display_name="Ben Smith", niche="gaming", country="US"))
    put(card("cleo", platform("instagram", 5_000, er=0.07, basis="reach", tier="nano"),
             display_name="Cleo Berg", country="GB"))
    put(card("eva", platform("instagram", 90_000), display_name="Eva Hidden"), listed=False)


def text(response) -> str:
    return response.get_data(as_text=True)


class Form(HTMLParser):
    """Collects the filter form's controls and labels."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled, self.in_form, self.label_depth = [], set(), False, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "filters" in (attrs.get("class") or ""):
            self.in_form = True
        if not self.in_form:
            return
        if tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.labelled.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append((attrs.get("name"), attrs.get("id"), self.label_depth > 0))

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1
        if tag == "form":
            self.in_form = False


@pytest.mark.usefixtures("three")
def test_directory_cards_show_what_a_brand_scans_first(client):
    page = text(client.get("/directory"))
    assert page.index("Ben Smith") < page.index("Ana Moreau") < page.index("Cleo Berg")
    assert "Eva Hidden" not in page
    ana = page[page.index('id="card-ana"'):page.index('id="card-cleo"')]
    assert "20K" in ana and "50K" in ana  # followers per platform
    assert "of followers" in ana and "of views" in ana  # each rate with its basis
    assert "+10.0%" in ana  # 30-day growth
    assert "France" in ana and "62%" in ana  # top audience country
    assert ana.count("verified") == 1  # only the API-sourced instagram figures


@pytest.mark.usefixtures("three")
def test_choosing_a_platform_makes_the_cards_show_that_platforms_account(client):
    page = text(client.get("/directory?platform=instagram"))
    ana = page[page.index('id="card-ana"'):page.index('id="card-cleo"')]
    assert "20K</span> followers on Instagram" in ana and "higher than 90% of peers" in ana
    assert "50K" not in ana and "TikTok" not in ana and "of views" not in ana  # her TikTok is left out
    everything = text(client.get("/directory"))
    ana = everything[everything.index('id="card-ana"'):everything.index('id="card-cleo"')]
    assert "70K" in ana and "followers in total" in ana and "TikTok" in ana


@pytest.mark.usefixtures("three")
def test_engagement_across_platforms_is_sorted_by_percentile_and_says_so(client):
    page = text(client.get("/directory?sort=engagement"))
    assert 'data-sorted-by="percentile"' in page and "Sorted by peer percentile" in page
    within = text(client.get("/directory?platform=instagram&sort=engagement"))
    assert "Sorted by peer percentile" not in within
    api = client.get("/api/v1/creators?sort=engagement").get_json()
    assert api["meta"]["sorted_by"] == "percentile"


@pytest.mark.usefixtures("three")
def test_every_filter_control_has_a_label(client):
    form = Form()
    form.feed(text(client.get("/directory")))
    assert len(form.controls) >= 20
    unlabelled = [name for name, ident, wrapped in form.controls
                  if not wrapped and ident not in form.labelled]
    assert unlabelled == []


@pytest.mark.usefixtures("three")
def test_filters_stay_in_the_page_links_so_a_search_can_be_shared(client):
    page = text(client.get("/directory?platform=instagram&niche=beauty&er_min=1&per_page=1&sort=engagement"))
    assert "Cleo Berg" in page and "Ana Moreau" not in page  # 7 % beats 5 %
    link = next(part.split('"')[0] for part in page.split('href="') if "page=2" in part.split('"')[0])
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert query == {"platform": ["instagram"], "niche": ["beauty"], "er_min": ["1"], "per_page": ["1"],
                     "sort": ["engagement"], "page": ["2"]}
    assert "Ana Moreau" in text(client.get(link.replace("&amp;", "&")))


@pytest.mark.usefixtures("three")
def test_the_form_shows_the_current_filters(client):
    page = text(client.get("/directory?platform=tiktok&tier=micro&verdict=ok&fresh=7&q=ana"))
    assert '<option value="tiktok" selected>' in page
    assert 'value="micro" checked' in page and 'value="ok" checked' in page
    assert '<option value="7" selected>' in page and 'name="q" value="ana"' in page
    assert '<details class="dir-more" open>' in page and "(3 in use)" in page
    assert '<details class="dir-more">' in text(client.get("/directory?q=ana&language="))


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize("query", [
    "er_min=abc", "sort=evil", "page=-1", "followers_min=1e400", "tier=x", "platform=%00", "page=1.5",
    "audience_country=%3Cscript%3E", "country=FRA", "q=" + "a" * 300, "per_page=0",
])
def test_bad_filters_are_a_400_that_says_what_is_wrong(client, query):
    response = client.get(f"/directory?{query}")
    assert response.status_code == 400
    assert "could not be accepted" in text(response)


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize("q", ['"', "*", "ana*", '"ana', "NEAR(a b)", "a OR b", "niche:x", "%22%2A"])
def test_search_syntax_never_breaks_the_page(client, q):
    assert client.get("/directory", query_string={"q": q}).status_code == 200


@pytest.mark.usefixtures("three")
def test_compare_marks_the_best_value_of_each_row_and_draws_a_chart(client):
    page = text(client.get("/compare?h=ana,ben"))
    total = page.split("Total followers</th>")[1].split("</tr>")[0]
    assert total.count('class="best"') == 1 and "380K" in total.split('class="best"')[1]
    instagram = page.split("Instagram</th>")[1].split("</tbody>")[0]
    engagement = instagram.split("Engagement rate</th>")[1].split("</tr>")[0]
    assert engagement.count('class="best"') == 1 and "5.00%" in engagement.split('class="best"')[1]
    tiktok = page.split("TikTok</th>")[1].split("</tbody>")[0]
    assert 'class="best"' not in tiktok  # one value is no contest
    assert "(best)" in page  # said in words, not only colour
    assert '<svg role="img"' in page and "Followers per platform: Ana Moreau, Ben Smith" in page


@pytest.mark.usefixtures("three")
def test_compare_does_not_rank_rates_of_different_bases(client):
    page = text(client.get("/compare?h=ana,cleo"))
    instagram = page.split("Instagram</th>")[1].split("</tbody>")[0]
    engagement = instagram.split("Engagement rate")[1].split("</tr>")[0]
    assert "different bases: not ranked" in engagement and 'class="best"' not in engagement
    assert "of reach" in engagement and "of followers" in engagement


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize("query, message", [
    ("h=a,b,c,d,e", "at most 4"),
    ("h=ana,nobody", "No listed creator @nobody"),
    ("h=eva", "No listed creator @eva"),
    ("h=Not%20a%20handle!", "is not valid"),
])
def test_compare_refuses_what_it_cannot_show(client, query, message):
    response = client.get(f"/compare?{query}")
    assert response.status_code == 400 and message in text(response)


@pytest.mark.usefixtures("three")
def test_compare_accepts_repeated_h_and_without_handles_explains_itself(client):
    assert "Ben Smith" in text(client.get("/compare?h=ana&h=ben"))
    assert "Tick up to four creators" in text(client.get("/compare"))


@pytest.mark.usefixtures("three")
def test_the_api_pages_the_same_filters_as_json(client):
    response = client.get("/api/v1/creators?platform=instagram&per_page=2&sort=followers")
    body = response.get_json()
    assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=60"
    assert [c["handle"] for c in body["data"]] == ["ben", "ana"]
    assert body["meta"] == {"page": 1, "per_page": 2, "total": 3, "total_is_lower_bound": False, "pages": 2,
                            "sorted_by": "followers"}
    assert body["links"]["prev"] is None and "page=2" in body["links"]["next"]
    ana = body["data"][1]
    assert ana["kit_url"] == "https://kits.example/@ana"
    assert ana["platforms"][0]["engagement"] == {"value": 0.05, "basis": "followers", "posts": 20,
                                                 "method": "median"}
    last = client.get(body["links"]["next"]).get_json()
    assert [c["handle"] for c in last["data"]] == ["cleo"] and last["links"]["next"] is None


def test_fresh_counts_days_back_from_the_apps_clock(client, put):
    """The app's clock is NOW (2026-11-23 12:00 UTC): refreshed 6 days 23 h ago is within
    a week, 7 days 1 h ago is not, whatever the date the suite runs on."""
    put(card("recent", platform(refreshed="2026-11-16T13:00:00+00:00")))
    put(card("stale", platform(refreshed="2026-11-16T11:00:00+00:00")))
    for path in ("/api/v1/creators?fresh=7", "/api/v1/creators?fresh=8"):
        handles = {c["handle"] for c in client.get(path).get_json()["data"]}
        assert handles == ({"recent"} if path.endswith("7") else {"recent", "stale"}), path
    page = text(client.get("/directory?fresh=7"))
    assert "Recent" in page and "Stale" not in page


@pytest.mark.usefixtures("three")
def test_api_errors_are_json_400s(client):
    response = client.get("/api/v1/creators?er_min=lots")
    assert response.status_code == 400
    message = "er_min must be a number, not 'lots'."
    assert response.get_json() == {"error": {"code": "input", "message": message}}


@pytest.mark.usefixtures("three")
def test_cached_card_figures_change_with_the_data_version(client, db):
    assert "20K" in text(client.get("/directory?q=ana"))
    newer = card("ana", platform("instagram", 31_000), display_name="Ana Moreau")
    newer["data_version"] = 2
    creator_id = db.execute("SELECT id FROM creators WHERE handle = 'ana'").fetchone()[0]
    directory.write_summaries(db, [summary.summary_of(creator_id, newer, listed=True)])
    page = text(client.get("/directory?q=ana"))
    assert "31K" in page and "20K" not in page


@pytest.mark.usefixtures("three")
def test_card_figures_and_filter_choices_are_reused_while_they_cannot_change(client, db):
    assert 'value="travel"' not in text(client.get("/directory?q=ana"))
    same_version = card("ana", platform("instagram", 31_000), display_name="Ana Moreau", niche="travel")
    creator_id = db.execute("SELECT id FROM creators WHERE handle = 'ana'").fetchone()[0]
    directory.write_summaries(db, [summary.summary_of(creator_id, same_version, listed=True)])
    page = text(client.get("/directory?q=ana"))
    assert "20K" in page and "31K" not in page  # data_version 1 still: the card drawn before
    assert 'value="travel"' not in page  # the niches counted less than FACETS_TTL_S ago


@pytest.mark.usefixtures("three")
def test_compare_marks_no_best_when_every_value_is_the_same(client):
    page = text(client.get("/compare?h=ana,ben"))
    instagram = page.split("Instagram</th>")[1].split("</tbody>")[0]
    authenticity = instagram.split("Authenticity score</th>")[1].split("</tr>")[0]
    assert authenticity.count("90") == 2 and 'class="best"' not in authenticity
