"""The fetch button in a real browser against a loopback fake SCB (recorded answers, a little delay
per request): the progress bar shows the tables, parts and time left; cancel stops the fetch and
writes nothing, and the button is back. The real SCB is never called."""

from __future__ import annotations

import re

import pytest

from datapackage.catalog import DEMO_PACKAGE
from tests.browser.conftest import start_server, stop_server
from tests.browser.helpers import assert_no_exception
from tests.fixtures.scb.fake_scb import FakeScb
from tests.fixtures.scb.fake_server import FakeScbServer

pytestmark = pytest.mark.browser
QUICK = {"maxValues": 150000, "maxCalls": 1000, "timeWindow": 1}


@pytest.fixture
def scb_app(tmp_path, monkeypatch):
    fake = FakeScbServer(FakeScb(config=QUICK), delay=0.2).start()
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("KRAFTSAMLA_SCB_MIRROR", fake.url)
    monkeypatch.setenv("KRAFTSAMLA_DATA_DIR", str(data))
    monkeypatch.setenv("KRAFTSAMLA_CACHE", str(tmp_path / "cache"))
    server = start_server(tmp_path / "streamlit.log", str(DEMO_PACKAGE))
    yield server, fake, data
    stop_server(server.process)
    fake.stop()


def _start(page, screenshot=None) -> None:
    search = page.get_by_role("textbox", name="Sök kommun")
    search.fill("malm")
    search.press("Enter")
    start = page.get_by_role("button", name="Hämta data för Malmö")
    start.wait_for(timeout=30_000)
    assert page.get_by_text("omkring 105 frågor till SCB").count() == 1  # the plan
    if screenshot is not None:
        start.scroll_into_view_if_needed()
        page.screenshot(path=screenshot, full_page=True)
    start.click()


def test_progress_and_cancel(scb_app, page, screenshots):
    server, fake, data = scb_app
    page.goto(f"{server.url}/data")
    page.get_by_text("Hämta riktiga data från SCB").wait_for(timeout=60_000)
    _start(page, screenshots / "scb_fetch_plan.png")

    bar = page.locator("[data-testid='stProgress']")
    bar.wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"Hämtar tabell \d/6: .* \(del \d+/\d+\) – ungefär \d+ (s|min) kvar")
                     ).wait_for(timeout=60_000)
    page.screenshot(path=screenshots / "scb_fetch_progress.png", full_page=True)
    assert page.get_by_text("Sidan går att använda under tiden").count() == 1
    assert_no_exception(page)

    page.get_by_role("button", name="Avbryt hämtningen").click()
    page.get_by_text("Hämtningen avbröts. Inget skrevs").wait_for(timeout=30_000)
    page.screenshot(path=screenshots / "scb_fetch_cancelled.png", full_page=True)
    assert list(data.iterdir()) == []
    asked = len(fake.fake.requests)
    assert asked < 60  # it stopped before the end

    page.get_by_role("button", name="Stäng").click()
    page.get_by_role("button", name="Hämta data för Malmö").wait_for(timeout=30_000)
    assert_no_exception(page)
    # Fetching to the end and opening the package is covered by tests/test_scb_fetch_app.py.
