"""Områdesval in a real browser: moving a weight repaints the same map and changes the ranking."""

from __future__ import annotations

import time

import pytest

from tests.browser.helpers import assert_no_exception, map_frame, map_polygons, polygon_fills

pytestmark = pytest.mark.browser


def test_moving_a_weight_repaints_the_map_in_place(streamlit_server, page, screenshots):
    page.goto(f"{streamlit_server.url}/omradesval")
    polygons = map_polygons(page)
    assert polygons.count() >= 200  # the areas, plus the outlines of the proposed areas
    frame = map_frame(page)
    frame.evaluate("() => { window.kraftsamlaMarker = 'same map'; }")
    before = polygon_fills(page)
    url_before = page.url
    figures_before = page.locator("[data-testid='stMetric']").all_inner_texts()
    thumb = page.get_by_role("slider").first  # Behörighet till yrkesprogram
    thumb.focus()
    started = time.perf_counter()
    thumb.press("Home")  # weight 1.00 -> 0.00
    frame.wait_for_function(
        "(before) => Array.from(document.querySelectorAll('path.leaflet-interactive'))"
        ".map(p => p.getAttribute('fill')).join() !== before.join()", arg=before, timeout=20_000)
    elapsed = time.perf_counter() - started
    print(f"\nslider release -> map repainted: {elapsed:.2f} s")
    assert map_frame(page).evaluate("() => window.kraftsamlaMarker") == "same map"
    assert polygon_fills(page) != before
    page.wait_for_function("(u) => window.location.href !== u", arg=url_before, timeout=10_000)
    assert "behorighet_yrkesprogram%3A0" in page.url or "behorighet_yrkesprogram:0" in page.url
    # The proposal follows: the share of young people covered by the selected areas changes.
    page.wait_for_function(
        "(b) => Array.from(document.querySelectorAll(\"[data-testid='stMetric']\"))"
        ".map(e => e.innerText).join('|') !== b.join('|')", arg=figures_before, timeout=20_000)
    page.screenshot(path=screenshots / "omradesval.png")
    assert_no_exception(page)
