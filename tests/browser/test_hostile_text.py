"""People's text is shown as text on every page, in a real browser.

A store is seeded with an insats, a board, an indicator, a reported value and a shared scenario whose
names and notes are written to break out of Streamlit's markdown: links, images, raw HTML, formulas and
colour directives pointing at an outside host. Every page is opened; none may request that host, draw
a link or an image to it, or run a script, and the typed text must be readable as typed.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import start_server, stop_server
from tests.browser.helpers import assert_no_exception, block_outside_hosts

pytestmark = pytest.mark.browser

EVIL = "evil.example"
HOSTILE = (f"**Fet** [klick](http://{EVIL}/l) ![bild](http://{EVIL}/i.png) "
           f"<img src=x onerror=\"window.pwned=1\"> $x^2$ :red[röd] www.{EVIL} a@{EVIL}")
PAGES = {"": "Översikt", "omradesval": "Områdesval", "robusthet": "Robusthet",
         "uppfoljning": "Uppföljning", "insatser": "Insatser", "data": "Data och import",
         "mote": "UVAS mot målen 2030 och 2035"}


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from indicators.scenario import Scenario
    from persistence import Insats, InsatsIndicator, ReportedValue, open_store

    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'kraftsamla.sqlite'}"
    store = open_store(url)
    board = store.add_board(f"Nämnd {HOSTILE}"[:120])
    insats = store.save_insats(Insats("demo", f"Insats {HOSTILE}"[:200], board.name_sv, "smaomrade",
                                      ("K0001", "K0002"), 2024, 1e6, f"Beskrivning {HOSTILE}"),
                               user=f"Person {HOSTILE}"[:100])
    indicator = store.save_indicator(InsatsIndicator(insats.id, f"Indikator {HOSTILE}"[:200]),
                                     user="Anna")
    store.report_value(ReportedValue(indicator.id, 2025, 12.5, note=f"Not {HOSTILE}"), user="Anna")
    store.save_scenario("demo", Scenario("smaomrade", 2025, (
        ("behorighet_yrkesprogram", 1.0), ("trangboddhet", 1.0), ("ekonomiskt_bistand", 1.0),
        ("lag_inkomststandard", 1.0)), name=f"Scenario {HOSTILE}"[:120]), user="Anna")
    server = start_server(folder / "streamlit.log", env={"KRAFTSAMLA_DATABASE_URL": url})
    yield server
    stop_server(server.process)


@pytest.mark.parametrize("path", list(PAGES))
def test_peoples_text_stays_text_on_every_page(hostile_server, page, screenshots, path):
    outside = block_outside_hosts(page)
    page.goto(f"{hostile_server.url}/{path}")
    try:
        page.get_by_role("heading", name=PAGES[path]).first.wait_for(timeout=120_000)
    finally:
        page.screenshot(path=screenshots / f"hostile_{path or 'oversikt'}.png", full_page=True)
    page.wait_for_timeout(2000)
    if path == "insatser":
        # Shown as typed somewhere a person reads it (the data grid's own cells are hidden behind its canvas).
        page.get_by_text("**Fet**", exact=False).filter(visible=True).first.wait_for(timeout=30_000)
    page.screenshot(path=screenshots / f"hostile_{path or 'oversikt'}.png", full_page=True)
    assert_no_exception(page)
    assert outside == []
    assert page.locator(f"a[href*='{EVIL}']").count() == 0
    assert page.locator(f"img[src*='{EVIL}']").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("() => window.pwned === undefined")
    assert page.locator(".katex").filter(has_text="x2").count() == 0  # no formula drawn
