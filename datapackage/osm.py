"""OpenStreetMap places for young people: read an extract, keep what is in the kommun and open to them.

Input: GeoJSON or GeoPackage files (one file, or a folder of them) whose features carry OSM tags, either
as a ``tags`` object (Overpass-style JSON, as in ``shared/data/real/osm_malmo_pois``), as GDAL's
``other_tags`` text (``"access"=>"private",…``, what ``ogr2ogr`` makes of a ``.osm.pbf``) or as plain
columns named by the key (``leisure``, ``amenity``, ``access``). Points are the usual case; lines and
polygons (a park's outline) are kept as they are, so that distances are measured from their edge.

Every feature gets a *kind* from its tags (`KIND_BY_TAG`). Then `select_open_places` leaves out, and
counts, what is not a place young people can use (`LeftOut` codes):

``no_geometry``    a feature without a geometry;
``duplicate``      an OSM object seen twice (same ``osm_type`` and ``id``), e.g. in two files;
``outside``        outside the kommun (the extract is a bounding box);
``swimming_pool``  a pool basin (``leisure=swimming_pool``): in Malmö's extract 318 of them, 304 tagged
                   private and the rest unnamed garden pools; a public bath is itself tagged
                   ``leisure=sports_centre`` + ``sport=swimming`` and is kept as that;
``fitness_centre`` a commercial gym (``leisure=fitness_centre``: SATS, Fitness24Seven…): membership
                   and, usually, an age limit of 15–18 years; outdoor gyms
                   (``leisure=fitness_station``) are kept;
``access``         ``access`` is one of `CLOSED_ACCESS` (``private``, ``customers``…): a housing
                   courtyard's playground, a shop's play corner;
``no_kind``        tags that match no kind (e.g. a wider extract).

Reading raises `OsmInputError` (a ValueError with a ``code``, the file and parameters) for a file that
cannot be used; the words are the caller's. Never imports streamlit.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from datapackage.store import STORAGE_CRS

PLAYGROUND, PARK, LIBRARY = "playground", "park", "library"
SPORTS_CENTRE, COMMUNITY_CENTRE, SCHOOL = "sports_centre", "community_centre", "school"
#: Every kind a feature can get, in display order.
KINDS = (PLAYGROUND, PARK, LIBRARY, SPORTS_CENTRE, COMMUNITY_CENTRE, SCHOOL)

#: (key, value) -> kind. Pool basins and commercial gyms get a kind (they are in the FAVE extract's
#: ``sports_centre`` file) and are then left out by `select_open_places`.
KIND_BY_TAG: dict[tuple[str, str], str] = {
    ("leisure", "playground"): PLAYGROUND,
    ("leisure", "park"): PARK,
    ("amenity", "library"): LIBRARY,
    ("amenity", "community_centre"): COMMUNITY_CENTRE,
    ("leisure", "sports_centre"): SPORTS_CENTRE,
    ("leisure", "sports_hall"): SPORTS_CENTRE,
    ("leisure", "ice_rink"): SPORTS_CENTRE,
    ("leisure", "fitness_station"): SPORTS_CENTRE,
    ("leisure", "swimming_pool"): SPORTS_CENTRE,
    ("leisure", "fitness_centre"): SPORTS_CENTRE,
    ("amenity", "school"): SCHOOL,
}
#: ``access`` values meaning "not open to the public" (OSM wiki, key:access). ``permissive``, ``yes``,
#: ``unknown`` and no tag are kept.
CLOSED_ACCESS = ("private", "no", "customers", "members", "permit", "residents", "delivery")
#: ``leisure`` values left out from the sports kind, with their code.
LEFT_OUT_LEISURE = {"swimming_pool": "swimming_pool", "fitness_centre": "fitness_centre"}

OUTSIDE, ACCESS, NO_KIND, DUPLICATE, NO_GEOMETRY = (
    "outside", "access", "no_kind", "duplicate", "no_geometry")
#: Every left-out code, in the order they are reported.
LEFT_OUT_CODES = (NO_GEOMETRY, DUPLICATE, OUTSIDE, "swimming_pool", "fitness_centre", ACCESS,
                  NO_KIND)

#: Columns of a places frame (besides geometry).
PLACE_COLUMNS = ("osm_id", "name", "kind", "leisure", "amenity", "access")
_FILE_SUFFIXES = (".geojson", ".json", ".gpkg")
_TAG_KEYS = ("leisure", "amenity", "access", "name")
_HSTORE = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class OsmInputError(ValueError):
    """An OSM file or folder cannot be used. ``code``: ``missing``, ``no_files``, ``unreadable``,
    ``no_crs`` or ``no_tags``; ``file`` names it; ``params`` hold what the message quotes."""

    def __init__(self, code: str, file: str, message: str, **params: Any) -> None:
        super().__init__(f"{file}: {message}")
        self.code = code
        self.file = file
        self.params: Mapping[str, Any] = params


@dataclass(frozen=True)
class LeftOut:
    """How many features were left out for one reason (``code``), with its parameters (``kind``,
    and ``value`` for an ``access`` value)."""

    code: str
    count: int
    params: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "count": self.count, **self.params}


@dataclass(frozen=True)
class OsmPlaces:
    """What `select_open_places` kept and left out.

    Attributes
    ----------
    places : the kept features, EPSG:3006, columns `PLACE_COLUMNS` and geometry.
    left_out : one entry per reason and parameters, in `LEFT_OUT_CODES` order.
    latest_check_date : the latest ``check_date`` tag value (``YYYY-MM-DD``) among all features read,
        a hint of the extract's age when its date is not known; None when no feature has one.
    extent : where the extract looked for places, EPSG:3006 (by default the longitude/latitude box
        around every feature read, see `extract_extent`); None = everywhere.
    extent_lonlat : that box as (lon min, lat min, lon max, lat max), when it is one.
    unsurveyed : the part of the kommun outside the extent, where a place would count but was not
        looked for (see `geo.access.land_share_within`); None when there is none.
    """

    places: gpd.GeoDataFrame
    left_out: tuple[LeftOut, ...]
    latest_check_date: str | None = None
    extent: shapely.Geometry | None = None
    extent_lonlat: tuple[float, float, float, float] | None = None
    unsurveyed: shapely.Geometry | None = None

    def kept(self) -> dict[str, int]:
        """Kept features per kind, in `KINDS` order (kinds with none left out)."""
        counts = self.places["kind"].value_counts()
        return {kind: int(counts[kind]) for kind in KINDS if kind in counts.index}

    def of_kinds(self, kinds: Iterable[str]) -> gpd.GeoDataFrame:
        return self.places[self.places["kind"].isin(list(kinds))]


# ---------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------


def read_osm_places(path: str | Path) -> gpd.GeoDataFrame:
    """Read OSM features from one GeoJSON/GeoPackage file or every such file in a folder.

    Returns
    -------
    gpd.GeoDataFrame
        EPSG:3006, columns `PLACE_COLUMNS` plus ``check_date`` (latest ``check_date*`` tag, or None),
        ``osm_id`` as ``"node/123"`` (None when the file has no ids), ``kind`` from `KIND_BY_TAG`
        (None when nothing matches), in file order (files sorted by name).

    Raises
    ------
    OsmInputError
        ``missing`` (no such path), ``no_files`` (a folder without GeoJSON/GeoPackage files),
        ``unreadable``, ``no_crs`` or ``no_tags`` (neither ``tags``, ``other_tags`` nor a ``leisure``
        or ``amenity`` column).
    """
    path = Path(path)
    if not path.exists():
        raise OsmInputError("missing", str(path), "no such file or folder")
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in _FILE_SUFFIXES) \
        if path.is_dir() else [path]
    if not files:
        raise OsmInputError("no_files", str(path), "the folder holds no .geojson, .json or .gpkg "
                            "file", suffixes=", ".join(_FILE_SUFFIXES))
    frames = [_read_file(file) for file in files]
    places = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(places, geometry="geometry", crs=STORAGE_CRS)


def _read_file(file: Path) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            raw = gpd.read_file(file, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several error types for unreadable files
        raise OsmInputError("unreadable", str(file), f"cannot be read: {exc}",
                            error=str(exc)) from None
    if raw.crs is None:
        raise OsmInputError("no_crs", str(file), "the file has no coordinate reference system")
    if not ({"tags", "other_tags"} & set(raw.columns)) and not ({"leisure", "amenity"}
                                                              & set(raw.columns)):
        raise OsmInputError("no_tags", str(file), "no column 'tags', 'other_tags', 'leisure' or "
                            "'amenity'", columns=", ".join(str(col) for col in raw.columns
                                                     if col != raw.geometry.name))
    tags = [_tags_of(row) for row in raw.drop(columns=raw.geometry.name).to_dict("records")]
    kinds = [kind_of(t) for t in tags]
    osm_type = raw["osm_type"].astype(str) if "osm_type" in raw.columns else None
    id_column = "id" if "id" in raw.columns else "@id" if "@id" in raw.columns else None
    ids = [_osm_id(None if osm_type is None else osm_type.iloc[i], row_id)
           for i, row_id in enumerate(raw[id_column] if id_column else [None] * len(raw))]
    return gpd.GeoDataFrame({
        "osm_id": ids,
        "name": [t.get("name") or None for t in tags],
        "kind": kinds,
        "leisure": [t.get("leisure") for t in tags],
        "amenity": [t.get("amenity") for t in tags],
        "access": [t.get("access") for t in tags],
        "check_date": [_latest_check_date(t) for t in tags],
    }, geometry=raw.geometry.to_crs(STORAGE_CRS).to_numpy(), crs=STORAGE_CRS)


def _tags_of(row: Mapping[str, Any]) -> dict[str, str]:
    """One feature's tags: its ``tags`` object, then ``other_tags``, then plain columns."""
    tags: dict[str, str] = {}
    raw = row.get("tags")
    if isinstance(raw, str) and raw.strip().startswith("{"):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raw = None
    if isinstance(raw, Mapping):
        tags.update({str(k): str(v) for k, v in raw.items() if v is not None})
    other = row.get("other_tags")
    if isinstance(other, str):
        for key, value in _HSTORE.findall(other):
            tags.setdefault(key, value)
    for key in _TAG_KEYS:
        value = row.get(key)
        if isinstance(value, str) and value.strip() and key not in tags:
            tags[key] = value.strip()
    return tags


def _osm_id(osm_type: str | None, ident: object) -> str | None:
    if ident is None or (isinstance(ident, float) and np.isnan(ident)):
        return None
    return f"{osm_type}/{ident}" if osm_type else str(ident)


def _latest_check_date(tags: Mapping[str, str]) -> str | None:
    dates = [v for k, v in tags.items() if k.startswith("check_date") and _DATE.match(v)]
    return max(dates) if dates else None


def kind_of(tags: Mapping[str, str]) -> str | None:
    """The kind of a feature from its tags (`KIND_BY_TAG`); None when no tag matches.

    ``leisure`` is looked at before ``amenity``; a value list such as ``park;playground`` counts by its
    first value.
    """
    for key in ("leisure", "amenity"):
        value = str(tags.get(key, "")).split(";")[0].strip()
        if (key, value) in KIND_BY_TAG:
            return KIND_BY_TAG[(key, value)]
    return None


# ---------------------------------------------------------------------------------------------------
# What is kept
# ---------------------------------------------------------------------------------------------------


def extract_extent(features: gpd.GeoDataFrame
                   ) -> tuple[shapely.Geometry, tuple[float, float, float, float]] | None:
    """The longitude/latitude box around every feature (an OSM extract is usually taken in such a
    box): as a polygon in EPSG:3006 and as (lon min, lat min, lon max, lat max). None when no
    feature has a geometry.

    The box around the features is the smallest the extract's own box can have been, so it never
    claims data where there were none.
    """
    geoms = features.geometry[~(features.geometry.isna() | features.geometry.is_empty)]
    if geoms.empty:
        return None
    lon0, lat0, lon1, lat1 = (float(v) for v in geoms.to_crs("EPSG:4326").total_bounds)
    outline = shapely.segmentize(shapely.box(lon0, lat0, lon1, lat1), 0.001)  # curves in 3006
    return (gpd.GeoSeries([outline], crs="EPSG:4326").to_crs(STORAGE_CRS).iloc[0],
            (lon0, lat0, lon1, lat1))


def select_open_places(features: gpd.GeoDataFrame, boundary: shapely.Geometry | None,
                       extent: shapely.Geometry | None = None) -> OsmPlaces:
    """Keep the features inside ``boundary`` that young people can use; count the rest by reason.

    The reasons are checked in `LEFT_OUT_CODES` order and each feature is counted once, under the
    first that applies (a private pool in Burlöv counts as ``outside``).

    Parameters
    ----------
    features : as `read_osm_places` returns, EPSG:3006.
    boundary : the kommun (e.g. the union of a package's areas), EPSG:3006; None keeps every place.
    extent : where the extract looked for places (EPSG:3006); by default `extract_extent`.

    Returns
    -------
    OsmPlaces
    """
    missing = [col for col in (*PLACE_COLUMNS, "geometry") if col not in features.columns]
    if missing:
        raise ValueError(f"features have no column {missing[0]!r} (columns: "
                         f"{', '.join(map(str, features.columns))})")
    frame = features.reset_index(drop=True)
    geoms = frame.geometry.to_numpy()
    reason = np.full(len(frame), "", dtype=object)  # "" = kept so far

    def mark(mask: np.ndarray, code: str) -> None:
        reason[(reason == "") & mask] = code

    mark(pd.isna(geoms) | shapely.is_empty(geoms), NO_GEOMETRY)  # checked in LEFT_OUT_CODES order
    ids = frame["osm_id"]
    mark((ids.notna() & ids.duplicated()).to_numpy(), DUPLICATE)
    if boundary is not None:
        inside = np.zeros(len(frame), dtype=bool)
        ok = reason == ""
        inside[ok] = shapely.intersects(geoms[ok], boundary)
        mark(~inside, OUTSIDE)
    for leisure, code in LEFT_OUT_LEISURE.items():
        mark((frame["leisure"] == leisure).to_numpy(), code)
    mark(frame["access"].isin(CLOSED_ACCESS).to_numpy(), ACCESS)
    mark(frame["kind"].isna().to_numpy(), NO_KIND)

    left_out = _count_left_out(frame, reason)
    kept = frame[reason == ""]
    dates = features["check_date"].dropna() if "check_date" in features.columns else pd.Series()
    box = extract_extent(features) if extent is None else None
    extent = extent if extent is not None else (box[0] if box else None)
    unsurveyed = None
    if boundary is not None and extent is not None:
        outside = shapely.difference(boundary, extent)
        unsurveyed = None if outside.is_empty or outside.area < 1.0 else outside
    return OsmPlaces(
        gpd.GeoDataFrame(kept[[*PLACE_COLUMNS]], geometry=kept.geometry.to_numpy(),
                         crs=features.crs).reset_index(drop=True),
        left_out,
        str(dates.max()) if len(dates) else None,
        extent,
        box[1] if box else None,
        unsurveyed,
    )


def _count_left_out(frame: pd.DataFrame, reason: np.ndarray) -> tuple[LeftOut, ...]:
    out: list[LeftOut] = []
    for code in LEFT_OUT_CODES:
        rows = frame[reason == code]
        if rows.empty:
            continue
        keys = ["kind", "access"] if code == ACCESS else ["kind"]
        groups = rows[keys].fillna("").value_counts(sort=False)
        for key, count in sorted(groups.items(), key=lambda item: (_kind_rank(item[0]), item[0])):
            values = key if isinstance(key, tuple) else (key,)
            params = {"kind": values[0]}
            if code == ACCESS:
                params["value"] = values[1]
            out.append(LeftOut(code, int(count), {k: v for k, v in params.items() if v}))
    return tuple(out)


def _kind_rank(key: object) -> int:
    kind = key[0] if isinstance(key, tuple) else key
    return KINDS.index(kind) if kind in KINDS else len(KINDS)
