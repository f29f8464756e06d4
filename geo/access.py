"""Access to everyday places: how much of an area's land lies near a playground, a park, a library…

One pure function, `land_share_within`, answers "what share of this area's land is within *d* metres of
any of these places?" for every area of a layer at once. It works on projected coordinates in metres
(EPSG:3006 in this project); distances are straight lines, not walking routes.

Pure: GeoDataFrames and plain parameters in, a new Series out; no I/O, never imports streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

#: Segments per quarter circle of a buffer. A buffer is a polygon inscribed in the circle; with 16
#: segments per quarter (64 in all) its area is 0.16 % smaller than the circle's, (64/2π)·sin(2π/64).
QUAD_SEGMENTS = 16
_POLYGONAL = ("Polygon", "MultiPolygon")


class AccessInputError(ValueError):
    """The inputs cannot be used. ``code`` names the reason, ``params`` what it concerns.

    Codes: ``not_geodataframe``, ``no_crs``, ``not_metres``, ``crs_mismatch``, ``not_polygons``,
    ``missing_geometry``, ``bad_distance``, ``bad_min_known``, ``bad_land``, ``bad_unsurveyed``.
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params: Mapping[str, Any] = params


def _check_frame(frame: object, name: str) -> gpd.GeoDataFrame:
    if not isinstance(frame, gpd.GeoDataFrame):
        raise AccessInputError("not_geodataframe", f"{name} must be a GeoDataFrame, got "
                               f"{type(frame).__name__}", parameter=name)
    geometry = frame.geometry.name
    if frame.crs is None:
        raise AccessInputError("no_crs", f"{name} has no CRS; give it a projected CRS in metres, "
                               "e.g. EPSG:3006", parameter=name, column=geometry)
    if not _in_metres(frame.crs):
        raise AccessInputError("not_metres", f"{name} is in {frame.crs.to_string()}, not a projected "
                               "CRS in metres; reproject it (e.g. to EPSG:3006) first",
                               parameter=name, column=geometry, crs=frame.crs.to_string())
    empty = frame.geometry.isna() | frame.geometry.is_empty
    if empty.any():
        raise AccessInputError("missing_geometry", f"{name} row {frame.index[empty][0]!r} has no "
                               f"geometry in column {geometry!r}", parameter=name, column=geometry,
                               row=frame.index[empty][0])
    return frame


def _in_metres(crs: CRS) -> bool:
    if not crs.is_projected:
        return False
    units = {axis.unit_name.lower() for axis in crs.axis_info}
    return bool(units) and units <= {"metre", "meter", "m"}


def _polygonal_geometry(value: object, crs: CRS, name: str, allow_empty: bool = False
                        ) -> shapely.Geometry | None:
    """``value`` (land or the unsurveyed region) as one polygonal geometry in ``crs``; None stays
    None. ``allow_empty``: an empty geometry (nothing unsurveyed) is fine."""
    if value is None:
        return None
    if isinstance(value, gpd.GeoDataFrame):
        value = value.geometry
    if isinstance(value, gpd.GeoSeries):
        if value.crs is None or not CRS.from_user_input(value.crs).equals(crs):
            raise AccessInputError("crs_mismatch", f"{name} is in {value.crs}, the areas in "
                                   f"{crs.to_string()}; reproject one of them", parameter=name)
        geometry = shapely.union_all(shapely.make_valid(value.dropna().to_numpy()))
    elif isinstance(value, shapely.Geometry):
        geometry = shapely.make_valid(value)
    else:
        raise AccessInputError(f"bad_{name}", f"{name} must be None, a shapely geometry, a GeoSeries "
                               f"or a GeoDataFrame, got {type(value).__name__}", parameter=name)
    polygonal = [g for g in shapely.get_parts(geometry) if g.geom_type in _POLYGONAL]
    if not polygonal and allow_empty and geometry.is_empty:
        return None
    if not polygonal:
        raise AccessInputError(f"bad_{name}", f"{name} holds no polygon", parameter=name)
    return shapely.union_all(polygonal)


Geometry = shapely.Geometry | gpd.GeoSeries | gpd.GeoDataFrame
SHARE, KNOWN = "share", "known"


def land_share_within(areas: gpd.GeoDataFrame, points: gpd.GeoDataFrame, distance_m: float,
                      land: Geometry | None = None, *, unsurveyed: Geometry | None = None,
                      min_known: float = 0.5, quad_segs: int = QUAD_SEGMENTS) -> pd.Series:
    """Share of each area's land that lies within ``distance_m`` metres of any of ``points``.

    The ``share`` column of `land_access_table`; see there for the formula, parameters and errors.
    """
    table = land_access_table(areas, points, distance_m, land, unsurveyed=unsurveyed,
                              min_known=min_known, quad_segs=quad_segs)
    return table[SHARE].rename("land_share_within")


def land_access_table(areas: gpd.GeoDataFrame, points: gpd.GeoDataFrame, distance_m: float,
                      land: Geometry | None = None, *, unsurveyed: Geometry | None = None,
                      min_known: float = 0.5, quad_segs: int = QUAD_SEGMENTS) -> pd.DataFrame:
    """Share of each area's land within ``distance_m`` metres of any of ``points``, and how much of
    the land the places can tell about.

    For area *a* with land part L_a = A_a ∩ land (the whole area when ``land`` is None), places
    p_1 … p_n and their reach R = ⋃ᵢ buffer(p_i, d)::

        share_a = 100 · area(L_a ∩ R) / area(K_a)

    where K_a is the part of the land about which the places can tell. Without ``unsurveyed`` that is
    all of L_a. With U, the region where a place would count but was not looked for (e.g. the part of
    the kommun outside the box an OSM extract was taken in), land within d of U is unknown unless a
    place already reaches it: K_a = L_a ∖ (buffer(U, d) ∖ R). An area whose known part is less than
    ``min_known`` of its land gets NaN, never a 0 % that only means "not in the data".

    Straight-line distance in the layers' CRS; buffers are polygons of ``4 · quad_segs`` sides
    inscribed in the circle (area 0.16 % below the circle's at 16 segments a quarter). Places may
    also be lines or polygons (a park's outline): then the distance is from their nearest edge.

    Parameters
    ----------
    areas : polygons, in a projected CRS in metres (e.g. EPSG:3006).
    points : the places, in the same CRS. Places outside the areas count too (a playground across a
        boundary serves both sides); clip them first to leave them out. No places: every share is 0.
    distance_m : the distance d, metres, finite and > 0.
    land : the land to count (e.g. the city's land outline, so that sea inside an area's boundary is
        not counted); a geometry in the areas' CRS, or a GeoSeries/GeoDataFrame in that CRS whose
        geometries are united. None counts the whole area.
    unsurveyed : where places would count but were not looked for, in the areas' CRS; None = nowhere.
    min_known : the smallest known part of an area's land (0–1) for it to get a share.
    quad_segs : segments per quarter circle of each buffer.

    Returns
    -------
    pd.DataFrame
        Indexed like ``areas``: ``share``, percent 0–100, higher = more of the land is near a place
        (higher is better), NaN for an area with no land or with too little of it known; ``known``,
        100 · area(K_a) / area(L_a), percent of the land the places tell about (NaN without land).

    Raises
    ------
    AccessInputError
        (a ValueError) naming the parameter and column: not a GeoDataFrame, no CRS or not a projected
        CRS in metres, CRS of ``points``, ``land`` or ``unsurveyed`` differing from the areas', an
        area that is not a polygon, a missing geometry, a distance that is not a finite positive
        number, ``min_known`` outside 0–1, or land that holds no polygon.
    """
    areas = _check_frame(areas, "areas")
    points = _check_frame(points, "points")
    crs = CRS.from_user_input(areas.crs)
    if not CRS.from_user_input(points.crs).equals(crs):
        raise AccessInputError("crs_mismatch", f"points are in {points.crs}, the areas in "
                               f"{crs.to_string()}; reproject the points", parameter="points",
                               column=points.geometry.name)
    polygonal = areas.geom_type.isin(_POLYGONAL)
    if not polygonal.all():
        raise AccessInputError("not_polygons", f"areas row {areas.index[~polygonal][0]!r} is a "
                               f"{areas.geom_type[~polygonal].iloc[0]}, not a polygon",
                               parameter="areas", column=areas.geometry.name,
                               row=areas.index[~polygonal][0])
    if not _is_number(distance_m) or distance_m <= 0:
        raise AccessInputError("bad_distance", f"distance_m must be a finite number of metres > 0, "
                               f"got {distance_m!r}", parameter="distance_m", value=distance_m)
    if not _is_number(min_known) or not 0 <= min_known <= 1:
        raise AccessInputError("bad_min_known", f"min_known must be a number in 0–1, got "
                               f"{min_known!r}", parameter="min_known", value=min_known)
    land_geometry = _polygonal_geometry(land, crs, "land")
    unsurveyed_geometry = _polygonal_geometry(unsurveyed, crs, "unsurveyed", allow_empty=True)

    d = float(distance_m)
    geoms = shapely.make_valid(areas.geometry.to_numpy())
    land_parts = geoms if land_geometry is None else shapely.intersection(geoms, land_geometry)
    land_area = shapely.area(land_parts)
    bounds = tuple(shapely.total_bounds(land_parts)) if len(areas) else (0.0, 0.0, 0.0, 0.0)
    reach = _reach_pieces(points.geometry.to_numpy(), d, quad_segs, bounds)
    covered = _area_within(land_parts, reach)
    if unsurveyed_geometry is None or unsurveyed_geometry.is_empty:
        known_area = land_area
    else:  # unknown: land within d of the unsurveyed ground that no place reaches
        near_gap = shapely.intersection(land_parts, unsurveyed_geometry.buffer(d, quad_segs=quad_segs))
        known_area = land_area - (shapely.area(near_gap) - _area_within(near_gap, reach))
    known_area = np.clip(known_area, 0.0, land_area)
    enough = (land_area > 0) & (known_area > 0) & (known_area >= min_known * land_area - 1e-9)
    share = np.divide(100.0 * covered, known_area, out=np.full(len(areas), np.nan), where=enough)
    known = np.divide(100.0 * known_area, land_area, out=np.full(len(areas), np.nan),
                      where=land_area > 0)
    return pd.DataFrame({SHARE: np.clip(share, 0.0, 100.0), KNOWN: known}, index=areas.index)


def _reach_pieces(places: np.ndarray, d: float, quad_segs: int,
                  bounds: tuple[float, float, float, float]) -> np.ndarray:
    """The land within d of any place, cut into disjoint square tiles 4·d wide over ``bounds``.

    One union of every buffer grows with the whole city and makes each area's intersection with it
    slow; uniting per area repeats the work where places are dense. Tiles bound both: the buffers
    touching a tile are united along the rows of a padded table (`shapely.union_all` with ``axis``,
    one call) and clipped to the tile, so the pieces never overlap and areas can sum them.
    """
    if not len(places) or not np.all(np.isfinite(bounds)):  # no places, or no land at all
        return np.array([], dtype=object)
    buffers = shapely.buffer(places, d, quad_segs=quad_segs)
    x0, y0, x1, y1 = bounds
    size = 4.0 * d
    cols, rows = max(1, math.ceil((x1 - x0) / size)), max(1, math.ceil((y1 - y0) / size))
    ix, iy = (a.ravel() for a in np.meshgrid(np.arange(cols), np.arange(rows)))
    tiles = shapely.box(x0 + ix * size, y0 + iy * size, x0 + (ix + 1) * size, y0 + (iy + 1) * size)
    tile_idx, buffer_idx = shapely.STRtree(buffers).query(tiles, predicate="intersects")
    if not len(tile_idx):
        return np.array([], dtype=object)
    order = np.lexsort((buffer_idx, tile_idx))
    tile_idx, buffer_idx = tile_idx[order], buffer_idx[order]
    counts = np.bincount(tile_idx, minlength=len(tiles))
    position = np.arange(len(tile_idx)) - np.repeat(np.cumsum(counts) - counts, counts)
    table = np.full((len(tiles), int(counts.max())), None, dtype=object)
    table[tile_idx, position] = buffers[buffer_idx]
    pieces = shapely.intersection(shapely.union_all(table, axis=1), tiles)
    return pieces[~(pd.isna(pieces) | shapely.is_empty(pieces))]


def _area_within(parts: np.ndarray, pieces: np.ndarray) -> np.ndarray:
    """Per part, the area it shares with the (disjoint) pieces: Σ area(part ∩ piece)."""
    if not len(pieces) or not len(parts):
        return np.zeros(len(parts))
    part_idx, piece_idx = shapely.STRtree(pieces).query(parts, predicate="intersects")
    shared = shapely.area(shapely.intersection(parts[part_idx], pieces[piece_idx]))
    return np.bincount(part_idx, weights=shared, minlength=len(parts))


def _is_number(value: object) -> bool:
    return (not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))
            and math.isfinite(value))
