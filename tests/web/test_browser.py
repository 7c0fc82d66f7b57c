"""The console in a real browser: Debian's Chromium, driven by Playwright, against uvicorn.

A partner under the agreement finds and opens the shared record and reads why it may;
an agency without an agreement gets the same 404 as for a missing record and no row in the
list. Screenshots land in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy.orm import Session, sessionmaker

from liaison.api.context import AppContext
from liaison.app import create_app
from liaison.config import Settings
from tests.web.world import PASSWORD, World

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is not installed (run `make chromium`)"),
]


@pytest.fixture
def base_url(database_url: str, session_factory: sessionmaker[Session], now: datetime,
             world: World) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port, in a background thread."""
    app = create_app(AppContext(Settings(database_url=database_url), session_factory,
                                clock=lambda: now))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off",
                                           ws="none", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _shot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def _log_in(page: object, username: str) -> None:
    page.get_by_label("User name").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log in").click()  # type: ignore[attr-defined]


def test_partner_sees_shared_record_and_outsider_gets_404(browser: object, base_url: str,
                                                           world: World) -> None:
    from playwright.sync_api import expect

    title = "Phishing kit targeting Dutch and German banks"
    record_url = f"{base_url}/records/{world.shared}"

    partner = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = partner.new_page()
    page.goto(f"{base_url}/records")
    expect(page).to_have_url(re.compile(r"/login\?next=/records$"))
    expect(page.get_by_role("heading", name="Log in to Liaison")).to_be_visible()
    _shot(page, "login")

    _log_in(page, "bob")
    expect(page).to_have_url(f"{base_url}/records")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    expect(page.get_by_text("Internal lead")).to_have_count(0)
    badge = page.locator("td .tlp").first
    expect(badge).to_have_text("TLP:AMBER")
    # the stylesheet is served and applied: FIRST TLP 2.0 amber on black
    expect(badge).to_have_css("background-color", "rgb(0, 0, 0)")
    expect(badge).to_have_css("color", "rgb(255, 192, 0)")
    _shot(page, "records")

    page.get_by_role("link", name=title).click()
    expect(page).to_have_url(record_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    markings = page.locator("section", has=page.get_by_role("heading", name="Markings"))
    expect(markings).to_contain_text("TLP:AMBER")
    expect(markings).to_contain_text("Usually reliable")
    expect(markings).to_contain_text("Probably true")
    expect(markings).to_contain_text("No onward transfer without the owner's consent")
    why = page.locator("section", has=page.get_by_role("heading", name="Why you can see this"))
    expect(why).to_be_visible()
    expect(why).to_contain_text("Shared under NL-DE Cybercrime Cooperation")
    expect(why.get_by_role("link", name="NL-DE Cybercrime Cooperation")).to_have_attribute(
        "href", f"/agreements/{world.agreement}")
    _shot(page, "record")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "record-narrow")
    page.set_viewport_size({"width": 1280, "height": 900})

    why.get_by_role("link", name="NL-DE Cybercrime Cooperation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("NL-DE Cybercrime Cooperation")
    expect(page.get_by_text("730 days")).to_be_visible()
    _shot(page, "agreement")

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Agreements").click()
    expect(page.get_by_role("link", name="NL-DE Cybercrime Cooperation")).to_be_visible()
    _shot(page, "agreements")

    nav.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hessen Cyber Investigations Office")
    _shot(page, "dashboard")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    page.goto(record_url)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    partner.close()

    outsider = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = outsider.new_page()
    page.goto(f"{base_url}/login")
    _log_in(page, "carol")
    expect(page.get_by_role("heading", level=1)).to_have_text("French National CERT")
    response = page.goto(record_url)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.get_by_text(title)).to_have_count(0)
    _shot(page, "not-found")

    page.goto(f"{base_url}/records")
    expect(page.get_by_text(title)).to_have_count(0)
    expect(page.get_by_text("No records are visible to your agency yet.")).to_be_visible()
    outsider.close()


def test_bad_filter_in_the_browser_shows_a_message(browser: object, base_url: str,
                                                   world: World) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{base_url}/login?next=/records")
    _log_in(page, "alice")
    page.get_by_label("Observable type").select_option("ipv4")
    page.get_by_label("Observable value").fill("999.1.1.1")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("alert")).to_contain_text("Observable value")
    expect(page.get_by_label("Observable value")).to_have_value("999.1.1.1")
    _shot(page, "records-bad-filter")
    context.close()
