"""Real SCB answers as recorded answers: they build the published values, and every planted mismatch
(a content code that is not in the answer, a renamed variable, a table that has gone) is reported by
name and never reads as missing data.

The real answers are read from ``../shared/data/real/scb_answers_malmo`` at test time (skipped when
absent); see ``tests/fixtures/scb/real_answers.py``.
"""

from __future__ import annotations

import copy
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
import responses

from datapackage.scb.build import build_scb_package
from datapackage.scb.client import ScbClient
from model import columns as c
from tests.fixtures.scb.fake_scb import FakeScb
from tests.fixtures.scb.real_answers import (
    ELIGIBILITY,
    POPULATION,
    REAL_TABLES,
    TRANSFERS,
    real_answer_folder,
)
from tests.test_scb_client import FakeClock

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def folder(real_data_dir, tmp_path_factory):
    return real_answer_folder(real_data_dir, tmp_path_factory.mktemp("scb_real_answers"))


def _build(folder, change=None):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake = FakeScb(folder).install(rsps)
        fake.verbatim |= set(REAL_TABLES)
        if change is not None:
            change(fake)
        return build_scb_package("1280", ScbClient(FakeClock(date(2026, 11, 24))))


@pytest.fixture(scope="module")
def built(folder):
    return _build(folder)


def _stativ(real_data_dir, name, background, measure):
    cube = pd.read_csv(real_data_dir / "scb_regso_malmo" / name, dtype={"regso": str})
    rows = cube[(cube["sex_label"] == "total") & (cube["bakgrund"] == background)
                & (cube["measure_code"] == measure)]
    return rows.set_index("regso")["value"]


def _same(package, indicator, year, expected: pd.Series):
    got = package.indicator_values("regso", year, indicator)
    assert set(got.index) == set(expected.index)
    np.testing.assert_allclose(got[c.VALUE].reindex(expected.index).to_numpy(dtype=float),
                               expected.to_numpy(dtype=float), rtol=0, atol=1e-9, equal_nan=True)
    assert (got[c.SUPPRESSED].reindex(expected.index).astype(bool) == expected.isna()).all()


# --- the real answers build the published values ---------------------------------------------


def test_uvas_and_transfers_excerpts_give_their_areas_and_nothing_else(built, real_data_dir):
    package = built.package
    uvas = _stativ(real_data_dir, "malmo_regso_uvas_2023.csv", "000", "000004W9")
    _same(package, "uvas", 2023, uvas.loc[["1280R001", "1280R002", "1280R003"]])
    support = _stativ(real_data_dir, "malmo_regso_economic_assistance_2023.csv", "tot20-64",
                      "000004WZ")
    _same(package, "ekonomiskt_bistand", 2023, support.loc[["1280R001", "1280R002"]])


def test_the_complete_eligibility_answer_gives_all_91_areas(built, real_data_dir):
    table = pd.read_csv(real_data_dir / "scb_regso_malmo/malmo_regso_eligibility_upper_secondary_2023.csv",
                        dtype={"regso": str}).set_index("regso")
    expected = table["eligible_upper_sec_pct"]
    assert len(expected) == 91
    assert expected.isna().sum() == 20
    _same(built.package, "behorighet_yrkesprogram", 2023, expected)


def test_population_named_by_its_text_is_read_and_the_kommun_is_the_sum_of_regso(built,
                                                                                real_data_dir):
    package = built.package
    table = pd.read_csv(real_data_dir / "scb_regso_malmo/malmo_regso2025_population_by_age_sex_2024.csv",
                        dtype={"regso": str}).set_index("regso")
    got = package.population_at("regso", 2024)
    assert len(got) == 91
    for group, column in (("total", "total_totalt"), ("0-19", "total_0_19"),
                          ("15-24", "total_15_24")):
        pd.testing.assert_series_equal(got[group].reindex(table.index), table[column].astype(float),
                                       check_names=False, check_index_type=False)
    assert package.city_value(2024, "befolkning") == 365_644
    entry = package.manifest.entry("befolkning")
    assert entry.at("regso").status == "real"
    assert entry.at("kommun").status == "derived"
    assert "Summan av kommunens RegSO" in entry.at("kommun").note_sv
    source = {s["id"]: s for s in package.manifest.sources}["FolkmDesoAldKon"]
    assert source["status"] == "ok"
    assert source["matched_by_text"] == {"000007Y7": "Folkmängden per region"}
    assert not [p for p in built.problems if p.file == "SCB FolkmDesoAldKon"]


# --- planted mismatches are reported by name, never read as missing data ---------------------


def _rename_content(path, old, new_code, new_text):
    def change(fake):
        data = copy.deepcopy(fake.data(path))
        for column in data["columns"]:
            if column["code"] == old:
                column["code"], column["text"] = new_code, new_text
        fake.data_overrides[path] = data
    return change


def _rename_variable(path, old, new_code, new_text):
    def change(fake):
        data = copy.deepcopy(fake.data(path))
        for column in data["columns"]:
            if column["code"] == old:
                column["code"], column["text"] = new_code, new_text
        fake.data_overrides[path] = data
    return change


def _rename_described_variable(path, old, new):
    def change(fake):
        meta = copy.deepcopy(fake.meta(path))
        for variable in meta["variables"]:
            if variable["code"] == old:
                variable["code"] = new
        fake.meta_overrides[path] = meta
    return change


def _gone(path):
    def change(fake):
        fake.missing.add(path)
    return change


PLANTED = [
    # (what is planted, table id, indicator, level, words every report must hold, source status)
    ("population content renamed", POPULATION, "FolkmDesoAldKon", "befolkning", "regso",
     _rename_content(POPULATION, "Folkmängden per region", "Medelålder", "Medelålder"),
     ("000007Y7", "Medelålder"), "answer_mismatch"),
    ("eligibility content code changed", ELIGIBILITY, "IntGr8RegSOKon2",
     "behorighet_yrkesprogram", "regso",
     _rename_content(ELIGIBILITY, "000004VC", "000004ZZ", "Proportion of persons, percent"),
     ("000004VC", "000004ZZ"), "answer_mismatch"),
    ("age variable renamed in the answer", POPULATION, "FolkmDesoAldKon", "befolkning", "regso",
     _rename_variable(POPULATION, "Alder", "Age", "age"), ("Alder", "Age"), "answer_mismatch"),
    ("sex variable renamed in the description", ELIGIBILITY, "IntGr8RegSOKon2",
     "behorighet_yrkesprogram", "regso", _rename_described_variable(ELIGIBILITY, "Bakgrund", "Sex"),
     ("Kon / Bakgrund",), "layout_changed"),
    ("transfers table gone", TRANSFERS, "IntGr4RegSOKon", "ekonomiskt_bistand", "regso",
     _gone(TRANSFERS), ("404",), "missing"),
]


@pytest.mark.parametrize(("what", "path", "table_id", "indicator", "level", "change", "names",
                          "status"), PLANTED, ids=[p[0] for p in PLANTED])
def test_a_planted_mismatch_is_reported_by_name(folder, what, path, table_id, indicator, level,
                                                change, names, status):
    build = _build(folder, change)
    package = build.package
    reports = [p for p in build.problems if p.file == f"SCB {table_id}"]
    assert reports, what
    for name in names:
        assert any(name in p.message("sv") and name in p.message("en") for p in reports), name
    source = {s["id"]: s for s in package.manifest.sources}[table_id]
    assert source["status"] == status
    availability = package.manifest.entry(indicator).at(level)
    assert availability.status == "missing"
    for note in (availability.note_sv, availability.note_en):
        assert table_id in note
        assert names[0] in note
        assert "publicerar inga värden" not in note
        assert "publishes no values" not in note
    # The other tables are built as usual.
    others = {"uvas", "behorighet_yrkesprogram", "ekonomiskt_bistand"} - {indicator}
    for other in others:
        assert package.manifest.entry(other).at("regso").status == "real", other


def test_a_content_that_is_only_in_the_answers_text_is_still_found(folder):
    """The population answer names its content by text; the description says 'Antal' (hand-made)
    and the catalogue's pattern 'folkmängd' finds it. Asked for with a new code, it still matches."""
    def change(fake):
        meta = copy.deepcopy(fake.meta(POPULATION))
        contents = next(v for v in meta["variables"] if v["code"] == "ContentsCode")
        contents["values"] = ["000009AA"]
        fake.meta_overrides[POPULATION] = meta
    build = _build(folder, change)
    assert build.package.population_at("regso", 2024)["total"].sum() == 365_644
    source = {s["id"]: s for s in build.package.manifest.sources}["FolkmDesoAldKon"]
    assert source["matched_by_text"] == {"000009AA": "Folkmängden per region"}
    assert json.dumps(source["query"]["ContentsCode"]) == '["000009AA"]'
