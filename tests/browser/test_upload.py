"""Uploading a city's own files in a real browser: refused files change nothing, accepted ones map,
and HTML in an area name stays text (no script runs, the page title and DOM stay as they were)."""

from __future__ import annotations

import pytest

from datapackage.catalog import DEMO_PACKAGE
from datapackage.store import read_package
from tests.browser.helpers import MAP_FRAME, assert_no_exception, map_polygons

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=\"document.title='pwned';window.__pwned=1\">Norra <b>Hamnen</b>"


@pytest.fixture(scope="module")
def upload_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("upload")
    areas = read_package(DEMO_PACKAGE).areas["stadsdel"].head(3).to_crs(4326)
    areas = areas.assign(name=[HOSTILE, *areas["name"].iloc[1:]])[["area_id", "name", "geometry"]]
    geojson = folder / "egna_omraden.geojson"
    geojson.write_text(areas.to_json(), encoding="utf-8")
    ids = list(areas["area_id"])
    good = folder / "uvas_egna.csv"
    good.write_bytes(("område;år;UVAS\n" + "".join(
        f"{i};2024;{v}\n" for i, v in zip(ids, ["7,5", "12,25", ".."], strict=True))
    ).encode("cp1252"))
    bad = folder / "trasig.csv"
    bad.write_bytes(f"area_id;år;uvas\n{ids[0]};2024;sju\n{ids[1]};2024;140\n".encode("cp1252"))
    return {"geojson": geojson, "good": good, "bad": bad}


def open_data_page(page, server):
    page.goto(f"{server.url}/data")
    page.get_by_text("Importera egna filer").wait_for(timeout=30_000)


def choose_files(page, paths):
    # The page has two uploaders (own files, and survey answers): use the one for own files.
    uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="Välj filer")
    uploader.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [str(p) for p in paths])
    for p in paths:
        page.get_by_text(p.name).first.wait_for(timeout=15_000)
    page.get_by_role("button", name="Kontrollera filerna").click()


def test_a_refused_upload_names_the_problems_and_keeps_the_loaded_data(
        streamlit_server, page, screenshots, upload_files):
    open_data_page(page, streamlit_server)
    choose_files(page, [upload_files["geojson"], upload_files["bad"]])
    page.get_by_text("Filerna kunde inte tas emot").wait_for(timeout=30_000)
    page.get_by_text("trasig.csv, rad 3").wait_for(timeout=10_000)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "trasig.csv, rad 2, kolumn 'uvas'" in body
    assert "trasig.csv, rad 3, kolumn 'uvas'" in body
    page.screenshot(path=screenshots / "upload_refused.png", full_page=True)
    assert "Demodata – fiktiv stad" in page.locator("[data-testid='stSidebar']").inner_text()
    assert "package=demo" in page.url
    assert page.get_by_role("button", name="Använd de uppladdade data").count() == 0
    assert_no_exception(page)


def test_accepted_upload_maps_and_html_in_names_stays_text(
        streamlit_server, page, screenshots, upload_files):
    open_data_page(page, streamlit_server)
    title_before = page.title()
    choose_files(page, [upload_files["geojson"], upload_files["good"]])
    try:
        page.get_by_text("Filerna är godkända").wait_for(timeout=30_000)
    finally:
        page.screenshot(path=screenshots / "upload_checked.png", full_page=True)
    page.get_by_role("button", name="Använd de uppladdade data").click()
    page.get_by_text("De uppladdade data används nu").wait_for(timeout=30_000)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Översikt").click()
    polygons = map_polygons(page)
    frame = page.frame_locator(MAP_FRAME)
    assert polygons.count() == 3
    polygons.nth(0).hover(force=True)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert "<img src=x" in tooltip.inner_text()  # shown as text, not parsed as HTML
    assert tooltip.locator("img").count() == 0
    page.screenshot(path=screenshots / "upload_accepted_map.png")
    assert page.title() == title_before
    assert page.evaluate("() => window.__pwned") is None
    assert frame.locator("img[src='x']").count() == 0
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "2 / 3" in main  # areas with a value: the third was suppressed ("..") in the upload
    assert "2024" in page.url
    assert_no_exception(page)


def test_an_upload_is_labelled_as_the_visitors_own(streamlit_server, page, upload_files):
    open_data_page(page, streamlit_server)
    choose_files(page, [upload_files["geojson"], upload_files["good"]])
    page.get_by_text("Filerna är godkända och märks").wait_for(timeout=30_000)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Egen uppladdning: egna_omraden.geojson, uvas_egna.csv" in main
    assert "Allt godkändes" not in main  # one result per check
    page.get_by_role("button", name="Använd de uppladdade data").click()
    page.get_by_text("De uppladdade data används nu").wait_for(timeout=30_000)
    assert "level=egna_omraden" in page.url  # a clean id for "Egna områden"
    page.locator("[data-testid='stSidebarNav'] a", has_text="Översikt").click()
    map_polygons(page)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Egen uppladdning" in main
    assert "Verkliga data" not in main
    # A whole-city figure is the package's own city value, or says it covers only the uploaded areas.
    assert "Hela staden" in main or "Bara de 2 uppladdade områdena med värde" in main
    assert "Beräknat från 2 områden" not in main
    assert_no_exception(page)


def test_two_visitors_uploads_never_mix(streamlit_server, browser, tmp_path, upload_files):
    """Both upload their own areas under the default level name; each sees only their own."""
    demo = read_package(DEMO_PACKAGE).areas["stadsdel"].to_crs(4326)
    files = {}
    for who, rows in (("anna", demo.iloc[:3]), ("bo", demo.iloc[3:8])):
        path = tmp_path / f"{who}.geojson"
        named = rows.assign(name=[f"{who.title()} {i}" for i in range(len(rows))])
        path.write_text(named[["area_id", "name", "geometry"]].to_json(), encoding="utf-8")
        files[who] = path
    pages = {}
    for who in files:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pages[who] = context.new_page()
    for who, visitor in pages.items():
        open_data_page(visitor, streamlit_server)
        choose_files(visitor, [files[who]])
        visitor.get_by_text("Filerna är godkända").wait_for(timeout=30_000)
        visitor.get_by_role("button", name="Använd de uppladdade data").click()
        visitor.get_by_text("De uppladdade data används nu").wait_for(timeout=30_000)
    for who, visitor in pages.items():
        visitor.locator("[data-testid='stSidebarNav'] a", has_text="Områdesval").click()
        visitor.get_by_text("Rangordning").first.wait_for(timeout=60_000)
        assert_no_exception(visitor)
        visitor.locator("[data-testid='stSidebarNav'] a", has_text="Översikt").click()
        polygons = map_polygons(visitor)
        assert polygons.count() == {"anna": 3, "bo": 5}[who]
        main = visitor.locator("[data-testid='stMain']").inner_text()
        other = "bo" if who == "anna" else "anna"
        assert f"Egen uppladdning: {who}.geojson" in main
        assert f"{other}.geojson" not in main
        visitor.context.close()
