"""Steps the browser tests share."""

from __future__ import annotations

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


def block_outside_hosts(page) -> list[str]:
    """Abort every request that leaves loopback, as a city network blocking CDNs would.

    Returns the list the blocked addresses are appended to.
    """
    seen: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            seen.append(url)
            route.abort()

    page.route("**/*", handle)
    return seen


def map_polygons(page, timeout: int = 30_000):
    """The Leaflet polygons (SVG paths) drawn in the page's map, once the map has been coloured."""
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=timeout)
    map_frame(page).wait_for_function("() => (window.kraftsamlaRepaints || 0) >= 1",
                                      timeout=timeout)
    return page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive")


def repaints(page) -> int:
    """How many times the map has been coloured since it was built."""
    return map_frame(page).evaluate("() => window.kraftsamlaRepaints || 0")


def wait_for_repaint(page, after: int, timeout: int = 30_000) -> None:
    map_frame(page).wait_for_function("(n) => (window.kraftsamlaRepaints || 0) > n", arg=after,
                                      timeout=timeout)


def assert_no_exception(page) -> None:
    """No Streamlit exception box and no dialog (e.g. "Page not found") over the page."""
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[role='dialog']").count() == 0


def map_frame(page):
    """The Playwright Frame of the map's iframe (for evaluating scripts inside it)."""
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    raise AssertionError("no map iframe in the page")


def polygon_fills(page) -> list[str]:
    return map_frame(page).evaluate(
        "() => Array.from(document.querySelectorAll('path.leaflet-interactive'))"
        ".map(p => p.getAttribute('fill'))")


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label``."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.locator("[data-baseweb='select'], [role='combobox']").first.click()
    page.get_by_role("option", name=option).first.click()


def wait_until_idle(page, timeout: int = 90_000) -> None:
    """Wait until the script run has finished (Streamlit's "running" status widget is gone)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=timeout)
