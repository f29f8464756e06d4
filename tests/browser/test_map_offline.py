"""The Översikt map draws in a real browser with no internet: Leaflet comes from the project."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_no_exception, block_outside_hosts, map_polygons

pytestmark = pytest.mark.browser


def test_overview_map_draws_every_demo_area_offline(streamlit_server, page, screenshots):
    outside = block_outside_hosts(page)
    page.goto(f"{streamlit_server.url}/oversikt")
    polygons = map_polygons(page)
    page.wait_for_timeout(500)
    page.screenshot(path=screenshots / "oversikt.png")
    assert polygons.count() == 200
    assert_no_exception(page)
    assert outside == [], f"the page tried to reach outside hosts: {outside}"


@pytest.mark.real_data
def test_real_malmo_package_maps_deso_offline(malmo_server, page, screenshots):
    outside = block_outside_hosts(page)
    page.goto(f"{malmo_server.url}/oversikt?level=deso&year=2024&indicator=lag_inkomststandard")
    polygons = map_polygons(page)
    assert polygons.count() == 209
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Källa: SCB" in main
    assert "Demodata" not in main
    page.wait_for_timeout(500)
    page.screenshot(path=screenshots / "oversikt_malmo_deso.png")
    assert_no_exception(page)
    assert outside == []
