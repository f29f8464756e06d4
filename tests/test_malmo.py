"""The real Malmö package builder and the interpolation helpers it uses.

Interpolation is tested on tiny grids of `shapely.box` squares with hand-computed answers; the
package is checked against the source files it was built from (fixtures in ``conftest.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from shapely import box

from cli import build_malmo as cli_build_malmo
from datapackage.malmo import (
    CROSSWALK,
    DESO2018_TABLE,
    DESO_TABLE,
    KOMMUN_SERIES,
    REGSO_ASSISTANCE,
    REGSO_ELIGIBILITY,
    REGSO_UVAS,
    title_case_name,
)
from datapackage.store import read_package, write_package
from geo.interpolate import (
    areal_weights,
    interpolate_counts,
    interpolate_rate,
    nested_weights,
    share_weights,
)
from model import columns as c

ROOT = Path(__file__).resolve().parents[1]
AREA_LEVELS = ("deso", "regso", "delomrade")


# ----------------------------------------------------------------------------------------------
# geo.interpolate on synthetic squares
# ----------------------------------------------------------------------------------------------


def _layer(ids: list[str], boxes: list[tuple[float, float, float, float]],
           crs: str = "EPSG:3006") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": ids}, geometry=[box(*b) for b in boxes], crs=crs)


def test_areal_weights_count_only_the_covered_part() -> None:
    # Source "s" is 2 x 1; target "a" covers its left half, the right half is "sea".
    # Source "u" is 1 x 1 and lies half in "a" and half in "b".
    source = _layer(["s", "u"], [(0, 0, 2, 1), (0, 1, 1, 2)])
    target = _layer(["a", "b"], [(0, 0, 1, 1.5), (0, 1.5, 1, 2)])
    covered = areal_weights(source, target, "id", "id").set_index(["source", "target"])["weight"]
    assert covered[("s", "a")] == pytest.approx(1.0)
    assert covered[("u", "a")] == pytest.approx(0.5)
    assert covered[("u", "b")] == pytest.approx(0.5)
    whole = areal_weights(source, target, "id", "id", covered_only=False)
    assert whole.set_index(["source", "target"])["weight"][("s", "a")] == pytest.approx(0.5)


def test_areal_weights_refuse_degrees_and_missing_columns() -> None:
    source = _layer(["s"], [(0, 0, 1, 1)], crs="EPSG:4326")
    with pytest.raises(ValueError, match="projected"):
        areal_weights(source, source, "id", "id")
    with pytest.raises(ValueError, match="'code'"):
        areal_weights(_layer(["s"], [(0, 0, 1, 1)]), _layer(["t"], [(0, 0, 1, 1)]), "code", "id")


def test_counts_are_conserved_and_rates_weighted_by_size() -> None:
    weights = pd.DataFrame({"source": ["s", "u", "u"], "target": ["a", "a", "b"],
                            "weight": [1.0, 0.5, 0.5]})
    counts = interpolate_counts(pd.DataFrame({"pop": [100.0, 40.0]}, index=["s", "u"]), weights)
    assert counts["pop"].to_dict() == {"a": 120.0, "b": 20.0}
    rate = interpolate_rate(pd.Series([10.0, 40.0], index=["s", "u"], name="pct"),
                            pd.Series([100.0, 40.0], index=["s", "u"]), weights)
    # a: (1 * 100 * 10 + 0.5 * 40 * 40) / (100 + 20) = 1800 / 120 = 15
    assert rate["a"] == pytest.approx(15.0)
    assert rate["b"] == pytest.approx(40.0)
    assert rate.name == "pct"


def test_missing_rates_are_left_out_not_counted_as_zero() -> None:
    weights = pd.DataFrame({"source": ["s", "u"], "target": ["a", "a"], "weight": [1.0, 1.0]})
    rate = interpolate_rate(pd.Series([10.0, np.nan], index=["s", "u"]),
                            pd.Series([100.0, 100.0], index=["s", "u"]), weights)
    assert rate["a"] == pytest.approx(10.0)


def test_nested_and_share_weights() -> None:
    xw = pd.DataFrame({"old": ["x", "x", "y"], "new": ["x1", "x2", "y"], "parent": ["P", "P", "Q"]})
    nested = nested_weights(xw, "new", "parent")
    assert set(nested["weight"]) == {1.0}
    with pytest.raises(ValueError, match="'old'"):
        nested_weights(xw, "old", "new")
    split = share_weights(xw, "old", "new", pd.Series({"x1": 30.0, "x2": 10.0, "y": 0.0}))
    w = split.set_index("target")["weight"]
    assert w.to_dict() == pytest.approx({"x1": 0.75, "x2": 0.25, "y": 1.0})
    equal = share_weights(xw, "old", "new", pd.Series({"x1": 0.0, "x2": 0.0, "y": 5.0}))
    assert equal.set_index("target")["weight"]["x1"] == pytest.approx(0.5)


@pytest.mark.parametrize(("raw", "expected"), [
    ("ROSENGÅRD CENTRUM", "Rosengård Centrum"),
    ("ÖSTRA SÖDERKULLA", "Östra Söderkulla"),
    ("SOFIELUNDS INDUSTRIOMR.", "Sofielunds Industriområde"),
    ("HÄSTHAGEN", "Hästhagen"),
])
def test_title_case_name(raw: str, expected: str) -> None:
    assert title_case_name(raw) == expected


# ----------------------------------------------------------------------------------------------
# The real package
# ----------------------------------------------------------------------------------------------


def _source(real_data_dir: Path, rel: str) -> pd.DataFrame:
    return pd.read_csv(real_data_dir / rel, dtype={"regso": str, "deso": str, "deso2018": str,
                                                   "bakgrund": str, "kommun_code": str})


def _values(package, level: str, year: int, indicator: str) -> pd.DataFrame:
    return package.indicator_values(level, year, indicator)


@pytest.mark.real_data
def test_levels_areas_and_crs(malmo_package) -> None:
    counts = {lv: len(malmo_package.areas[lv]) for lv in malmo_package.manifest.level_ids}
    assert counts == {"deso": 209, "regso": 91, "delomrade": 136, "kommun": 1}
    for gdf in malmo_package.areas.values():
        assert gdf.crs.to_epsg() == 3006
        assert gdf.is_valid.all()
        assert not gdf.is_empty.any()  # the source's empty RegSO 1280R024 is rebuilt from its DeSOs
        assert gdf.geom_type.isin(["Polygon", "MultiPolygon"]).all()
        assert gdf[c.AREA_ID].is_unique
    regso = malmo_package.areas["regso"].set_index(c.AREA_ID)
    deso = malmo_package.areas["deso"]
    members = deso[deso[c.PARENT_ID] == "1280R024"].geometry.union_all()
    assert regso.loc["1280R024"].geometry.area == pytest.approx(members.area, rel=0.05)
    manifest = malmo_package.manifest
    assert [lv.parent for lv in manifest.levels] == ["regso", "kommun", None, None]
    assert manifest.city_level == "kommun"
    assert manifest.youth_age_group == "15-24"
    assert not manifest.demo
    kommun = malmo_package.areas["kommun"].iloc[0]
    assert (kommun[c.AREA_ID], kommun[c.NAME]) == ("1280", "Malmö")
    # The kommun polygon is the DeSO union (it includes sea): ~332 km², one piece.
    assert kommun.geometry.area / 1e6 == pytest.approx(334, rel=0.02)


@pytest.mark.real_data
def test_parents_and_names_follow_the_crosswalk(malmo_package, real_data_dir) -> None:
    xw = _source(real_data_dir, CROSSWALK).set_index("deso2025")
    deso = malmo_package.areas["deso"].set_index(c.AREA_ID)
    assert (deso[c.PARENT_ID] == xw["regso2025"].reindex(deso.index)).all()
    regso = malmo_package.areas["regso"].set_index(c.AREA_ID)
    names = xw.drop_duplicates("regso2025").set_index("regso2025")["regso_namn"]
    assert (regso[c.NAME] == names.reindex(regso.index)).all()
    assert set(regso[c.PARENT_ID]) == {"1280"}
    delomrade = malmo_package.areas["delomrade"]
    assert {"Rosengård Centrum", "Västra Hamnen", "Möllevången"} <= set(delomrade[c.NAME])
    assert delomrade[c.PARENT_ID].isna().all()


@pytest.mark.real_data
def test_low_economic_standard_matches_the_sources(malmo_package, real_data_dir) -> None:
    table_2024 = _source(real_data_dir, DESO_TABLE).set_index("deso")["low_econ_std_pct"]
    got = _values(malmo_package, "deso", 2024, "lag_inkomststandard")[c.VALUE]
    assert got["1280C1010"] == pytest.approx(table_2024["1280C1010"])
    pd.testing.assert_series_equal(got.sort_index(), table_2024.sort_index(), check_names=False,
                                   check_index_type=False)

    table_2022 = _source(real_data_dir, DESO2018_TABLE).set_index("deso2018")
    got_2022 = _values(malmo_package, "deso", 2022, "lag_inkomststandard")
    # An unchanged DeSO keeps its published value and denominator ...
    assert got_2022.at["1280C1010", c.VALUE] == pytest.approx(4.0)
    assert got_2022.at["1280C1010", c.DENOMINATOR] == pytest.approx(
        table_2022.at["1280C1010", "econstd_n_persons"])
    # ... a split one carries its predecessor's share, the denominator divided between the parts.
    parts = got_2022.loc[["1280C1171", "1280C1172"]]
    assert (parts[c.VALUE] == table_2022.at["1280C1170", "low_econ_std_pct"]).all()
    assert parts[c.DENOMINATOR].sum() == pytest.approx(
        table_2022.at["1280C1170", "econstd_n_persons"], abs=0.2)
    # The kommun level is Kolada's 0-19 series: 30 % in 2022 per PROVENANCE.
    kommun = _values(malmo_package, "kommun", 2022, "lag_inkomststandard")
    assert kommun.at["1280", c.VALUE] == pytest.approx(30, abs=0.5)


@pytest.mark.real_data
def test_derived_levels_stay_within_the_deso_range(malmo_package) -> None:
    deso = _values(malmo_package, "deso", 2024, "lag_inkomststandard")[c.VALUE]
    for level in ("regso", "delomrade"):
        derived = _values(malmo_package, level, 2024, "lag_inkomststandard")[c.VALUE]
        assert len(derived) == len(malmo_package.areas[level])
        assert derived.notna().all()
        assert derived.min() >= deso.min() - 1e-9
        assert derived.max() <= deso.max() + 1e-9
        status = malmo_package.manifest.entry("lag_inkomststandard").at(level)
        assert status.status == "derived"
        assert status.note_sv
        assert status.note_en


@pytest.mark.real_data
def test_regso_eligibility_and_suppression(malmo_package, real_data_dir) -> None:
    source = _source(real_data_dir, REGSO_ELIGIBILITY).set_index("regso")["eligible_upper_sec_pct"]
    got = _values(malmo_package, "regso", 2023, "behorighet_yrkesprogram")
    assert got.at["1280R001", c.VALUE] == pytest.approx(source["1280R001"])
    assert got.at["1280R001", c.VALUE] == pytest.approx(81.5)
    assert bool(got.at["1280R003", c.SUPPRESSED])
    assert np.isnan(got.at["1280R003", c.VALUE])
    assert int(got[c.SUPPRESSED].sum()) == 20
    assert (got[c.SUPPRESSED] == got[c.VALUE].isna()).all()
    kommun = malmo_package.years_for("behorighet_yrkesprogram", "kommun")
    assert (kommun[0], kommun[-1]) == (1998, 2024)
    for level in ("deso", "delomrade"):
        assert malmo_package.manifest.entry("behorighet_yrkesprogram").at(level).status == (
            "missing")
        assert not malmo_package.years_for("behorighet_yrkesprogram", level)


@pytest.mark.real_data
def test_uvas_and_social_assistance_match_the_stativ_cubes(malmo_package, real_data_dir) -> None:
    cube = _source(real_data_dir, REGSO_UVAS)
    rows = cube[(cube["sex_label"] == "total") & (cube["bakgrund"] == "000")
                & (cube["measure"] == "neet_20_25_pct")].set_index("regso")
    got = _values(malmo_package, "regso", 2023, "uvas")
    pd.testing.assert_series_equal(got[c.VALUE].sort_index(), rows["value"].sort_index(),
                                   check_names=False, check_index_type=False)
    assert int(got[c.SUPPRESSED].sum()) == 2

    cube = _source(real_data_dir, REGSO_ASSISTANCE)
    rows = cube[(cube["sex_label"] == "total") & (cube["bakgrund"] == "tot20-64")
                & (cube["measure_code"] == "000004WZ")].set_index("regso_namn")
    got = _values(malmo_package, "regso", 2023, "ekonomiskt_bistand")[c.VALUE]
    # Highest in Örtagården norr (8.9 %, PROVENANCE).
    code = cube.loc[cube["regso_namn"] == "Örtagården norr", "regso"].iloc[0]
    assert got[code] == pytest.approx(rows.at["Örtagården norr", "value"])
    assert got.max() == pytest.approx(8.9)


@pytest.mark.real_data
def test_kommun_series_are_filtered_on_source_id_and_total(malmo_package, real_data_dir) -> None:
    uvas = _values(malmo_package, "kommun", 2022, "uvas")
    assert uvas.at["1280", c.VALUE] == pytest.approx(8.1, abs=0.05)
    assert _values(malmo_package, "kommun", 2023, "trangboddhet").at["1280", c.VALUE] == (
        pytest.approx(16.4, abs=0.05))
    assert _values(malmo_package, "kommun", 2022, "ekonomiskt_bistand").at["1280", c.VALUE] == (
        pytest.approx(6.2, abs=0.05))
    series = _source(real_data_dir, KOMMUN_SERIES)
    n = len(series[(series["source_id"] == "N07907") & (series["gender"] == "T")
                   & (series["kommun_code"] == "1280")])
    assert len(malmo_package.years_for("trangboddhet", "kommun")) == n == 12


@pytest.mark.real_data
def test_overcrowding_is_missing_at_every_area_level(malmo_package) -> None:
    rows = malmo_package.indicators[malmo_package.indicators[c.INDICATOR] == "trangboddhet"]
    assert set(rows[c.LEVEL]) == {"kommun"}
    entry = malmo_package.manifest.entry("trangboddhet")
    assert entry.status == "missing"
    for level in AREA_LEVELS:
        availability = entry.at(level)
        assert availability.status == "missing"
        assert "finns inte per område" in availability.note_sv.lower()
    assert "flerbostadshus" in entry.at("kommun").note_sv


@pytest.mark.real_data
def test_every_indicator_has_honest_notes(malmo_package) -> None:
    manifest = malmo_package.manifest
    for ident in ("uvas", "behorighet_yrkesprogram", "trangboddhet", "ekonomiskt_bistand",
                  "lag_inkomststandard", "befolkning"):
        entry = manifest.entry(ident)
        assert entry.note_sv, ident
        assert entry.note_en, ident
        assert entry.source, ident
        for level in manifest.level_ids:
            assert entry.at(level).note_sv, (ident, level)
            assert entry.at(level).note_en, (ident, level)
    assert "andel av nettoinkomsten (20–64 år), inte andel personer som fått bistånd" in (
        manifest.entry("ekonomiskt_bistand").at("regso").note_sv.lower())
    assert "20–25 år, inte 16–24 år" in manifest.entry("uvas").note_sv
    assert "låg ekonomisk standard" in manifest.entry("lag_inkomststandard").note_sv
    assert "0–19" in manifest.entry("lag_inkomststandard").at("kommun").note_sv
    assert "hav" in manifest.description
    assert "sea" in manifest.description_en


@pytest.mark.real_data
def test_population_is_conserved_across_levels(malmo_package) -> None:
    def total(level: str, year: int) -> float:
        return float(malmo_package.population_at(level, year)["total"].sum())

    assert total("kommun", 2024) == pytest.approx(365_644)
    assert total("kommun", 2022) == pytest.approx(357_377)
    assert total("regso", 2022) == pytest.approx(357_377)
    assert total("deso", 2025) == pytest.approx(total("kommun", 2025))
    assert total("delomrade", 2025) == pytest.approx(total("deso", 2025), rel=1e-3)
    assert total("delomrade", 2022) == pytest.approx(357_377, rel=1e-3)
    deso = malmo_package.population_at("deso", 2025)
    assert list(deso.columns) == sorted(["total", "0-19", "15-24"])
    assert (deso["15-24"] <= deso["total"]).all()
    people = _values(malmo_package, "kommun", 2024, "befolkning")
    assert people.at["1280", c.VALUE] == pytest.approx(365_644)


@pytest.mark.real_data
def test_police_overlay(malmo_package) -> None:
    overlay = malmo_package.overlays["polisen_utsatta_2023"]
    assert len(overlay) == 4
    assert overlay.crs.to_epsg() == 3006
    assert {"name", "category"} <= set(overlay.columns)
    assert "Rosengård" in set(overlay["name"])
    assert malmo_package.manifest.overlays[0].attribution == "Källa: Polisen"


@pytest.mark.real_data
def test_manifest_years_cover_every_table(malmo_package) -> None:
    years = set(malmo_package.manifest.years)
    assert set(malmo_package.indicators[c.YEAR]) <= years
    assert set(malmo_package.population[c.YEAR]) <= years
    assert min(years) == 1994
    assert malmo_package.manifest.attribution == (
        "Källa: SCB; Malmö stad; Polisen; Kolada (RKA); © OpenStreetMap-bidragsgivare")


@pytest.mark.real_data
def test_land_outline_is_the_land_of_the_delomraden(malmo_package) -> None:
    land = malmo_package.land
    assert land is not None
    assert land.crs.to_epsg() == 3006
    # Malmö's land is about 158 km²; the DeSO polygons with the sea cover about twice that.
    assert 150e6 < land.area.sum() < 170e6
    deso = malmo_package.areas["deso"]
    on_land = deso.geometry.intersection(land.union_all()).area / deso.geometry.area
    assert (on_land > 0.04).all()  # every DeSO keeps some land to draw
    assert (on_land < 0.5).sum() >= 5  # and the coastal ones lose their sea


def test_scb_area_types_per_regso(malmo_package, real_data_dir) -> None:
    types = malmo_package.classification_at("scb_omradestyp", "regso", 2023)
    assert types.attrs["year"] == 2023
    assert set(types.index) == set(malmo_package.areas["regso"]["area_id"])
    # SCB's own counts for Malmö 2023 (PROVENANCE.md): 20 / 10 / 26 / 31 / 4.
    assert types.value_counts().to_dict() == {"1": 20, "2": 10, "3": 26, "4": 31, "5": 4}
    source = pd.read_csv(real_data_dir / "scb_regso_omradestyp/malmo_regso_omradestyp_2022_2023.csv",
                         dtype={"regso": str})
    assert (types.loc[source["regso"]].astype(int).to_numpy() == source["omradestyp_2023"]).all()
    earlier = malmo_package.classification_at("scb_omradestyp", "regso", 2022)
    assert (earlier != types.reindex(earlier.index)).sum() == 5  # "5 areas changed type"
    assert malmo_package.classification_levels("scb_omradestyp") == ("regso",)
    assert malmo_package.classification_at("scb_omradestyp", "deso").empty


def test_round_trip(malmo_package, tmp_path) -> None:
    again = read_package(write_package(malmo_package, tmp_path / "again"))
    assert again.manifest == malmo_package.manifest
    assert_frame_equal(again.indicators, malmo_package.indicators)
    assert_frame_equal(again.population, malmo_package.population)
    assert_frame_equal(again.classifications.reset_index(drop=True),
                       malmo_package.classifications.sort_values(
                           ["classification", "level", "year", "area_id"]).reset_index(drop=True),
                       check_dtype=False)
    assert again.land.geom_equals_exact(malmo_package.land, tolerance=1e-6).all()
    for level, gdf in malmo_package.areas.items():
        other = again.areas[level]
        assert_frame_equal(pd.DataFrame(other.drop(columns="geometry")),
                           pd.DataFrame(gdf.drop(columns="geometry")))
        assert other.geometry.geom_equals_exact(gdf.geometry, tolerance=1e-6).all()


# ----------------------------------------------------------------------------------------------
# The command line
# ----------------------------------------------------------------------------------------------


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m cli")
    cli_build_malmo.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.run(args)


@pytest.mark.real_data
def test_cli_builds_and_prints_a_summary(real_data_dir, tmp_path, capsys) -> None:
    out = tmp_path / "malmo"
    assert _cli(["build-malmo", str(real_data_dir), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Malmö – verkliga data" in printed
    assert "deso: 209" in printed
    assert "trangboddhet" in printed
    assert (out / "manifest.json").is_file()


def test_cli_refuses_a_missing_source_folder(tmp_path, capsys) -> None:
    missing = tmp_path / "nowhere"
    assert _cli(["build-malmo", str(missing), str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err
    assert "Källmappen finns inte" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.real_data
def test_cli_names_a_missing_or_malformed_file(real_data_dir, tmp_path, capsys) -> None:
    src = tmp_path / "src"
    for path in real_data_dir.rglob("*"):
        if path.is_file():
            target = src / path.relative_to(real_data_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.name != Path(REGSO_UVAS).name:
                target.symlink_to(path)
    table = src / REGSO_ELIGIBILITY
    table.unlink()
    table.write_text("regso,year\n1280R001,2023\n", encoding="utf-8")
    assert _cli(["build-malmo", str(src), str(tmp_path / "out"), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"{src / REGSO_UVAS}: The file is missing" in err
    assert "malmo_regso_eligibility_upper_secondary_2023.csv, row 1, column " in err
    assert "'eligible_upper_sec_pct'" in err
    assert "Traceback" not in err


@pytest.mark.skipif(
    any(importlib.util.find_spec(f"cli.{m}") is None for m in ("validate", "make_demo", "info")),
    reason="python -m cli needs every subcommand module",
)
def test_python_m_cli_reports_a_missing_folder_without_traceback(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "build-malmo", str(tmp_path / "nowhere"), str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "nowhere" in result.stderr
    assert "Traceback" not in result.stderr
