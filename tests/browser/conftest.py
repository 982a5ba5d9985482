"""Headless Debian Chromium (Playwright) against the app served over real HTTP on a
demo database. Skipped only where /usr/bin/chromium is absent."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from tests.browser.live_server import LiveServer, build_demo_db, demo_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package to run the browser tests "
                    "(apt-get install chromium, or scripts/test as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """(app, base URL) of the demo kits, one server for the whole browser session."""
    folder = tmp_path_factory.mktemp("browser")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CREATORKIT_INSTANCE_PATH", str(folder / "instance"))
        app = demo_app(build_demo_db(folder / "demo.db"), folder)
    with LiveServer(app) as server:
        app.config["BASE_URL"] = server.url
        yield app, server.url


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, as the axe-playwright-python package ships it (no npm needed)."""
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
