"""The Översikt map draws in a real browser with no internet: Leaflet comes from the project."""

from __future__ import annotations

import pytest

from tests.browser.helpers import (
    assert_no_exception,
    block_outside_hosts,
    choose,
    map_frame,
    map_polygons,
    polygon_fills,
)

pytestmark = pytest.mark.browser


def test_overview_map_draws_every_demo_area_offline(streamlit_server, page, screenshots):
    outside = block_outside_hosts(page)
    page.goto(f"{streamlit_server.url}/")
    polygons = map_polygons(page)
    page.wait_for_timeout(500)
    page.screenshot(path=screenshots / "oversikt.png")
    assert polygons.count() == 200
    assert_no_exception(page)
    assert outside == [], f"the page tried to reach outside hosts: {outside}"


@pytest.mark.real_data
def test_real_malmo_package_maps_deso_offline(malmo_server, page, screenshots):
    outside = block_outside_hosts(page)
    page.goto(f"{malmo_server.url}/?level=deso&year=2024&indicator=lag_inkomststandard")
    polygons = map_polygons(page)
    assert polygons.count() == 209
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Källa: SCB" in main
    assert "Demodata" not in main
    page.wait_for_timeout(500)
    page.screenshot(path=screenshots / "oversikt_malmo_deso.png")
    assert_no_exception(page)
    assert outside == []


def test_changing_the_indicator_repaints_the_same_map_in_place(streamlit_server, page):
    page.goto(f"{streamlit_server.url}/")
    map_polygons(page)
    frame = map_frame(page)
    frame.evaluate("() => { window.kraftsamlaMarker = 'same map'; }")
    before = polygon_fills(page)
    choose(page, "Indikator", "Trångboddhet")
    frame.wait_for_function(
        "(before) => { const now = Array.from(document.querySelectorAll("
        "'path.leaflet-interactive')).map(p => p.getAttribute('fill'));"
        " return now.join() !== before.join(); }", arg=before, timeout=20_000)
    # The iframe was not rebuilt: the marker set in its window is still there.
    assert map_frame(page).evaluate("() => window.kraftsamlaMarker") == "same map"
    after = polygon_fills(page)
    assert len(after) == len(before) == 200
    assert after != before
    assert_no_exception(page)
