"""Insats kinds and participation in a real browser: the kinds map is drawn and coloured by the kinds
present, and Uppföljning shows the participation summary (screenshots of both)."""

from __future__ import annotations

import pytest

from datapackage.catalog import discover_packages
from datapackage.demo_insatser import demo_insatser
from datapackage.store import read_package
from persistence import Insats, open_store, sqlite_url
from tests.browser.conftest import start_server, stop_server
from tests.browser.helpers import MAP_FRAME, assert_no_exception, block_outside_hosts
from ui.insats_kinds import OVERLAP_COLOURS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seeded_server(tmp_path_factory):
    """The app on the demo with the demo's example insatser in its own database."""
    folder = tmp_path_factory.mktemp("part_server")
    url = sqlite_url(folder / "kraftsamla.sqlite")
    ref = next(r for r in discover_packages() if r.key == "demo")
    package = read_package(ref.path)
    store = open_store(url)
    ids = list(package.areas_at(package.manifest.example_insatser[0].level)["area_id"])
    for data in demo_insatser(package.manifest, ids):
        store.save_insats(Insats.from_dict({**data, "package_key": "demo"}), user="demo")
    store.close()
    server = start_server(folder / "streamlit.log", env={"KRAFTSAMLA_DATABASE_URL": url})
    yield server
    stop_server(server.process)


def test_kinds_map_and_participation_summary(seeded_server, page, screenshots):
    outside = block_outside_hosts(page)
    page.goto(f"{seeded_server.url}/insatser")
    heading = page.get_by_role("heading", name="Var typerna av insatser möts")
    heading.wait_for(timeout=90_000)
    handle = page.locator(MAP_FRAME).last
    handle.scroll_into_view_if_needed()
    frame = handle.element_handle().content_frame()
    frame.wait_for_function("() => (window.kraftsamlaRepaints || 0) >= 1", timeout=60_000)
    fills = frame.evaluate("() => Array.from(document.querySelectorAll('path.leaflet-interactive'))"
                           ".map(p => p.getAttribute('fill'))")
    assert OVERLAP_COLOURS["kraftsamlande+local_development"] in fills
    assert OVERLAP_COLOURS["kraftsamlande+core_mission"] in fills
    assert OVERLAP_COLOURS["none"] in fills
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    assert_no_exception(page)
    page.screenshot(path=screenshots / "insatser_kinds_map.png")

    page.goto(f"{seeded_server.url}/uppfoljning")
    summary = page.get_by_role("heading", name="Ungas delaktighet i insatserna")
    summary.wait_for(timeout=90_000)
    summary.scroll_into_view_if_needed()
    table = page.locator("[data-testid='stTable']").last
    table.wait_for(timeout=30_000)
    table.scroll_into_view_if_needed()
    assert "färre än 5" in table.inner_text()
    assert "Hela kraftsamlingen" in table.inner_text()
    page.wait_for_timeout(800)
    assert_no_exception(page)
    page.screenshot(path=screenshots / "uppfoljning_participation.png")
    assert outside == []
