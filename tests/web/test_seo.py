"""What crawlers read: robots.txt, a sitemap of public kits only, the favicon, a meta
description on every page and the kit's JSON-LD."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

from creatorkit.storage import creators as creator_store


@pytest.fixture
def listed(app_db):
    """demo stays public; demo-spike becomes unlisted and trail-ana off."""
    for handle, visibility in (("demo-spike", "unlisted"), ("trail-ana", "off")):
        creator = creator_store.get_creator(app_db, handle)
        creator_store.update_creator(app_db, creator["id"], visibility=visibility)
    return app_db


def test_the_sitemap_lists_public_kits_only(client, listed):
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    locs = re.findall(r"<loc>([^<]+)</loc>", response.get_data(as_text=True))
    public = [row["handle"] for row in listed["creators"].rows_where("visibility = 'public'",
                                                                      order_by="handle")]
    assert locs == [f"https://kits.example/@{handle}" for handle in public]
    assert "https://kits.example/@demo" in locs
    assert not {"https://kits.example/@demo-spike", "https://kits.example/@trail-ana"} & set(locs)


def test_robots_keeps_crawlers_off_private_pages_and_names_the_sitemap(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /dashboard" in text.splitlines() and "Disallow: /shortlists" in text.splitlines()
    assert "Sitemap: https://kits.example/sitemap.xml" in text.splitlines()
    assert "Disallow: /\n" not in text  # the kits themselves stay crawlable


def test_the_favicon_is_an_icon_not_a_404(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
        assert Image.open(io.BytesIO(response.data)).format == "ICO"


@pytest.mark.parametrize("path", ["/directory", "/compare?h=demo,demo-spike", "/docs/kpis", "/account/signin",
                                  "/@demo", "/nobody-here"])
def test_every_page_has_one_meta_description(client, path):
    html = client.get(path).get_data(as_text=True)
    descriptions = re.findall(r'<meta name="description" content="([^"]+)">', html)
    assert len(descriptions) == 1 and len(descriptions[0]) > 30, path
    assert 'rel="icon"' in html


def ld_json(html: str) -> list[dict]:
    return [json.loads(block) for block in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_a_public_kit_describes_its_creator_as_json_ld(client):
    kit = client.get("/@demo.json").get_json()
    html = client.get("/@demo?lang=en").get_data(as_text=True)
    [page] = ld_json(html)
    person = page["mainEntity"]
    assert (page["@type"], page["url"]) == ("ProfilePage", "https://kits.example/@demo")
    assert person["@type"] == "Person"
    assert person["name"] == "Camille Laurent" and person["alternateName"] == "@demo"
    assert person["image"] == "https://kits.example/@demo/og.png"
    profiles = re.findall(r'<a href="(https://[^"]+)" rel="noopener">@', html)  # the platform cards
    assert person["sameAs"] == profiles and len(profiles) == len(kit["platforms"])
    assert [c["userInteractionCount"] for c in person["interactionStatistic"]] == [
        round(p["followers"]) for p in kit["platforms"]]


def test_an_unlisted_kit_has_no_json_ld(client, listed):
    assert ld_json(client.get("/@demo-spike").get_data(as_text=True)) == []


def test_json_ld_cannot_close_its_script_element(client, app_db):
    creator = creator_store.get_creator(app_db, "demo")
    creator_store.update_creator(app_db, creator["id"], tagline="</script><script>alert(1)</script>")
    html = client.get("/@demo").get_data(as_text=True)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in block and ld_json(html)[0]["mainEntity"]["description"].startswith("</script>")
