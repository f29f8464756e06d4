"""Rank bands, selection probabilities, sensitivity and data-driven weights (`indicators.robustness`)."""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from datapackage.catalog import DEMO_PACKAGE
from indicators.index import composite_index
from indicators.robustness import (
    MEDIAN_RANK,
    P_SELECTED,
    POINT_RANK,
    RANK_P05,
    RANK_P95,
    ROBUSTNESS_COLUMNS,
    _ranks,
    equal_after_correlation_weights,
    pca_weights,
    rank_uncertainty,
    sensitivity,
)
from indicators.selection import parse_rule, select_areas

ROOT = Path(__file__).resolve().parents[1]
IDS = ("a", "b", "c", "d")
DIRECTIONS = {"a": "higher_is_worse", "b": "higher_is_worse", "c": "higher_is_better",
              "d": "higher_is_worse"}
WEIGHTS = {"a": 1.0, "b": 2.0, "c": 1.0, "d": 0.5}
DEMO_WEIGHTS = "behorighet_yrkesprogram=1,trangboddhet=1,ekonomiskt_bistand=1,lag_inkomststandard=1"


def make_values(n: int = 60, seed: int = 3, missing: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = pd.DataFrame(rng.random((n, len(IDS))) * 100, columns=list(IDS),
                          index=pd.Index([f"area{i:03d}" for i in range(n)], name="area_id"))
    if missing:
        values.iloc[rng.choice(n, missing, replace=False), 1] = np.nan
    return values


@pytest.mark.parametrize("rule", ["top-decile", "top-n:7", "threshold:55"])
@pytest.mark.parametrize("normalisation", ["min_max", "z_score", "percentile_rank"])
@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric"])
@pytest.mark.parametrize("missing", [0, 6])
def test_zero_spread_collapses_to_the_engine(rule, normalisation, aggregation, missing):
    values = make_values(missing=missing)
    result = rank_uncertainty(values, DIRECTIONS, WEIGHTS, draws=5, concentration=math.inf,
                              normalisation=normalisation, aggregation=aggregation,
                              suppressed_jitter=False, rule=rule)
    engine = composite_index(values, DIRECTIONS, WEIGHTS, normalisation, aggregation)
    selected = select_areas(engine["score"], parse_rule(rule))
    table = result.table
    pd.testing.assert_series_equal(table[MEDIAN_RANK], engine["rank"], check_names=False)
    pd.testing.assert_series_equal(table[RANK_P05], engine["rank"], check_names=False)
    pd.testing.assert_series_equal(table[RANK_P95], engine["rank"], check_names=False)
    pd.testing.assert_series_equal(table[P_SELECTED], selected.astype(float), check_names=False)


def test_cover_youth_with_zero_spread_matches_the_engine():
    values = make_values()
    youth = pd.Series(np.arange(len(values)) % 7 * 10.0 + 5, index=values.index)
    result = rank_uncertainty(values, DIRECTIONS, WEIGHTS, draws=3, concentration=math.inf,
                              rule="cover-youth:30", youth=youth)
    engine = composite_index(values, DIRECTIONS, WEIGHTS)
    selected = select_areas(engine["score"], parse_rule("cover-youth:30"), youth=youth)
    assert (result.table[P_SELECTED] == selected.astype(float)).all()


def test_an_area_with_the_greatest_need_everywhere_is_always_selected():
    values = make_values(missing=5)
    values.loc["area000", ["a", "b", "d"]] = 1_000.0
    values.loc["area000", "c"] = -1_000.0  # higher is better: lowest = greatest need
    result = rank_uncertainty(values, DIRECTIONS, WEIGHTS, draws=2_000, concentration=5.0,
                              normalisations=("min_max", "z_score", "percentile_rank"),
                              aggregations=("arithmetic", "geometric"))
    row = result.table.loc["area000"]
    assert row[P_SELECTED] == 1.0
    assert row[MEDIAN_RANK] == 1.0
    assert row[RANK_P95] == 1.0


def test_bands_are_ordered_and_probabilities_are_shares():
    result = rank_uncertainty(make_values(missing=8), DIRECTIONS, WEIGHTS, draws=1_000,
                              concentration=20.0)
    table = result.table
    assert (table[RANK_P05] <= table[MEDIAN_RANK]).all()
    assert (table[MEDIAN_RANK] <= table[RANK_P95]).all()
    assert table[P_SELECTED].between(0, 1).all()
    assert (table[RANK_P95] > table[RANK_P05]).any()  # the weights do spread the ranks
    # Top decile of 60 areas: six areas per draw on average (no ties in random data).
    assert table[P_SELECTED].sum() == pytest.approx(6.0)


def test_reproducible_with_a_seed():
    values = make_values(missing=4)
    first = rank_uncertainty(values, DIRECTIONS, WEIGHTS, draws=500, seed=11).table
    again = rank_uncertainty(values, DIRECTIONS, WEIGHTS, draws=500, seed=11).table
    other = rank_uncertainty(values, DIRECTIONS, WEIGHTS, draws=500, seed=12).table
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


def test_area_without_any_value_has_no_band():
    values = make_values()
    values.loc["area005"] = np.nan
    table = rank_uncertainty(values, DIRECTIONS, WEIGHTS, draws=200).table
    assert table.loc["area005", [MEDIAN_RANK, RANK_P05, RANK_P95]].isna().all()
    assert table.loc["area005", P_SELECTED] == 0.0
    assert math.isnan(table.loc["area005", POINT_RANK])


def test_ranks_share_the_lowest_rank_on_ties():
    score = np.array([[10.0, 30.0, 30.0, np.nan, 5.0]])
    assert _ranks(score).tolist() == [[3, 1, 1, 0, 4]]


def test_unknown_method_is_refused_with_the_valid_names():
    with pytest.raises(ValueError, match="percentile_rank"):
        rank_uncertainty(make_values(), DIRECTIONS, WEIGHTS, draws=10, normalisations=("minmax",))


def test_sensitivity_has_one_row_per_choice_with_explanations():
    table = sensitivity(make_values(missing=5), DIRECTIONS, WEIGHTS, draws=300)
    assert set(table.index) == {"weights", "normalisation", "aggregation", "suppressed"}
    assert (table["mean_abs_rank_change"] >= 0).all()
    assert table["mean_abs_rank_change"].is_monotonic_decreasing
    assert table["explanation_sv"].str.len().gt(0).all()
    assert table["explanation_en"].str.len().gt(0).all()


def test_sensitivity_of_a_fixed_choice_is_zero():
    table = sensitivity(make_values(), DIRECTIONS, WEIGHTS, draws=50, normalisations=("min_max",),
                        aggregations=("arithmetic",))
    assert table.loc["normalisation", "mean_abs_rank_change"] == 0.0
    assert table.loc["aggregation", "mean_abs_rank_change"] == 0.0
    assert "suppressed" not in table.index


def _twin_values() -> tuple[pd.DataFrame, dict[str, str]]:
    rng = np.random.default_rng(0)
    x, z = rng.standard_normal(500), rng.standard_normal(500)
    values = pd.DataFrame({"x1": x, "x2": x.copy(), "z": z})
    return values, {"x1": "higher_is_worse", "x2": "higher_is_worse", "z": "higher_is_worse"}


def test_pca_weights_go_to_what_indicators_share():
    values, directions = _twin_values()
    weights = pca_weights(values, directions)
    assert weights.sum() == pytest.approx(1.0)
    assert weights["x1"] == pytest.approx(weights["x2"])
    assert weights["x1"] == pytest.approx(0.5, abs=0.01)
    assert weights["z"] < 0.01


def test_pca_weights_ignore_direction_flips():
    values, directions = _twin_values()
    flipped = values.assign(x2=-values["x2"])
    weights = pca_weights(flipped, {**directions, "x2": "higher_is_better"})
    pd.testing.assert_series_equal(weights, pca_weights(values, directions))


def test_equal_after_correlation_weights_count_twins_once():
    values, directions = _twin_values()
    weights = equal_after_correlation_weights(values, directions)
    assert weights.sum() == pytest.approx(1.0)
    assert weights.to_dict() == pytest.approx({"x1": 0.25, "x2": 0.25, "z": 0.5}, abs=0.02)


def _cli_args(tmp_path: Path, *extra: str) -> list[str]:
    return [str(DEMO_PACKAGE), "--level", "smaomrade", "--year", "2025", "--draws", "300",
            "--out", str(tmp_path), *extra]


def _run_cli(argv: list[str]) -> tuple[int, str]:
    """Through ``python -m cli`` when robustness is registered there, else through its own parser."""
    if "robustness" in (ROOT / "cli" / "__main__.py").read_text(encoding="utf-8"):
        out = subprocess.run([sys.executable, "-m", "cli", "robustness", *argv], cwd=ROOT,
                             capture_output=True, text=True)
        return out.returncode, out.stderr
    from cli import robustness

    parser = argparse.ArgumentParser()
    robustness.register(parser.add_subparsers())
    args = parser.parse_args(["robustness", *argv])
    return args.run(args), ""


def test_cli_writes_the_csv(tmp_path, capsys):
    code, stderr = _run_cli(_cli_args(tmp_path, "--weights", DEMO_WEIGHTS, "--rule", "top-n:15"))
    assert code == 0, stderr
    table = pd.read_csv(tmp_path / "robustness.csv")
    assert list(table.columns) == ["area_id", *ROBUSTNESS_COLUMNS]
    assert len(table) == 200
    assert table[P_SELECTED].sum() == pytest.approx(15.0)
    assert table[MEDIAN_RANK].is_monotonic_increasing


def test_cli_writes_hot_spots_and_regions_beside_it(tmp_path, capsys):
    code, stderr = _run_cli(_cli_args(tmp_path, "--weights", DEMO_WEIGHTS, "--min-youth", "500"))
    assert code == 0, stderr
    hot = pd.read_csv(tmp_path / "hotspots.csv")
    assert list(hot.columns) == ["area_id", "value", "local_i", "p_value", "n_neighbours", "cluster"]
    assert len(hot) == 200
    assert (hot["cluster"] == "hot").sum() > 0
    regions = pd.read_csv(tmp_path / "regions.csv")
    assert list(regions.columns) == ["area_id", "region", "region_order", "region_young",
                                     "region_selected", "rule_selected"]
    assert len(regions) == 200
    assert (regions.groupby("region")["region_young"].first() >= 500).all()
    assert regions["region_selected"].any()
    assert regions["rule_selected"].sum() == 20  # top decile of 200
    code, stderr = _run_cli(_cli_args(tmp_path, "--weights", DEMO_WEIGHTS, "--min-youth", "0"))
    assert code == 1
    assert "--min-youth" in (stderr or capsys.readouterr().err)


@pytest.mark.parametrize(("extra", "expected"), [
    (["--weights", "uvass=1"], "behorighet_yrkesprogram"),
    (["--weights", DEMO_WEIGHTS, "--rule", "best:3"], "top-decile"),
    (["--weights", DEMO_WEIGHTS, "--normalise", "minmax"], "percentile_rank"),
])
def test_cli_refuses_unknown_names(tmp_path, capsys, extra, expected):
    code, stderr = _run_cli(_cli_args(tmp_path, *extra))
    assert code == 1
    assert expected in (stderr or capsys.readouterr().err)
    assert "Traceback" not in stderr


def test_cli_refuses_an_unknown_level(tmp_path, capsys):
    argv = _cli_args(tmp_path, "--weights", DEMO_WEIGHTS)
    argv[argv.index("smaomrade")] = "kvarter"
    code, stderr = _run_cli(argv)
    assert code == 1
    assert "kvarter" in (stderr or capsys.readouterr().err)


def test_derived_weight_presets_round_to_the_slider_grid_and_need_two_indicators():
    from datapackage.catalog import DEMO_PACKAGE
    from datapackage.store import read_package
    from indicators.robustness import derived_weight_presets
    from model.registry import REGISTRY as REG
    from services.scenario import area_inputs

    package = read_package(DEMO_PACKAGE)
    ids = REG.index_ids
    values = area_inputs(package, "smaomrade", 2025, ids)[list(ids)]
    directions = {i: REG.get(i).direction for i in ids}
    presets = derived_weight_presets(values, directions)
    assert list(presets) == ["pca", "equal_after_correlation"]
    for weights in presets.values():
        assert list(weights) == list(ids)
        assert all(abs(w * 20 - round(w * 20)) < 1e-9 for w in weights.values())
    assert derived_weight_presets(values[[ids[0]]], directions) == {}
