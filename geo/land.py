"""Areas as they are drawn: clipped to the land, so the sea is not painted as part of the city.

SCB's DeSO and RegSO polygons reach out into Öresund and over the harbour basins; a choropleth of them
fills the sea with the darkest class and shrinks the built-up city to a patch in the middle. Maps draw
the areas clipped to a land outline and fit their view to it. Contiguity, areal interpolation and every
other calculation keep using the whole areas: this is for drawing only.
"""

from __future__ import annotations

import geopandas as gpd
import shapely


def clip_to_land(areas: gpd.GeoDataFrame, land: gpd.GeoSeries | None) -> gpd.GeoDataFrame:
    """A copy of ``areas`` whose geometries are cut to ``land`` (same index, columns and CRS).

    An area with no land at all keeps its whole geometry, so no area ever disappears from a map.
    ``land`` None returns an unchanged copy.

    Raises
    ------
    ValueError
        When ``areas`` and ``land`` are not in the same projected CRS.
    """
    if land is None or len(land) == 0:
        return areas.copy()
    if areas.crs is None or not areas.crs.is_projected:
        raise ValueError("areas must be in a projected CRS in metres (EPSG:3006)")
    if land.crs != areas.crs:
        raise ValueError(f"land is in {land.crs}, areas in {areas.crs}; reproject one of them")
    outline = shapely.union_all(shapely.make_valid(land.to_numpy()))
    shapely.prepare(outline)
    geoms = shapely.make_valid(areas.geometry.to_numpy())
    clipped = shapely.intersection(geoms, outline)
    # Keep polygons only: an edge shared with the coast can leave stray lines or points.
    clipped = _polygonal(clipped)
    empty = shapely.is_empty(clipped) | (shapely.area(clipped) <= 0)
    clipped[empty] = geoms[empty]
    return areas.set_geometry(gpd.GeoSeries(clipped, index=areas.index, crs=areas.crs))


def _polygonal(geoms):
    """The polygonal part of each geometry (collections from an intersection keep only polygons)."""
    out = geoms.copy()
    mixed = shapely.get_type_id(out) == 7  # GeometryCollection
    for i in mixed.nonzero()[0]:
        parts = [p for p in shapely.get_parts(out[i]) if shapely.get_type_id(p) in (3, 6)]
        out[i] = shapely.union_all(parts) if parts else shapely.Polygon()
    return out
