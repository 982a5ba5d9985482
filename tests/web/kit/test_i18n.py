"""English and French: the kit speaks its creator's language, ?lang switches, and
numbers, money and dates follow the language."""

from __future__ import annotations

import os

from creatorkit.web.i18n import compile_catalogs, source_dir

NNBSP, NBSP = "\u202f", "\u00a0"


def test_a_kit_speaks_its_creators_language_and_lang_switches_it(client):
    french = client.get("/@demo").get_data(as_text=True)  # the demo creator chose French
    english = client.get("/@demo?lang=en").get_data(as_text=True)
    assert '<html lang="fr">' in french and ">Plateformes</h2>" in french
    assert '<html lang="en">' in english and ">Platforms</h2>" in english
    assert 'href="/@demo?lang=en" hreflang="en"' in french
    assert ">Platforms</h2>" in client.get("/@pixelpaul").get_data(as_text=True)
    assert ">Plateformes</h2>" in client.get("/@pixelpaul?lang=fr").get_data(as_text=True)


def test_an_unknown_language_falls_back_to_the_creators(client):
    assert '<html lang="fr">' in client.get("/@demo?lang=de").get_data(as_text=True)


def test_numbers_money_and_dates_are_formatted_for_the_language(client, seeded):
    french = client.get("/@demo").get_data(as_text=True)
    english = client.get("/@demo?lang=en").get_data(as_text=True)
    assert f"4{NNBSP}800{NBSP}€" in french and "€4,800" in english
    assert "14 mars 2025" in french and "Mar 14, 2025" in english
    assert f"2,3{NBSP}%" in french and "2.3%" in english  # click-through rate of a collaboration
    assert f"412{NBSP}k" in french and "412K" in english
    assert "Données" in french or "données de démo" in french


def test_the_french_catalog_covers_the_kit(client, seeded):
    french = client.get("/@demo").get_data(as_text=True)
    for english in ("Rate card", "Past collaborations", "Share this kit", "Engagement rate", "Top posts",
                    "What brands say", "Show the e-mail address"):
        assert english not in french


def test_catalogs_are_compiled_once_and_again_when_the_po_changes(tmp_path):
    target = tmp_path / "mo"
    assert [p.name for p in compile_catalogs(source_dir(), target)] == ["messages.mo"]
    assert compile_catalogs(source_dir(), target) == []
    mo = target / "fr" / "LC_MESSAGES" / "messages.mo"
    os.utime(mo, (0, 0))
    assert compile_catalogs(source_dir(), target) == [mo]
