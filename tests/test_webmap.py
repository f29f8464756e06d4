"""Web maps: local Leaflet only, escaped tooltips, simplification without gaps."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from geo.simplify import simplify_for_web
from geo.webmap import (
    LEAFLET_VERSION,
    AreaLayer,
    area_geojson,
    area_geometry_layer,
    base_map,
    escape_text,
    outline_layer,
    restyle_layer,
)


@pytest.fixture
def grid() -> gpd.GeoDataFrame:
    """A 4 x 3 grid of 500 m squares in SWEREF 99 TM near Malmö."""
    x0, y0, size = 374_000, 6_164_000, 500
    cells = [box(x0 + i * size, y0 + j * size, x0 + (i + 1) * size, y0 + (j + 1) * size)
             for j in range(3) for i in range(4)]
    return gpd.GeoDataFrame(
        {"area_id": [f"A{n:02d}" for n in range(12)], "name": [f"Område {n}" for n in range(12)]},
        geometry=cells, crs="EPSG:3006")


def rendered(fmap) -> str:
    return fmap.get_root().render()


def test_map_loads_leaflet_from_the_project_and_nothing_from_cdns(grid):
    web = simplify_for_web(grid)
    fmap = base_map(web.total_bounds, "/app/static")
    area_geometry_layer(web).add_to(fmap)
    restyle_layer(pd.Series("#ff0000", index=web["area_id"]), [],
                  pd.DataFrame(index=web["area_id"]), "#cccccc").add_to(fmap)
    page = rendered(fmap)
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert f"/app/static/vendor/leaflet-{LEAFLET_VERSION}/leaflet.js" in sources
    assert all(src.startswith("/app/static/") for src in sources), sources
    assert "tile.openstreetmap" not in page  # tiles only when asked for


def test_tiles_are_optional(grid):
    web = simplify_for_web(grid)
    assert "tile.openstreetmap.org" in rendered(base_map(web.total_bounds, "/app/static", tiles=True))


def test_names_and_values_with_html_are_escaped_in_tooltips(grid):
    hostile = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>'
    web = simplify_for_web(grid.assign(name=[hostile, *grid["name"][1:]]))
    name = json.loads(area_geojson(web))["features"][0]["properties"]["name"]
    assert "<img" not in name
    assert name.startswith("&lt;img")
    group = restyle_layer(pd.Series({"A00": "#fff"}), ["UVAS <%>"],
                          pd.DataFrame({"v": [hostile]}, index=["A00"]), "#ccc")
    script = next(iter(group._children.values())).data_json
    assert "</script>" not in script  # nothing in the data can close the script element
    assert "<img" not in script
    assert "&lt;%&gt;" in script
    outline = outline_layer(grid.iloc[:1].assign(name=hostile), "name", "ref")
    assert "&lt;img" in outline.data["features"][0]["properties"]["name"]


def test_escape_text_handles_missing_values():
    assert list(escape_text(pd.Series(["a&b", None]))) == ["a&amp;b", ""]


def test_geometry_layer_needs_wgs84_and_sends_only_ids_and_names(grid):
    with pytest.raises(ValueError, match="4326"):
        area_geometry_layer(grid)
    features = json.loads(area_geojson(simplify_for_web(grid)))["features"]
    assert set(features[0]["properties"]) == {"area_id", "name"}


def test_the_geometry_can_be_fetched_instead_of_embedded(grid):
    web = simplify_for_web(grid)
    fmap = base_map(web.total_bounds, "/app/static")
    AreaLayer(url="/app/static/cache/abc.geojson").add_to(fmap)
    page = rendered(fmap)
    assert 'fetch("/app/static/cache/abc.geojson")' in page
    assert "coordinates" not in page  # the geometry is not in the page
    with pytest.raises(ValueError, match="exactly one"):
        AreaLayer()


def test_simplification_keeps_neighbours_glued_and_every_area(grid):
    # Jagged shared edges: the simplified layer must still be a coverage without gaps.
    jagged = grid.copy()
    jagged.geometry = shapely.segmentize(grid.geometry.to_numpy(), 20)
    web = simplify_for_web(jagged, tolerance_m=30)
    assert len(web) == len(grid)
    assert web.crs.to_epsg() == 4326
    assert not web.geometry.is_empty.any()
    assert bool(shapely.coverage_is_valid(shapely.set_precision(web.geometry.to_numpy(), 1e-5)))
    union_before = shapely.union_all(grid.to_crs(4326).geometry.to_numpy()).area
    union_after = shapely.union_all(web.geometry.to_numpy()).area
    assert union_after == pytest.approx(union_before, rel=1e-3)


def test_simplification_refuses_geographic_input(grid):
    with pytest.raises(ValueError, match="projected"):
        simplify_for_web(grid.to_crs(4326))


def test_the_web_map_scale_is_in_kilometres_only():
    from geo.webmap import base_map

    html = base_map((13.0, 55.5, 13.1, 55.6), "/app/static").get_root().render()
    assert "L.control.scale({imperial: false, metric: true})" in html
    assert html.count("L.control.scale(") == 1
