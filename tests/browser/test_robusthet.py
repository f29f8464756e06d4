"""Robusthet in a real browser: the selection-probability, hot-spot and region maps are all drawn,
coloured, and repainted in place when the floor of young people moves."""

from __future__ import annotations

import pytest

from tests.browser.helpers import MAP_FRAME, assert_no_exception, block_outside_hosts

pytestmark = pytest.mark.browser
HOT, COLD = "#d7301f", "#2171b5"
BOTH, RULE_ONLY, REGIONS_ONLY = "#253494", "#41b6c4", "#fd8d3c"


def fills(frame) -> list[str]:
    return frame.evaluate("() => Array.from(document.querySelectorAll('path.leaflet-interactive'))"
                          ".map(p => p.getAttribute('fill'))")


def map_frames(page, count: int):
    """The first ``count`` map iframes (in page order), once each has been coloured."""
    page.wait_for_function(
        f"() => document.querySelectorAll(\"{MAP_FRAME}\").length >= {count}", timeout=60_000)
    frames = []
    for k in range(count):
        handle = page.locator(MAP_FRAME).nth(k)
        handle.scroll_into_view_if_needed()
        frame = handle.element_handle().content_frame()
        frame.wait_for_function("() => (window.kraftsamlaRepaints || 0) >= 1", timeout=60_000)
        frames.append(frame)
    return frames


def test_probability_hot_spot_and_region_maps(streamlit_server, page, screenshots):
    outside = block_outside_hosts(page)
    page.goto(f"{streamlit_server.url}/robusthet")
    page.get_by_role("heading", name="Heta och kalla områden").wait_for(timeout=60_000)
    _probability, hot, regions = map_frames(page, 3)
    hot_fills = fills(hot)
    assert len(hot_fills) == 200  # every area of the demo's finest level
    assert HOT in hot_fills
    assert COLD in hot_fills
    region_fills = fills(regions)
    assert BOTH in region_fills
    # The proposed regions are outlined (black, solid) on top of the areas.
    assert regions.locator("path[stroke='#000000']").count() >= 1
    # ... and stay on top of the areas however late the areas' geometry arrives.
    assert regions.locator(".leaflet-overlay-pane path[stroke='#000000']").count() >= 1
    assert regions.evaluate(
        "() => document.querySelector('.leaflet-kraftsamlaAreas-pane').style.zIndex") == "350"
    page.get_by_role("heading", name="Heta och kalla områden").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=screenshots / "robusthet_hot_spots.png")
    page.get_by_role("heading", name="Regioner i stället för enskilda områden").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=screenshots / "robusthet_regions.png")

    # A higher floor: fewer, larger regions; the same map iframe is repainted, not rebuilt.
    regions.evaluate("() => { window.__marker = 1; }")
    before = regions.evaluate("() => window.kraftsamlaRepaints")
    slider = page.get_by_role("slider", name="Minst antal unga per region")
    slider.focus()
    slider.press("End")
    regions.wait_for_function("(n) => window.kraftsamlaRepaints > n", arg=before, timeout=30_000)
    assert regions.evaluate("() => window.__marker") == 1
    page.wait_for_timeout(500)
    assert_no_exception(page)
    page.screenshot(path=screenshots / "robusthet_regions_floor2000.png", full_page=True)
    assert outside == []
