"""Checks on area geometries before they are used: polygons only, valid, with a CRS, in Sweden.

Pure functions on GeoDataFrames. Each returns new objects and a list of `Problem` naming the feature
(0-based index) in Swedish and English; nothing here reads files or raises for bad data.
"""

from __future__ import annotations

import warnings

import numpy as np
import shapely
from geopandas import GeoDataFrame, GeoSeries
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.errors import GEOSException

from model.problems import Problem, Severity

#: Every area must lie within this longitude range (WGS84 degrees) ...
SWEDEN_LON = (10.5, 24.5)
#: ... and this latitude range.
SWEDEN_LAT = (55.0, 69.5)
#: The CRS area layers are stored and measured in (SWEREF 99 TM).
STORAGE_CRS = "EPSG:3006"

_POLYGON = int(shapely.GeometryType.POLYGON)
_MULTIPOLYGON = int(shapely.GeometryType.MULTIPOLYGON)
_COLLECTION = int(shapely.GeometryType.GEOMETRYCOLLECTION)


def polygonal_part(geometry: shapely.Geometry | None) -> shapely.Geometry | None:
    """The polygons of a geometry (a collection's polygon members merged), or None if there are none.

    >>> polygonal_part(shapely.box(0, 0, 1, 1)).geom_type
    'Polygon'
    """
    if geometry is None or geometry.is_empty:
        return None
    type_id = shapely.get_type_id(geometry)
    if type_id in (_POLYGON, _MULTIPOLYGON):
        return geometry
    if type_id != _COLLECTION:
        return None
    polygons = []
    for part in shapely.get_parts(geometry):
        part_type = shapely.get_type_id(part)
        if part_type == _POLYGON and not part.is_empty:
            polygons.append(part)
        elif part_type in (_MULTIPOLYGON, _COLLECTION):
            inner = polygonal_part(part)
            if inner is not None:
                polygons.extend(shapely.get_parts(inner))
    if not polygons:
        return None
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _is_valid(geometry: shapely.Geometry) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow on absurd coordinates
        try:
            return bool(shapely.is_valid(geometry))
        except GEOSException:
            return False


def _repair(geometry: shapely.Geometry) -> tuple[str, shapely.Geometry | None]:
    """Why the geometry is invalid, and its polygonal repair (None when GEOS cannot repair it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            reason = str(shapely.is_valid_reason(geometry))
        except GEOSException:
            reason = "?"
        try:
            repaired = shapely.make_valid(geometry, method="structure", keep_collapsed=False)
        except GEOSException:
            return reason, None
    return reason, polygonal_part(repaired)


def repair_geometries(geometries: GeoSeries, file: str) -> tuple[GeoSeries, list[Problem]]:
    """Make every geometry a valid, two-dimensional polygon or multipolygon.

    Invalid polygons are repaired with ``shapely.make_valid`` (a warning names the feature and
    ``shapely.is_valid_reason``); collections keep their polygon members (with a warning). Empty,
    missing and non-polygonal geometries, and those whose repair leaves no area, are errors.

    Returns
    -------
    The repaired geometries (same index; None where refused) and the problems.
    """
    values = shapely.force_2d(np.asarray(geometries.values, dtype=object))
    out = values.copy()
    problems: list[Problem] = []
    for position, geometry in enumerate(values):
        if geometry is None or geometry.is_empty:
            problems.append(Problem(
                file, "Objektet saknar geometri (tom).", "The feature has no geometry (empty).",
                feature=position,
            ))
            out[position] = None
            continue
        type_id = int(shapely.get_type_id(geometry))
        name = geometry.geom_type
        if type_id not in (_POLYGON, _MULTIPOLYGON, _COLLECTION):
            problems.append(Problem(
                file,
                f"Objektet är av typen {name}; områden måste vara polygoner.",
                f"The feature is a {name}; areas must be polygons.",
                feature=position,
            ))
            out[position] = None
            continue
        fixed = geometry
        if type_id == _COLLECTION:
            fixed = polygonal_part(geometry)
            if fixed is None:
                problems.append(Problem(
                    file,
                    "Objektet är en GeometryCollection utan polygoner; områden måste vara polygoner.",
                    "The feature is a GeometryCollection without polygons; areas must be polygons.",
                    feature=position,
                ))
                out[position] = None
                continue
            problems.append(Problem(
                file,
                "Objektet är en GeometryCollection; bara dess polygoner används.",
                "The feature is a GeometryCollection; only its polygons are used.",
                feature=position, severity=Severity.WARNING,
            ))
        if not _is_valid(fixed):
            reason, repaired = _repair(fixed)
            if repaired is None or repaired.area == 0 or not _is_valid(repaired):
                problems.append(Problem(
                    file,
                    f"Geometrin är ogiltig ({reason}) och kan inte lagas till en polygon.",
                    f"The geometry is invalid ({reason}) and cannot be repaired into a polygon.",
                    feature=position,
                ))
                out[position] = None
                continue
            problems.append(Problem(
                file,
                f"Geometrin var ogiltig ({reason}) och lagades automatiskt (make_valid). "
                "Kontrollera området på kartan.",
                f"The geometry was invalid ({reason}) and was repaired automatically (make_valid). "
                "Check the area on the map.",
                feature=position, severity=Severity.WARNING,
            ))
            fixed = repaired
        out[position] = fixed
    return GeoSeries(out, index=geometries.index, crs=geometries.crs), problems


def _looks_like(bounds: np.ndarray) -> tuple[str, str]:
    """What unreferenced coordinates look like, for the missing-CRS message (sv, en)."""
    xmin, ymin, xmax, ymax = bounds
    if not np.all(np.isfinite(bounds)):
        return "", ""
    if (SWEDEN_LON[0] <= xmin <= xmax <= SWEDEN_LON[1]
            and SWEDEN_LAT[0] <= ymin <= ymax <= SWEDEN_LAT[1]):
        return (" Koordinaterna ser ut som grader i WGS84 (EPSG:4326).",
                " The coordinates look like WGS84 degrees (EPSG:4326).")
    if 200_000 <= xmin <= xmax <= 1_000_000 and 6_000_000 <= ymin <= ymax <= 7_800_000:
        return (" Koordinaterna ser ut som meter i SWEREF 99 TM (EPSG:3006).",
                " The coordinates look like metres in SWEREF 99 TM (EPSG:3006).")
    if 0 <= xmin <= xmax < 250_000 and 6_000_000 <= ymin <= ymax <= 7_800_000:
        return (" Koordinaterna ser ut som meter i en lokal SWEREF 99-zon (t.ex. EPSG:3008 för "
                "Malmö).",
                " The coordinates look like metres in a local SWEREF 99 zone (e.g. EPSG:3008 for "
                "Malmö).")
    return "", ""


def crs_problems(gdf: GeoDataFrame, file: str, hint_sv: str = "", hint_en: str = "") -> list[Problem]:
    """An error when the layer has no coordinate reference system, guessing what it may be."""
    if gdf.crs is not None:
        return []
    bounds = np.asarray(gdf.geometry.total_bounds, dtype=float)
    looks_sv, looks_en = _looks_like(bounds)
    return [Problem(
        file,
        "Koordinatsystem (CRS) saknas, så områdena kan inte placeras på kartan." + looks_sv
        + (hint_sv or " Exportera filen igen med koordinatsystemet angivet."),
        "The coordinate reference system (CRS) is missing, so the areas cannot be placed on the "
        "map." + looks_en + (hint_en or " Export the file again with its CRS."),
    )]


def _inside_sweden(bounds: np.ndarray) -> np.ndarray:
    """Per feature: do bounds (n x 4: lon/lat min, max) lie within Sweden's box?"""
    with np.errstate(invalid="ignore"):
        return (
            np.all(np.isfinite(bounds), axis=1)
            & (bounds[:, 0] >= SWEDEN_LON[0]) & (bounds[:, 2] <= SWEDEN_LON[1])
            & (bounds[:, 1] >= SWEDEN_LAT[0]) & (bounds[:, 3] <= SWEDEN_LAT[1])
        )


def _wgs84_bounds(geometries: GeoSeries) -> np.ndarray:
    try:
        return np.asarray(geometries.to_crs("EPSG:4326").bounds, dtype=float)
    except Exception:  # pyproj refuses some garbage coordinates; they are simply not in Sweden
        return np.full((len(geometries), 4), np.nan)


def _swap_xy(geometries: GeoSeries) -> GeoSeries:
    swapped = shapely.transform(np.asarray(geometries.values, dtype=object),
                                lambda xy: xy[:, ::-1])
    return GeoSeries(swapped, index=geometries.index, crs=geometries.crs)


def _extent_text(bounds: np.ndarray) -> str:
    """``lon a–b, lat c–d`` over the finite rows of per-feature bounds."""
    finite = bounds[np.all(np.isfinite(bounds), axis=1)]
    if finite.size == 0:
        return "–"
    xmin, ymin = finite[:, 0].min(), finite[:, 1].min()
    xmax, ymax = finite[:, 2].max(), finite[:, 3].max()
    return f"lon {_degrees(xmin)}–{_degrees(xmax)}, lat {_degrees(ymin)}–{_degrees(ymax)}"


def _degrees(value: float) -> str:
    """A coordinate for a message: two decimals, or three significant digits when it is absurd
    (a 1e308 coordinate must not become a 309-digit number in the text)."""
    return f"{value:.2f}" if abs(value) < 1e4 else f"{value:.3g}"


def location_problems(geometries: GeoSeries, file: str) -> list[Problem]:
    """Errors for features outside Sweden (lon 10.5-24.5, lat 55.0-69.5 in WGS84).

    When no feature is in Sweden but all would be with x and y exchanged, one problem says that
    latitude and longitude seem swapped; when a geographic CRS carries metre-sized numbers, one
    problem says the CRS is wrong (GeoJSON without ``crs`` is always WGS84).
    """
    present = geometries[geometries.notna()]
    if present.empty or geometries.crs is None:
        return []
    bounds = _wgs84_bounds(present)
    inside = _inside_sweden(bounds)
    if inside.all():
        return []
    crs: CRS = geometries.crs
    if not inside.any():
        if _inside_sweden(_wgs84_bounds(_swap_xy(present))).all():
            axes_sv = "latitud och longitud" if crs.is_geographic else "x och y (nord och öst)"
            axes_en = "latitude and longitude" if crs.is_geographic else "x and y (north and east)"
            return [Problem(
                file,
                f"Områdena hamnar utanför Sverige: {axes_sv} verkar ha bytt plats. Byt ordning på "
                "koordinaterna och exportera filen igen.",
                f"The areas fall outside Sweden: {axes_en} seem to have been swapped. Swap the "
                "coordinates and export the file again.",
            )]
        raw = np.asarray(present.total_bounds, dtype=float)
        if crs.is_geographic and np.all(np.isfinite(raw)) and np.abs(raw).max() > 180:
            looks_sv, looks_en = _looks_like(raw)
            return [Problem(
                file,
                f"Filen anger grader ({crs.name}) men koordinaterna är meterstora tal.{looks_sv} "
                "GeoJSON utan 'crs' räknas alltid som WGS84; exportera i EPSG:4326 eller ange rätt "
                "koordinatsystem.",
                f"The file says degrees ({crs.name}) but the coordinates are metre-sized "
                f"numbers.{looks_en} GeoJSON without 'crs' is always WGS84; export in EPSG:4326 or "
                "state the right CRS.",
            )]
        where = _extent_text(bounds)
        return [Problem(
            file,
            f"Inget område ligger i Sverige ({where} i WGS84). Kontrollera koordinatsystemet.",
            f"No area lies in Sweden ({where} in WGS84). Check the coordinate reference system.",
        )]
    problems = []
    for position, ok, (xmin, ymin, xmax, ymax) in zip(
            np.flatnonzero(geometries.notna().to_numpy()), inside, bounds, strict=True):
        if ok:
            continue
        where = _extent_text(np.array([[xmin, ymin, xmax, ymax]]))
        problems.append(Problem(
            file,
            f"Objektet ligger utanför Sverige ({where} i WGS84). Kontrollera koordinatsystemet.",
            f"The feature lies outside Sweden ({where} in WGS84). Check the coordinate reference "
            "system.",
            feature=int(position),
        ))
    return problems


def parse_crs(text: object) -> CRS | None:
    """A CRS from a name such as ``EPSG:3006`` or ``urn:ogc:def:crs:OGC:1.3:CRS84``, or None."""
    try:
        return CRS.from_user_input(text)
    except (CRSError, TypeError, ValueError):
        return None


def validate_area_geometries(
    geometries: GeoSeries, file: str, missing_crs_hint: tuple[str, str] = ("", ""),
) -> tuple[GeoSeries | None, list[Problem]]:
    """Repair, check the CRS and location, and transform to SWEREF 99 TM (`STORAGE_CRS`).

    Parameters
    ----------
    geometries : one geometry per feature, with the file's CRS (or none).
    file : the file's name for problems.
    missing_crs_hint : Swedish and English advice shown when the CRS is missing (e.g. "add the
        .prj file").

    Returns
    -------
    Geometries in EPSG:3006 (None where a feature was refused; None altogether when the CRS is
    missing or the areas lie outside Sweden) and the problems.
    """
    repaired, problems = repair_geometries(geometries, file)
    missing = crs_problems(GeoDataFrame(geometry=repaired), file, *missing_crs_hint)
    if missing:
        return None, problems + missing
    placed = location_problems(repaired, file)
    if placed:
        return None, problems + placed
    return repaired.to_crs(STORAGE_CRS), problems
