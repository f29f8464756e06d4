"""Exports in a real browser: the map image downloads and is a valid, large PNG with its legend."""

from __future__ import annotations

import pytest
from matplotlib import image as mpimg

from tests.browser.helpers import assert_no_exception, map_polygons

pytestmark = pytest.mark.browser


def test_map_png_download_is_a_valid_image(streamlit_server, page, screenshots, tmp_path):
    page.goto(f"{streamlit_server.url}/")
    map_polygons(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Ladda ner kartan").first.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = mpimg.imread(path)
    assert pixels.shape[1] >= 2000
    (screenshots / "export_oversikt.png").write_bytes(path.read_bytes())
    assert_no_exception(page)
