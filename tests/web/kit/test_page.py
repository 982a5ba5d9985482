"""The kit page: every section from the view, left out when empty, themes, sharing meta,
provenance and links to the definitions."""

from __future__ import annotations

import re

from creatorkit.render import charts
from creatorkit.storage import kit_content
from creatorkit.web.kits.body_cache import BodyCache
from creatorkit.web.kits.caching import DEFAULT_CACHE_BYTES


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_written_content_is_on_the_page(client, seeded):
    html = page(client, "/@demo?lang=en")
    for heading in ("Rate card", "Past collaborations", "Brands I have worked with", "What brands say",
                    "Featured", "Top posts", "Audience", "Engagement compared with benchmarks"):
        assert f">{heading}</h2>" in html
    assert "€4,800" in html and "Dedicated YouTube video (8–12 min)" in html
    assert "Voltaire Audio" in html and "412K" in html and "2.3%" in html  # results: views, CTR
    assert "Briefed on Monday, live on Thursday" in html
    assert 'alt="Nordpeak"' in html


def test_sections_without_data_are_left_out_not_shown_empty(client, seeded):
    html = page(client, "/@nomad-nina?lang=en")  # no written content
    for heading in ("Rate card", "Past collaborations", "Brands I have worked with", "What brands say",
                    "Featured"):
        assert f">{heading}</h2>" not in html


def test_twitch_shows_average_viewers_instead_of_an_engagement_rate(client):
    html = page(client, "/@pixelpaul?lang=en")
    twitch = re.search(r'data-platform="twitch".*?</article>', html, re.S).group(0)
    assert "Typical viewers" in twitch and 'data-metric="avg_viewers"' in twitch
    assert "Engagement rate" not in twitch
    youtube = re.search(r'data-platform="youtube".*?</article>', html, re.S).group(0)
    assert 'data-metric="engagement_rate"' in youtube


def test_each_figure_links_to_its_definition_and_the_definitions_page_has_the_anchor(client):
    html = page(client, "/@demo?lang=en")
    docs = page(client, "/docs/kpis")
    anchors = set(re.findall(r'href="/docs/kpis#([a-z-]+)"', html))
    expected = {"engagement-rate", "follower-growth", "tiers", "benchmarks", "authenticity", "audience"}
    assert expected <= anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in docs


def test_the_verified_badge_shows_only_when_a_figure_comes_from_an_official_api(client, app_db):
    assert "Verified data" not in page(client, "/@demo?lang=en")
    app_db.execute("UPDATE account_metrics SET source = 'api' WHERE account_id IN "
                   "(SELECT a.id FROM accounts a JOIN creators c ON c.id = a.creator_id "
                   "WHERE c.handle = 'demo' AND a.platform = 'youtube')")
    app_db.execute("UPDATE creators SET data_version = data_version + 1 WHERE handle = 'demo'")
    assert "✓ Verified data" in page(client, "/@demo?lang=en")


def test_each_platform_says_where_its_figures_come_from_and_when(client):
    html = page(client, "/@demo?lang=en")
    cards = re.findall(r'<article class="card.*?</article>', html, re.S)
    assert len(cards) == 4
    for card in cards:
        assert "Source: demo data" in card
        assert re.search(r'updated <time datetime="\d{4}-\d\d-\d\dT[\d:]+\+00:00" data-relative>', card)


def test_three_themes_are_applied_from_the_creator(client, set_kit):
    for theme in ("light", "dark", "warm"):
        set_kit("trail-ana", theme=theme)
        assert f'<body class="theme-{theme}"' in page(client, "/@trail-ana")


def test_link_previews_canonical_url_and_the_autorefresh_hooks(client, app_db):
    html = page(client, "/@demo")
    version = app_db.execute("SELECT data_version FROM creators WHERE handle = 'demo'").fetchone()[0]
    assert '<link rel="canonical" href="https://kits.example/@demo">' in html
    assert '<meta property="og:image" content="https://kits.example/@demo/og.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'data-handle="demo" data-version="{version}"' in html
    assert '<script src="/static/js/autorefresh.js" defer></script>' in html


def test_the_page_is_built_of_landmarks_with_labelled_images_and_charts(client, seeded):
    html = page(client, "/@demo?lang=en")
    assert '<html lang="en">' in html
    for landmark in ('<header class="kit-header">', '<main id="main">', '<footer class="site-footer">'):
        assert landmark in html
    assert all('alt="' in tag for tag in re.findall(r"<img\b[^>]*>", html))
    charts = re.findall(r"<svg\b[^>]*>", html)
    assert len(charts) == 5  # four follower histories and the engagement comparison
    assert all('role="img"' in tag and 'aria-label="' in tag for tag in charts)
    assert "TikTok abonnés" not in html and "Tiktok" not in html


def test_the_page_is_the_same_bytes_for_the_same_data(app, client):
    first = page(client, "/@demo")
    # forget the kept body and the charts, so that the second page is rendered again
    app.extensions["kit_cache"] = BodyCache(DEFAULT_CACHE_BYTES, None)
    charts.follower_svg.cache_clear()
    charts.engagement_svg.cache_clear()
    again = page(client, "/@demo")
    assert "<svg" in again and again == first


def test_a_featured_post_that_is_a_stored_post_shows_its_counts(client, app_db):
    row = next(app_db.query("SELECT p.permalink, p.views, c.id FROM posts p "
                            "JOIN accounts a ON a.id = p.account_id JOIN creators c ON c.id = a.creator_id "
                            "WHERE c.handle = 'trail-ana' "
                            "AND p.views IS NOT NULL ORDER BY p.published_at LIMIT 1"))
    kit_content.add_item(app_db, "featured", row["id"], url=row["permalink"], title="My best run")
    tile = re.search(r'<li class="tile">.*?</li>', page(client, "/@trail-ana?lang=en"), re.S).group(0)
    assert "My best run" in tile and "views" in tile


def test_the_definitions_page_renders_the_kpi_document(client):
    html = page(client, "/docs/kpis")
    assert '<a id="engagement-rate"></a>' in html and "<table>" in html
