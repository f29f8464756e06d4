"""DeSO and RegSO boundaries from SCB's open geodata (GeoServer WFS), cut to one kommun.

The source is data (`BoundaryLayer`): a URL, a layer and its attribute names, so tests (or a
mirror) can serve the same request from elsewhere. The request asks for GeoJSON in SWEREF 99 TM
(EPSG:3006) with a filter on ``kommunkod``; the answer is checked (the code attribute, polygons,
coordinates that lie in Sweden in EPSG:3006 – swapped axes are put right) and returned in EPSG:3006.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from datapackage.store import STORAGE_CRS
from model.problems import ImportRefused, Problem

WFS_URL = "https://geodata.scb.se/geoserver/stat/wfs"
# SWEREF 99 TM coordinates of Sweden (with a margin): easting, northing.
_EASTING = (180_000.0, 1_000_000.0)
_NORTHING = (6_050_000.0, 7_800_000.0)


@dataclass(frozen=True)
class BoundaryLayer:
    """One WFS layer: where it is and which attributes hold the code, name and parent code."""

    level: str
    layer: str
    code_field: str
    name_field: str | None = None
    parent_field: str | None = None
    kommun_field: str = "kommunkod"
    url: str = WFS_URL

    def params(self, kommun: str) -> dict[str, str]:
        return {
            "service": "WFS",
            "version": "1.1.0",
            "request": "GetFeature",
            "typeName": self.layer,
            "outputFormat": "application/json",
            "srsName": STORAGE_CRS,
            "CQL_FILTER": f"{self.kommun_field}='{kommun}'",
        }

    @property
    def where(self) -> str:
        return f"SCB geodata {self.layer}"


DESO_2025 = BoundaryLayer("deso", "stat:DeSO_2025", "desokod", None, "regsokod")
REGSO_2025 = BoundaryLayer("regso", "stat:RegSO_2025", "regsokod", "regsonamn")
#: The boundary vintage these layers have; region codes with this suffix in SCB's tables
#: (``_DeSO2025``, ``_RegSO2025``) are the current division.
BOUNDARY_VINTAGE = "2025"


def read_boundaries(content: bytes, layer: BoundaryLayer, kommun: str) -> gpd.GeoDataFrame:
    """Parse a WFS answer (GeoJSON or GeoPackage bytes) into polygons in EPSG:3006.

    Raises
    ------
    ImportRefused
        When the answer cannot be read, has no features for the kommun, lacks the code attribute,
        or holds anything but polygons.
    """
    def refuse(sv: str, en: str, column: str | None = None) -> ImportRefused:
        return ImportRefused([Problem(layer.where, sv, en, column=column)])

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            gdf = gpd.read_file(io.BytesIO(content), engine="pyogrio")
    except Exception as exc:  # pyogrio raises several error types for unreadable data
        head = content[:120].decode("utf-8", "replace").strip()
        raise refuse(f"Svaret kunde inte läsas som geodata ({type(exc).__name__}): {head!r}",
                     f"The answer could not be read as geodata ({type(exc).__name__}): {head!r}"
                     ) from None
    if gdf.empty:
        raise refuse(f"Inga områden för kommunen {kommun} i lagret.",
                     f"No areas for kommun {kommun} in the layer.", layer.kommun_field)
    if layer.code_field not in gdf.columns:
        raise refuse("Attributet med områdeskoden saknas.", "The attribute with the area code is "
                     "missing.", layer.code_field)
    if not gdf.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        raise refuse("Lagret måste innehålla ytor (polygoner).", "The layer must hold polygons.")
    if gdf.crs is None:
        gdf = gdf.set_crs(STORAGE_CRS)  # asked for in EPSG:3006
    gdf = gdf.to_crs(STORAGE_CRS)
    gdf = _fix_axis_order(gdf)
    if layer.kommun_field in gdf.columns:
        gdf = gdf[gdf[layer.kommun_field].astype(str) == kommun]
        if gdf.empty:
            raise refuse(f"Inga områden för kommunen {kommun} i lagret.",
                         f"No areas for kommun {kommun} in the layer.", layer.kommun_field)
    for column in (layer.code_field, layer.name_field, layer.parent_field):
        if column and column in gdf.columns:
            gdf[column] = gdf[column].astype("string")
    return gdf.reset_index(drop=True)


def _fix_axis_order(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Swap x and y when they came as (northing, easting), which some WFS versions send."""
    minx, miny, maxx, maxy = gdf.total_bounds
    inside = _EASTING[0] <= minx and maxx <= _EASTING[1] and _NORTHING[0] <= miny and maxy <= _NORTHING[1]
    swapped = _NORTHING[0] <= minx and maxx <= _NORTHING[1] and _EASTING[0] <= miny and maxy <= _EASTING[1]
    if inside or not swapped:
        return gdf
    flipped = shapely.transform(gdf.geometry.to_numpy(), lambda xy: np.asarray(xy)[:, ::-1])
    return gdf.set_geometry(gpd.GeoSeries(flipped, index=gdf.index, crs=STORAGE_CRS))
