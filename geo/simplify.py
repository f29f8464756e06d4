"""Geometries made light for the web map without opening gaps between neighbours.

Area layers are stored in EPSG:3006. For the browser they are simplified as a *coverage* (shared edges are
simplified once, so neighbours stay glued), transformed to WGS84 and snapped to a 1e-5 degree grid (about
1 m), which keeps the GeoJSON small.
"""

from __future__ import annotations

import geopandas as gpd
import shapely

WEB_CRS = "EPSG:4326"
WGS84_GRID = 1e-5


def simplify_for_web(areas: gpd.GeoDataFrame, tolerance_m: float = 15.0) -> gpd.GeoDataFrame:
    """Return a WGS84 copy of ``areas`` simplified as a coverage with tolerance ``tolerance_m`` metres.

    Layers that are not a clean coverage (e.g. SCB's coarse DeSO polygons, which overlap slightly) are
    cleaned first with `shapely.coverage_clean`; if that fails, each polygon is simplified on its own
    with topology preserved, which can leave hairline slivers but never drops an area.
    """
    if areas.crs is None or not areas.crs.is_projected:
        raise ValueError("areas must be in a projected CRS in metres (EPSG:3006)")
    original = shapely.make_valid(areas.geometry.to_numpy())
    geoms = original
    try:
        if not bool(shapely.coverage_is_valid(geoms)):
            geoms = shapely.coverage_clean(geoms)
        simplified = shapely.coverage_simplify(geoms, tolerance_m, simplify_boundary=True)
    except shapely.errors.GEOSException:
        simplified = shapely.simplify(geoms, tolerance_m, preserve_topology=True)
    # Keep the original where simplification emptied a small polygon.
    empty = shapely.is_empty(simplified)
    simplified[empty] = original[empty]
    out = areas.copy()
    out = out.set_geometry(gpd.GeoSeries(simplified, index=areas.index, crs=areas.crs))
    out = out.to_crs(WEB_CRS)
    out.geometry = shapely.set_precision(out.geometry.to_numpy(), WGS84_GRID, mode="pointwise")
    return out
