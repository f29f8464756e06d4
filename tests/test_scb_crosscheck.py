"""Cross-check: a package built from SCB answers holding every Malmö area equals the shared files.

The answers are written in SCB's exact format from ``../shared/data/real`` (see
``tests/fixtures/scb/make_fixtures.py``), served through the mocked transport and built like any
kommun; the package's values must then be the published ones: 2023 for the STATIV tables (91 RegSO),
2024 for RegSO population, 2022 and 2024 for low economic standard per DeSO, SCB's områdestyp 2022
and 2023 per RegSO; and every one of the 209 DeSO and 91 RegSO carries ten or more years of low
economic standard and population, older years carried through the DeSO 2018–2025 key.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
import responses

from datapackage.scb.build import build_scb_package
from datapackage.scb.client import ScbClient
from datapackage.store import read_package, write_package
from model import columns as c
from tests.fixtures.scb.fake_scb import FakeScb
from tests.fixtures.scb.make_fixtures import fixture_set, write_fixture_set
from tests.test_scb_client import FakeClock

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def package(real_data_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scb_malmo_answers")
    write_fixture_set(fixture_set(real_data_dir, regsos=None), folder)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        FakeScb(folder).install(rsps)
        build = build_scb_package("1280", ScbClient(FakeClock(date(2026, 11, 24))))
    out = write_package(build.package, tmp_path_factory.mktemp("scb_malmo_package"))
    return read_package(out)


def _stativ(real_data_dir, name, background, measure):
    cube = pd.read_csv(real_data_dir / "scb_regso_malmo" / name, dtype={"regso": str})
    rows = cube[(cube["sex_label"] == "total") & (cube["bakgrund"] == background)
                & (cube["measure_code"] == measure)]
    return rows.set_index("regso")["value"]


def _assert_same(package, indicator, level, year, expected: pd.Series):
    got = package.indicator_values(level, year, indicator)
    assert len(expected) > 0
    assert set(got.index) == set(expected.index)
    values = got[c.VALUE].reindex(expected.index)
    np.testing.assert_allclose(values.to_numpy(dtype=float), expected.to_numpy(dtype=float),
                               rtol=0, atol=1e-9, equal_nan=True)
    suppressed = got[c.SUPPRESSED].reindex(expected.index).astype(bool)
    assert (suppressed == expected.isna()).all()


def test_all_91_regso_and_209_deso(package):
    assert len(package.areas["regso"]) == 91
    assert len(package.areas["deso"]) == 209


def test_uvas_2023_agrees(package, real_data_dir):
    expected = _stativ(real_data_dir, "malmo_regso_uvas_2023.csv", "000", "000004W9")
    assert len(expected) == 91
    _assert_same(package, "uvas", "regso", 2023, expected)


def test_economic_assistance_2023_agrees(package, real_data_dir):
    expected = _stativ(real_data_dir, "malmo_regso_economic_assistance_2023.csv", "tot20-64",
                       "000004WZ")
    _assert_same(package, "ekonomiskt_bistand", "regso", 2023, expected)


def test_eligibility_2023_agrees(package, real_data_dir):
    table = pd.read_csv(real_data_dir / "scb_regso_malmo/malmo_regso_eligibility_upper_secondary_2023.csv",
                        dtype={"regso": str}).set_index("regso")
    expected = table["eligible_upper_sec_pct"]
    assert expected.isna().sum() == 20
    _assert_same(package, "behorighet_yrkesprogram", "regso", 2023, expected)


def test_regso_population_2024_agrees(package, real_data_dir):
    table = pd.read_csv(real_data_dir / "scb_regso_malmo/malmo_regso2025_population_by_age_sex_2024.csv",
                        dtype={"regso": str}).set_index("regso")
    got = package.population_at("regso", 2024)
    assert len(got) == 91
    for group, column in (("total", "total_totalt"), ("0-19", "total_0_19"),
                          ("15-24", "total_15_24")):
        pd.testing.assert_series_equal(got[group].reindex(table.index), table[column],
                                       check_names=False, check_index_type=False)
    assert got["total"].sum() == 365_644


def test_low_economic_standard_per_deso_agrees(package, real_data_dir):
    deso2025 = pd.read_csv(real_data_dir / "scb_deso2025_malmo/malmo_deso2025_indicators.csv",
                           dtype={"deso": str}).set_index("deso")
    _assert_same(package, "lag_inkomststandard", "deso", 2024, deso2025["low_econ_std_pct"])
    deso2018 = pd.read_csv(real_data_dir / "scb_deso2018_tables_malmo/malmo_deso2018_scb_tables_2022.csv",
                           dtype={"deso2018": str}).set_index("deso2018")
    got = package.indicator_values("deso", 2022, "lag_inkomststandard")
    assert set(got.index) == set(deso2025.index)  # every 2025 DeSO, split ones included
    unchanged = deso2018.loc[deso2018.index.isin(deso2025.index)]  # codes kept in 2025
    np.testing.assert_allclose(got[c.VALUE].reindex(unchanged.index).to_numpy(dtype=float),
                               unchanged["low_econ_std_pct"].to_numpy(dtype=float))
    pd.testing.assert_series_equal(got[c.DENOMINATOR].reindex(unchanged.index),
                                   unchanged["econstd_n_persons"].astype(float),
                                   check_names=False, check_index_type=False)
    # A split DeSO's parts carry the 2018 area's share; their counts add up to its count.
    xw = pd.read_csv(real_data_dir / "scb_deso2025_malmo/malmo_deso2025_deso2018_regso_crosswalk.csv",
                     dtype=str)
    split = xw[xw["deso2025"] != xw["deso2018"]]
    assert len(split) == 26
    for old, parts in split.groupby("deso2018"):
        rows = got.loc[parts["deso2025"]]
        assert (rows[c.VALUE] == deso2018.at[old, "low_econ_std_pct"]).all()
        # the package file keeps counts to one decimal
        assert rows[c.DENOMINATOR].sum() == pytest.approx(deso2018.at[old, "econstd_n_persons"],
                                                          abs=0.05 * len(rows))


def test_ten_years_per_area_across_the_code_change(package):
    for level, areas in (("deso", 209), ("regso", 91)):
        for indicator in ("lag_inkomststandard", "befolkning"):
            rows = package.indicators[(package.indicators[c.INDICATOR] == indicator)
                                      & (package.indicators[c.LEVEL] == level)
                                      & package.indicators[c.VALUE].notna()]
            years = rows.groupby(c.AREA_ID)[c.YEAR].nunique()
            assert len(years) == areas, (level, indicator)
            assert years.min() >= 10, (level, indicator)
        assert [b.year for b in package.manifest.entry("befolkning").breaks_at(level)] == [2024]


def test_population_2022_per_deso_2018_is_kept_in_total(package, real_data_dir):
    deso2018 = pd.read_csv(real_data_dir / "scb_deso2018_tables_malmo/malmo_deso2018_scb_tables_2022.csv",
                           dtype={"deso2018": str}).set_index("deso2018")
    assert package.population_at("deso", 2022)["total"].sum() == pytest.approx(
        deso2018["pop_total"].sum())
    assert package.population_at("kommun", 2022).at["1280", "total"] == pytest.approx(357_377)


def test_area_types_2022_and_2023_agree(package, real_data_dir):
    types = pd.read_csv(real_data_dir / "scb_regso_omradestyp/malmo_regso_omradestyp_2022_2023.csv",
                        dtype={"regso": str}).set_index("regso")
    for year in (2022, 2023):
        got = package.classification_at("scb_omradestyp", "regso", year)
        assert got.attrs["year"] == year
        assert len(got) == 91
        pd.testing.assert_series_equal(got.reindex(types.index).astype(str),
                                       types[f"omradestyp_{year}"].astype(str),
                                       check_names=False, check_index_type=False)
    assert (package.classification_at("scb_omradestyp", "regso", 2023) == "1").sum() == 20
