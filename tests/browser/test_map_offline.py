"""The Översikt map draws in a real browser with no internet: Leaflet comes from the project."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def block_outside_hosts(page, seen: list[str]) -> None:
    """Abort every request that leaves loopback, as a city network blocking CDNs would."""

    def handle(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            seen.append(url)
            route.abort()

    page.route("**/*", handle)


def test_overview_map_draws_polygons_offline(streamlit_server, page, screenshots):
    outside: list[str] = []
    block_outside_hosts(page, outside)
    page.goto(f"{streamlit_server.url}/oversikt")
    page.wait_for_selector("text=Teckenförklaring", timeout=30_000)
    frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
    paths = frame.locator("path.leaflet-interactive")
    paths.first.wait_for(timeout=30_000)
    n_paths = paths.count()
    page.wait_for_timeout(500)
    page.screenshot(path=screenshots / "oversikt.png", full_page=False)
    assert n_paths >= 150, f"only {n_paths} polygons drawn"
    assert page.locator("[data-testid='stException']").count() == 0
    assert outside == [], f"the page tried to reach outside hosts: {outside}"


@pytest.mark.real_data
def test_real_malmo_package_maps_deso_offline(malmo_server, page, screenshots):
    outside: list[str] = []
    block_outside_hosts(page, outside)
    page.goto(f"{malmo_server.url}/oversikt?level=deso&year=2024&indicator=lag_inkomststandard")
    page.wait_for_selector("text=Teckenförklaring", timeout=30_000)
    frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
    paths = frame.locator("path.leaflet-interactive")
    paths.first.wait_for(timeout=30_000)
    assert paths.count() == 209
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Källa: SCB" in main
    assert "Demodata" not in main
    page.wait_for_timeout(500)
    page.screenshot(path=screenshots / "oversikt_malmo_deso.png")
    assert outside == []
