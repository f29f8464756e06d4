"""Effect estimates (indicators.effects): planted effects are recovered, intervals cover, pre-trends
are flagged, staggered starts line up, too little data is refused, and the evaluation plan behaves.

The panels come from `tests/effect_panels.py` (areas with their own level, a common year effect, a
small own trend and binomial noise; a known effect planted from each start).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pysyncon import Synth
from scipy.stats import norm

from indicators.effects import (
    CLEAR_DECREASE,
    CLEAR_INCREASE,
    NO_CLEAR_DIFFERENCE,
    DidDiagnostics,
    EffectEstimate,
    EffectInputError,
    EvaluationPlan,
    Refusal,
    SyntheticDiagnostics,
    difference_in_differences,
    effect_status,
    estimate_effect,
    minimum_detectable_effect,
    synthetic_control,
)
from indicators.effects import synthetic as sc
from indicators.effects.power import BEFORE_START
from indicators.effects.results import BY_YEAR, BY_YEARS_SINCE_START
from model import columns as c
from tests.effect_panels import INDICATOR, LEVEL, area_ids, panel_table

METHODS = {"synthetic": synthetic_control, "did": difference_in_differences}


# ------------------------------------------------------------------------------------------------
# A planted effect is recovered
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, dict[str, int]]:
    return panel_table(3, effect=-2.0)


@pytest.mark.parametrize("method", METHODS)
def test_a_planted_decrease_is_recovered_and_excludes_zero(planted, method: str) -> None:
    table, starts = planted
    result = METHODS[method](table, LEVEL, INDICATOR, starts)
    assert isinstance(result, EffectEstimate)
    assert result.method == method
    assert result.ci_low <= -2.0 <= result.ci_high
    assert result.ci_high < 0
    assert result.status == CLEAR_DECREASE
    assert result.n_treated == 8
    assert result.pre_years == 5
    assert result.post_years == 5
    assert [row.year for row in result.per_year] == [2020, 2021, 2022, 2023, 2024]
    assert [row.years_since_start for row in result.per_year] == [0, 1, 2, 3, 4]
    for row in result.per_year:
        assert row.ci_low < row.effect < row.ci_high
    # The average is the mean of the yearly effects (one cohort, equal years).
    assert result.effect == pytest.approx(np.mean([row.effect for row in result.per_year]))
    assert result.series.index.name == BY_YEAR
    assert list(result.series.index) == list(range(2015, 2025))
    treated_minus_counterfactual = (result.series["treated"] - result.series["counterfactual"])
    if method == "synthetic":  # the chart's gap is the effect
        np.testing.assert_allclose(treated_minus_counterfactual.loc[2020:].to_numpy(),
                                   [row.effect for row in result.per_year])
    weights = dict(result.comparison)
    assert sum(weights.values()) == pytest.approx(1.0)
    assert not set(weights) & set(starts)
    assert list(weights.values()) == sorted(weights.values(), reverse=True)


def test_a_planted_increase_is_an_increase() -> None:
    table, starts = panel_table(5, effect=2.5)
    result = difference_in_differences(table, LEVEL, INDICATOR, starts)
    assert result.status == CLEAR_INCREASE
    assert result.ci_low <= 2.5 <= result.ci_high


def test_estimate_effect_picks_the_method_and_lists_the_valid_ones(planted) -> None:
    table, starts = planted
    assert estimate_effect(table, LEVEL, INDICATOR, starts, method="did").method == "did"
    with pytest.raises(EffectInputError, match="synthetic, did"):
        estimate_effect(table, LEVEL, INDICATOR, starts, method="matching")


@pytest.mark.parametrize(("low", "high", "status"), [
    (-3.0, -0.1, CLEAR_DECREASE), (-1.0, 1.0, NO_CLEAR_DIFFERENCE), (0.2, 2.0, CLEAR_INCREASE),
    (-1.0, 0.0, NO_CLEAR_DIFFERENCE), (float("nan"), float("nan"), NO_CLEAR_DIFFERENCE)])
def test_status_comes_from_the_interval(low: float, high: float, status: str) -> None:
    assert effect_status(low, high) == status


# ------------------------------------------------------------------------------------------------
# Without an effect the interval covers zero about 95 % of the time
# ------------------------------------------------------------------------------------------------

COVERAGE_SEEDS = 200


def coverage(method: str, **options) -> float:
    hits = 0
    for seed in range(COVERAGE_SEEDS):
        table, starts = panel_table(1000 + seed, n_areas=30, n_treated=6,
                                    years=tuple(range(2016, 2024)), start=2020)
        result = METHODS[method](table, LEVEL, INDICATOR, starts, **options)
        hits += result.ci_low <= 0.0 <= result.ci_high
    return hits / COVERAGE_SEEDS


def test_did_interval_covers_zero_near_95_percent_without_an_effect() -> None:
    # Measured: 0.945 (189 of 200 seeds).
    assert 0.85 <= coverage("did") <= 0.995


def test_synthetic_interval_covers_zero_near_95_percent_without_an_effect() -> None:
    # 39 placebo groups: the interval is the placebo range, nominal coverage 38/40 = 0.95.
    # Measured: 0.965 (193 of 200 seeds).
    assert 0.85 <= coverage("synthetic", placebos=39) <= 0.995


# ------------------------------------------------------------------------------------------------
# Diagnostics
# ------------------------------------------------------------------------------------------------


def test_a_different_pre_trend_is_flagged() -> None:
    table, starts = panel_table(7, treated_trend=0.5)
    flagged = difference_in_differences(table, LEVEL, INDICATOR, starts)
    assert isinstance(flagged.diagnostics, DidDiagnostics)
    assert flagged.diagnostics.pretrend_rejected
    assert flagged.diagnostics.pretrend_p < 0.05
    assert flagged.diagnostics.pretrend_leads == 4
    assert flagged.diagnostics.clusters == 40
    table, starts = panel_table(7)
    parallel = difference_in_differences(table, LEVEL, INDICATOR, starts)
    assert not parallel.diagnostics.pretrend_rejected


def test_synthetic_diagnostics_rank_the_treated_group_among_placebos(planted) -> None:
    table, starts = planted
    result = synthetic_control(table, LEVEL, INDICATOR, starts)
    d = result.diagnostics
    assert isinstance(d, SyntheticDiagnostics)
    assert d.n_placebos == 50  # 32 pool areas cycle as leads
    assert d.donor_pool == 32
    assert not d.donor_pool_capped
    assert 1 <= d.placebo_rank <= d.n_placebos + 1
    assert result.p_value == pytest.approx(d.placebo_rank / (d.n_placebos + 1), abs=1 / 101)
    assert d.pre_rmspe <= d.pre_rmspe_cv
    assert d.rmspe_ratio == pytest.approx(d.post_rmspe / d.pre_rmspe_cv)
    again = synthetic_control(table, LEVEL, INDICATOR, starts)
    assert again.effect == result.effect
    assert again.ci_low == result.ci_low


def test_the_donor_pool_is_capped_at_the_most_similar_areas() -> None:
    table, starts = panel_table(4, n_areas=80, n_treated=4)
    result = synthetic_control(table, LEVEL, INDICATOR, starts, max_donors=30, placebos=30)
    assert result.diagnostics.donor_pool == 30
    assert result.diagnostics.donor_pool_capped
    assert result.n_comparison == 30
    assert {a for a, _ in result.comparison} <= set(area_ids(80)) - set(starts)


def test_nnls_weights_are_pysyncons_own_solution() -> None:
    rng = np.random.default_rng(0)
    x0 = pd.DataFrame(rng.normal(0, 1, (6, 12)), columns=[f"d{i}" for i in range(12)])
    x1 = pd.Series(0.5 * x0["d1"] + 0.3 * x0["d4"] + 0.2 * x0["d7"], name="treated")
    stock = Synth()
    stock.fit(X0=x0, X1=x1, Z0=x0, Z1=x1, custom_V=np.ones(6))
    original = sc._NnlsSynth.ridge
    try:
        sc._NnlsSynth.ridge = 0.0
        ours = sc._pysyncon_weights(x1.to_numpy(), x0.to_numpy(), list(x0.columns))
        arrays = sc._weights(x1.to_numpy(), x0.to_numpy())
    finally:
        sc._NnlsSynth.ridge = original
    np.testing.assert_allclose(ours, stock.W, atol=2e-3)
    np.testing.assert_allclose(ours, arrays, atol=1e-12)
    np.testing.assert_allclose(ours[[1, 4, 7]], [0.5, 0.3, 0.2], atol=1e-6)


def test_the_ridge_spreads_the_weights() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.normal(0, 1, (4, 30)), rng.normal(0, 0.5, 4)
    sparse = sc.simplex_least_squares(a, b, 0.0)
    spread = sc.simplex_least_squares(a, b, 1.0)
    for w in (sparse, spread):
        assert w.min() >= 0
        assert w.sum() == pytest.approx(1.0)
    assert (spread > 1e-6).sum() > (sparse > 1e-6).sum()


@pytest.mark.parametrize(("effect", "placebos", "expected"), [
    (1.0, [-2.0, -1.0, 0.0, 1.0, 2.0], (-1.0, 3.0)),  # n = 5: the placebo range
    (0.0, list(range(-50, 51)), (-49.0, 49.0)),  # n = 101: r = floor(102 · 0.025) = 2
])
def test_rank_interval_uses_order_statistics(effect, placebos, expected) -> None:
    assert sc.rank_interval(effect, np.array(placebos, dtype=float), 0.05) == expected


# ------------------------------------------------------------------------------------------------
# Staggered starts
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def staggered() -> tuple[pd.DataFrame, dict[str, int]]:
    ids = area_ids(40)
    starts = {**dict.fromkeys(ids[:5], 2019), **dict.fromkeys(ids[5:10], 2021)}
    return panel_table(13, starts=starts, effect=-2.0)


@pytest.mark.parametrize("method", METHODS)
def test_staggered_starts_line_up_in_years_since_the_start(staggered, method: str) -> None:
    table, starts = staggered
    result = METHODS[method](table, LEVEL, INDICATOR, starts)
    assert result.staggered
    assert result.series.index.name == BY_YEARS_SINCE_START
    assert result.series.index.min() == -6
    assert result.series.index.max() == 5
    assert [row.years_since_start for row in result.per_year] == [0, 1, 2, 3, 4, 5]
    assert all(row.year is None for row in result.per_year)
    assert result.ci_low <= -2.0 <= result.ci_high < 0
    assert dict(result.starts) == starts
    table_out = result.effects_table()
    assert list(table_out.columns) == ["years_since_start", "year", "effect", "ci_low", "ci_high"]


def test_staggered_effects_are_not_averaged_over_calendar_years() -> None:
    # The effect lasts only the start year: in event time it is all in year 0, whereas pooling by
    # calendar year would smear it over 2019 and 2021.
    ids = area_ids(40)
    starts = {**dict.fromkeys(ids[:6], 2019), **dict.fromkeys(ids[6:12], 2021)}
    table, _ = panel_table(12, starts=starts)
    spike = table[c.AREA_ID].map(starts).eq(table[c.YEAR])
    table.loc[spike, c.VALUE] -= 4.0
    table.loc[spike, c.NUMERATOR] = np.nan  # keep values and counts honest: use values only
    result = difference_in_differences(table.drop(columns=[c.NUMERATOR, c.DENOMINATOR]), LEVEL,
                                       INDICATOR, starts)
    by_event = {row.years_since_start: row for row in result.per_year}
    assert by_event[0].ci_low <= -4.0 <= by_event[0].ci_high
    assert by_event[0].ci_high < 0
    assert all(by_event[e].ci_low <= 0 <= by_event[e].ci_high for e in (1, 2))


# ------------------------------------------------------------------------------------------------
# Refusals and bad input
# ------------------------------------------------------------------------------------------------


def refusal(result) -> tuple[str, dict]:
    assert isinstance(result, Refusal), result
    return result.code, dict(result.params)


@pytest.mark.parametrize("method", METHODS)
def test_too_little_data_is_refused_with_a_code(method: str) -> None:
    estimate = METHODS[method]
    table, starts = panel_table(2)
    first = next(iter(starts))
    assert refusal(estimate(table, "deso", INDICATOR, starts)) == (
        "unknown_level", {"level": "deso", "valid": (LEVEL,)})
    assert refusal(estimate(table, LEVEL, "trangboddhet", starts)) == (
        "unknown_indicator", {"indicator": "trangboddhet", "level": LEVEL, "valid": ("uvas",)})
    assert refusal(estimate(table, LEVEL, INDICATOR, {**starts, "X1": 2020, "X0": 2020})) == (
        "unknown_areas", {"ids": ("X0", "X1")})
    assert refusal(estimate(table, LEVEL, INDICATOR, dict.fromkeys(starts, 2017))) == (
        "too_few_pre_years", {"start": 2017, "pre_years": 2, "minimum": 3})
    assert refusal(estimate(table, LEVEL, INDICATOR, dict.fromkeys(starts, 2026))) == (
        "no_post_years", {"start": 2026, "last_year": 2024})
    small, small_starts = panel_table(2, n_areas=12, n_treated=4)
    assert refusal(estimate(small, LEVEL, INDICATOR, small_starts)) == (
        "too_few_comparison_areas", {"n": 8, "minimum": 10})
    gappy = table.copy()
    gappy.loc[(gappy[c.AREA_ID] == first) & (gappy[c.YEAR] == 2016), [c.VALUE, c.SUPPRESSED]] = [
        np.nan, True]
    assert refusal(estimate(gappy, LEVEL, INDICATOR, {first: 2020})) == (
        "no_complete_series", {"ids": (first,)})


def test_areas_without_a_complete_series_are_left_out_and_listed() -> None:
    table, starts = panel_table(2)
    first, other = next(iter(starts)), next(a for a in area_ids(40) if a not in starts)
    gappy = table.copy()
    gappy.loc[gappy[c.AREA_ID].isin([first, other]) & (gappy[c.YEAR] == 2016), c.VALUE] = np.nan
    result = difference_in_differences(gappy, LEVEL, INDICATOR, starts)
    assert result.excluded == tuple(sorted([first, other]))
    assert first not in result.treated
    assert result.n_treated == 7
    assert other not in dict(result.comparison)


def test_a_start_after_the_data_leaves_that_cohort_out() -> None:
    ids = area_ids(40)
    starts = {**dict.fromkeys(ids[:6], 2020), **dict.fromkeys(ids[6:8], 2027)}
    table, _ = panel_table(2, starts=starts)
    result = difference_in_differences(table, LEVEL, INDICATOR, starts)
    assert result.not_started == tuple(ids[6:8])
    assert result.n_treated == 6
    assert not set(ids[6:8]) & {a for a, _ in result.comparison}


@pytest.mark.parametrize(("starts", "match"), [
    ({}, "at least one"), ({"A000": 2020.5}, "not a year"), ({"A000": "2020"}, "not a year"),
    ({"A000": True}, "not a year")])
def test_malformed_starts_raise(starts, match: str) -> None:
    table, _ = panel_table(2)
    with pytest.raises(EffectInputError, match=match):
        synthetic_control(table, LEVEL, INDICATOR, starts)


def test_a_table_without_the_columns_raises_naming_them() -> None:
    table, starts = panel_table(2)
    with pytest.raises(EffectInputError, match="value"):
        difference_in_differences(table.drop(columns=[c.VALUE]), LEVEL, INDICATOR, starts)


def test_values_without_counts_use_the_weights_given() -> None:
    table, starts = panel_table(6, effect=-2.0, counts=False)
    result = synthetic_control(table, LEVEL, INDICATOR, starts,
                               weights=pd.Series(1.0, index=area_ids(40)))
    assert result.ci_low <= -2.0 <= result.ci_high


# ------------------------------------------------------------------------------------------------
# The evaluation plan (minimum detectable effect)
# ------------------------------------------------------------------------------------------------


def flat_table(sizes: dict[str, int], share: float = 0.1, years=range(2020, 2023)) -> pd.DataFrame:
    """Areas whose share never moves: no residual variance, only binomial noise."""
    rows = []
    for area, d in sizes.items():
        for year in years:
            rows.append({c.AREA_ID: area, c.LEVEL: LEVEL, c.YEAR: year, c.INDICATOR: INDICATOR,
                         c.VALUE: 100 * share, c.NUMERATOR: share * d, c.DENOMINATOR: float(d),
                         c.SUPPRESSED: False})
    return pd.DataFrame(rows)


def test_mde_matches_the_formula_by_hand() -> None:
    # Four areas of 100 young people at 10 %: v = 100² · 0.1 · 0.9 / 100 = 9 per area and year,
    # V_T = V_C = 2 · 0.5² · 9 = 4.5. Start 2026, data from 2020: T0 = 6; 2030: T1 = 5.
    plan = minimum_detectable_effect(flat_table(dict.fromkeys(["a", "b", "c", "d"], 100)), LEVEL,
                                     INDICATOR, ["a", "b"], 2026)
    assert isinstance(plan, EvaluationPlan)
    z = norm.ppf(0.975) + norm.ppf(0.8)
    by_year = {p.year: p for p in plan.checkpoints}
    assert by_year[2030].pre_years == 6
    assert by_year[2030].post_years == 5
    assert by_year[2030].mde == pytest.approx(z * np.sqrt(9.0 * (1 / 6 + 1 / 5)))
    assert by_year[2035].mde == pytest.approx(z * np.sqrt(9.0 * (1 / 6 + 1 / 10)))
    assert plan.residual_sd == pytest.approx(0.0, abs=1e-9)
    assert plan.structural_sd == 0.0
    assert plan.treated_sd == pytest.approx(np.sqrt(4.5))
    assert plan.has_counts


def test_mde_shrinks_with_more_areas_more_years_and_larger_areas() -> None:
    table, _ = panel_table(8, n_areas=60)
    ids = area_ids(60)

    def mde(treated, start=2026, data=table) -> dict[int, float]:
        plan = minimum_detectable_effect(data, LEVEL, INDICATOR, treated, start)
        return {p.year: p.mde for p in plan.checkpoints}

    few, many = mde(ids[:3]), mde(ids[:12])
    assert many[2030] < few[2030]
    assert few[2035] < few[2030]  # more years after the start
    assert mde(ids[:3], start=2028)[2030] > few[2030]  # fewer
    bigger = table.assign(**{c.NUMERATOR: table[c.NUMERATOR] * 4, c.DENOMINATOR: table[c.DENOMINATOR] * 4})
    assert mde(ids[:3], data=bigger)[2030] < few[2030]


def test_a_checkpoint_before_the_start_has_no_mde() -> None:
    plan = minimum_detectable_effect(flat_table(dict.fromkeys("abcd", 100)), LEVEL, INDICATOR,
                                     ["a"], 2031)
    first, second = plan.checkpoints
    assert first.code == BEFORE_START
    assert np.isnan(first.mde)
    assert second.code is None
    assert second.post_years == 5


def test_mde_refuses_what_it_cannot_estimate() -> None:
    table = flat_table(dict.fromkeys("abcd", 100), years=[2023])
    assert refusal(minimum_detectable_effect(table, LEVEL, INDICATOR, ["a"], 2026)) == (
        "no_noise_estimate", {"years": 1, "areas": 4})
    assert refusal(minimum_detectable_effect(table, LEVEL, INDICATOR, ["zz"], 2026))[0] == \
        "unknown_areas"
    with pytest.raises(EffectInputError):
        minimum_detectable_effect(table, LEVEL, INDICATOR, [], 2026)


# ------------------------------------------------------------------------------------------------
# The real Malmö package: short area series give an honest refusal, not a crash
# ------------------------------------------------------------------------------------------------


@pytest.mark.real_data
def test_malmo_area_series_are_too_short_and_say_so(malmo_package) -> None:
    table = malmo_package.indicators
    regso = sorted(table.loc[(table[c.LEVEL] == "regso") & (table[c.INDICATOR] == "uvas"),
                             c.AREA_ID].unique())[:4]
    for method in METHODS.values():
        code, params = refusal(method(table, "regso", "uvas", dict.fromkeys(regso, 2023)))
        assert code == "too_few_pre_years"
        assert params["pre_years"] == 0
        code, params = refusal(method(table, "regso", "uvas", dict.fromkeys(regso, 2030)))
        assert code == "no_post_years"
    deso = sorted(table.loc[table[c.LEVEL] == "deso", c.AREA_ID].unique())[:5]
    code, _ = refusal(synthetic_control(table, "deso", "lag_inkomststandard",
                                        dict.fromkeys(deso, 2024)))
    assert code == "too_few_pre_years"
    code, _ = refusal(minimum_detectable_effect(table, "regso", "uvas", regso, 2027))
    assert code == "no_noise_estimate"
    plan = minimum_detectable_effect(table, "deso", "lag_inkomststandard", deso, 2027)
    assert isinstance(plan, EvaluationPlan | Refusal)
