"""The real Malmö package in a real browser, opened with its defaults as a new user would.

Every page opens on data (no empty grey map), the maps are coloured for most areas, the map view is the
city on land, and an exported index map is a valid image.
"""

from __future__ import annotations

import io

import pytest

from tests.browser.helpers import (
    MAP_FRAME,
    assert_no_exception,
    block_outside_hosts,
    map_polygons,
    polygon_fills,
    wait_until_idle,
)

pytestmark = [pytest.mark.browser, pytest.mark.real_data]
NO_DATA = "#d9d9d9"
PAGES = {"": "Översikt", "omradesval": "Områdesval", "robusthet": "Robusthet",
         "uppfoljning": "Uppföljning", "insatser": "Insatser", "data": "Data och import",
         "mote": "UVAS mot målen 2030 och 2035"}


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_opens_on_malmo_with_its_defaults(malmo_server, page, screenshots, path):
    outside = block_outside_hosts(page)
    page.goto(f"{malmo_server.url}/{path}")
    page.get_by_role("heading", name=PAGES[path]).first.wait_for(timeout=90_000)
    if path in ("", "omradesval"):
        fills = None
        polygons = map_polygons(page, timeout=90_000)
        fills = polygon_fills(page)
        coloured = sum(1 for f in fills if f and f.lower() not in (NO_DATA, "#eeeeee"))
        assert coloured >= 0.8 * polygons.count(), (path, coloured, polygons.count())
    wait_until_idle(page)
    page.screenshot(path=screenshots / f"malmo_{path or 'oversikt'}.png", full_page=True)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Källa: SCB" in main + page.locator("[data-testid='stSidebar']").inner_text()
    assert "Inget område har något av de viktade indikatorerna" not in main
    assert "Trångboddhet 25 %" not in main  # absent per area: never given a share
    assert_no_exception(page)
    assert outside == []


def test_the_malmo_map_is_fitted_to_the_land(malmo_server, page):
    page.goto(f"{malmo_server.url}/?level=deso")
    map_polygons(page, timeout=90_000)
    frame = page.frame_locator(MAP_FRAME)
    # The polygons fill the map's width: the view is the city on land, not Öresund around it.
    box = frame.locator(".leaflet-container").bounding_box()
    drawn = frame.locator(".leaflet-overlay-pane svg, .leaflet-kraftsamlaAreas-pane svg").first
    area_box = drawn.bounding_box()
    assert area_box["width"] >= 0.6 * box["width"] or area_box["height"] >= 0.6 * box["height"]


def test_the_index_map_downloads_as_an_image(malmo_server, page):
    from PIL import Image

    page.goto(f"{malmo_server.url}/omradesval")
    map_polygons(page, timeout=90_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Ladda ner kartan").click()
    image = Image.open(io.BytesIO(download.value.path().read_bytes()))
    assert image.width >= 2000
