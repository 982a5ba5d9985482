"""The demo kits in a real browser: figures match the JSON and nothing scrolls sideways
at phone and desktop widths, no serious axe-core violation in any theme, the language
switch, and the page reloading itself when its kit changes."""

from __future__ import annotations

import re

import pytest

from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
MULTIPLIERS = {"": 1, "k": 1e3, "m": 1e6, "md": 1e9, "b": 1e9, "mrd": 1e9}


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


@pytest.fixture(scope="session")
def kits(live):
    """"demo" and one listed kit of each theme."""
    app, _ = live
    db = open_db(app.config["DATABASE"])
    try:
        rows = db.execute("SELECT theme, MIN(handle) FROM creators WHERE visibility = 'public' "
                          "GROUP BY theme ORDER BY theme").fetchall()
    finally:
        db.conn.close()
    return ["demo", *sorted({handle for _, handle in rows} - {"demo"})]


def shown_value(text: str) -> tuple[float, float]:
    """A figure as the page shows it ("182K", "1.4M", "1,4 M", "9,876", "9 876") as
    (value, half a unit of its last digit shown)."""
    cleaned = text.replace("\u202f", " ").replace("\xa0", " ").strip()
    match = re.fullmatch(r"([\d][\d., ]*?)\s*([A-Za-z]*)", cleaned)
    assert match, f"not a figure: {text!r}"
    number, suffix = match.groups()
    multiplier = MULTIPLIERS[suffix.lower()]
    if multiplier == 1:  # plain counts are whole numbers: separators group thousands
        return float(re.sub(r"[., ]", "", number)), 0.5
    digits = number.replace(" ", "").replace(",", ".")
    decimals = len(digits.partition(".")[2])
    return float(digits) * multiplier, 0.5 * 10 ** -decimals * multiplier


def test_demo_kits_show_the_figures_of_their_json_and_fit_the_screen(page, live, kits, artifacts):
    _, url = live
    for handle in kits:
        data = page.request.get(f"{url}/@{handle}.json").json()
        assert page.goto(f"{url}/@{handle}").status == 200
        assert data["display_name"] in page.locator("h1").first.inner_text()
        for platform in data["platforms"]:
            if platform.get("followers") is None:
                continue
            shown = page.locator(f'[data-platform="{platform["platform"]}"] [data-metric="followers"]')
            value, tolerance = shown_value(shown.first.inner_text())
            assert abs(value - platform["followers"]) <= tolerance, (handle, platform["platform"])
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"@{handle} scrolls sideways: {overflow}px wider than a {page.viewport_name}"
        page.screenshot(path=artifacts / f"kit-{handle}-{page.viewport_name}.png", full_page=True)


def test_demo_kits_have_no_serious_accessibility_violations(page, live, kits, axe_source):
    _, url = live
    found = {}
    for handle in kits:
        page.goto(f"{url}/@{handle}")
        page.evaluate(axe_source)  # through DevTools: the page's CSP forbids inline script, rightly
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            found[handle] = serious
    assert not found, found


def test_lang_fr_shows_the_kit_in_french_with_french_numbers(browser, live, artifacts):
    _, url = live
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    try:
        page.goto(f"{url}/@pixelpaul")  # an English kit
        assert page.evaluate("document.documentElement.lang") == "en"
        english = page.locator("h2").all_inner_texts()
        page.locator('a[href*="lang=fr"]').first.click()
        page.wait_for_url(re.compile(r"lang=fr"))
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.locator("h2").all_inner_texts() != english
        assert re.search(r"\d,\d", page.locator("main").inner_text()), "no decimal comma on the page"
        page.screenshot(path=artifacts / "kit-pixelpaul-fr.png", full_page=True)
    finally:
        page.close()


#: in the page: the fake-clock time of each /version fetch, and each poll timer's delay (ms)
RECORD_POLLS = """
window.pollTimes = [];
window.pollDelays = [];
const realFetch = window.fetch, realSetTimeout = window.setTimeout;
window.fetch = function (url) {
  if (String(url).endsWith("/version")) window.pollTimes.push(Date.now());
  return realFetch.apply(this, arguments);
};
window.setTimeout = function (callback, ms) {
  if (ms >= 60000) window.pollDelays.push(ms);
  return realSetTimeout.apply(this, arguments);
};
"""


def open_polling_page(browser, url: str, handle: str):
    """A kit page on a fake clock, recording its polls of /version."""
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.polls = []
    page.on("request", lambda r: page.polls.append(r.url) if r.url.endswith("/version") else None)
    page.clock.install()
    page.add_init_script(RECORD_POLLS)
    page.goto(f"{url}/@{handle}")
    assert page.evaluate("[document.body.dataset.handle, document.body.dataset.version]") == [
        handle, str(page.request.get(f"{url}/@{handle}/version").json()["data_version"])]
    page.evaluate("window.stillHere = true")  # gone once the page reloads
    return page


def test_an_open_page_reloads_itself_when_its_kit_changes(browser, live):
    app, url = live
    page = open_polling_page(browser, url, "nomad-nina")
    try:
        with page.expect_response(lambda r: r.url.endswith("/version")):
            page.clock.run_for(70_000)
        assert page.evaluate("window.stillHere") is True  # same version: no reload
        db = open_db(app.config["DATABASE"])
        try:
            creator_store.bump_data_version(db, creator_store.get_creator(db, "nomad-nina")["id"])
        finally:
            db.conn.close()
        with page.expect_event("load", timeout=10_000):
            page.clock.run_for(70_000)
        assert page.evaluate("window.stillHere") is None
        assert len(page.polls) == 2
    finally:
        page.close()


def test_a_hidden_tab_polls_less_often_and_checks_again_when_shown(browser, live):
    _, url = live
    page = open_polling_page(browser, url, "trail-ana")
    try:
        page.evaluate("Object.defineProperty(document, 'hidden', {value: true, configurable: true})")
        with page.expect_response(lambda r: r.url.endswith("/version")):
            page.clock.run_for(70_000)  # first poll at 60-65 s
        page.wait_for_function("window.pollDelays.length === 2", polling=50, timeout=10_000)
        first_delay, hidden_delay = page.evaluate("window.pollDelays")
        assert 60_000 <= first_delay < 65_000 and 120_000 <= hidden_delay < 125_000  # hidden: backed off
        page.clock.run_for(70_000)  # so no poll in these 70 s (fetch is recorded as the timer fires)
        assert page.evaluate("window.pollTimes.length") == 1 and len(page.polls) == 1
        with page.expect_response(lambda r: r.url.endswith("/version")):
            page.evaluate("Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
                          "document.dispatchEvent(new Event('visibilitychange'))")
        assert len(page.polls) == 2
        assert page.evaluate("window.stillHere") is True
    finally:
        page.close()
