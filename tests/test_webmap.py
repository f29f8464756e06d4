"""Web maps: local Leaflet only, escaped tooltips, simplification without gaps."""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from geo.simplify import simplify_for_web
from geo.webmap import (
    LEAFLET_VERSION,
    TooltipField,
    base_map,
    choropleth_layer,
    escape_text,
    outline_layer,
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
    web = simplify_for_web(grid).assign(fill="#ff0000")
    fmap = base_map(web.total_bounds, "/app/static")
    choropleth_layer(web, "fill", [TooltipField("name", "Område")]).add_to(fmap)
    page = rendered(fmap)
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert f"/app/static/vendor/leaflet-{LEAFLET_VERSION}/leaflet.js" in sources
    assert all(src.startswith("/app/static/") for src in sources), sources
    assert "tile.openstreetmap" not in page  # tiles only when asked for


def test_tiles_are_optional(grid):
    web = simplify_for_web(grid)
    assert "tile.openstreetmap.org" in rendered(base_map(web.total_bounds, "/app/static", tiles=True))


def test_names_with_html_are_escaped_in_tooltips(grid):
    hostile = grid.assign(name=['<img src=x onerror="alert(1)">', *grid["name"][1:]])
    web = simplify_for_web(hostile).assign(fill="#ffffff")
    layer = choropleth_layer(web, "fill", [TooltipField("name", "Område")])
    assert "<img" not in layer.data["features"][0]["properties"]["name"]
    assert "&lt;img" in layer.data["features"][0]["properties"]["name"]
    outline = outline_layer(hostile.iloc[:1], "name", "ref")
    assert "&lt;img" in outline.data["features"][0]["properties"]["name"]


def test_escape_text_handles_missing_values():
    assert list(escape_text(pd.Series(["a&b", None]))) == ["a&amp;b", ""]


def test_choropleth_needs_wgs84_and_its_columns(grid):
    with pytest.raises(ValueError, match="4326"):
        choropleth_layer(grid.assign(fill="#fff"), "fill", [])
    with pytest.raises(ValueError, match="fill"):
        choropleth_layer(grid.to_crs(4326), "fill", [])


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
