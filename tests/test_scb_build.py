"""The package built from recorded SCB answers: codes, years, values, suppression, counts, manifest."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
import responses

from cli.__main__ import main
from datapackage.scb.build import build_scb_package
from datapackage.scb.catalogue import CATALOGUE
from datapackage.scb.client import ScbClient
from datapackage.scb.kommuner import find_kommun, kommuner, kommuner_in_table
from datapackage.scb.layout import check_layout
from datapackage.scb.pxweb import parse_table_meta
from datapackage.store import read_package, write_package
from model import columns as c
from model.problems import ImportRefused
from tests.fixtures.scb.fake_scb import FIXTURES, FakeScb
from tests.test_scb_client import FakeClock

UVAS = "AA/AA0003/AA0003H/IntGr8RegSOKON1N"
LOW_ECON = "HE/HE0110/HE0110I/Tab4InkDesoRegso"


@pytest.fixture
def fake():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield FakeScb().install(rsps)


def _build(fake, tmp_path=None):
    client = ScbClient(FakeClock(), cache_dir=tmp_path)
    return build_scb_package("1280", client), client


@pytest.fixture(scope="module")
def built():
    """One build from the recorded answers, shared by the tests that only read it."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        build, _ = _build(FakeScb().install(rsps))
    return build


def _value(package, indicator, level, year, area):
    rows = package.indicator_values(level, year, indicator)
    return rows.loc[area]


# --- areas -----------------------------------------------------------------------------------


def test_levels_codes_and_parents(built):
    areas = built.package.areas
    assert list(areas["regso"][c.AREA_ID]) == ["1280R001", "1280R002", "1280R003", "1280R004"]
    deso = areas["deso"].set_index(c.AREA_ID)
    assert len(deso) == 9
    assert deso.at["1280C1171", c.PARENT_ID] == "1280R002"
    assert deso.at["1280C1171", c.NAME] == "1280C1171 (Almvik syd-Lindängen syd)"
    assert areas["regso"].set_index(c.AREA_ID).at["1280R001", c.NAME] == "Almvik norr-Lindängen norr"
    assert list(areas["kommun"][c.AREA_ID]) == ["1280"]
    assert areas["kommun"][c.NAME].iloc[0] == "Malmö"
    for gdf in areas.values():
        assert gdf.crs.to_epsg() == 3006
        assert gdf.geometry.is_valid.all()
        assert not gdf.geometry.is_empty.any()
    # The kommun covers its DeSO.
    assert areas["kommun"].geometry.iloc[0].buffer(1).contains(areas["deso"].union_all())


def test_deso_parent_from_the_map_when_the_layer_has_no_regso_attribute(fake, tmp_path):
    data = json.loads((FIXTURES / "DeSO_2025.geojson").read_text("utf-8"))
    for feature in data["features"]:
        del feature["properties"]["regsokod"]
    folder = tmp_path / "fixtures"
    folder.mkdir()
    for path in FIXTURES.glob("*.json"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "RegSO_2025.geojson").write_bytes((FIXTURES / "RegSO_2025.geojson").read_bytes())
    (folder / "DeSO_2025.geojson").write_text(json.dumps(data), "utf-8")
    fake.folder = folder
    build, _ = _build(fake)
    deso = build.package.areas["deso"].set_index(c.AREA_ID)
    assert deso.at["1280C1171", c.PARENT_ID] == "1280R002"
    assert deso.at["1280C1630", c.PARENT_ID] == "1280R004"


# --- values ----------------------------------------------------------------------------------


def test_stativ_values_years_and_suppression(built):
    package = built.package
    assert package.years_for("uvas", "regso") == (2021, 2022, 2023)
    assert _value(package, "uvas", "regso", 2023, "1280R001")[c.VALUE] == 18.6
    assert _value(package, "uvas", "regso", 2023, "1280R002")[c.VALUE] == 21.1
    assert _value(package, "ekonomiskt_bistand", "regso", 2023, "1280R003")[c.VALUE] == 2.3
    eligible = package.indicator_values("regso", 2023, "behorighet_yrkesprogram")
    assert eligible.at["1280R001", c.VALUE] == 81.5
    assert pd.isna(eligible.at["1280R003", c.VALUE])
    assert eligible.at["1280R003", c.SUPPRESSED]
    assert not eligible.at["1280R001", c.SUPPRESSED]
    # Another kommun's RegSO in the same table is left out.
    assert "1281R001" not in set(package.indicators[c.AREA_ID])
    # STATIV tables carry no counts.
    assert package.indicators.loc[package.indicators[c.INDICATOR] == "uvas", c.DENOMINATOR].isna().all()


def test_low_economic_standard_on_both_divisions_with_counts(built):
    package = built.package
    # 2011–2023 on DeSO 2018 codes, carried over; 2024 on DeSO 2025 codes.
    assert package.years_for("lag_inkomststandard", "deso") == tuple(range(2011, 2025))
    row_2022 = _value(package, "lag_inkomststandard", "deso", 2022, "1280C1230")
    assert row_2022[c.VALUE] == 27.0  # an unchanged DeSO keeps its published value and count
    assert row_2022[c.DENOMINATOR] == 1656
    assert row_2022[c.NUMERATOR] == pytest.approx(0.27 * 1656)
    row_2024 = _value(package, "lag_inkomststandard", "deso", 2024, "1280C1230")
    assert (row_2024[c.VALUE], row_2024[c.DENOMINATOR]) == (31.0, 1822)
    # 1280C1170 was split into 1280C1171 and 1280C1172: both get its 2022 share (37 %), and its
    # 3 049 persons are shared by the parts' 2024 population (1 367 and 1 899).
    for part, people in (("1280C1171", 1367), ("1280C1172", 1899)):
        row = _value(package, "lag_inkomststandard", "deso", 2022, part)
        assert row[c.VALUE] == 37.0
        assert row[c.DENOMINATOR] == pytest.approx(3049 * people / (1367 + 1899))
        assert row[c.NUMERATOR] == pytest.approx(0.37 * 3049 * people / (1367 + 1899))
    assert "1280C1170" not in set(package.indicators[c.AREA_ID])  # no old code is left
    assert _value(package, "lag_inkomststandard", "deso", 2024, "1280C1171")[c.VALUE] == 20.0
    assert _value(package, "lag_inkomststandard", "regso", 2024, "1280R001")[c.VALUE] == 28.6
    assert package.city_value(2023, "lag_inkomststandard") == pytest.approx(17.4)


def test_ten_years_per_area_for_low_economic_standard_and_population(built):
    package = built.package
    for level in ("deso", "regso"):
        areas = set(package.areas[level][c.AREA_ID])
        low = package.indicators[(package.indicators[c.INDICATOR] == "lag_inkomststandard")
                                 & (package.indicators[c.LEVEL] == level)
                                 & package.indicators[c.VALUE].notna()]
        assert set(low[c.AREA_ID]) == areas
        assert low.groupby(c.AREA_ID)[c.YEAR].nunique().min() >= 10
        pop = package.population[(package.population[c.LEVEL] == level)
                                 & (package.population[c.AGE_GROUP] == "total")]
        assert set(pop[c.AREA_ID]) == areas
        assert pop.groupby(c.AREA_ID)[c.YEAR].nunique().min() >= 10


def test_population_age_groups_and_the_kommun_sum(built):
    package = built.package
    regso = package.population_at("regso", 2024)
    assert regso.at["1280R001", "total"] == 3426
    assert regso.at["1280R001", "0-19"] == 256 + 234 + 190 + 172
    assert regso.at["1280R001", "15-24"] == 172 + 197
    deso = package.population_at("deso", 2024)
    assert deso.at["1280C1171", "0-19"] == 108 + 75 + 99 + 86
    assert deso.at["1280C1171", "15-24"] == 86 + 62
    kommun = package.population_at("kommun", 2024)
    assert kommun.at["1280", "total"] == deso["total"].sum()
    # 2022 on DeSO 2018 codes: the split 1280C1170 (3 280 people) shared by the 2024 population of
    # its parts; the kommun is the sum of the same people.
    deso_2022 = package.population_at("deso", 2022)
    assert deso_2022.at["1280C1230", "total"] == 1819
    assert deso_2022.at["1280C1171", "total"] == pytest.approx(3280 * 1367 / (1367 + 1899))
    assert deso_2022.at["1280C1171", "total"] + deso_2022.at["1280C1172", "total"] \
        == pytest.approx(3280)
    assert package.population_at("kommun", 2022).at["1280", "total"] == pytest.approx(
        deso_2022["total"].sum())
    befolkning = package.indicator_values("regso", 2024, "befolkning")
    assert befolkning.at["1280R001", c.VALUE] == 3426


# --- manifest --------------------------------------------------------------------------------


def test_manifest_marks_each_indicator_and_records_sources(built):
    manifest = built.package.manifest
    assert manifest.attribution == "Källa: SCB"
    assert manifest.city_level == "kommun"
    assert manifest.youth_age_group == "15-24"
    uvas = manifest.entry("uvas")
    assert uvas.at("regso").status == "real"
    assert "20–25 år" in uvas.at("regso").note_sv
    assert uvas.at("deso").status == "missing"
    assert "andel av nettoinkomsten" in manifest.entry("ekonomiskt_bistand").at("regso").note_sv
    assert manifest.entry("trangboddhet").status == "missing"
    assert "trångboddhet" in manifest.entry("trangboddhet").at("deso").note_sv
    low = manifest.entry("lag_inkomststandard").at("deso")
    assert "2011–2023: publicerat på DeSO 2018-koder och överfört till DeSO 2025 med SCB:s nyckel" \
        in low.note_sv
    assert "5 oförändrade med samma värden, 4 delade med det gamla områdets värde" in low.note_sv
    assert "4 split with the old area's value" in low.note_en
    breaks = manifest.entry("lag_inkomststandard").breaks
    assert [(b.year, b.levels) for b in breaks] == [(2024, ("deso", "regso"))]
    assert "DeSO 2018" in breaks[0].note_sv
    assert manifest.entry("uvas").breaks == ()  # STATIV: RegSO 2020 codes only, no break
    assert manifest.entry("befolkning").at("kommun").status == "derived"
    assert "Summan av kommunens DeSO" in manifest.entry("befolkning").at("kommun").note_sv
    tables = {s["id"]: s for s in manifest.sources}
    assert set(tables) == {spec.table_id for spec in CATALOGUE} | {
        "stat:DeSO_2025", "stat:RegSO_2025", "DeSO 2018–2025"}
    assert tables["DeSO 2018–2025"]["status"] == "ok"
    assert tables["DeSO 2018–2025"]["url"].endswith("nyckel-deso2018-deso2025.csv")
    uvas_source = tables["IntGr8RegSOKON1N"]
    assert uvas_source["title"].startswith("Andel studerande, eller varken förvärvsarbetande")
    assert uvas_source["query"]["ContentsCode"] == ["000004W9"]
    assert uvas_source["query"]["Tid"] == ["2021", "2022", "2023"]
    assert uvas_source["fetched"] == "2026-11-24"
    assert uvas_source["attribution"] == "Källa: SCB"
    assert uvas_source["status"] == "ok"
    assert tables["stat:DeSO_2025"]["query"]["CQL_FILTER"] == "kommunkod='1280'"


def test_area_types_and_the_alternative_measure_for_social_assistance(built):
    package = built.package
    manifest = package.manifest
    assert [k.id for k in manifest.classifications] == ["scb_omradestyp"]
    types = package.classification_at("scb_omradestyp", "regso", 2023)
    assert types.to_dict() == {"1280R001": "2", "1280R002": "1", "1280R003": "2", "1280R004": "4"}
    assert package.classification_at("scb_omradestyp", "regso", 2011).attrs["year"] == 2011
    assert package.classification_at("scb_omradestyp", "regso").attrs["year"] == 2024
    assert "4 oförändrade med samma värden" in manifest.classification("scb_omradestyp").note_sv
    extra = {i.id: i for i in manifest.extra_indicators}
    assert set(extra) == {"scb_socioekonomiskt_index", "bistand_langtidsarbetsloshet"}
    support = extra["bistand_langtidsarbetsloshet"]
    assert support.role.value == "descriptive"
    assert "Alternativt mått för ekonomiskt bistånd" in support.definition_sv
    assert "share of persons" in support.definition_en
    assert "andel personer" in manifest.entry("bistand_langtidsarbetsloshet").at("regso").note_sv
    # the hand-made answer: type 2 → 23 %, drifting 0.2 points a year before 2023
    assert _value(package, "bistand_langtidsarbetsloshet", "regso", 2022,
                  "1280R001")[c.VALUE] == pytest.approx(23.2)
    assert package.years_for("scb_socioekonomiskt_index", "regso") == tuple(range(2011, 2025))


def test_written_package_reads_back_and_validates(built, tmp_path, capsys):
    out = write_package(built.package, tmp_path / "malmo_scb")
    package = read_package(out)
    assert package.manifest.sources == built.package.manifest.sources
    assert package.manifest.entry("befolkning").breaks == \
        built.package.manifest.entry("befolkning").breaks
    assert json.loads((out / "manifest.json").read_text("utf-8"))["indicators"]["befolkning"][
        "breaks"][0]["levels"] == ["deso", "regso"]
    assert "breaks" not in json.loads((out / "manifest.json").read_text("utf-8"))["indicators"][
        "uvas"]
    assert package.manifest.entry("uvas").at("regso").status == "real"
    assert json.loads((out / "manifest.json").read_text("utf-8"))["sources"][0]["attribution"] \
        == "Källa: SCB"
    # The folder is validated as the app reads it: with the package's own (SCB) indicators.
    assert main(["validate", str(out)]) == 0, capsys.readouterr().out


def test_one_query_per_year_and_no_extra_calls(fake):
    _, client = _build(fake)
    posts = [body for method, url, body in fake.requests if method == "POST" and UVAS in url]
    assert [q["query"][-1] for q in posts] == [
        {"code": "Tid", "selection": {"filter": "item", "values": [y]}}
        for y in ("2021", "2022", "2023")]
    assert client.calls == fake.calls()


@pytest.mark.parametrize(("breaks", "message"), [
    ("x", "indicators.befolkning.breaks must be a list"),
    ([{"note_sv": "?"}], "indicators.befolkning.breaks[0].year must be a year"),
    ([{"year": 2024, "levels": ["nope"]}], "breaks[0].levels must list levels of the package"),
])
def test_malformed_breaks_are_refused_by_key(built, breaks, message):
    from datapackage.manifest import Manifest, ManifestError

    data = built.package.manifest.to_dict()
    data["indicators"]["befolkning"]["breaks"] = breaks
    with pytest.raises(ManifestError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Manifest.from_dict(data)


# --- tables that changed ---------------------------------------------------------------------


def test_a_missing_table_is_reported_and_the_rest_is_built(fake):
    fake.missing.add(UVAS)
    build, _ = _build(fake)
    described = [p.describe("sv") for p in build.problems]
    assert any(d.startswith("SCB IntGr8RegSOKON1N: Obs: Tabellen finns inte hos SCB (404)")
               for d in described)
    entry = build.package.manifest.entry("uvas")
    assert entry.status == "missing"
    assert "404" in entry.at("regso").note_sv
    assert build.package.years_for("ekonomiskt_bistand", "regso") == (2021, 2022, 2023)
    assert {s["id"]: s["status"] for s in build.package.manifest.sources}[
        "IntGr8RegSOKON1N"] == "missing"


def test_a_renamed_variable_is_reported_not_a_crash(fake):
    meta = json.loads((FIXTURES / "IntGr8RegSOKON1N.meta.json").read_text("utf-8"))
    meta["variables"][1]["code"] = "Sex"
    fake.meta_overrides[UVAS] = meta
    build, _ = _build(fake)
    problem = next(p for p in build.problems if p.file == "SCB IntGr8RegSOKON1N")
    assert problem.column == "Kon"
    assert "bytt namn eller borttagen" in problem.message("sv")
    assert build.package.manifest.entry("uvas").status == "missing"
    assert "layout" in build.package.manifest.entry("uvas").at("regso").note_en


def test_a_changed_content_code_is_found_by_its_text(fake):
    meta = json.loads((FIXTURES / "IntGr8RegSOKON1N.meta.json").read_text("utf-8"))
    contents = next(v for v in meta["variables"] if v["code"] == "ContentsCode")
    contents["values"] = ["X1", "X2", "X3", "X4"]
    spec = next(s for s in CATALOGUE if s.key == "uvas")
    resolved, problems = check_layout(spec, parse_table_meta(meta), "1280")
    assert resolved is not None
    assert resolved.contents["value:uvas"] == "X3"
    assert [p.is_error for p in problems] == [False]
    assert "000004W9 saknas; använde X3" in problems[0].message("sv")


def test_layout_check_lists_the_areas_of_the_kommun_only():
    meta = parse_table_meta(json.loads((FIXTURES / "Tab4InkDesoRegso.meta.json").read_text("utf-8")))
    spec = next(s for s in CATALOGUE if s.key == "lag_ekonomisk_standard")
    resolved, problems = check_layout(spec, meta, "1280")
    assert problems == []
    assert "1280C1230" in resolved.regions["deso"]
    assert "1280C1230_DeSO2025" in resolved.regions["deso"]
    assert resolved.regions["kommun"] == ("1280",)
    assert resolved.fixed == {"Alder": "tot"}
    assert resolved.contents["den:lag_inkomststandard"] == "000008AE"  # found by its text
    _, elsewhere = check_layout(spec, meta, "0180")
    assert elsewhere[0].is_error
    assert "0180" in elsewhere[0].message("sv")


# --- kommuner --------------------------------------------------------------------------------


def test_the_embedded_list_has_290_kommuner():
    known = kommuner()
    assert len(known) == 290
    assert known["1280"] == "Malmö"
    assert known["0180"] == "Stockholm"
    assert known["2584"] == "Kiruna"
    assert all(len(code) == 4 and code.isdigit() for code in known)


@pytest.mark.parametrize(("code", "expected"), [
    ("9999", "finns inte bland Sveriges 290 kommuner"),
    ("1299", "Kommuner i samma län: 1214 (Svalöv)"),
    ("malmö", "ska vara fyra siffror"),
])
def test_unknown_kommun_codes_are_refused_offline(code, expected):
    with pytest.raises(ImportRefused) as refused:
        find_kommun(code)
    assert expected in refused.value.problems[0].message("sv")
    assert refused.value.problems[0].file == "--kommun"


def test_kommuner_from_scbs_region_list():
    meta = parse_table_meta(json.loads((FIXTURES / "FolkmDesoAldKon.meta.json").read_text("utf-8")))
    assert kommuner_in_table(meta) == {"1280": "Malmö", "1281": "Lund"}


def test_no_boundaries_for_the_kommun_refuses_the_build(fake):
    client = ScbClient(FakeClock())
    with pytest.raises(ImportRefused) as refused:
        build_scb_package("1281", client)  # a real kommun, but the fixtures hold Malmö only
    assert refused.value.problems[0].file == "SCB geodata stat:DeSO_2025"


def test_fetched_dates_come_from_the_cache(fake, tmp_path):
    ScbClient(FakeClock(date(2026, 11, 20)), cache_dir=tmp_path).limits()
    build_scb_package("1280", ScbClient(FakeClock(date(2026, 11, 20)), cache_dir=tmp_path))
    again = build_scb_package("1280", ScbClient(FakeClock(date(2026, 11, 24)), cache_dir=tmp_path))
    sources = {s["id"]: s for s in again.package.manifest.sources}
    # Descriptions were fetched again (older than a day); the yearly answers came from the cache.
    assert sources["IntGr8RegSOKON1N"]["fetched"] == "2026-11-20 – 2026-11-24"
    assert sources["stat:DeSO_2025"]["fetched"] == "2026-11-20"
