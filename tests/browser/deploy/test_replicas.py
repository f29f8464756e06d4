"""Two replicas behind nginx share saved scenarios, and a browser survives losing its replica.

See ``conftest.py`` for how the deployment is put together without Docker.
"""

from __future__ import annotations

import shutil
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from persistence import open_store
from tests.browser.conftest import start_server
from tests.browser.deploy.conftest import REPLICA_HEADER, ROUTE_COOKIE, replica_of
from tests.browser.helpers import (
    assert_no_exception,
    choose,
    map_frame,
    map_polygons,
    repaints,
    wait_until_idle,
)

pytestmark = pytest.mark.browser


def test_the_proxy_pins_a_browser_and_gives_a_new_one_a_route(deployment):
    with urllib.request.urlopen(f"{deployment.proxy.url}/_stcore/health", timeout=10) as response:
        route = [c for c in response.headers.get_all("Set-Cookie") if c.startswith(f"{ROUTE_COOKIE}=")]
        assert len(route) == 1
        assert "HttpOnly" in route[0]
        assert response.headers[REPLICA_HEADER] in deployment.replicas
    for address, route in deployment.routes.items():
        assert {replica_of(deployment.proxy.url, route) for _ in range(5)} == {address}
    request = urllib.request.Request(f"{deployment.proxy.url}/_stcore/health",
                                     headers={"Cookie": f"{ROUTE_COOKIE}=route-0"})
    with urllib.request.urlopen(request, timeout=10) as response:
        # A browser that has a route keeps it.
        assert not [c for c in response.headers.get_all("Set-Cookie") or []
                    if c.startswith(f"{ROUTE_COOKIE}=")]


def _served_by(page, url: str) -> str:
    return page.request.get(f"{url}/_stcore/health").headers[REPLICA_HEADER]


def _preset_names(page, expect: str, timeout: float = 30) -> list[str]:
    """The weight presets in the sidebar, looked at until ``expect`` is there (a page that has just
    reconnected may still be drawing its sidebar)."""
    deadline = time.monotonic() + timeout
    while True:
        box = page.locator("[data-testid='stSelectbox']").filter(has_text="Förval av vikter").first
        box.locator("[data-baseweb='select'], [role='combobox']").first.click()
        names = page.get_by_role("option").all_inner_texts()
        page.keyboard.press("Escape")
        if expect in names or time.monotonic() > deadline:
            return names
        page.wait_for_timeout(1000)


def _move_weight(page, timeout: float = 60) -> None:
    """Move the first weight and wait until the map is repainted, retrying while the page
    reconnects (Streamlit disables widgets until its websocket is back, and a new session on
    another replica builds the map anew)."""
    deadline = time.monotonic() + timeout
    key = "Home"
    while True:
        try:
            count = repaints(page)
            slider = page.get_by_role("slider").first
            slider.focus()
            slider.press(key)
            map_frame(page).wait_for_function("(n) => (window.kraftsamlaRepaints || 0) > n",
                                              arg=count, timeout=8_000)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            page.wait_for_timeout(1000)
            key = "End" if key == "Home" else "Home"


def _state_name(page, person: str) -> None:
    """Type ``person`` into the sidebar's "Ditt namn" (local mode: who saves)."""
    field = page.get_by_role("textbox", name="Ditt namn")
    field.fill(person)
    field.press("Enter")
    wait_until_idle(page)


def _save_scenario(page, name: str) -> None:
    field = page.get_by_role("textbox", name="Spara nuvarande val som")
    field.fill(name)
    field.press("Enter")
    wait_until_idle(page)
    page.get_by_role("button", name="Spara scenario").click()
    wait_until_idle(page)


def _geometry_fetched(page, timeout: float, other_than: str | None = None) -> str:
    """The URL of the area GeoJSON a map on the page drew (not ``other_than``), once drawn."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" not in frame.url:
                continue
            try:
                url = frame.evaluate(
                    "() => Object.keys(window.kraftsamlaAreas || {}).length > 0 && performance"
                    ".getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.geojson'))"
                    ".pop()")
            except Exception:  # the frame is being replaced
                continue
            if url and url != other_than:
                return url
        page.wait_for_timeout(500)  # not time.sleep: Playwright learns of new frames while it waits
    seen = []
    for frame in page.frames:
        try:
            seen.append((frame.url[-60:], frame.evaluate(
                "() => [Object.keys(window.kraftsamlaAreas || {}).length, "
                "performance.getEntriesByType('resource').map(e => e.name.slice(-40))]")))
        except Exception as exc:
            seen.append((frame.url[-60:], str(exc)[:80]))
    page.screenshot(path=Path("test-artifacts") / "deploy-no-map.png")
    raise AssertionError(f"no map drew its areas: {seen}")


def test_replicas_share_a_saved_scenario_and_a_browser_moves_when_its_replica_dies(
        deployment, pinned_pages, tmp_path, screenshots):
    url = deployment.proxy.url
    (a, page_a), (b, page_b) = pinned_pages.items()
    page_a.goto(f"{url}/omradesval")
    map_polygons(page_a, timeout=60_000)
    assert _served_by(page_a, url) == a
    name = f"Delad plan {uuid.uuid4().hex[:6]}"
    _state_name(page_a, "Anna")  # local mode: who saves is the name stated in the sidebar
    _save_scenario(page_a, name)
    page_a.get_by_text("syns för alla").wait_for(timeout=30_000)

    page_b.goto(f"{url}/omradesval")
    _geometry_fetched(page_b, timeout=60)  # two maps now: the saved scenario is compared
    assert _served_by(page_b, url) == b
    assert name in _preset_names(page_b, name)  # saved through replica a, read through replica b

    # A stale save is refused across replicas: b is asked whether to replace version 1, meanwhile a
    # changes a weight and replaces it through replica a; b's "Ersätt" is then refused with a's
    # scenario shown beside b's, and nothing of b's is written.
    _state_name(page_b, "Bo")
    _save_scenario(page_b, name)
    page_b.get_by_role("button", name="Ersätt", exact=True).wait_for(timeout=30_000)
    _move_weight(page_a)
    _save_scenario(page_a, name)
    page_a.get_by_role("button", name="Ersätt", exact=True).click()
    page_a.get_by_text("är ersatt").wait_for(timeout=30_000)
    page_b.get_by_role("button", name="Ersätt", exact=True).click()
    page_b.get_by_text("efter att du fick frågan").wait_for(timeout=30_000)
    # The table's column header (the data grid keeps it in the DOM, not visible to Playwright).
    page_b.get_by_text("Sparat nu (av Anna").first.wait_for(state="attached", timeout=30_000)
    saved = open_store(deployment.database_url).get_scenario("demo", name)
    assert (saved.version, saved.updated_by) == (2, "Anna")
    page_b.screenshot(path=screenshots / "deploy-stale-save-refused.png", full_page=True)
    page_b.get_by_role("button", name="Avbryt").click()

    # Replica a goes away: its browser's websocket reconnects through nginx to b, which reruns the
    # page from the widget values the browser holds; the saved scenario is still there.
    deployment.stop_replica(a)
    assert _served_by(page_a, url) == b
    _move_weight(page_a)
    assert name in _preset_names(page_a, name)
    assert_no_exception(page_a)

    # Replica a comes back with a fresh disk (a new container): page a's route cookie hashes there
    # again while its session lives on b. Drawing another level fetches geometry that only b has
    # written, and a has not even registered the map component (no script has run there yet);
    # nginx asks b after a's 404s, and the map is drawn.
    fresh = deployment.replicas[a]
    copy = fresh.log.parent / "app"
    shutil.rmtree(copy / "static" / "cache")
    port = int(a.rsplit(":", 1)[1])
    restarted = start_server(fresh.log, app=copy / "app.py", port=port,
                             env={"KRAFTSAMLA_DATABASE_URL": deployment.database_url,
                                  "STREAMLIT_SERVER_COOKIE_SECRET": deployment.cookie_secret},
                             args=["--server.fileWatcherType", "none"])
    deployment.replicas[a] = restarted
    deadline = time.monotonic() + 30
    while _served_by(page_a, url) != a and time.monotonic() < deadline:  # nginx's fail_timeout
        time.sleep(1)
    assert _served_by(page_a, url) == a
    before = _geometry_fetched(page_a, timeout=10)
    choose(page_a, "Områdesnivå", "Stadsdel")
    geometry = _geometry_fetched(page_a, timeout=60, other_than=before)
    response = page_a.request.get(geometry)
    assert response.ok
    assert response.headers[REPLICA_HEADER].split(", ")[-1] == b  # a had no such file; b had
    page_a.screenshot(path=screenshots / "deploy-after-failover.png")
    assert_no_exception(page_a)
