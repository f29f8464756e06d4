"""Importing area geometries: GeoJSON, GeoPackage and zipped shapefiles into EPSG:3006 area layers."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datapackage import tables
from datapackage.importers import ImportResult, read_area_geometries
from geo.validation import (
    location_problems,
    polygonal_part,
    repair_geometries,
    validate_area_geometries,
)
from model import columns as c
from model.problems import Problem

# A 2 x 2 grid of 1 km squares in central Malmö, SWEREF 99 TM.
X0, Y0 = 374_000, 6_163_000


def _grid(ids=("A", "B", "C", "D"), **columns) -> gpd.GeoDataFrame:
    boxes = [shapely.box(X0 + 1000 * (i % 2), Y0 + 1000 * (i // 2),
                         X0 + 1000 * (i % 2 + 1), Y0 + 1000 * (i // 2 + 1))
             for i in range(len(ids))]
    data = {"kod": list(ids), "namn": [f"Område {i}" for i in ids], **columns}
    return gpd.GeoDataFrame(data, geometry=boxes, crs="EPSG:3006")


def _geojson(gdf: gpd.GeoDataFrame) -> bytes:
    """RFC 7946 GeoJSON (WGS84, no crs member)."""
    return gdf.to_crs("EPSG:4326").to_json().encode()


def _feature_collection(features: list[dict], **extra) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features, **extra}).encode()


def _feature(coordinates, geometry_type="Polygon", **properties) -> dict:
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": geometry_type, "coordinates": coordinates}}


def _gpkg(gdf: gpd.GeoDataFrame, layer: str = "areas") -> bytes:
    buffer = io.BytesIO()
    pyogrio.write_dataframe(gdf, buffer, driver="GPKG", layer=layer)
    return buffer.getvalue()


def _zipped_shapefile(gdf: gpd.GeoDataFrame, tmp_path: Path, drop: tuple[str, ...] = ()) -> bytes:
    folder = tmp_path / "shp"
    folder.mkdir()
    pyogrio.write_dataframe(gdf, folder / "omraden.shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            if part.suffix not in drop:
                archive.write(part, f"export/{part.name}")
    return buffer.getvalue()


def _errors(result: ImportResult) -> list[Problem]:
    return [p for p in result.problems if p.is_error]


def _one_error(result: ImportResult) -> Problem:
    errors = _errors(result)
    assert len(errors) == 1, [p.describe("en") for p in result.problems]
    return errors[0]


def _assert_area_layer(gdf: gpd.GeoDataFrame, ids: list[str]) -> None:
    assert list(gdf.columns) == [*c.AREA_COLUMNS, c.GEOMETRY]
    assert gdf.crs.to_epsg() == 3006
    assert gdf[c.AREA_ID].tolist() == ids
    assert list(gdf.index) == list(range(len(ids)))
    np.testing.assert_allclose(gdf.geometry.area, 1_000_000, rtol=1e-3)


# ---------------------------------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------------------------------


def test_geojson_in_wgs84_becomes_a_sweref_area_layer():
    result = read_area_geometries(_geojson(_grid()), "omraden.geojson", level="stadsdel")
    assert result.ok
    assert not result.problems
    _assert_area_layer(result.value, ["A", "B", "C", "D"])
    assert result.value[c.NAME].tolist()[0] == "Område A"
    assert set(result.value[c.LEVEL]) == {"stadsdel"}
    assert result.value[c.PARENT_ID].isna().all()


def test_geojson_with_a_crs_member_is_reprojected():
    gdf = _grid()
    buffer = io.BytesIO()
    pyogrio.write_dataframe(gdf.to_crs("EPSG:3008"), buffer, driver="GeoJSON", layer="x")
    assert b'"crs"' in buffer.getvalue()
    result = read_area_geometries(buffer.getvalue(), "omraden.json", level="x")
    assert result.ok
    _assert_area_layer(result.value, ["A", "B", "C", "D"])


def test_geopackage_in_sweref_13_30_with_swedish_columns():
    gdf = _grid(ids=(24407, 24408, 24409))
    gdf = gdf.rename(columns={"kod": "do_kod", "namn": "delomrade"}).to_crs("EPSG:3008")
    result = read_area_geometries(_gpkg(gdf), "delomraden.gpkg")
    assert result.ok, [p.describe("en") for p in result.problems]
    _assert_area_layer(result.value, ["24407", "24408", "24409"])
    assert set(result.value[c.LEVEL]) == {"delomrade"}  # from the do_kod column


def test_geopackage_layer_named_like_the_level_is_chosen(tmp_path: Path):
    path = tmp_path / "areas.gpkg"
    pyogrio.write_dataframe(_grid(ids=("X",)), path, layer="regso")
    pyogrio.write_dataframe(_grid(ids=("A", "B")), path, layer="deso")
    data = path.read_bytes()
    chosen = read_area_geometries(data, "areas.gpkg", level="deso")
    assert chosen.ok
    assert not chosen.problems
    assert chosen.value[c.AREA_ID].tolist() == ["A", "B"]
    first = read_area_geometries(data, "areas.gpkg")
    assert first.ok
    assert first.value[c.AREA_ID].tolist() == ["X"]
    assert any("several polygon layers" in p.message_en for p in first.problems)


def test_zipped_shapefile(tmp_path: Path):
    result = read_area_geometries(_zipped_shapefile(_grid(), tmp_path), "omraden.zip", level="x")
    assert result.ok, [p.describe("en") for p in result.problems]
    _assert_area_layer(result.value, ["A", "B", "C", "D"])


def test_deso_ids_with_regso_parents_and_level_inferred():
    gdf = _grid(ids=("1280C1010", "1280C1020"), regso=["1280R073", "1280R073"])
    gdf = gdf.rename(columns={"kod": "deso"})
    result = read_area_geometries(_geojson(gdf), "deso.geojson")
    assert result.ok
    assert result.value[c.PARENT_ID].tolist() == ["1280R073", "1280R073"]
    assert set(result.value[c.LEVEL]) == {"deso"}


def test_missing_name_column_uses_ids_with_a_note():
    result = read_area_geometries(_geojson(_grid().drop(columns="namn")), "a.geojson", level="x")
    assert result.ok
    assert result.value[c.NAME].tolist() == ["A", "B", "C", "D"]
    assert len(result.problems) == 1
    assert not result.problems[0].is_error


# ---------------------------------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------------------------------


def test_no_id_column_names_existing_and_expected_columns():
    gdf = _grid().rename(columns={"kod": "nummer"})
    problem = _one_error(read_area_geometries(_geojson(gdf), "a.geojson"))
    assert "'nummer'" in problem.message_en
    assert "'namn'" in problem.message_en
    assert "area_id" in problem.message_en
    assert "do_kod" in problem.message_sv


def test_duplicate_ids_name_the_feature():
    result = read_area_geometries(_geojson(_grid(ids=("A", "B", "A"))), "a.geojson", level="x")
    problem = _one_error(result)
    assert (problem.feature, problem.column) == (2, "kod")
    assert "feature 0" in problem.message_en
    assert result.value is None


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_geopackage_without_srs_is_refused():
    problem = _one_error(read_area_geometries(_gpkg(_grid().set_crs(None, allow_override=True)),
                                              "a.gpkg", level="x"))
    assert "CRS" in problem.message_en
    assert "SWEREF 99 TM" in problem.message_en
    assert "koordinatsystem" in problem.message_sv.lower()


def test_shapefile_without_prj_is_refused(tmp_path: Path):
    data = _zipped_shapefile(_grid(), tmp_path, drop=(".prj",))
    problem = _one_error(read_area_geometries(data, "a.zip", level="x"))
    assert ".prj" in problem.message_en
    assert ".prj" in problem.message_sv


def test_shapefile_without_dbf_is_refused(tmp_path: Path):
    data = _zipped_shapefile(_grid(), tmp_path, drop=(".dbf",))
    assert ".dbf" in _one_error(read_area_geometries(data, "a.zip")).message_en


def test_swapped_latitude_and_longitude_are_detected():
    square = [[[55.60, 13.00], [55.60, 13.01], [55.61, 13.01], [55.61, 13.00], [55.60, 13.00]]]
    data = _feature_collection([_feature(square, area_id="A")])
    problem = _one_error(read_area_geometries(data, "a.geojson", level="x"))
    assert "latitud och longitud verkar ha bytt plats" in problem.message_sv
    assert "swapped" in problem.message_en


def test_sweref_metres_in_a_geojson_without_crs_are_explained():
    document = json.loads(_grid().to_json())
    document.pop("crs", None)  # metres, but no crs member: read as WGS84
    data = json.dumps(document).encode()
    problem = _one_error(read_area_geometries(data, "a.geojson", level="x"))
    assert "SWEREF 99 TM" in problem.message_en
    assert "EPSG:4326" in problem.message_en


def test_areas_outside_sweden_are_refused_per_feature():
    inside = [[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.6]]]
    paris = [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]]
    data = _feature_collection([_feature(inside, area_id="A"), _feature(paris, area_id="B")])
    problem = _one_error(read_area_geometries(data, "a.geojson", level="x"))
    assert problem.feature == 1
    assert "outside Sweden" in problem.message_en
    assert "'B'" in problem.message_en


def test_self_intersecting_polygon_is_repaired_with_a_note():
    bow = [[[13.00, 55.60], [13.02, 55.62], [13.02, 55.60], [13.00, 55.62], [13.00, 55.60]]]
    ok = [[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.6]]]
    data = _feature_collection([_feature(ok, area_id="A"), _feature(bow, area_id="B")])
    result = read_area_geometries(data, "a.geojson", level="x")
    assert result.ok
    note = next(p for p in result.problems if p.feature is not None)
    assert not note.is_error
    assert note.feature == 1
    assert "Self-intersection" in note.message_en
    assert "make_valid" in note.message_sv
    assert result.value.geometry.is_valid.all()
    assert result.value.geometry.iloc[1].geom_type == "MultiPolygon"


@pytest.mark.parametrize(
    ("feature", "fragment"),
    [
        (_feature([13.0, 55.6], "Point", area_id="B"), "Point"),
        (_feature([], area_id="B"), "no geometry"),
        ({"type": "Feature", "properties": {"area_id": "B"}, "geometry": None}, "no geometry"),
        (_feature([[[13.0, 55.6], [13.0, 55.7], [13.0, 55.6]]], area_id="B"), "cannot be repaired"),
        (_feature([[["a", "b"]]], area_id="B"), "cannot be read"),
    ],
)
def test_unusable_geometries_are_refused_naming_the_feature(feature, fragment):
    ok = _feature([[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.6]]], area_id="A")
    result = read_area_geometries(_feature_collection([ok, feature]), "a.geojson", level="x")
    problem = _one_error(result)
    assert problem.feature == 1
    assert fragment in problem.message_en


@pytest.mark.parametrize(
    ("data", "name", "fragment_sv"),
    [
        (b"", "a.geojson", "tom"),
        (None, "a.geojson", "avkortad eller skadad"),  # filled in below: a cut-off file
        (b'{"type": "FeatureCollection", "features": []}', "a.geojson", "inga objekt"),
        (b'{"hello": 1}', "a.json", "inte GeoJSON"),
        (b"not a database", "a.gpkg", "ingen GeoPackage"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "a.gpkg", "avkortad eller skadad"),
        (b"PK\x05\x06" + b"\x00" * 18, "a.zip", "ingen shapefil"),
        (b"garbage", "a.zip", "avkortad eller skadad"),
        (b"area_id;year\n", "a.csv", "kan inte läsas som områden"),
        (b"x", "a.shp", "zip-fil"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(data, name, fragment_sv):
    if data is None:
        whole = _geojson(_grid())
        data = whole[: len(whole) // 2]
    result = read_area_geometries(data, name)
    assert result.value is None
    assert fragment_sv in _one_error(result).message_sv


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name), content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["../evil.shp", "/etc/evil.shp", "a/../../evil.shp",
                                  "C:/evil.shp", "..\\evil.shp"])
def test_zip_with_path_traversal_is_refused(name, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = read_area_geometries(_zip({name: b"x", "ok.dbf": b"y"}), "a.zip")
    problem = _one_error(result)
    assert name in problem.message_en
    assert "outside" in problem.message_en
    assert list(tmp_path.iterdir()) == []


def test_zip_bomb_is_refused():
    result = read_area_geometries(_zip({"big.shp": b"\x00" * 20_000_000}), "a.zip")
    assert "zip bomb" in _one_error(result).message_en


def test_zip_unpacking_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(tables, "MAX_UNCOMPRESSED_BYTES", 1000)
    result = read_area_geometries(_zip({"a.shp": bytes(range(256)) * 8}), "a.zip")
    assert "MB" in _one_error(result).message_en


def test_geojson_inside_a_zip_is_read():
    result = read_area_geometries(_zip({"omraden.geojson": _geojson(_grid())}), "a.zip",
                                  level="x")
    assert result.ok
    assert len(result.value) == 4


def test_many_bad_features_are_capped():
    square = [[[13.00, 55.60], [13.01, 55.60], [13.01, 55.61], [13.00, 55.60]]]
    point = _feature([13.0, 55.6], "Point")
    features = [dict(point, properties={"area_id": str(i)}) for i in range(30)]
    features.append(_feature(square, area_id="last"))
    result = read_area_geometries(_feature_collection(features), "a.geojson", level="x")
    errors = _errors(result)
    assert len(errors) == 21
    assert "10 more" in errors[-1].message_en


# ---------------------------------------------------------------------------------------------------
# geo.validation on its own
# ---------------------------------------------------------------------------------------------------


def test_polygonal_part_keeps_polygons_of_a_collection():
    collection = shapely.GeometryCollection([shapely.box(0, 0, 1, 1), shapely.Point(5, 5),
                                             shapely.box(2, 2, 3, 3)])
    assert polygonal_part(collection).geom_type == "MultiPolygon"
    assert polygonal_part(shapely.LineString([(0, 0), (1, 1)])) is None
    assert polygonal_part(None) is None


def test_repair_does_not_mutate_its_input():
    bow = shapely.from_wkt("POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))")
    series = gpd.GeoSeries([bow], crs="EPSG:3006")
    repaired, problems = repair_geometries(series, "f")
    assert not series.is_valid.iloc[0]
    assert repaired.is_valid.iloc[0]
    assert len(problems) == 1
    assert problems[0].feature == 0


def test_location_problems_ignore_areas_in_sweden():
    assert location_problems(_grid().geometry, "f") == []


def test_swapped_easting_and_northing_are_detected():
    grid = _grid().geometry
    swapped = gpd.GeoSeries(shapely.transform(grid.values, lambda xy: xy[:, ::-1]), crs=grid.crs)
    (problem,) = location_problems(swapped, "f")
    assert "x och y" in problem.message_sv
    assert "swapped" in problem.message_en


def test_validate_area_geometries_transforms_to_sweref():
    out, problems = validate_area_geometries(_grid().to_crs("EPSG:4326").geometry, "f")
    assert problems == []
    assert out.crs.to_epsg() == 3006
    np.testing.assert_allclose(out.total_bounds, _grid().total_bounds, atol=0.01)


# ---------------------------------------------------------------------------------------------------
# Never raise
# ---------------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300),
       name=st.sampled_from(["a.geojson", "a.json", "a.gpkg", "a.zip", "a.kml"]))
def test_random_bytes_never_raise(data, name):
    result = read_area_geometries(data, name)
    assert isinstance(result, ImportResult)
    assert not result.ok
    assert result.value is None


_JSON_TEXT = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "features", "geometry", "coordinates", "properties", "crs",
                         "area_id"]), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(document=_JSON_TEXT, kind=st.sampled_from(["FeatureCollection", "Feature", "Polygon"]))
def test_random_geojson_structures_never_raise(document, kind):
    wrapped = {"type": kind, "features": [document], "geometry": document,
               "coordinates": document}
    result = read_area_geometries(json.dumps(wrapped).encode(), "a.geojson")
    assert isinstance(result, ImportResult)


# ---------------------------------------------------------------------------------------------------
# Real data beside the repository
# ---------------------------------------------------------------------------------------------------


@pytest.mark.real_data
def test_real_malmo_delomraden_geopackage(real_data_dir: Path):
    path = real_data_dir / "malmo_delomraden" / "malmo_delomraden_epsg3008.gpkg"
    result = read_area_geometries(path.read_bytes(), path.name)
    assert result.ok, [p.describe("en") for p in result.problems]
    assert len(result.value) == 136
    assert result.value.crs.to_epsg() == 3006
    assert set(result.value[c.LEVEL]) == {"delomrade"}
    assert result.value[c.NAME].notna().all()


@pytest.mark.real_data
def test_real_deso_geojson(real_data_dir: Path):
    path = real_data_dir / "scb_deso2025_malmo" / "malmo_deso2025_simplified_wgs84.geojson"
    result = read_area_geometries(path.read_bytes(), path.name)
    assert result.ok
    assert len(result.value) == 209
    assert result.value[c.AREA_ID].is_unique
    assert result.value[c.PARENT_ID].str.startswith("1280R").all()


@pytest.mark.parametrize("coordinates", [
    [[[13, 55], [1e308, 55], [13, 56], [13, 55]]],
    [[[13, 55], [13.5, 1e308], [13, 56], [13, 55]]],
    [[[13, 55], [13.5, -1e308], [13, 56], [13, 55]]],
])
@pytest.mark.parametrize("crs", [None, "urn:ogc:def:crs:EPSG::3006", "urn:ogc:def:crs:EPSG::4326"])
def test_absurd_coordinates_give_short_messages(coordinates, crs):
    import json

    from datapackage.importers import validate_inputs
    from model.registry import REGISTRY

    collection = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"area_id": "A", "name": "x"},
        "geometry": {"type": "Polygon", "coordinates": coordinates}}]}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    report = validate_inputs([("a.geojson", json.dumps(collection).encode())], REGISTRY, level="x")
    assert report.problems
    assert all(len(p.describe(lang)) < 300 for p in report.problems for lang in ("sv", "en"))


def test_extent_text_never_spells_out_huge_numbers():
    import numpy as np

    from geo.validation import _extent_text

    assert _extent_text(np.array([[1e308, -1e308, 13.0, 55.0]])) == \
        "lon 1e+308–13.00, lat -1e+308–55.00"
