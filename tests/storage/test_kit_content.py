"""Kit content storage: every kind validated, ordered, owned, and bumping data_version."""

from __future__ import annotations

import pytest

from creatorkit.errors import InputError
from creatorkit.storage import creators as creator_store
from creatorkit.storage import kit_content


def version(db, creator) -> int:
    return creator_store.get_creator(db, creator["handle"])["data_version"]


def test_items_keep_their_order_and_each_write_bumps_the_data_version(db, make_creator):
    alice = make_creator()
    before = version(db, alice)
    first = kit_content.add_item(db, "rates", alice["id"], deliverable="Reel", price_cents=50_000,
                                 currency="eur")
    kit_content.add_item(db, "rates", alice["id"], deliverable="Story", price_cents=20_000, currency="EUR",
                         platform="instagram")
    assert [r["deliverable"] for r in kit_content.items(db, "rates", alice["id"])] == ["Reel", "Story"]
    assert kit_content.items(db, "rates", alice["id"])[0]["currency"] == "EUR"
    kit_content.update_item(db, "rates", alice["id"], first, price_cents=55_000)
    kit_content.delete_item(db, "rates", alice["id"], first)
    assert [r["price_cents"] for r in kit_content.items(db, "rates", alice["id"])] == [20_000]
    assert version(db, alice) == before + 4


@pytest.mark.parametrize(("kind", "fields", "message"), [
    ("brands", {"name": "X", "logo_url": "javascript:alert(1)"}, "Logo url must be an http"),
    ("brands", {"name": "X", "logo_url": "/static/../instance/credentials.key"}, "must be an http"),
    ("featured", {"url": "https://a.example/p", "title": "Line\nbreak"}, "line breaks"),
    ("rates", {"deliverable": "Reel", "price_cents": -1, "currency": "EUR"}, "whole number of cents"),
    ("rates", {"deliverable": "Reel", "price_cents": 100, "currency": "euro"}, "three-letter currency"),
    ("collaborations", {"brand": "B", "day": "14/03/2025", "deliverables": "1 video"}, "YYYY-MM-DD"),
    ("collaborations", {"brand": "B", "day": "2025-03-14", "deliverables": "d", "results": {"hype": 3}},
     "unknown metric 'hype'"),
    ("collaborations", {"brand": "B", "day": "2025-03-14", "deliverables": "d", "results": {"ctr": 4.2}},
     "fraction between 0 and 1"),
    ("testimonials", {"quote": "x" * 601, "author": "A"}, "too long"),
    ("testimonials", {"quote": "Great"}, "Author is required"),
    ("rates", {"deliverable": "Reel", "price_cents": 1, "currency": "EUR", "colour": "red"}, "Unknown rate"),
])
def test_hostile_or_wrong_input_is_rejected_with_the_field_named(db, make_creator, kind, fields, message):
    alice = make_creator()
    with pytest.raises(InputError, match=message):
        kit_content.add_item(db, kind, alice["id"], **fields)
    assert kit_content.items(db, kind, alice["id"]) == []


def test_an_item_of_another_creator_cannot_be_changed_or_deleted(db, make_creator):
    alice, bob = make_creator("alice"), make_creator("bob")
    item = kit_content.add_item(db, "testimonials", alice["id"], quote="Great", author="Ann")
    with pytest.raises(InputError, match="No such testimonial"):
        kit_content.delete_item(db, "testimonials", bob["id"], item)
    with pytest.raises(InputError, match="No such testimonial"):
        kit_content.update_item(db, "testimonials", bob["id"], item, quote="Mine now")
    assert kit_content.items(db, "testimonials", alice["id"])[0]["quote"] == "Great"


def test_replacing_with_the_same_items_changes_nothing_not_even_the_version(db, make_creator):
    alice = make_creator()
    rows = [{"brand": "Acme", "day": "2025-01-31", "deliverables": "2 reels", "results": {"views": 1200}}]
    kit_content.replace_items(db, "collaborations", alice["id"], rows)
    after_first = version(db, alice)
    kit_content.replace_items(db, "collaborations", alice["id"], rows)
    assert version(db, alice) == after_first
    assert kit_content.items(db, "collaborations", alice["id"])[0]["results"] == {"views": 1200}


def test_content_goes_with_its_creator(db, make_creator):
    alice = make_creator()
    kit_content.add_item(db, "brands", alice["id"], name="Acme", logo_url="https://acme.example/logo.svg")
    db.execute("DELETE FROM creators WHERE id = ?", [alice["id"]])
    assert db["brand_logos"].count == 0
