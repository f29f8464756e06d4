"""OpenStreetMap places and the access indicators made from them (`datapackage.osm`,
`datapackage.osm_access`, ``python -m cli osm-access``), on tiny synthetic packages with hand-computed
answers and on the real Malmö package."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer
from shapely.geometry import Point, box

from cli.__main__ import main as cli_main
from datapackage.manifest import Level, Manifest
from datapackage.osm import (
    OsmInputError,
    kind_of,
    read_osm_places,
    select_open_places,
)
from datapackage.osm_access import (
    ATTRIBUTION,
    SOURCE_ID,
    reference_years,
    with_osm_access,
)
from datapackage.store import DataPackage, read_package, write_package
from geo.access import QUAD_SEGMENTS
from i18n.numbers import parse_number
from model import columns as c

X0, Y0 = 374_000.0, 6_164_000.0  # a corner in Malmö, EPSG:3006
KM = 1000.0
PLAY, LIBRARY_ID = "narhet_lek_park_400m", "narhet_fritid_kultur_1km"
TO_LONLAT = Transformer.from_crs(3006, 4326, always_xy=True)


def circle(r: float) -> float:
    n = 4 * QUAD_SEGMENTS
    return n / 2 * r * r * math.sin(2 * math.pi / n)


# ---------------------------------------------------------------------------------------------------
# A tiny package: four 1 km squares (level "cell") and their city
# ---------------------------------------------------------------------------------------------------


def tiny_package(index_years: tuple[int, ...] = (2024,), city_years: tuple[int, ...] = ()
                 ) -> DataPackage:
    cells = [box(X0 + i * KM, Y0 + j * KM, X0 + (i + 1) * KM, Y0 + (j + 1) * KM)
             for j in range(2) for i in range(2)]
    ids = ["a", "b", "c", "d"]  # a = south-west, b = south-east, c = north-west, d = north-east
    cell = gpd.GeoDataFrame({c.AREA_ID: ids, c.NAME: ids, c.LEVEL: "cell", c.PARENT_ID: "city"},
                            geometry=cells, crs=3006)
    city = gpd.GeoDataFrame({c.AREA_ID: ["city"], c.NAME: ["Staden"], c.LEVEL: "city",
                             c.PARENT_ID: [None]}, geometry=[box(X0, Y0, X0 + 2 * KM, Y0 + 2 * KM)],
                            crs=3006)
    rows = [pd.DataFrame({c.AREA_ID: ids, c.LEVEL: "cell", c.YEAR: y,
                          c.INDICATOR: "lag_inkomststandard", c.VALUE: [10.0, 20.0, 30.0, 40.0],
                          c.NUMERATOR: np.nan, c.DENOMINATOR: np.nan, c.SUPPRESSED: False})
            for y in index_years]
    rows += [pd.DataFrame({c.AREA_ID: ["city"], c.LEVEL: "city", c.YEAR: y, c.INDICATOR: "uvas",
                           c.VALUE: [8.0], c.NUMERATOR: np.nan, c.DENOMINATOR: np.nan,
                           c.SUPPRESSED: False}) for y in city_years]
    years = tuple(sorted({*index_years, *city_years}))
    manifest = Manifest(name="Rutstad", description="", attribution="Källa: SCB",
                        levels=(Level("cell", "Ruta", "Cell", "city"), Level("city", "Stad", "City")),
                        years=years, youth_age_group="16-24", indicators={}, city_level="city")
    population = pd.DataFrame(columns=list(c.POPULATION_TABLE_COLUMNS))
    return DataPackage(manifest, {"cell": cell, "city": city}, pd.concat(rows, ignore_index=True),
                       population)


def features(*items: dict) -> gpd.GeoDataFrame:
    """Features as `read_osm_places` returns them; each item gives x, y (metres from the corner)."""
    records = [{"osm_id": item.get("osm_id", f"node/{i}"), "name": item.get("name"),
                "kind": kind_of(item), "leisure": item.get("leisure"),
                "amenity": item.get("amenity"), "access": item.get("access"),
                "check_date": item.get("check_date")} for i, item in enumerate(items)]
    geometry = [None if item.get("x") is None else Point(X0 + item["x"], Y0 + item["y"])
                for item in items]
    return gpd.GeoDataFrame(records, geometry=geometry, crs=3006)


WIDE = box(X0 - 10 * KM, Y0 - 10 * KM, X0 + 10 * KM, Y0 + 10 * KM)


# ---------------------------------------------------------------------------------------------------
# Kinds and what is left out
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("tags", "kind"), [
    ({"leisure": "playground"}, "playground"),
    ({"leisure": "park"}, "park"),
    ({"leisure": "park;playground"}, "park"),
    ({"amenity": "library"}, "library"),
    ({"amenity": "community_centre", "community_centre": "youth_centre"}, "community_centre"),
    ({"leisure": "sports_centre", "sport": "swimming"}, "sports_centre"),
    ({"leisure": "sports_hall"}, "sports_centre"),
    ({"leisure": "ice_rink"}, "sports_centre"),
    ({"leisure": "fitness_station"}, "sports_centre"),
    ({"leisure": "swimming_pool"}, "sports_centre"),
    ({"leisure": "fitness_centre"}, "sports_centre"),
    ({"amenity": "school"}, "school"),
    ({"leisure": "garden"}, None),
    ({}, None),
])
def test_kind_of(tags, kind):
    assert kind_of(tags) == kind


def test_what_is_left_out_is_counted_by_reason_and_kind():
    found = features(
        {"leisure": "playground", "x": 100, "y": 100},
        {"leisure": "playground", "access": "private", "x": 200, "y": 100},
        {"leisure": "playground", "access": "customers", "x": 300, "y": 100},
        {"leisure": "playground", "access": "permissive", "x": 400, "y": 100},
        {"leisure": "playground", "x": -5000, "y": 100},  # outside the kommun
        {"leisure": "swimming_pool", "access": "private", "x": 500, "y": 100},  # a pool first
        {"leisure": "swimming_pool", "access": "private", "x": -5000, "y": 100},  # outside first
        {"leisure": "fitness_centre", "name": "Gym", "x": 600, "y": 100},
        {"leisure": "fitness_station", "x": 700, "y": 100},
        {"leisure": "sports_centre", "sport": "swimming", "x": 800, "y": 100},
        {"amenity": "library", "x": 900, "y": 100, "osm_id": "way/7"},
        {"amenity": "library", "x": 900, "y": 100, "osm_id": "way/7"},  # the same object again
        {"leisure": "garden", "x": 100, "y": 200},
        {"amenity": "library", "x": None, "y": None},
        {"leisure": "park", "access": "private", "x": 100, "y": 300, "check_date": "2025-03-01"},
        {"leisure": "park", "x": 100, "y": 400, "check_date": "2024-11-30"},
    )
    result = select_open_places(found, box(X0, Y0, X0 + 2 * KM, Y0 + 2 * KM))
    assert result.kept() == {"playground": 2, "park": 1, "library": 1, "sports_centre": 2}
    assert [(i.code, i.count, dict(i.params)) for i in result.left_out] == [
        ("no_geometry", 1, {"kind": "library"}),
        ("duplicate", 1, {"kind": "library"}),
        ("outside", 1, {"kind": "playground"}),
        ("outside", 1, {"kind": "sports_centre"}),
        ("swimming_pool", 1, {"kind": "sports_centre"}),
        ("fitness_centre", 1, {"kind": "sports_centre"}),
        ("access", 1, {"kind": "playground", "value": "customers"}),
        ("access", 1, {"kind": "playground", "value": "private"}),
        ("access", 1, {"kind": "park", "value": "private"}),
        ("no_kind", 1, {}),
    ]
    assert result.latest_check_date == "2025-03-01"
    kept_total = sum(result.kept().values())
    assert kept_total + sum(i.count for i in result.left_out) == len(found)  # nothing vanishes
    lon0, lat0, lon1, lat1 = result.extent_lonlat  # the box around every feature read
    assert lon0 < 12.97 < lon1
    assert 55.5 < lat0 < lat1 < 55.7


# ---------------------------------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------------------------------


def _lonlat(x: float, y: float) -> list[float]:
    return list(TO_LONLAT.transform(X0 + x, Y0 + y))


def _geojson(path: Path, features_: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features_}),
                    encoding="utf-8")
    return path


def test_reads_tags_objects_other_tags_and_plain_columns(tmp_path):
    folder = tmp_path / "osm"
    folder.mkdir()
    _geojson(folder / "playground.geojson", [  # the FAVE layout: id, osm_type, tags object
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": _lonlat(100, 100)},
         "properties": {"id": 5, "osm_type": "node", "name": "", "category": "playground",
                        "tags": {"leisure": "playground", "access": "private",
                                 "check_date": "2025-01-02"}}},
    ])
    _geojson(folder / "flat.geojson", [  # plain columns
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": _lonlat(200, 100)},
         "properties": {"leisure": "park", "name": "Parken"}},
    ])
    gdal = gpd.GeoDataFrame(  # what ogr2ogr makes of an .osm.pbf
        {"osm_id": ["9"], "name": ["Biblioteket"],
         "other_tags": ['"amenity"=>"library","opening_hours"=>"Mo-Fr 10:00-19:00"']},
        geometry=[Point(X0 + 300, Y0 + 100)], crs=3006)
    gdal.to_file(folder / "points.gpkg", engine="pyogrio")
    (folder / "README.txt").write_text("not read", encoding="utf-8")
    read = read_osm_places(folder)
    assert read.crs.to_epsg() == 3006
    assert list(read["kind"]) == ["park", "playground", "library"]  # files in name order
    assert list(read["access"]) == [None, "private", None]
    assert list(read["name"]) == ["Parken", None, "Biblioteket"]
    assert read["osm_id"].iloc[1] == "node/5"
    assert read["check_date"].iloc[1] == "2025-01-02"
    assert read.geometry.iloc[0].distance(Point(X0 + 200, Y0 + 100)) < 0.01


def test_read_refusals_name_the_file(tmp_path):
    with pytest.raises(OsmInputError) as missing:
        read_osm_places(tmp_path / "nowhere")
    assert missing.value.code == "missing"
    assert missing.value.file.endswith("nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(OsmInputError) as empty:
        read_osm_places(tmp_path / "empty")
    assert empty.value.code == "no_files"
    untagged = _geojson(tmp_path / "untagged.geojson", [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": _lonlat(0, 0)},
         "properties": {"name": "x"}}])
    with pytest.raises(OsmInputError) as no_tags:
        read_osm_places(untagged)
    assert no_tags.value.code == "no_tags"
    assert no_tags.value.params["columns"] == "name"
    garbage = tmp_path / "garbage.geojson"
    garbage.write_text("{not json", encoding="utf-8")
    with pytest.raises(OsmInputError) as unreadable:
        read_osm_places(garbage)
    assert unreadable.value.code == "unreadable"
    assert isinstance(unreadable.value, ValueError)


# ---------------------------------------------------------------------------------------------------
# The indicators, by hand
# ---------------------------------------------------------------------------------------------------


def test_access_indicators_by_hand():
    package = tiny_package()
    found = features({"leisure": "playground", "x": 0, "y": 0},  # outer corner of "a"
                     {"amenity": "library", "x": KM, "y": KM})  # the centre corner of all four
    places = select_open_places(found, box(X0, Y0, X0 + 2 * KM, Y0 + 2 * KM), extent=WIDE)
    result = with_osm_access(package, places)
    play = result.indicator_frame("cell", 2024, PLAY)[c.VALUE]
    assert play.to_dict() == pytest.approx(
        {"a": 100 * circle(400) / 4 / KM**2, "b": 0.0, "c": 0.0, "d": 0.0})
    library = result.indicator_frame("cell", 2024, LIBRARY_ID)[c.VALUE]
    assert library.to_dict() == pytest.approx(dict.fromkeys("abcd", 100 * circle(1000) / 4 / KM**2))
    city = result.indicator_frame("city", 2024, PLAY)[c.VALUE]
    assert city["city"] == pytest.approx(100 * circle(400) / 4 / (4 * KM**2))
    # land: only the southern half of the city is land
    on_land = with_osm_access(package, places, land=box(X0, Y0, X0 + 2 * KM, Y0 + KM))
    assert on_land.indicator_frame("cell", 2024, PLAY)[c.VALUE].loc["c"] != 0  # NaN, no land
    assert on_land.indicator_frame("cell", 2024, PLAY)[c.VALUE].loc[["c", "d"]].isna().all()
    assert on_land.indicator_frame("city", 2024, PLAY)[c.VALUE]["city"] == pytest.approx(
        100 * circle(400) / 4 / (2 * KM**2))


def test_declarations_notes_attribution_and_source_record(tmp_path):
    package = tiny_package()
    found = features({"leisure": "playground", "x": 0, "y": 0},
                     {"leisure": "playground", "access": "private", "x": 10, "y": 10},
                     {"leisure": "playground", "x": -9000, "y": 0})
    places = select_open_places(found, box(X0, Y0, X0 + 2 * KM, Y0 + 2 * KM), extent=WIDE)
    result = with_osm_access(package, places, extract_date="2025-05-01")
    manifest = result.manifest
    assert [i.id for i in manifest.extra_indicators] == [PLAY, LIBRARY_ID]
    for ident in (PLAY, LIBRARY_ID):
        indicator = result.registry.get(ident)
        assert indicator.role.value == "index"
        assert indicator.direction.value == "higher_is_better"
        entry = manifest.entry(ident)
        assert entry.status == "derived"
        assert {a.status for a in entry.levels.values()} == {"derived"}
        assert "OpenStreetMap" in entry.source
        assert "2025-05-01" in entry.note_sv
        assert "2025-05-01" in entry.note_en
    note = manifest.entry(PLAY).note_sv
    assert "400 m" in note
    assert "1 utanför kommunen" in note
    assert "1 med access=private" in note
    assert "1 lekplatser" in note
    assert manifest.attribution == f"Källa: SCB; {ATTRIBUTION}"
    record = next(s for s in manifest.sources if s["id"] == SOURCE_ID)
    assert record["kept"] == {"playground": 1}
    assert record["left_out"] == [{"code": "outside", "count": 1, "kind": "playground"},
                                  {"code": "access", "count": 1, "kind": "playground",
                                   "value": "private"}]
    # applying it again replaces the indicators, the record and keeps one attribution
    again = with_osm_access(result, places)
    assert again.manifest.attribution == manifest.attribution
    assert len(again.manifest.sources) == 1
    assert len(again.indicators) == len(result.indicators)
    # the package on disk holds the same
    back = read_package(write_package(again, tmp_path / "pkg"))
    assert back.manifest == again.manifest
    assert back.indicator_frame("cell", 2024, PLAY)[c.VALUE].to_dict() == pytest.approx(
        again.indicator_frame("cell", 2024, PLAY)[c.VALUE].to_dict(), abs=1e-3)  # 3 decimals


def test_areas_outside_the_extract_get_no_value_rather_than_zero():
    package = tiny_package()
    # every feature read lies in the south-west square, so that is all the extract tells about
    found = features({"leisure": "playground", "x": 500, "y": 500},
                     {"leisure": "park", "x": 1, "y": 1}, {"leisure": "park", "x": 999, "y": 999})
    places = select_open_places(found, box(X0, Y0, X0 + 2 * KM, Y0 + 2 * KM))
    result = with_osm_access(package, places)
    play = result.indicator_frame("cell", 2024, PLAY)[c.VALUE]
    assert play["a"] > 90  # its known land is nearly all within reach
    assert play[["b", "c", "d"]].isna().all()
    record = result.manifest.sources[0]
    assert record["areas_without_value"][PLAY] == {"cell": 3, "city": 1}
    assert "3 av 4 områden saknar värde" in result.manifest.entry(PLAY).at("cell").note_sv


def test_reference_years_follow_the_index_values_of_each_level():
    package = tiny_package(index_years=(2022, 2024), city_years=tuple(range(2010, 2025)))
    assert reference_years(package) == {"cell": (2022, 2024), "city": (2022, 2024)}
    places = select_open_places(features({"leisure": "park", "x": 0, "y": 0}), None, extent=WIDE)
    result = with_osm_access(package, places)
    assert result.years_for(PLAY, "cell") == (2022, 2024)
    assert result.years_for(PLAY, "city") == (2022, 2024)
    assert with_osm_access(package, places, years=[2023]).years_for(PLAY, "cell") == (2023,)


# ---------------------------------------------------------------------------------------------------
# python -m cli osm-access
# ---------------------------------------------------------------------------------------------------


def test_cli_adds_access_to_any_package(tmp_path, capsys):
    package = write_package(tiny_package(), tmp_path / "pkg")
    places = _geojson(tmp_path / "osm.geojson", [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": _lonlat(x, y)},
         "properties": {"tags": tags}}
        for x, y, tags in ((10, 10, {"leisure": "playground"}),
                           (1990, 1990, {"leisure": "playground", "access": "private"}),
                           (1000, 1000, {"amenity": "library"}),
                           (-3000, -3000, {"amenity": "school"}),  # the extract is wider
                           (5000, 5000, {"amenity": "school"}))])
    out = tmp_path / "pkg2"
    assert cli_main(["osm-access", str(package), str(places), "--out", str(out),
                     "--date", "2025-05-01"]) == 0
    printed = capsys.readouterr().out
    assert "Kvar i kommunen: 1 lekplatser, 1 bibliotek" in printed
    assert "Utelämnat: 1 lekplatser – Inte öppen för alla (access=private)" in printed
    assert "Utelämnat: 2 skolor – Utanför kommunen" in printed
    assert "Utelämnat: 2 skolor – Utanför kommunen" in printed
    result = read_package(out)
    assert result.indicator_frame("cell", 2024, LIBRARY_ID)[c.VALUE].notna().all()
    assert ATTRIBUTION in result.manifest.attribution


def test_cli_refuses_unusable_places_by_name(tmp_path, capsys):
    package = write_package(tiny_package(), tmp_path / "pkg")
    assert cli_main(["osm-access", str(package), str(tmp_path / "nowhere.geojson"), "--out",
                     str(tmp_path / "out"), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "nowhere.geojson: The file or folder does not exist." in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
    with pytest.raises(SystemExit):
        cli_main(["osm-access", str(package), str(tmp_path), "--out", str(tmp_path / "o"),
                  "--date", "May 2025"])


# ---------------------------------------------------------------------------------------------------
# The real Malmö package
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def malmo_extent(real_data_dir):
    """The longitude/latitude box around the Malmö extract's features, in EPSG:3006."""
    from datapackage.osm import extract_extent

    return extract_extent(read_osm_places(real_data_dir / "osm_malmo_pois"))[0]


@pytest.mark.real_data
def test_malmo_land_outline(real_data_dir, malmo_package):
    land = malmo_package.land.union_all()
    assert land.geom_type == "Polygon"
    assert land.area / 1e6 == pytest.approx(161.3, abs=0.5)  # the delområden cover land only
    kommun = malmo_package.areas_at("kommun").geometry.iloc[0]
    assert land.difference(kommun).area / land.area < 0.03  # DeSO polygons are simplified


@pytest.mark.real_data
@pytest.mark.parametrize("ident", [PLAY, LIBRARY_ID])
@pytest.mark.parametrize("level", ["deso", "regso", "delomrade"])
def test_malmo_every_area_in_the_extract_has_a_plausible_value(malmo_package, real_data_dir,
                                                                malmo_extent, ident, level):
    year = max(malmo_package.years_for(ident, level))
    values = malmo_package.indicator_frame(level, year, ident)[c.VALUE]
    assert values.dropna().between(0, 100).all()
    areas = malmo_package.areas_at(level).set_index(c.AREA_ID)
    land = malmo_package.land.union_all()
    land_parts = areas.geometry.intersection(land)
    inside = land_parts.intersection(malmo_extent).area / land_parts.area
    kommun = malmo_package.areas_at("kommun").geometry.iloc[0]
    unsurveyed = kommun.intersection(land).difference(malmo_extent)  # the south of the kommun
    distance = 400 if ident == PLAY else 1000
    # every area farther than the distance from land the extract did not cover has a value; those
    # wholly outside it (Tygelsjö, Oxie syd, Klagshamn…) have none rather than a false 0 %
    assert values[land_parts.distance(unsurveyed) > distance].notna().all()
    assert values[inside < 0.01].isna().all()
    assert values.notna().mean() > 0.85


@pytest.mark.real_data
def test_malmo_central_deso_are_near_a_playground_or_park(malmo_package):
    centre = Point(Transformer.from_crs(4326, 3006, always_xy=True).transform(13.0007, 55.6059))
    deso = malmo_package.areas_at("deso").set_index(c.AREA_ID)
    nearest = deso.geometry.representative_point().distance(centre).nsmallest(30).index
    values = malmo_package.indicator_frame("deso", 2024, PLAY)[c.VALUE]
    assert (values[nearest] > 80).mean() >= 0.8  # Stortorget's 30 nearest DeSO
    libraries = malmo_package.indicator_frame("deso", 2024, LIBRARY_ID)[c.VALUE]
    assert (libraries[nearest] > 80).mean() >= 0.8


@pytest.mark.real_data
def test_malmo_reports_what_was_left_out(malmo_package):
    record = next(s for s in malmo_package.manifest.sources if s["id"] == SOURCE_ID)
    left_out = {(i["code"], i.get("kind"), i.get("value")): i["count"] for i in record["left_out"]}
    assert left_out[("outside", "library", None)] == 2  # Arlöv and Burlöv libraries
    assert left_out[("outside", "playground", None)] > 20
    assert left_out[("swimming_pool", "sports_centre", None)] > 250  # garden pools
    assert left_out[("fitness_centre", "sports_centre", None)] > 30
    assert left_out[("access", "playground", "private")] > 10
    assert record["kept"]["library"] == 14
    assert record["latest_check_date"] == "2026-06-08"
    assert record["extent_lonlat"][1] == pytest.approx(55.547, abs=0.001)
    entry = malmo_package.manifest.entry(PLAY)
    assert "access=private" in entry.note_sv
    assert "utanför kommunen" in entry.note_sv
    assert "okänt" in entry.note_sv
    assert "unknown" in entry.note_en
    assert ATTRIBUTION in malmo_package.manifest.attribution


@pytest.mark.real_data
def test_malmo_default_weights_leave_the_access_indicators_out(malmo_package):
    from indicators.scenario import SELECTED, Scenario, equal_weights
    from model.registry import REGISTRY
    from services.scenario import evaluate_scenario

    weights = dict(equal_weights(malmo_package.registry.index_ids))
    assert weights[PLAY] == 0
    assert weights[LIBRARY_ID] == 0
    assert {weights[i] for i in REGISTRY.index_ids} == {1.0}
    for level, year in (("deso", 2024), ("regso", 2023)):
        own = evaluate_scenario(malmo_package, Scenario(level, year, tuple(weights.items())))
        programme = evaluate_scenario(malmo_package, Scenario(level, year, equal_weights(
            REGISTRY.index_ids)))
        assert list(own.index[SELECTED]) == list(programme.index[SELECTED])
    # an analyst can weigh them in: it changes the proposal
    weighed = evaluate_scenario(malmo_package, Scenario("deso", 2024, tuple(
        {**weights, PLAY: 1.0}.items())))
    assert PLAY in weighed.weighted_ids


# ---------------------------------------------------------------------------------------------------
# The app on the real Malmö package
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
def malmo_app(malmo_package, monkeypatch, app_test_navigation):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KRAFTSAMLA_DATA", str(malmo_package.path))
    return AppTest.from_file("../app.py", default_timeout=60)


@pytest.mark.real_data
def test_malmo_data_page_shows_what_the_extract_left_out(malmo_app):
    at = malmo_app.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert any(s.value == "OpenStreetMap: vad som inte räknas" for s in at.subheader)
    table = next(d.value for d in at.dataframe if "Skäl" in d.value.columns)
    assert "Utanför kommunen" in set(table["Skäl"])
    assert "Inte öppen för alla (access=private)" in set(table["Skäl"])
    assert all(parse_number(v).value > 0 for v in table["Antal"])  # as shown
    indicators = next(d.value for d in at.dataframe if "Indikator" in d.value.columns)
    row = indicators[indicators["Indikator"] == "Nära en lekplats eller park (400 m)"].iloc[0]
    assert "access=private" in row["Kommentar"]
    assert any("© OpenStreetMap-bidragsgivare" in cap.value for cap in at.caption)


@pytest.mark.real_data
def test_malmo_access_maps_on_the_overview_and_weighs_nothing_by_default(malmo_app):
    at = malmo_app.run()
    at.selectbox(key="level").set_value("deso").run()
    at.selectbox(key="year").set_value(2024).run()
    at.selectbox(key="overview_indicator").set_value(PLAY).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 209
    at.switch_page("pages/omradesval.py").run()
    assert not at.exception
    assert at.slider(key=f"choose_w_{PLAY}").value == 0
    assert at.slider(key=f"choose_w_{LIBRARY_ID}").value == 0
    assert at.slider(key="choose_w_lag_inkomststandard").value == 1
