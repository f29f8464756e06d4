"""Reading a city's area geometries (GeoJSON, GeoPackage, zipped shapefile) into an area layer.

The result has the columns of every area layer (`model.columns.AREA_COLUMNS` and geometry) in
SWEREF 99 TM (EPSG:3006). Attribute columns are recognised by the header vocabulary in
`datapackage.tables`; geometry checks (repair, CRS, location in Sweden) live in `geo.validation`.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import warnings
import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely.geometry
from pyproj import CRS

from datapackage.tables import (
    LEVEL_ALIASES,
    NAME_ALIASES,
    archive_problems,
    area_id_text,
    cap_problems,
    find_area_id_column,
    find_column,
    find_parent_column,
    level_from_id_column,
    level_from_ids,
    missing_id_column,
)
from geo.validation import STORAGE_CRS, parse_crs, validate_area_geometries
from model import columns as c
from model.problems import Problem, Severity

#: Shapefile parts worth unpacking from a zip archive.
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_GEOJSON_GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                           "MultiPolygon", "GeometryCollection"}


def _damaged(
    filename: str, what_sv: str, what_en: str, detail: str = "", detail_sv: str | None = None,
) -> Problem:
    """'The file seems truncated or damaged', with GDAL's or the JSON parser's detail if any."""
    extra_en = f" ({detail})" if detail else ""
    extra_sv = f" ({detail_sv})" if detail_sv else extra_en
    return Problem(
        filename,
        f"Filen kan inte läsas som {what_sv}; filen verkar avkortad eller skadad{extra_sv}.",
        f"The file cannot be read as {what_en}; the file seems truncated or damaged{extra_en}.",
    )


# ---------------------------------------------------------------------------------------------------
# GeoJSON
# ---------------------------------------------------------------------------------------------------


def read_geojson_frame(data: bytes, filename: str) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Features of a GeoJSON file with their properties; WGS84 unless a legacy ``crs`` says other.

    The JSON is parsed here (not by GDAL) so that a cut-off file is reported as such and every
    unreadable feature geometry is named by its index.
    """
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        problems.append(Problem(
            filename,
            "Filen är inte UTF-8 som GeoJSON ska vara; den lästes som cp1252.",
            "The file is not UTF-8 as GeoJSON must be; it was read as cp1252.",
            severity=Severity.WARNING,
        ))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [*problems, _damaged(
            filename, "GeoJSON", "GeoJSON",
            detail=f"JSON error at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            detail_sv=f"JSON-fel på rad {exc.lineno}, tecken {exc.colno}: {exc.msg}")]
    except (RecursionError, ValueError):
        return None, [*problems, _damaged(filename, "GeoJSON", "GeoJSON")]
    features, crs, structure = _geojson_features(document, filename)
    if structure:
        return None, problems + structure
    geometries = []
    properties = []
    for position, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        properties.append(props if isinstance(props, dict) else {})
        raw = feature.get("geometry") if isinstance(feature, dict) else None
        if raw is None:
            geometries.append(None)
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # NaN coordinates
                geometries.append(shapely.geometry.shape(raw))
        except Exception as exc:  # shapely raises many types for malformed coordinates
            geometries.append(None)
            problems.append(Problem(
                filename,
                f"Objektets geometri kan inte läsas ({type(exc).__name__}); kontrollera "
                "koordinaterna.",
                f"The feature's geometry cannot be read ({type(exc).__name__}); check the "
                "coordinates.",
                feature=position, column=c.GEOMETRY,
            ))
    frame = pd.DataFrame.from_records(properties, index=range(len(properties)))
    frame.columns = [str(col) for col in frame.columns]
    if c.GEOMETRY in frame.columns:
        frame = frame.rename(columns={c.GEOMETRY: "geometry_property"})
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometries, index=frame.index), crs=crs)
    return gdf, cap_problems(problems)


def _geojson_features(
    document: object, filename: str,
) -> tuple[list, CRS | None, list[Problem]]:
    """The feature list and CRS of a parsed GeoJSON document, or a problem saying why not."""
    not_geojson = Problem(
        filename,
        "Filen är JSON men inte GeoJSON (ingen FeatureCollection med 'features').",
        "The file is JSON but not GeoJSON (no FeatureCollection with 'features').",
    )
    if not isinstance(document, dict):
        return [], None, [not_geojson]
    kind = document.get("type")
    if kind == "FeatureCollection" and isinstance(document.get("features"), list):
        features = document["features"]
    elif kind == "Feature":
        features = [document]
    elif kind in _GEOJSON_GEOMETRY_TYPES:
        features = [{"type": "Feature", "geometry": document, "properties": {}}]
    else:
        return [], None, [not_geojson]
    if not features:
        return [], None, [Problem(filename, "Filen innehåller inga objekt (features).",
                                  "The file contains no features.")]
    crs = CRS.from_epsg(4326)  # RFC 7946: GeoJSON is WGS84 longitude/latitude
    member = document.get("crs")
    if member is not None:
        name = member.get("properties", {}).get("name") if isinstance(member, dict) else None
        parsed = parse_crs(name) if isinstance(name, str) else None
        if parsed is None:
            return [], None, [Problem(
                filename,
                f"Filens 'crs' ({name!r}) är inget känt koordinatsystem. Ta bort 'crs' om "
                "koordinaterna är WGS84, annars ange t.ex. EPSG:3006.",
                f"The file's 'crs' ({name!r}) is not a known coordinate reference system. Remove "
                "'crs' if the coordinates are WGS84, else state e.g. EPSG:3006.",
                column="crs",
            )]
        # CRS84 and EPSG:4326 both mean longitude/latitude in GeoJSON (GDAL reads them so too).
        crs = CRS.from_epsg(4326) if parsed.is_geographic and parsed.equals(
            CRS("OGC:CRS84"), ignore_axis_order=True) else parsed
    return features, crs, []


# ---------------------------------------------------------------------------------------------------
# GeoPackage and shapefile (through GDAL)
# ---------------------------------------------------------------------------------------------------


def _is_polygon_type(geometry_type: object) -> bool:
    text = str(geometry_type or "")
    return "Polygon" in text or "Surface" in text


def _choose_layer(
    layers: list[tuple[str, str]], filename: str, level: str | None,
) -> tuple[str | None, list[Problem]]:
    """The layer to read: the one named like ``level``, else the first polygon layer."""
    polygon_layers = [name for name, kind in layers if _is_polygon_type(kind)]
    if level and level in polygon_layers:
        return level, []
    if not polygon_layers:
        listed = ", ".join(f"'{name}' ({kind or 'ingen geometri'})" for name, kind in layers) or "–"
        listed_en = ", ".join(f"'{name}' ({kind or 'no geometry'})" for name, kind in layers) or "–"
        return None, [Problem(
            filename,
            f"Filen har inget polygonlager. Lager: {listed}.",
            f"The file has no polygon layer. Layers: {listed_en}.",
        )]
    problems = []
    if len(polygon_layers) > 1:
        others = ", ".join(f"'{name}'" for name in polygon_layers[1:])
        problems.append(Problem(
            filename,
            f"Filen har flera polygonlager; '{polygon_layers[0]}' lästes, inte {others}.",
            f"The file has several polygon layers; '{polygon_layers[0]}' was read, not {others}.",
            column=polygon_layers[0], severity=Severity.WARNING,
        ))
    return polygon_layers[0], problems


def _read_with_gdal(source: object, layer: str) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. "non conformant file extension" for in-memory data
        return pyogrio.read_dataframe(source, layer=layer)


def read_geopackage_frame(
    data: bytes, filename: str, level: str | None = None,
) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """The first polygon layer of a GeoPackage (or the layer named like ``level``)."""
    if not data.startswith(_SQLITE_MAGIC):
        return None, [Problem(
            filename,
            "Filen är ingen GeoPackage (den börjar inte som en SQLite-databas). Kontrollera att "
            "det är rätt fil, eller att den inte är avkortad eller skadad.",
            "The file is not a GeoPackage (it does not start like an SQLite database). Check that "
            "it is the right file, and that it is not truncated or damaged.",
        )]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            layers = [(str(name), str(kind) if kind else "")
                      for name, kind in pyogrio.list_layers(io.BytesIO(data))]
    except Exception as exc:  # pyogrio raises several error types for unreadable data
        return None, [_damaged(filename, "GeoPackage", "GeoPackage", _gdal_detail(exc))]
    layer, problems = _choose_layer(layers, filename, level)
    if layer is None:
        return None, problems
    try:
        gdf = _read_with_gdal(io.BytesIO(data), layer)
    except Exception as exc:
        return None, [*problems, _damaged(filename, "GeoPackage", "GeoPackage", _gdal_detail(exc))]
    return gdf, problems


def _gdal_detail(exc: Exception) -> str:
    """GDAL's message without the temporary in-memory path it names."""
    text = re.sub(r"/vsimem/\S+", "", str(exc)).strip(" :;'")
    return text[:200]


def _safe_member_name(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name


def read_zipped_shapefile_frame(
    data: bytes, filename: str, level: str | None = None,
) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """The shapefile inside a zip archive, unpacked into a temporary folder and read from there.

    Archives with paths leading outside, or that unpack to something enormous, are refused before
    anything is written. A GeoJSON or GeoPackage inside the archive (and no shapefile) is read too.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None, [_damaged(filename, "zip-arkiv", "a zip archive")]
    with archive:
        unsafe = archive_problems(archive, filename)
        if unsafe:
            return None, unsafe
        members = [m for m in archive.infolist() if not m.is_dir()
                   and not m.filename.startswith("__MACOSX/")
                   and not _safe_member_name(m.filename).startswith(".")]
        shp = [m for m in members if m.filename.lower().endswith(".shp")]
        if not shp:
            return _read_other_in_zip(archive, members, filename, level)
        chosen = shp[0]
        problems: list[Problem] = []
        if len(shp) > 1:
            others = ", ".join(f"'{m.filename}'" for m in shp[1:])
            problems.append(Problem(
                filename,
                f"Arkivet har flera shapefiler; '{chosen.filename}' lästes, inte {others}.",
                f"The archive has several shapefiles; '{chosen.filename}' was read, not {others}.",
                severity=Severity.WARNING,
            ))
        stem = chosen.filename[:-4]
        parts = {m.filename[len(stem):].lower(): m for m in members
                 if m.filename[:len(stem)] == stem and m.filename[len(stem):].lower()
                 in SHAPEFILE_PARTS}
        missing = [ext for ext in (".shx", ".dbf") if ext not in parts]
        if missing:
            return None, [*problems, Problem(
                filename,
                f"Shapefilen '{chosen.filename}' saknar {', '.join(missing)}; packa alla delar "
                "(.shp, .shx, .dbf, .prj) i samma zip-fil.",
                f"The shapefile '{chosen.filename}' lacks {', '.join(missing)}; pack all its "
                "parts (.shp, .shx, .dbf, .prj) in one zip file.",
            )]
        with tempfile.TemporaryDirectory(prefix="kraftsamla_shp_") as folder:
            target = Path(folder)
            try:
                for ext, member in parts.items():
                    # Flat, fixed names inside our own folder: nothing can land elsewhere.
                    _extract_bounded(archive, member, target / f"layer{ext}")
                gdf = _read_with_gdal(str(target / "layer.shp"), "layer")
            except Exception as exc:
                return None, [*problems, _damaged(filename, "shapefil", "a shapefile",
                                                  _gdal_detail(exc).replace(folder, ""))]
        return gdf, problems


def _extract_bounded(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path) -> None:
    """Unpack one member, stopping at its declared size (headers can lie about sizes)."""
    limit = member.file_size
    written = 0
    with archive.open(member) as source, target.open("wb") as sink:
        while chunk := source.read(1024 * 1024):
            written += len(chunk)
            if written > limit:
                raise ValueError("member is larger than its header says")
            sink.write(chunk)


def _read_other_in_zip(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], filename: str, level: str | None,
) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    readable = [m for m in members if _geometry_kind(m.filename) in ("geojson", "gpkg")]
    if len(readable) != 1:
        names = ", ".join(_safe_member_name(m.filename) for m in members[:10]) or "–"
        return None, [Problem(
            filename,
            f"Zip-filen innehåller ingen shapefil (.shp). Innehåll: {names}.",
            f"The zip file contains no shapefile (.shp). Contents: {names}.",
        )]
    member = readable[0]
    inner = archive.read(member)
    inner_name = f"{filename}/{_safe_member_name(member.filename)}"
    if _geometry_kind(member.filename) == "geojson":
        return read_geojson_frame(inner, inner_name)
    return read_geopackage_frame(inner, inner_name, level)


def _geometry_kind(filename: str) -> str | None:
    suffix = Path(filename).suffix.lower()
    return {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".zip": "zip"}.get(suffix)


# ---------------------------------------------------------------------------------------------------
# From attributes and geometries to an area layer
# ---------------------------------------------------------------------------------------------------


def areas_from_frame(
    gdf: gpd.GeoDataFrame, filename: str, level: str | None = None,
    missing_crs_hint: tuple[str, str] = ("", ""),
) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Turn any polygon layer into an area layer: area_id, name, level, parent_id, geometry.

    Parameters
    ----------
    gdf : features as read, in the file's CRS (or none).
    filename : the file's name for problems.
    level : the level of every area; when None, a ``level``/``nivå`` column or the id column's name
        (``deso``, ``regso``, ``do_kod``) or SCB's code patterns decide.
    missing_crs_hint : advice (Swedish, English) for a missing CRS.

    Returns
    -------
    The layer in EPSG:3006 indexed 0..n-1 (best effort; None when the id column, CRS or location
    is wrong) and the problems.
    """
    attributes = [col for col in gdf.columns if col != gdf.geometry.name]
    id_col = find_area_id_column(attributes, level)
    if id_col is None:
        return None, [missing_id_column(filename, attributes)]
    problems: list[Problem] = []
    ids = [area_id_text(v) for v in gdf[id_col].tolist()]
    missing_ids = [Problem(filename, "Områdeskoden saknas.", "The area id is missing.",
                           feature=i, column=str(id_col)) for i, v in enumerate(ids) if v is None]
    problems += cap_problems(missing_ids)
    problems += cap_problems(_duplicate_ids(ids, filename, str(id_col)))

    name_col = find_column([col for col in attributes if col != id_col], NAME_ALIASES)
    if name_col is None:
        names = list(ids)
        problems.append(Problem(
            filename,
            "Ingen namnkolumn hittades (t.ex. 'name' eller 'namn'); områdeskoden visas som namn.",
            "No name column was found (e.g. 'name' or 'namn'); the area id is shown as the name.",
            severity=Severity.WARNING,
        ))
    else:
        names = [area_id_text(v) or ident for v, ident in zip(gdf[name_col].tolist(), ids,
                                                             strict=True)]
    parent_col = find_parent_column(attributes, id_col)
    parents = ([area_id_text(v) for v in gdf[parent_col].tolist()] if parent_col is not None
               else [None] * len(ids))
    levels = _levels(gdf, attributes, id_col, ids, level, filename, problems)

    geometries, geometry_problems = validate_area_geometries(
        gdf.geometry.reset_index(drop=True), filename, missing_crs_hint)
    problems += _capped_by_message([_naming_area(p, ids) for p in geometry_problems])
    if geometries is None:
        return None, problems
    out = gpd.GeoDataFrame(
        {
            c.AREA_ID: pd.array(ids, dtype="string"),
            c.NAME: pd.array(names, dtype="string"),
            c.LEVEL: pd.array(levels, dtype="string"),
            c.PARENT_ID: pd.array(parents, dtype="string"),
        },
        geometry=geometries.set_axis(range(len(ids))),
        crs=STORAGE_CRS,
    )
    return out, problems


def _naming_area(problem: Problem, ids: list[str | None]) -> Problem:
    """The problem with the feature's area id added, so the person can find the area."""
    if problem.feature is None or not 0 <= problem.feature < len(ids) or ids[problem.feature] is None:
        return problem
    ident = ids[problem.feature]
    return Problem(
        problem.file, f"Område '{ident}': {problem.message_sv}",
        f"Area '{ident}': {problem.message_en}", row=problem.row, feature=problem.feature,
        column=problem.column, severity=problem.severity,
    )


def _capped_by_message(problems: list[Problem]) -> list[Problem]:
    """Cap geometry problems per kind (kinds told apart by their English message's start)."""
    groups: dict[tuple[str, bool], list[Problem]] = {}
    for problem in problems:
        key = (problem.message_en.split(": ", 1)[-1].split("(")[0][:40], problem.is_error)
        groups.setdefault(key, []).append(problem)
    return [p for group in groups.values() for p in cap_problems(group)]


def _duplicate_ids(ids: list[str | None], filename: str, column: str) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for position, ident in enumerate(ids):
        if ident is None:
            continue
        if ident in first:
            problems.append(Problem(
                filename,
                f"Områdeskoden '{ident}' finns redan (objekt {first[ident]}); varje område ska "
                "förekomma en gång.",
                f"The area id '{ident}' already occurs (feature {first[ident]}); every area must "
                "occur once.",
                feature=position, column=column,
            ))
        else:
            first[ident] = position
    return problems


def _levels(
    gdf: gpd.GeoDataFrame, attributes: list, id_col: object, ids: list[str | None],
    level: str | None, filename: str, problems: list[Problem],
) -> list[str | None]:
    if level:
        return [level] * len(ids)
    level_col = find_column(attributes, LEVEL_ALIASES)
    inferred = level_from_id_column(id_col) or level_from_ids([i for i in ids if i])
    if level_col is not None:
        return [area_id_text(v) or inferred for v in gdf[level_col].tolist()]
    if inferred is None:
        problems.append(Problem(
            filename,
            "Filen säger inte vilken områdesnivå den gäller; välj nivå när filen importeras.",
            "The file does not say which area level it covers; choose the level when importing "
            "it.",
            severity=Severity.WARNING,
        ))
    return [inferred] * len(ids)


def parse_area_geometries(
    data: bytes, filename: str, level: str | None = None,
) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Read GeoJSON, GeoPackage or a zipped shapefile into an area layer (see `areas_from_frame`).

    Returns the best-effort layer (None when nothing usable was read) and every problem found.
    """
    kind = _geometry_kind(filename)
    if not data:
        return None, [Problem(filename, "Filen är tom (0 byte).", "The file is empty (0 bytes).")]
    hint = ("", "")
    if kind == "geojson":
        gdf, problems = read_geojson_frame(data, filename)
    elif kind == "gpkg":
        gdf, problems = read_geopackage_frame(data, filename, level)
        hint = (" Ange lagrets koordinatsystem (SRS) i GeoPackage-filen.",
                " Set the layer's coordinate reference system (SRS) in the GeoPackage.")
    elif kind == "zip":
        gdf, problems = read_zipped_shapefile_frame(data, filename, level)
        hint = (" Lägg shapefilens .prj-fil i zip-filen (den saknas eller kan inte tolkas).",
                " Put the shapefile's .prj file in the zip file (it is missing or cannot be "
                "read).")
    else:
        return None, [unsupported_geometry_file(filename)]
    if gdf is None:
        return None, problems
    if len(gdf) == 0:
        return None, [*problems, Problem(filename, "Filen innehåller inga objekt.",
                                         "The file contains no features.")]
    areas, area_problems = areas_from_frame(gdf, filename, level, hint)
    # A geometry that could not be parsed is already reported; do not call it empty as well.
    unreadable = {p.feature for p in problems if p.column == c.GEOMETRY}
    area_problems = [p for p in area_problems
                     if not (p.feature in unreadable and p.column is None)]
    return areas, problems + area_problems


def unsupported_geometry_file(filename: str) -> Problem:
    """The problem for a geometry file of a kind we do not read."""
    suffix = Path(filename).suffix.lower() or "(ingen)"
    hint_sv = hint_en = ""
    if suffix == ".shp":
        hint_sv = " Packa .shp, .shx, .dbf och .prj i en zip-fil och ladda upp den."
        hint_en = " Pack .shp, .shx, .dbf and .prj into one zip file and upload that."
    return Problem(
        filename,
        f"Filtypen {suffix} kan inte läsas som områden. Använd GeoJSON (.geojson/.json), "
        f"GeoPackage (.gpkg) eller en zippad shapefil (.zip).{hint_sv}",
        f"The file type {suffix if suffix != '(ingen)' else '(none)'} cannot be read as areas. "
        f"Use GeoJSON (.geojson/.json), GeoPackage (.gpkg) or a zipped shapefile (.zip).{hint_en}",
    )

