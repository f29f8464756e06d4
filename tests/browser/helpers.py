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
    """The Leaflet polygons drawn in the page's map, once the first has been drawn."""
    page.get_by_text("Teckenförklaring").wait_for(timeout=timeout)
    polygons = page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive")
    polygons.first.wait_for(timeout=timeout)
    return polygons


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
