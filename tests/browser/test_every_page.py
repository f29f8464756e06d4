"""Every page in a real browser: it loads with no exception box or dialog; two people working at once
never see each other's choices."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_no_exception, block_outside_hosts

pytestmark = pytest.mark.browser
PAGES = {
    "": "Översikt", "omradesval": "Områdesval", "robusthet": "Robusthet",
    "uppfoljning": "Uppföljning",
    "insatser": "Insatser", "data": "Data och import", "mote": "UVAS mot målen 2030 och 2035",
}


@pytest.mark.parametrize("path", list(PAGES))
def test_page_loads_without_errors_or_outside_requests(streamlit_server, page, screenshots, path):
    outside = block_outside_hosts(page)
    page.goto(f"{streamlit_server.url}/{path}")
    page.get_by_role("heading", name=PAGES[path]).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # let charts and maps finish drawing
    page.screenshot(path=screenshots / f"page_{path or 'oversikt'}.png")
    assert_no_exception(page)
    assert outside == []


def test_two_sessions_keep_their_own_weights(streamlit_server, browser):
    first = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    second = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    for page in (first, second):
        page.goto(f"{streamlit_server.url}/omradesval")
        page.get_by_role("slider").first.wait_for(timeout=60_000)
    slider = first.get_by_role("slider").first
    slider.focus()
    slider.press("Home")  # the first person sets Behörighet to 0
    first.wait_for_function("() => window.location.href.includes('behorighet_yrkesprogram%3A0%2C')"
                            " || window.location.href.includes('behorighet_yrkesprogram:0,')",
                            timeout=20_000)
    # The second person works on: their page still shows (and links to) their own weights.
    second.get_by_role("slider").nth(1).focus()
    second.get_by_role("slider").nth(1).press("Home")  # Trångboddhet to 0
    second.wait_for_function("() => window.location.href.includes('trangboddhet%3A0%2C')",
                             timeout=20_000)
    assert "behorighet_yrkesprogram%3A1%2C" in second.url
    assert "trangboddhet%3A1%2C" in first.url
    assert "behorighet_yrkesprogram%3A0%2C" in first.url
    first.context.close()
    second.context.close()


def test_a_printed_page_leaves_the_sidebar_out_and_uses_the_full_width(streamlit_server, page,
                                                                      screenshots):
    page.goto(f"{streamlit_server.url}/uppfoljning")
    page.get_by_role("heading", name="Uppföljning").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    page.emulate_media(media="print")
    assert page.locator("[data-testid='stSidebar']").is_hidden()
    main = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
    assert main["width"] >= 0.95 * page.viewport_size["width"]
    page.pdf(path=str(screenshots / "print_uppfoljning.pdf"), format="A4", landscape=True,
             print_background=True)
