"""Data packages: reading, writing, the manifest, clear refusals, and a package's own indicators."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from datapackage.catalog import DEMO_PACKAGE
from datapackage.manifest import Manifest, ManifestError
from datapackage.store import read_package, write_package
from model import columns as c
from model.problems import ImportRefused
from model.registry import Indicator, UnknownIndicatorError

ROOT = Path(__file__).resolve().parents[1]
GREEN = {
    "id": "tillgang_gronyta", "name_sv": "Tillgång till grönyta", "name_en": "Access to green space",
    "unit": "percent", "direction": "higher_is_better", "role": "index",
    "definition_sv": "Andel invånare med högst 300 m till en park.", "source": "Malmö stad",
}


@pytest.fixture(scope="module")
def demo():
    return read_package(DEMO_PACKAGE)


def test_demo_round_trips_through_the_folder_format(demo, tmp_path):
    again = read_package(write_package(demo, tmp_path / "copy"))
    assert again.manifest == demo.manifest
    for level in demo.manifest.level_ids:
        assert again.areas[level].crs.to_epsg() == 3006
        assert list(again.areas[level].columns) == [*c.AREA_COLUMNS, "geometry"]
        assert again.areas[level].geom_equals_exact(demo.areas[level], tolerance=0.01).all()
    pd.testing.assert_frame_equal(again.indicators, demo.indicators)


def test_cli_info_json_lists_levels_indicators_and_years():
    out = subprocess.run([sys.executable, "-m", "cli", "info", str(DEMO_PACKAGE), "--json"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    info = json.loads(out.stdout)
    assert info["name"] == "Demodata – fiktiv stad"
    assert info["levels"]["smaomrade"] == {"areas": 200}
    assert info["indicators"]["uvas"]["years"] == list(range(2015, 2026))
    assert "smaomrade" in info["indicators"]["uvas"]["levels"]


def test_cli_info_refuses_a_folder_that_is_not_a_package(tmp_path):
    out = subprocess.run([sys.executable, "-m", "cli", "info", str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "manifest.json" in out.stderr
    assert "Traceback" not in out.stderr


def broken_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "pkg"
    shutil.copytree(DEMO_PACKAGE, folder)
    return folder


def test_refusals_name_the_file_and_what_is_wrong(tmp_path):
    folder = broken_copy(tmp_path)
    (folder / "manifest.json").write_text("{ broken", encoding="utf-8")
    with pytest.raises(ImportRefused) as info:
        read_package(folder)
    assert info.value.problems[0].file.endswith("manifest.json")
    assert "JSON" in info.value.problems[0].message_sv

    folder = broken_copy(tmp_path / "b")
    (folder / "population.csv").unlink()
    with pytest.raises(ImportRefused, match=r"population\.csv"):
        read_package(folder)

    folder = broken_copy(tmp_path / "c")
    table = pd.read_csv(folder / "indicators.csv")
    table.loc[0, c.INDICATOR] = "gronyta"
    table.to_csv(folder / "indicators.csv", index=False)
    with pytest.raises(ImportRefused) as info:
        read_package(folder)
    assert "gronyta" in info.value.problems[0].message_sv
    assert "uvas" in info.value.problems[0].message_sv  # the valid ids are listed


def test_manifest_errors_name_the_key(demo):
    data = demo.manifest.to_dict()
    with pytest.raises(ManifestError, match="status"):
        Manifest.from_dict({**data, "indicators": {"uvas": {"status": "invented"}}})
    with pytest.raises(ManifestError, match="city_level"):
        Manifest.from_dict({**data, "city_level": "planet"})
    with pytest.raises(ManifestError, match="gronyta"):
        Manifest.from_dict({**data, "indicators": {"gronyta": {"status": "real"}}})


def test_unknown_indicator_lookups_list_the_valid_ids(demo):
    with pytest.raises(UnknownIndicatorError, match="lag_inkomststandard"):
        demo.indicator_values("smaomrade", 2025, "gronyta")


@pytest.fixture(scope="module")
def green_package(demo, tmp_path_factory) -> Path:
    """The demo city plus the environment board's own indicator, declared in its manifest."""
    extra = Indicator.from_dict(GREEN)
    manifest = dataclasses.replace(demo.manifest, extra_indicators=(extra,),
                                   name="Demodata med grönyta")
    areas = demo.areas["smaomrade"]
    rows = pd.DataFrame({
        c.AREA_ID: areas[c.AREA_ID], c.LEVEL: "smaomrade", c.YEAR: 2025,
        c.INDICATOR: extra.id, c.VALUE: [40 + (i * 7) % 55 for i in range(len(areas))],
        c.NUMERATOR: None, c.DENOMINATOR: None, c.SUPPRESSED: False,
    })
    package = dataclasses.replace(demo, manifest=manifest,
                                  indicators=pd.concat([demo.indicators, rows], ignore_index=True))
    return write_package(package, tmp_path_factory.mktemp("green"))


def test_a_package_can_declare_its_own_indicator(green_package):
    package = read_package(green_package)
    assert "tillgang_gronyta" in package.registry.index_ids
    assert "tillgang_gronyta" in package.indicator_ids()
    values = package.indicator_values("smaomrade", 2025, "tillgang_gronyta")
    assert len(values) == 200


def test_the_app_maps_a_package_indicator_like_a_built_in_one(green_package, monkeypatch,
                                                              app_test_navigation):
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(green_package))
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.selectbox(key="overview_indicator").set_value("tillgang_gronyta").run()
    assert not at.exception
    assert any(m.value.startswith("**Tillgång till grönyta**") for m in at.markdown)
    assert len(at.dataframe[0].value) == 200


def test_an_area_without_geometry_is_refused_by_id(demo, tmp_path):
    import shapely

    broken = demo.areas["stadsdel"].copy()
    broken.loc[3, "geometry"] = shapely.Polygon()
    package = dataclasses.replace(demo, areas={**demo.areas, "stadsdel": broken})
    with pytest.raises(ImportRefused) as info:
        read_package(write_package(package, tmp_path / "p"))
    assert broken.loc[3, c.AREA_ID] in info.value.problems[0].message_sv


def test_a_classification_round_trips_and_unknown_categories_are_refused(demo, tmp_path):
    from datapackage.scb.area_types import AREA_TYPE

    ids = demo.areas["stadsdel"][c.AREA_ID]
    table = pd.DataFrame({c.CLASSIFICATION: AREA_TYPE.id, c.AREA_ID: ids, c.LEVEL: "stadsdel",
                          c.YEAR: 2023, c.CATEGORY: [str(1 + i % 5) for i in range(len(ids))]})
    package = dataclasses.replace(
        demo, manifest=dataclasses.replace(demo.manifest, classifications=(AREA_TYPE,)),
        classifications=table)
    folder = write_package(package, tmp_path / "typed")
    again = read_package(folder)
    assert again.manifest.classifications == (AREA_TYPE,)
    types = again.classification_at(AREA_TYPE.id, "stadsdel", 2025)
    assert types.attrs["year"] == 2023  # the latest year at or before the one asked for
    assert types.to_dict() == dict(zip(ids, table[c.CATEGORY], strict=True))
    assert again.classification_levels(AREA_TYPE.id) == ("stadsdel",)

    written = pd.read_csv(folder / "classifications.csv", dtype=str)
    written.loc[3, c.CATEGORY] = "9"
    written.to_csv(folder / "classifications.csv", index=False)
    with pytest.raises(ImportRefused) as info:
        read_package(folder)
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (5, c.CATEGORY)
    assert "'9'" in problem.message_sv
    with pytest.raises(ManifestError, match="planet"):
        again.manifest.classification("planet")


def test_a_land_outline_round_trips(demo, tmp_path):
    import geopandas as gpd

    land = gpd.GeoSeries([demo.areas["stad"].geometry.iloc[0].buffer(-100)], crs="EPSG:3006")
    again = read_package(write_package(dataclasses.replace(demo, land=land), tmp_path / "land"))
    assert again.land is not None
    assert again.land.geom_equals_exact(land, tolerance=0.01).all()
    assert read_package(DEMO_PACKAGE).land is None
