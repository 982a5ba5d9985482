"""Campaign pages over the test client on a fixed clock: the redirect, the signed
postback, and a report whose figures were computed by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.security import generate_password_hash

from creatorkit.app import create_app
from creatorkit.models import Harvest, Post
from creatorkit.storage import accounts as account_store
from creatorkit.storage import campaign_tracking as tracking
from creatorkit.storage import campaigns as store
from creatorkit.storage import history, users
from creatorkit.storage.credentials import new_key
from creatorkit.web.campaigns.postback import sign

NOW = datetime(2026, 5, 20, 12, tzinfo=UTC)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


@pytest.fixture
def app(db_path, db, campaign_id, camille, brand_id):
    account = account_store.add_account(db, camille["id"], "instagram", "demo", "camille-ig")
    posts = (Post("p1", "image", datetime(2026, 5, 3, 18, tzinfo=UTC), title="Mon thé préféré #ad",
                  reach=30_000, likes=900, comments=100),
             Post("p2", "reel", datetime(2026, 5, 6, 18, tzinfo=UTC), title="Routine du matin",
                  reach=20_000, likes=450, comments=50))
    with db.conn:
        history.write_harvest(db, account, Harvest("api", posts=posts), now=NOW)
    store.set_posts(db, campaign_id, camille["id"], [(account, "p1"), (account, "p2")])
    for kind, amount in (("fee", 1_000), ("product", 2_000), ("boost", 500), ("tools", 200)):
        owner = camille["id"] if kind == "fee" else None
        store.add_budget_line(db, campaign_id, kind, amount, creator_id=owner)
    for kpi, target, entered in (("reach", 40_000, None), ("clicks", 320, None),
                                 ("conversion_rate", 0.015, None), ("positive_sentiment", 0.85, 0.90)):
        objective = store.add_objective(db, campaign_id, kpi, target)
        store.update_objective(db, campaign_id, objective, entered=entered, comment="")
    users.create_user(db, "camille@example.com", generate_password_hash("camille-password"), name="Camille",
                      role="creator", creator_id=camille["id"])
    db.execute("UPDATE users SET password_hash = ? WHERE id = ?",
               [generate_password_hash("brand-password"), brand_id])
    db.conn.commit()
    application = create_app({"TESTING": True, "DATABASE": str(db_path), "CREDENTIALS_KEY": new_key(),
                              "WTF_CSRF_ENABLED": False, "BASE_URL": "https://kits.example"})
    application.extensions["clock"] = lambda: NOW
    return application


def sign_in(client, email, password):
    assert client.post("/account/signin", data={"email": email, "password": password}).status_code == 302


@pytest.fixture
def link(db, campaign_id, camille):
    return tracking.create_link(db, campaign_id, camille["id"], "https://shop.kofu.example/teas?ref=ig")


def test_a_link_redirects_with_utm_and_counts_people_not_robots(app, db, link):
    client = app.test_client()
    response = client.get(f"/r/{link}", headers={"User-Agent": BROWSER})
    assert response.status_code == 302 and response.headers["Cache-Control"] == "no-store"
    target = urlsplit(response.headers["Location"])
    assert (target.scheme, target.netloc, target.path) == ("https", "shop.kofu.example", "/teas")
    assert parse_qs(target.query) == {
        "ref": ["ig"], "utm_source": ["creatorkit"], "utm_medium": ["influencer"],
        "utm_campaign": ["1-Spring teas"], "utm_content": [f"camille-{link}"]}
    client.get(f"/r/{link}", headers={"User-Agent": "facebookexternalhit/1.1"})
    client.get(f"/r/{link}", headers={"User-Agent": BROWSER, "Sec-Purpose": "prefetch"})
    app.extensions["click_log"].flush()
    assert tracking.clicks_per_day(db, 1) == [{"day": "2026-05-20", "creator_id": 1, "clicks": 1}]
    assert client.get("/r/nope").status_code == 404
    assert client.get(f"/r/{link}/qr.svg").data.startswith(b"<svg")


def post_order(client, secret, order, *, at=NOW, signature=None):
    body = json.dumps(order).encode()
    stamp = str(int(at.timestamp()))
    return client.post("/campaigns/1/postback", data=body, content_type="application/json", headers={
        "X-Creatorkit-Timestamp": stamp, "X-Creatorkit-Signature": signature or sign(secret, stamp, body)})


def test_the_postback_is_signed_and_not_replayable(app, db, campaign_id, link):
    client, secret = app.test_client(), store.get_campaign(db, campaign_id)["postback_secret"]
    order = {"order_id": "A-1", "amount": 42.5, "currency": "EUR", "link": link}
    assert post_order(client, "wrong secret", order).status_code == 401
    assert post_order(client, secret, order, at=NOW - timedelta(minutes=6)).status_code == 401
    first = post_order(client, secret, order)
    assert (first.status_code, first.json) == (201, {"added": 1})
    assert post_order(client, secret, order).status_code == 409  # the same signed request again
    again = post_order(client, secret, order, at=NOW + timedelta(seconds=1))  # freshly signed, same order
    assert (again.status_code, again.json) == (200, {"added": 0})
    assert post_order(client, secret, {"amount": 1}, at=NOW + timedelta(seconds=2)).status_code == 400
    rows = tracking.conversions(db, campaign_id)
    assert [(r["order_ref"], r["amount"], r["creator_id"]) for r in rows] == [("postback:A-1", 42.5, 1)]


def test_the_report_reproduces_the_hand_computed_figures(app, db, campaign_id, link):
    tracking.record_clicks(db, {(link, "2026-05-03"): 200, (link, "2026-05-04"): 100})
    tracking.add_conversions(db, campaign_id, [
        {"order_ref": f"o{n}", "day": "2026-05-04", "amount": 100.0, "source": "postback", "link_code": link}
        for n in range(6)])
    client = app.test_client()
    sign_in(client, "brand@kofu.example", "brand-password")
    page = client.get(f"/campaigns/{campaign_id}/report").get_data(as_text=True)
    figures = {  # budget 3,700; reach 50,000; 300 clicks; 6 sales of 100
        "cpm": "74.00 EUR", "cpc": "12.33 EUR", "cpa": "616.67 EUR", "ctr": "0.6 %",
        "conversion_rate": "2.0 %", "roas": "0.16 ×", "roi": "−83.8 %", "cpe": "2.47 EUR"}
    for key, shown in figures.items():
        cell = page.split(f'data-figure="{key}"')[1].split("</tr>")[0]
        assert shown in cell.replace("-", "−"), (key, cell)
    gaps = {"reach": "+25 %", "clicks": "−6 %", "conversion_rate": "+0.5 pt", "positive_sentiment": "+5.0 pt"}
    for kpi, shown in gaps.items():
        cell = page.split(f'data-kpi="{kpi}"')[1].split("data-gap>")[1].split("</td>")[0]
        assert shown in cell, (kpi, cell)
    assert "ROI" in page.split('data-figure="roas"')[1].split("</tr>")[0]
    assert page.count("data-undisclosed") == 1  # "Routine du matin" has no disclosure
    camille_row = page.split('data-creator="camille"')[1].split("</tr>")[0]
    assert "1,000.00" in camille_row and "20.00" in camille_row  # own fee; CPM 1,000 / 50,000 × 1,000
    csv_text = client.get(f"/campaigns/{campaign_id}/report.csv").get_data(as_text=True)
    assert "cost,cpa,EUR,,616.67" in csv_text and "objective,clicks,count,320.00,300.00,-6.25" in csv_text


def test_the_share_link_needs_no_sign_in_and_others_see_nothing(app, db, campaign_id):
    client = app.test_client()
    token = store.get_campaign(db, campaign_id)["share_token"]
    shared = client.get(f"/campaigns/shared/{token}")
    assert shared.status_code == 200 and shared.headers["X-Robots-Tag"] == "noindex"
    assert client.get("/campaigns/shared/not-the-token").status_code == 404
    assert client.get(f"/campaigns/{campaign_id}/report").status_code == 302  # to sign-in
    users.create_user(db, "other@brand.example", generate_password_hash("other-password"), name="Other")
    db.conn.commit()
    sign_in(client, "other@brand.example", "other-password")
    assert client.get(f"/campaigns/{campaign_id}/report").status_code == 404
    assert client.get(f"/campaigns/{campaign_id}").status_code == 404


def test_the_pdf_is_a_pdf(app, campaign_id):
    client = app.test_client()
    sign_in(client, "camille@example.com", "camille-password")
    response = client.get(f"/campaigns/{campaign_id}/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_a_bad_form_says_why_and_stores_nothing(app, db, campaign_id):
    client = app.test_client()
    sign_in(client, "brand@kofu.example", "brand-password")
    response = client.post(f"/campaigns/{campaign_id}/links", data={"creator_id": 1,
                                                                     "destination": "https://evil.example/"})
    assert response.status_code == 400
    assert "not a destination of this campaign" in response.get_data(as_text=True)
    assert tracking.campaign_links(db, campaign_id) == []
    bad = client.post(f"/campaigns/{campaign_id}/objectives", data={"kpi": "sales", "target": "lots"})
    assert bad.status_code == 400 and "is a number" in bad.get_data(as_text=True)
    assert len(store.objectives(db, campaign_id)) == 4
