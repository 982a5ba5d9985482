"""The kit page and its JSON: same figures, provenance, 404s, health."""

from __future__ import annotations

import re

from creatorkit.storage import creators as creator_store


def test_kit_json_follows_the_contract(client):
    data = client.get("/@demo.json").get_json()
    assert {"handle", "display_name", "data_version", "updated_at", "platforms"} <= set(data)
    assert data["handle"] == "demo"
    assert sorted(p["platform"] for p in data["platforms"]) == [
        "instagram", "tiktok", "twitch", "youtube"]
    for platform in data["platforms"]:
        assert {"platform", "username", "followers", "source", "last_refreshed_at", "growth",
                "engagement_rate", "typical_views", "posts_per_week", "followers_day", "data_day",
                "sources"} <= set(platform)
        assert platform["source"] == "demo"
        assert set(platform["growth"]) == {"d7", "d30", "d90"}
        for growth in platform["growth"].values():
            assert set(growth) == {"abs", "pct", "start_day", "end_day"}
            assert abs(growth["pct"]) < 1  # a fraction, not a percentage
        assert {"value", "basis", "posts"} <= set(platform["engagement_rate"])


def test_json_growth_is_the_difference_of_stored_followers(client, app_db):
    data = client.get("/@demo.json").get_json()
    instagram = next(p for p in data["platforms"] if p["platform"] == "instagram")
    account = next(app_db.query("SELECT id FROM accounts WHERE platform = 'instagram' AND "
                                "creator_id = (SELECT id FROM creators WHERE handle = 'demo')"))
    series = [row["value"] for row in app_db.query(
        "SELECT value FROM account_metrics WHERE account_id = ? AND metric = 'followers' "
        "ORDER BY day DESC LIMIT 8", [account["id"]])]
    assert instagram["followers"] == series[0]
    assert instagram["growth"]["d7"]["abs"] == series[0] - series[7]
    # floats are written with 12 significant digits (no 0.018000000000000002)
    assert instagram["growth"]["d7"]["pct"] == float(f"{(series[0] - series[7]) / series[7]:.12g}")


def test_the_page_shows_the_figures_of_the_json(client):
    data = client.get("/@demo.json").get_json()
    html = client.get("/@demo?lang=en").get_data(as_text=True)
    for platform in data["platforms"]:
        card = re.search(rf'data-platform="{platform["platform"]}".*?</article>', html, re.S).group(0)
        er = platform["engagement_rate"]
        if er["value"] is not None:
            assert f"{er['value'] * 100:.2f}%" in card
            assert f"of {er['basis']}" in card
        assert "demo data" in card  # provenance shown
    assert "<svg" in html and 'role="img"' in html


def test_the_page_labels_demo_data_and_when_it_was_refreshed(client):
    html = client.get("/@demo?lang=en").get_data(as_text=True)
    assert "demo data" in html
    assert "updated" in html and "<time datetime=" in html


def test_unknown_handle_gets_the_404_page(client):
    response = client.get("/@nobody-here")
    assert response.status_code == 404
    assert "no media kit at this address" in response.get_data(as_text=True)
    assert client.get("/@nobody-here.json").status_code == 404


def test_a_kit_switched_off_is_not_found_and_an_unlisted_one_is_noindex(client, app_db):
    creator = creator_store.get_creator(app_db, "lofi-lou")
    creator_store.update_creator(app_db, creator["id"], visibility="off")
    assert client.get("/@lofi-lou").status_code == 404
    creator_store.update_creator(app_db, creator["id"], visibility="unlisted")
    response = client.get("/@lofi-lou")
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in response.get_data(as_text=True)


def test_bio_markdown_is_sanitised(client, app_db):
    creator = creator_store.get_creator(app_db, "demo")
    creator_store.update_creator(app_db, creator["id"],
                                 bio="**Bold** <script>alert(1)</script><img src=x onerror=alert(2)>")
    html = client.get("/@demo").get_data(as_text=True)
    assert "<strong>Bold</strong>" in html
    assert "<script>alert(1)" not in html and "onerror" not in html


def test_healthz_answers_200(client):
    assert client.get("/healthz").status_code == 200


def test_json_carries_tier_benchmark_and_authenticity(client):
    data = client.get("/@demo.json").get_json()
    instagram = next(p for p in data["platforms"] if p["platform"] == "instagram")
    assert instagram["tier"] in {"nano", "micro", "mid", "macro", "mega"}
    bench = instagram["benchmark"]
    assert {"range_low", "range_high", "midpoint", "source", "data_year", "report_year", "basis",
            "statistic", "followers_from", "followers_to", "position"} <= set(bench)
    assert "median" not in bench  # the midpoint of a published range is not a median
    assert bench["basis"] == instagram["engagement_rate"]["basis"] == "followers"
    assert bench["followers_from"] <= instagram["followers"] < bench["followers_to"]
    assert {"percentile", "group", "n", "low_n"} == set(instagram["peers"])
    assert {"score", "flags"} <= set(instagram["authenticity"])


def test_authenticity_flags_demo_spike_and_no_other_demo_creator(client, app_db):
    verdicts = {}
    for creator in app_db["creators"].rows:
        for platform in client.get(f"/@{creator['handle']}.json").get_json()["platforms"]:
            verdicts[(creator["handle"], platform["platform"])] = platform["authenticity"]
    flagged = {key for key, verdict in verdicts.items() if verdict["flags"]}
    assert flagged == {("demo-spike", "instagram")}
    assert verdicts[("demo-spike", "instagram")]["score"] < 60
