"""Campaign storage and the order imports: allow-listed links, counted clicks, codes,
conversions that never count twice, and bad files that write nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from creatorkit.errors import ImportFileError, InputError
from creatorkit.ingest.orders import import_orders
from creatorkit.storage import campaign_tracking as tracking
from creatorkit.storage import campaigns as store
from tests.campaigns.conftest import NOW

ORDERS = Path(__file__).resolve().parents[1] / "fixtures" / "orders"


def test_a_campaign_keeps_its_allow_list_as_origins(db, campaign_id):
    assert store.get_campaign(db, campaign_id)["destinations"] == ["https://shop.kofu.example"]


@pytest.mark.parametrize(("fields", "message"), [
    ({"ends_on": "2026-04-01"}, "ends before"),
    ({"destinations": ["javascript:alert(1)"]}, "http(s)"),
    ({"destinations": []}, "at least one destination"),
    ({"starts_on": "1 May"}, "YYYY-MM-DD"),
    ({"currency": "euro"}, "three-letter"),
])
def test_bad_campaigns_are_refused(db, brand_id, fields, message):
    values = {"brand": "Kofu", "name": "x", "starts_on": "2026-05-01", "ends_on": "2026-05-31",
              "destinations": ["https://shop.example"], **fields}
    with pytest.raises(InputError, match=message):
        store.create_campaign(db, brand_id, **values)


def test_links_lead_only_to_listed_destinations(db, campaign_id, camille):
    code = tracking.create_link(db, campaign_id, camille["id"], "https://shop.kofu.example/teas?x=1")
    assert tracking.resolve(db, code)["destination"] == "https://shop.kofu.example/teas?x=1"
    for other in ("https://evil.example/", "https://shop.kofu.example.evil.example/", "http://shop.kofu.example/"):
        with pytest.raises(InputError, match="not a destination"):
            tracking.create_link(db, campaign_id, camille["id"], other)


def test_clicks_add_up_per_day(db, campaign_id, camille):
    code = tracking.create_link(db, campaign_id, camille["id"], "https://shop.kofu.example/")
    tracking.record_clicks(db, {(code, "2026-05-03"): 2})
    tracking.record_clicks(db, {(code, "2026-05-03"): 1, (code, "2026-05-04"): 4})
    assert tracking.clicks_per_day(db, campaign_id) == [
        {"day": "2026-05-03", "creator_id": camille["id"], "clicks": 3},
        {"day": "2026-05-04", "creator_id": camille["id"], "clicks": 4}]


def test_declined_creators_get_no_link_or_code(db, campaign_id, camille):
    store.set_status(db, campaign_id, camille["id"], "declined")
    with pytest.raises(InputError):
        tracking.create_link(db, campaign_id, camille["id"], "https://shop.kofu.example/")
    with pytest.raises(InputError):
        tracking.add_promo_code(db, campaign_id, camille["id"], "CAMILLE15")


def test_a_signature_is_accepted_once(db, campaign_id):
    window = timedelta(minutes=5)
    assert tracking.first_use_of_signature(db, campaign_id, "abc", now=NOW, window=window)
    assert not tracking.first_use_of_signature(db, campaign_id, "abc", now=NOW, window=window)
    assert tracking.first_use_of_signature(db, campaign_id, "abc", now=NOW + 2 * window, window=window)


def test_shopify_orders_with_a_campaign_code(db, campaign_id, camille):
    tracking.add_promo_code(db, campaign_id, camille["id"], "CAMILLE15")
    result = import_orders(db, campaign_id, ORDERS / "shopify_orders.csv")
    assert (result.shop, result.added, result.matched, result.unmatched, result.unpaid) == \
        ("shopify", 2, 2, 1, 1)
    rows = tracking.conversions(db, campaign_id)
    assert [(r["order_ref"], r["day"], r["amount"], r["creator_id"]) for r in rows] == [
        ("shopify:#1001", "2026-05-03", 54.90, camille["id"]),
        ("shopify:#1004", "2026-05-06", 1200.0, camille["id"])]
    assert import_orders(db, campaign_id, ORDERS / "shopify_orders.csv").added == 0  # same file again


def test_woocommerce_orders(db, campaign_id, camille):
    tracking.add_promo_code(db, campaign_id, camille["id"], "LEO10")
    result = import_orders(db, campaign_id, ORDERS / "woocommerce_orders.csv")
    assert (result.shop, result.added, result.unmatched, result.unpaid) == ("woocommerce", 1, 1, 1)
    assert tracking.conversions(db, campaign_id)[0]["amount"] == 29.0


@pytest.mark.parametrize(("text", "message"), [
    ("Date,Order #,Status,Coupon(s),Net Sales\n2026-05-03,1,Completed,LEO10,twelve\n",
     "line 2, column 'Net Sales'"),
    ("Date,Order #,Status,Coupon(s),Net Sales\n2026-05-03,1,Completed,LEO10,1\nsoon,2,Completed,LEO10,1\n",
     "line 3, column 'Date'"),
    ("Date,Order #,Status,Net Sales\n2026-05-03,1,Completed,1\n", "lacks the column 'Coupon(s)'"),
    ("a,b\n1,2\n", "neither a Shopify"),
])
def test_a_bad_file_writes_nothing(db, campaign_id, camille, tmp_path, text, message):
    tracking.add_promo_code(db, campaign_id, camille["id"], "LEO10")
    path = tmp_path / "orders.csv"
    path.write_text(text)
    with pytest.raises(ImportFileError, match=re.escape(message)):
        import_orders(db, campaign_id, path)
    assert tracking.conversions(db, campaign_id) == []


def test_posts_picked_must_be_the_creators_own(db, campaign_id, camille):
    with pytest.raises(InputError, match="not one of this creator"):
        store.set_posts(db, campaign_id, camille["id"], [(1, "p1")])


def test_case_study_needs_an_accepted_creator(db, campaign_id, camille, make_creator):
    store.set_case_study(db, campaign_id, camille["id"], True)
    assert [c["id"] for c in store.case_studies(db, camille["id"])] == [campaign_id]
    other = make_creator("leo")
    store.invite_creator(db, campaign_id, other["id"])
    with pytest.raises(InputError):
        store.set_case_study(db, campaign_id, other["id"], True)
