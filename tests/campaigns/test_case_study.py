"""A campaign the creator approved appears on the kit as a case study marked measured,
apart from the self-declared collaborations; hidden like them (values by hand)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from creatorkit.app import create_app
from creatorkit.kit.build import build_kit_view
from creatorkit.kit.privacy import redact
from creatorkit.models import Harvest, Post
from creatorkit.render.json import to_json
from creatorkit.storage import accounts as account_store
from creatorkit.storage import campaign_tracking as tracking
from creatorkit.storage import campaigns as store
from creatorkit.storage import creators as creator_store
from creatorkit.storage import history
from creatorkit.storage.credentials import new_key
from creatorkit.web.kits.render import Links, render_kit
from tests.campaigns.conftest import NOW

TODAY = date(2026, 6, 5)
SETTINGS = {"ER_WINDOW_POSTS": 30, "ER_MIN_POST_AGE_H": 72}


def post(post_id: str, day: int, **counts) -> Post:
    return Post(post_id, "reel", datetime(2026, 5, day, 18, tzinfo=UTC), **counts)


@pytest.fixture
def measured(db, campaign_id, camille):
    account = account_store.add_account(db, camille["id"], "instagram", "demo", "camille-ig")
    history.write_harvest(db, account, Harvest(source="api", posts=[
        post("p1", 4, reach=30_000, views=45_000, likes=1_800, comments=120, shares=60, saves=20),
        post("p2", 12, reach=20_000, views=25_000, likes=700, comments=80, shares=15, saves=5),
        post("p3", 20, reach=9_999, likes=1),  # not picked for the campaign
    ]), now=NOW)
    store.set_posts(db, campaign_id, camille["id"], [(account, "p1"), (account, "p2")])
    code = tracking.create_link(db, campaign_id, camille["id"], "https://shop.kofu.example/teas")
    tracking.record_clicks(db, {(code, "2026-05-04"): 300, (code, "2026-05-13"): 200})
    tracking.add_promo_code(db, campaign_id, camille["id"], "CAMILLE15")
    tracking.add_conversions(db, campaign_id, [
        {"order_ref": "s:1", "day": "2026-05-05", "amount": 40, "promo_code": "CAMILLE15",
         "source": "shopify"},
        {"order_ref": "s:2", "day": "2026-05-06", "amount": 60, "link_code": code, "source": "postback"},
        {"order_ref": "s:3", "day": "2026-05-06", "amount": 10, "promo_code": "CAMILLE15", "kind": "lead",
         "source": "postback"},
    ])
    return camille


def kit(db, handle="camille"):
    return build_kit_view(db, creator_store.get_creator(db, handle), TODAY, SETTINGS,
                          now=datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC))


def test_nothing_appears_before_the_creator_approves(db, measured):
    assert kit(db).case_studies == ()


def test_an_approved_campaign_is_a_measured_case_study(db, campaign_id, measured):
    store.set_case_study(db, campaign_id, measured["id"], True)
    (case,) = kit(db).case_studies
    assert (case.brand, case.campaign, case.starts_on, case.ends_on, case.posts) == (
        "Kofu Tea", "Spring teas", date(2026, 5, 1), date(2026, 5, 31), 2)
    # reach 30,000 + 20,000; views 45,000 + 25,000; engagements (1,800 + 120 + 60 + 20) + (700 + 80
    # + 15 + 5) = 2,800, i.e. 2,800 / 50,000 = 5.6 % of reach; 300 + 200 clicks; 2 sales (the lead is not one)
    assert {r.metric: r.value for r in case.results} == {
        "reach": 50_000, "views": 70_000, "engagements": 2_800, "engagement_rate": 0.056, "clicks": 500,
        "sales": 2}
    (data,) = to_json(kit(db))["case_studies"]
    assert data["source"] == "measured" and data["results"]["engagement_rate"] == 0.056
    assert all(c["source"] == "self" for c in to_json(kit(db))["collaborations"])


def test_without_a_link_or_code_clicks_and_sales_are_left_out_not_zero(db, campaign_id, camille):
    store.set_case_study(db, campaign_id, camille["id"], True)
    (case,) = kit(db).case_studies
    assert (case.posts, case.results) == (0, ())


def test_a_hidden_case_study_section_leaves_the_kit_and_the_json(db, campaign_id, measured):
    store.set_case_study(db, campaign_id, measured["id"], True)
    hidden = redact(kit(db), frozenset({"case_studies"}))
    assert hidden.case_studies == () and to_json(hidden)["case_studies"] == []


@pytest.mark.parametrize(("lang", "title", "badge", "rate"), [
    ("en", "Case studies", "measured", "5.6%"), ("fr", "Études de cas", "mesuré", "5,6\u00a0%"),
])
def test_the_kit_page_marks_the_case_study_measured(db, db_path, tmp_path, campaign_id, measured,
                                                    lang, title, badge, rate):
    store.set_case_study(db, campaign_id, measured["id"], True)
    app = create_app({"TESTING": True, "DATABASE": str(db_path), "CREDENTIALS_KEY": new_key(),
                      "KIT_CACHE_DIR": str(tmp_path / "cache")})
    with app.test_request_context("/@camille"), force_locale(lang):
        html = render_kit(kit(db), Links("camille", "https://kits.example"))
    opening = '<section aria-labelledby="cases-title" data-source="measured">'
    section = html.split(opening)[1].split("</section>")[0]
    assert f">{title}</h2>" in section and f'<span class="badge badge-measured">{badge}</span>' in section
    assert "Kofu Tea · Spring teas" in section and rate in section


def test_approving_or_withdrawing_changes_the_kits_data_version(db, campaign_id, measured):
    versions = [creator_store.get_creator(db, "camille")["data_version"]]
    for approved in (True, False):
        store.set_case_study(db, campaign_id, measured["id"], approved)
        versions.append(creator_store.get_creator(db, "camille")["data_version"])
    assert versions[0] < versions[1] < versions[2] and kit(db).case_studies == ()
