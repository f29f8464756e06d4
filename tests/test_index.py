"""The composite need index: hand-computed cases on tiny tables, errors, and properties.

Expected numbers are worked out by hand in the comments (never by calling the code under test).
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from indicators.index import (
    AGGREGATIONS,
    DECILE,
    GEOMETRIC_FLOOR,
    GEOMETRIC_NOTE_EN,
    GEOMETRIC_NOTE_SV,
    INCOMPLETE,
    N_INDICATORS,
    NORMALISATIONS,
    RANK,
    SCORE,
    WORST10_ANY,
    CityValueError,
    DoubleCountingWarning,
    UnknownMethodError,
    WeightError,
    composite_index,
    contribution_column,
    double_counting_warnings,
    index_columns,
    indicator_correlations,
    need_scores,
    normalise_weights,
    worst10_column,
)
from model.registry import REGISTRY, Direction

# Any RuntimeWarning (division by zero, all-NaN slices) is a bug here.
pytestmark = pytest.mark.filterwarnings("error")

TRANG = "trangboddhet"
BEHOR = "behorighet_yrkesprogram"
BISTAND = "ekonomiskt_bistand"
INKOMST = "lag_inkomststandard"
INDEX_IDS = (BEHOR, TRANG, BISTAND, INKOMST)
DIRECTIONS = {i.id: i.direction for i in REGISTRY}


def table(**columns: list[float]) -> pd.DataFrame:
    """Areas A, B, C, … as rows, indicator ids as columns."""
    n = len(next(iter(columns.values())))
    index = pd.Index([chr(ord("A") + k) for k in range(n)], name="area_id")
    return pd.DataFrame(columns, index=index, dtype=float)


#: Overcrowding (higher is worse) and eligibility (higher is better) for three areas.
#: Need runs: trångboddhet A < B < C; behörighet (inverted) A < C < B.
ABC = table(trangboddhet=[10.0, 20.0, 40.0], behorighet_yrkesprogram=[90.0, 60.0, 80.0])
#: Weights 2 : 1 → 2/3 and 1/3.
W21 = {TRANG: 2, BEHOR: 1}


def col(frame: pd.DataFrame, name: str) -> list[float]:
    return frame[name].tolist()


# --- normalisations, by hand ---------------------------------------------------------------------


def test_min_max_by_hand_with_behorighet_inverted():
    need = need_scores(ABC, DIRECTIONS, "min_max")
    # trångboddhet: (x − 10) / (40 − 10)
    assert col(need, TRANG) == pytest.approx([0.0, 1 / 3, 1.0])
    # behörighet, need = −x: (−x − (−90)) / (−60 − (−90)) = (90 − x) / 30
    assert col(need, BEHOR) == pytest.approx([0.0, 1.0, 1 / 3])
    assert need.index.equals(ABC.index)
    assert list(need.columns) == list(ABC.columns)


def test_z_score_by_hand():
    need = need_scores(ABC, DIRECTIONS, "z_score")
    # trångboddhet: mean 70/3, population sd sqrt(1400)/3, so z = (40/3 · …): −40, −10, 50 over √1400,
    # i.e. z = −1.069045, −0.267261, 1.336306 and Φ(z) = 0.142525, 0.394634, 0.909275.
    assert col(need, TRANG) == pytest.approx([0.142525, 0.394634, 0.909275], abs=1e-6)
    # behörighet: mean 230/3, same deviations mirrored; need z = −(x − mean)/sd = −1.069, 1.336, −0.267.
    assert col(need, BEHOR) == pytest.approx([0.142525, 0.909275, 0.394634], abs=1e-6)


def test_percentile_rank_by_hand_with_ties():
    need = need_scores(ABC, DIRECTIONS, "percentile_rank")
    assert col(need, TRANG) == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert col(need, BEHOR) == pytest.approx([1 / 3, 1.0, 2 / 3])
    tied = need_scores(table(trangboddhet=[5.0, 5.0, 9.0, 1.0]), DIRECTIONS, "percentile_rank")
    # ascending ranks 2.5, 2.5, 4, 1 out of 4
    assert col(tied, TRANG) == pytest.approx([0.625, 0.625, 1.0, 0.25])


def test_distance_to_city_by_hand():
    need = need_scores(ABC, DIRECTIONS, "distance_to_city", city_values={TRANG: 20.0, BEHOR: 75.0})
    # trångboddhet: d = (x − 20)/20 = −0.5, 0, 1 → 0.5 + d/2 = 0.25, 0.5, 1.0
    assert col(need, TRANG) == pytest.approx([0.25, 0.5, 1.0])
    # behörighet: d = −(x − 75)/75 = −0.2, 0.2, −1/15 → 0.4, 0.6, 0.466667
    assert col(need, BEHOR) == pytest.approx([0.4, 0.6, 7 / 15])
    # at least twice the city's level (in the worse direction) is clipped at 1, zero at 0
    clipped = need_scores(table(trangboddhet=[0.0, 10.0, 30.0]), DIRECTIONS, "distance_to_city",
                          city_values={TRANG: 10.0})
    assert col(clipped, TRANG) == pytest.approx([0.0, 0.5, 1.0])


def test_distance_to_city_falls_back_to_the_mean_of_the_areas():
    need = need_scores(ABC[[TRANG]], DIRECTIONS, "distance_to_city")
    # mean 70/3: d = (10 − 70/3)/(70/3) = −4/7, −1/7, 5/7 → 3/14, 6/14, 12/14
    assert col(need, TRANG) == pytest.approx([3 / 14, 6 / 14, 12 / 14])
    with_nan_city = need_scores(ABC[[TRANG]], DIRECTIONS, "distance_to_city", city_values={TRANG: None})
    assert_frame_equal(with_nan_city, need)


def test_distance_to_city_refuses_a_reference_that_is_not_positive():
    with pytest.raises(CityValueError, match=TRANG):
        need_scores(ABC, DIRECTIONS, "distance_to_city", city_values={TRANG: 0.0, BEHOR: 75.0})
    # every area equal to a zero reference is like a constant indicator
    zeros = need_scores(table(trangboddhet=[0.0, 0.0]), DIRECTIONS, "distance_to_city")
    assert col(zeros, TRANG) == [0.5, 0.5]


@pytest.mark.parametrize("method", ["min_max", "z_score", "distance_to_city"])
def test_a_constant_indicator_gives_every_area_one_half(method):
    need = need_scores(table(trangboddhet=[0.1, 0.1, 0.1, np.nan]), DIRECTIONS, method)
    assert col(need, TRANG)[:3] == [0.5, 0.5, 0.5]
    assert np.isnan(need[TRANG].iloc[3])


def test_a_constant_indicator_under_percentile_rank_gets_the_middle_rank():
    need = need_scores(table(trangboddhet=[7.0, 7.0, 7.0]), DIRECTIONS, "percentile_rank")
    assert col(need, TRANG) == pytest.approx([2 / 3] * 3)  # average rank 2 of 3


@pytest.mark.parametrize("method", list(NORMALISATIONS))
def test_direction_inversion_equals_negating_the_values(method):
    """Behörighet (higher is better) scores like its mirror image under 'higher is worse'."""
    values = table(behorighet_yrkesprogram=[90.0, 60.0, 80.0, np.nan])
    mirrored = pd.DataFrame({"mirror": 200.0 - values[BEHOR]})
    a = need_scores(values, DIRECTIONS, method)[BEHOR]
    b = need_scores(mirrored, {"mirror": Direction.HIGHER_IS_WORSE}, method)["mirror"]
    if method == "distance_to_city":
        # relative to the (mean) level, which mirroring changes: the order is what must agree
        assert a.rank().equals(b.rank())
    else:
        assert a.tolist() == pytest.approx(b.tolist(), nan_ok=True)
    assert a.idxmax() == "B"  # the lowest eligibility is the greatest need


@pytest.mark.parametrize("method", list(NORMALISATIONS))
def test_need_scores_lie_in_unit_interval_keep_nan_and_do_not_mutate(method):
    values = table(trangboddhet=[10.0, np.nan, 40.0, 25.0], behorighet_yrkesprogram=[np.nan] * 4)
    before = values.copy()
    need = need_scores(values, DIRECTIONS, method)
    assert_frame_equal(values, before)
    assert need[TRANG].isna().tolist() == [False, True, False, False]
    assert need[BEHOR].isna().all()  # an indicator absent at a level stays absent
    present = need[TRANG].dropna()
    assert ((present >= 0) & (present <= 1)).all()


def test_a_column_without_direction_is_named():
    with pytest.raises(ValueError, match="mystery"):
        need_scores(table(mystery=[1.0, 2.0]), DIRECTIONS)


# --- aggregation, by hand ------------------------------------------------------------------------


def test_arithmetic_min_max_by_hand():
    result = composite_index(ABC, DIRECTIONS, W21)
    # need (min_max): trång 0, 1/3, 1; behör 0, 1, 1/3; weights 2/3, 1/3
    # A: 0;  B: 100 (2/3·1/3 + 1/3·1) = 500/9;  C: 100 (2/3·1 + 1/3·1/3) = 700/9
    assert col(result, SCORE) == pytest.approx([0.0, 500 / 9, 700 / 9])
    assert col(result, contribution_column(TRANG)) == pytest.approx([0.0, 200 / 9, 600 / 9])
    assert col(result, contribution_column(BEHOR)) == pytest.approx([0.0, 300 / 9, 100 / 9])
    assert col(result, RANK) == [3.0, 2.0, 1.0]
    assert list(result.columns) == list(index_columns([TRANG, BEHOR]))  # in the order of the columns


def test_arithmetic_z_score_by_hand():
    result = composite_index(ABC, DIRECTIONS, W21, normalisation="z_score")
    # 100 (2/3 Φ(z_trång) + 1/3 Φ(z_behör)) with the Φ values of test_z_score_by_hand
    # A: 100 (2/3·0.142525 + 1/3·0.142525) = 14.2525
    # B: 100 (2/3·0.394634 + 1/3·0.909275) = 56.6181
    # C: 100 (2/3·0.909275 + 1/3·0.394634) = 73.7728
    assert col(result, SCORE) == pytest.approx([14.2525, 56.6181, 73.7728], abs=1e-4)


def test_arithmetic_percentile_and_distance_by_hand():
    pct = composite_index(ABC, DIRECTIONS, W21, normalisation="percentile_rank")
    # A: 100 (2/3·1/3 + 1/3·1/3) = 33.33;  B: 100 (2/3·2/3 + 1/3·1) = 77.78;  C: 100 (2/3 + 1/3·2/3) = 88.89
    assert col(pct, SCORE) == pytest.approx([100 / 3, 700 / 9, 800 / 9])
    dist = composite_index(ABC, DIRECTIONS, W21, normalisation="distance_to_city",
                           city_values={TRANG: 20.0, BEHOR: 75.0})
    # A: 100 (2/3·0.25 + 1/3·0.4) = 30;  B: 100 (2/3·0.5 + 1/3·0.6) = 53.33;  C: 100 (2/3·1 + 1/3·7/15)
    assert col(dist, SCORE) == pytest.approx([30.0, 160 / 3, 100 * (2 / 3 + 7 / 45)])


def test_geometric_by_hand():
    result = composite_index(ABC, DIRECTIONS, W21, aggregation="geometric")
    # need (min_max): A (0, 0) → both floored at 0.01 → 100 · 0.01 = 1
    # B: 100 · (1/3)^(2/3) · 1^(1/3) = 48.07499;  C: 100 · 1^(2/3) · (1/3)^(1/3) = 69.33613
    assert col(result, SCORE) == pytest.approx([1.0, 48.07499, 69.33613], abs=1e-5)
    # B: t_trång = 2/3 ln(33.33) = 2.337705, t_behör = 1/3 ln(100) = 1.535057, sum 3.872762
    #    → 48.07499 · 2.337705/3.872762 = 29.01938 and 19.05561
    assert result.loc["B", contribution_column(TRANG)] == pytest.approx(29.01938, abs=1e-5)
    assert result.loc["B", contribution_column(BEHOR)] == pytest.approx(19.05561, abs=1e-5)
    # C: t_trång = 2/3 ln(100) = 3.070113, t_behör = 1/3 ln(33.33) = 1.168853 → 50.21738 and 19.11875
    assert result.loc["C", contribution_column(TRANG)] == pytest.approx(50.21738, abs=1e-5)
    assert result.loc["C", contribution_column(BEHOR)] == pytest.approx(19.11875, abs=1e-5)
    # A: every indicator at the floor → the score is split by weight
    assert result.loc["A", contribution_column(TRANG)] == pytest.approx(2 / 3)
    assert result.loc["A", contribution_column(BEHOR)] == pytest.approx(1 / 3)


def test_geometric_floor_keeps_the_best_area_on_one_indicator_above_zero():
    values = table(trangboddhet=[10.0, 20.0, 40.0], ekonomiskt_bistand=[9.0, 1.0, 5.0])
    result = composite_index(values, DIRECTIONS, {TRANG: 1, BISTAND: 1}, aggregation="geometric")
    # A: trång need 0 → 0.01, bistånd need 1 → 100 · √(0.01 · 1) = 10, not 0
    assert result.loc["A", SCORE] == pytest.approx(10.0)
    assert GEOMETRIC_FLOOR == 0.01
    assert "0,01" in GEOMETRIC_NOTE_SV
    assert "0.01" in GEOMETRIC_NOTE_EN


@pytest.mark.parametrize("aggregation", list(AGGREGATIONS))
@pytest.mark.parametrize("normalisation", list(NORMALISATIONS))
def test_contributions_sum_to_the_score(normalisation, aggregation):
    rng = np.random.default_rng(7)
    values = pd.DataFrame(rng.uniform(1, 99, (50, 4)), columns=list(INDEX_IDS))
    values = values.mask(rng.random((50, 4)) < 0.15)
    result = composite_index(values, DIRECTIONS, {BEHOR: 1, TRANG: 2, BISTAND: 3, INKOMST: 0.5},
                             normalisation, aggregation)
    parts = result[[contribution_column(i) for i in INDEX_IDS]]
    scored = result[SCORE].notna()
    assert parts[scored].sum(axis=1).to_numpy() == pytest.approx(result.loc[scored, SCORE].to_numpy(),
                                                                 abs=1e-9)
    assert (parts.fillna(0) >= 0).all().all()


# --- weights ---------------------------------------------------------------------------------------


def test_normalise_weights_sums_to_one_and_drops_zero_weights():
    w = normalise_weights({TRANG: 3, BEHOR: 1, BISTAND: 0}, INDEX_IDS)
    assert w.to_dict() == {BEHOR: 0.25, TRANG: 0.75}  # in the order of the valid ids
    assert w.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("factor", [0.001, 10.0, 7.3e6])
def test_scaling_every_weight_changes_nothing(factor):
    base = {BEHOR: 1.0, TRANG: 2.0, BISTAND: 0.5}
    values = table(behorighet_yrkesprogram=[90, 60, 80, 70], trangboddhet=[10, 20, 40, 5],
                   ekonomiskt_bistand=[1, 5, np.nan, 3])
    for aggregation in AGGREGATIONS:
        a = composite_index(values, DIRECTIONS, base, aggregation=aggregation)
        b = composite_index(values, DIRECTIONS, {k: v * factor for k, v in base.items()},
                            aggregation=aggregation)
        assert_frame_equal(a, b, rtol=1e-9)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({TRANG: 0, BEHOR: 0}, "positive"),
        ({}, "positive"),
        ({TRANG: -1, BEHOR: 2}, "negative"),
        ({TRANG: 1, "uvas_typo": 1}, "uvas_typo"),
        ({TRANG: float("nan")}, "finite"),
    ],
)
def test_bad_weights_are_refused_listing_the_valid_ids(weights, message):
    with pytest.raises(WeightError, match=message) as caught:
        normalise_weights(weights, INDEX_IDS)
    assert all(i in str(caught.value) for i in INDEX_IDS)
    with pytest.raises(WeightError) as caught:
        composite_index(ABC, DIRECTIONS, weights)
    assert f"{TRANG}, {BEHOR}" in str(caught.value)  # the columns of the table are what may be weighted


def test_zero_weight_indicators_are_left_out():
    result = composite_index(ABC, DIRECTIONS, {TRANG: 1, BEHOR: 0})
    assert contribution_column(BEHOR) not in result.columns
    assert col(result, SCORE) == pytest.approx([0.0, 100 / 3, 100.0])
    assert not result[INCOMPLETE].any()


# --- missing values --------------------------------------------------------------------------------

#: Five areas; C and E lack trångboddhet, B and E lack ekonomiskt bistånd.
GAPPY = table(trangboddhet=[10.0, 20.0, np.nan, 30.0, np.nan],
              ekonomiskt_bistand=[1.0, np.nan, 3.0, 5.0, np.nan])


@pytest.mark.parametrize("aggregation", list(AGGREGATIONS))
def test_missing_values_renormalise_the_weights_per_area(aggregation):
    result = composite_index(GAPPY, DIRECTIONS, {TRANG: 3, BISTAND: 1}, aggregation=aggregation)
    # need (min_max): trång A 0, B 0.5, D 1; bistånd A 0, C 0.5, D 1.
    # B has only trångboddhet → its weight becomes 1: score 100 · 0.5 = 50, not 100 · 0.75 · 0.5.
    # C has only bistånd → 50 (missing is never zero). D: 100. A: 0 (geometric: floor → 1).
    expected_a = 0.0 if aggregation == "arithmetic" else 1.0
    assert col(result, SCORE)[:4] == pytest.approx([expected_a, 50.0, 50.0, 100.0])
    assert np.isnan(result.loc["E", SCORE])
    assert col(result, N_INDICATORS) == [2, 1, 1, 2, 0]
    assert col(result, INCOMPLETE) == [False, True, True, False, True]
    assert result.loc["B", contribution_column(TRANG)] == pytest.approx(50.0)
    assert np.isnan(result.loc["B", contribution_column(BISTAND)])
    assert result.loc["E", [contribution_column(TRANG), contribution_column(BISTAND)]].isna().all()
    # ranks among the four scored areas; B and C tie; deciles = 1 + ⌊10 (rank − 1) / 4⌋
    assert col(result, RANK)[:4] == [4.0, 2.0, 2.0, 1.0]
    assert col(result, DECILE)[:4] == [8.0, 3.0, 3.0, 1.0]
    assert np.isnan(result.loc["E", RANK])
    assert np.isnan(result.loc["E", DECILE])


def test_an_indicator_absent_at_the_level_makes_every_area_incomplete():
    values = ABC.assign(ekonomiskt_bistand=np.nan)
    result = composite_index(values, DIRECTIONS, {TRANG: 2, BEHOR: 1, BISTAND: 5})
    assert col(result, SCORE) == pytest.approx([0.0, 500 / 9, 700 / 9])
    assert result[INCOMPLETE].all()
    assert col(result, N_INDICATORS) == [2, 2, 2]


def test_no_area_with_any_weighted_indicator_gives_no_scores():
    values = table(trangboddhet=[np.nan, np.nan], ekonomiskt_bistand=[1.0, 2.0])
    result = composite_index(values, DIRECTIONS, {TRANG: 1})
    assert result[[SCORE, RANK, DECILE]].isna().all().all()
    assert col(result, N_INDICATORS) == [0, 0]
    assert not result[WORST10_ANY].any()


def test_composite_index_does_not_mutate_its_input():
    before = GAPPY.copy()
    composite_index(GAPPY, DIRECTIONS, {TRANG: 1, BISTAND: 1}, "z_score", "geometric")
    assert_frame_equal(GAPPY, before)


def test_repeated_area_ids_and_text_values_are_named():
    repeated = pd.DataFrame({TRANG: [1.0, 2.0]}, index=["X1", "X1"])
    with pytest.raises(ValueError, match="X1"):
        composite_index(repeated, DIRECTIONS, {TRANG: 1})
    text = pd.DataFrame({TRANG: ["12", "lots"]}, index=["X1", "X2"])
    with pytest.raises(ValueError, match=TRANG):
        composite_index(text, DIRECTIONS, {TRANG: 1})


# --- ranks, deciles and worst-10 % flags -------------------------------------------------------------


def test_ten_areas_give_one_area_per_decile_and_decile_1_is_greatest_need():
    values = pd.DataFrame({TRANG: np.arange(1.0, 11.0)}, index=[f"K{i}" for i in range(1, 11)])
    result = composite_index(values, DIRECTIONS, {TRANG: 1})
    assert col(result, RANK) == [10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    assert col(result, DECILE) == [10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]


def test_ties_share_the_lowest_rank_and_the_same_decile():
    values = pd.DataFrame({TRANG: [5.0, 9.0, 9.0, 1.0, 9.0]}, index=list("PQRST"))
    result = composite_index(values, DIRECTIONS, {TRANG: 1})
    assert col(result, RANK) == [4.0, 1.0, 1.0, 5.0, 1.0]
    # decile = 1 + ⌊10 (rank − 1) / 5⌋
    assert col(result, DECILE) == [7.0, 1.0, 1.0, 9.0, 1.0]


def test_deciles_of_twenty_areas_hold_two_each():
    values = pd.DataFrame({TRANG: np.arange(20.0)})
    result = composite_index(values, DIRECTIONS, {TRANG: 1})
    assert result[DECILE].value_counts().sort_index().tolist() == [2] * 10
    assert list(np.flatnonzero(result[DECILE] == 1)) == [18, 19]


def test_worst_ten_percent_flags_per_indicator_among_areas_that_have_it():
    n = 20
    values = pd.DataFrame({
        TRANG: np.arange(n, dtype=float),  # worst: the two highest, rows 18 and 19
        BEHOR: np.arange(n, dtype=float),  # higher is better → worst: the two lowest, rows 0 and 1
        BISTAND: [np.nan] * 10 + list(np.arange(10.0)),  # 10 areas have it → only row 19 is worst
    })
    result = composite_index(values, DIRECTIONS, {TRANG: 1, BEHOR: 1, BISTAND: 1})
    assert list(np.flatnonzero(result[worst10_column(TRANG)])) == [18, 19]
    assert list(np.flatnonzero(result[worst10_column(BEHOR)])) == [0, 1]
    assert list(np.flatnonzero(result[worst10_column(BISTAND)])) == [19]
    assert list(np.flatnonzero(result[WORST10_ANY])) == [0, 1, 18, 19]


def test_worst_ten_percent_flags_share_ties_and_flag_one_of_five():
    values = pd.DataFrame({TRANG: [3.0, 8.0, 8.0, 1.0, 2.0], BISTAND: [1.0, 2.0, 3.0, 4.0, 5.0]})
    result = composite_index(values, DIRECTIONS, {TRANG: 1, BISTAND: 1})
    assert col(result, worst10_column(TRANG)) == [False, True, True, False, False]
    assert col(result, worst10_column(BISTAND)) == [False, False, False, False, True]


# --- unknown method names ----------------------------------------------------------------------------


def test_unknown_method_names_list_the_valid_ones():
    with pytest.raises(UnknownMethodError) as caught:
        composite_index(ABC, DIRECTIONS, W21, normalisation="minmax")
    assert all(name in str(caught.value) for name in NORMALISATIONS)
    with pytest.raises(UnknownMethodError) as caught:
        composite_index(ABC, DIRECTIONS, W21, aggregation="harmonic")
    assert all(name in str(caught.value) for name in AGGREGATIONS)
    with pytest.raises(ValueError, match="z_score"):
        need_scores(ABC, DIRECTIONS, "zscore")
    with pytest.raises(UnknownMethodError, match="spearman"):
        indicator_correlations(ABC, DIRECTIONS, method="cosine")


# --- correlations and double counting ----------------------------------------------------------------


def correlated_table() -> pd.DataFrame:
    """Trångboddhet and bistånd nearly identical; låg inkomst running the other way."""
    x = np.arange(1.0, 31.0)
    wobble = np.tile([0.3, -0.2, 0.1], 10)
    return pd.DataFrame({TRANG: x, BISTAND: x + wobble, INKOMST: 40.0 - x + 2 * wobble})


def test_correlation_matrix_is_need_oriented_and_includes_the_score():
    values = ABC.copy()
    result = composite_index(values, DIRECTIONS, W21)
    corr = indicator_correlations(values, DIRECTIONS, result[SCORE])
    assert list(corr.columns) == [TRANG, BEHOR, SCORE]
    # need ranks: trång A<B<C, behör A<C<B → Spearman 1 − 6·Σd²/(n(n²−1)) = 1 − 6·2/24 = 0.5
    assert corr.loc[TRANG, BEHOR] == pytest.approx(0.5)
    assert corr.loc[TRANG, SCORE] == pytest.approx(1.0)  # score ranks A<B<C like trångboddhet


def test_double_counting_warnings_fire_for_near_identical_and_opposed_indicators():
    values = correlated_table()
    weights = {TRANG: 1, BISTAND: 1, INKOMST: 0.2}
    result = composite_index(values, DIRECTIONS, weights)
    corr = indicator_correlations(values, DIRECTIONS, result[SCORE])
    warnings = double_counting_warnings(corr, [TRANG, BISTAND, INKOMST])
    kinds = {(w.kind, w.ids) for w in warnings}
    assert kinds == {("redundant", (TRANG, BISTAND)), ("against_index", (INKOMST,))}
    redundant = next(w for w in warnings if w.kind == "redundant")
    assert isinstance(redundant, DoubleCountingWarning)
    assert redundant.coefficient > 0.9
    assert "Trångboddhet" in redundant.message_sv
    assert "Ekonomiskt bistånd" in redundant.message_sv
    assert "Overcrowding" in redundant.message_en
    assert "Social assistance" in redundant.message_en
    assert f"{redundant.coefficient:.2f}".replace(".", ",") in redundant.message_sv
    against = next(w for w in warnings if w.kind == "against_index")
    assert against.coefficient < 0
    assert "Låg inkomststandard" in against.message_sv
    assert "−" in against.message_en  # a negative coefficient printed with a real minus sign
    assert against.message("en") == against.message_en


def test_no_warnings_for_unrelated_indicators():
    rng = np.random.default_rng(3)
    values = pd.DataFrame(rng.uniform(0, 100, (200, 3)), columns=[TRANG, BISTAND, INKOMST])
    result = composite_index(values, DIRECTIONS, dict.fromkeys(values.columns, 1))
    corr = indicator_correlations(values, DIRECTIONS, result[SCORE])
    assert double_counting_warnings(corr, values.columns) == []


# --- properties ----------------------------------------------------------------------------------------

VALUE = st.one_of(
    st.floats(min_value=0, max_value=100, allow_nan=False, allow_subnormal=False),
    st.just(float("nan")),
)


@st.composite
def index_inputs(draw):
    """A small table of index indicators, weights, methods and (sometimes) city values."""
    n = draw(st.integers(1, 12))
    ids = draw(st.lists(st.sampled_from(INDEX_IDS), min_size=1, max_size=4, unique=True))
    columns = {i: draw(st.lists(VALUE, min_size=n, max_size=n)) for i in ids}
    values = pd.DataFrame(columns, index=[f"A{k}" for k in range(n)], dtype=float)
    weights = {i: draw(st.integers(0, 10)) for i in ids}
    assume(sum(weights.values()) > 0)
    city = draw(st.one_of(st.none(), st.fixed_dictionaries(
        {i: st.floats(min_value=1, max_value=100) for i in ids})))
    return (values, weights, draw(st.sampled_from(list(NORMALISATIONS))),
            draw(st.sampled_from(list(AGGREGATIONS))), city)


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@PROPERTY_SETTINGS
@given(index_inputs())
def test_scores_lie_in_0_100_and_ranks_follow_the_scores(inputs):
    values, weights, normalisation, aggregation, city = inputs
    result = composite_index(values, DIRECTIONS, weights, normalisation, aggregation, city)
    score = result[SCORE].to_numpy()
    scored = ~np.isnan(score)
    assert ((score[scored] >= 0) & (score[scored] <= 100)).all()
    assert (scored == (result[N_INDICATORS].to_numpy() > 0)).all()
    rank = result[RANK].to_numpy()
    assert (np.isnan(rank) == ~scored).all()
    # permutation with ties: rank = 1 + number of areas with a strictly higher score
    s = score[scored]
    assert (rank[scored] == 1 + (s[None, :] > s[:, None]).sum(axis=1)).all()
    deciles = result[DECILE].to_numpy()[scored]
    assert ((deciles >= 1) & (deciles <= 10)).all()
    parts = result[[contribution_column(i) for i in weights if weights[i] > 0]].to_numpy()[scored]
    assert np.nansum(parts, axis=1) == pytest.approx(s, abs=1e-8)


@PROPERTY_SETTINGS
@given(index_inputs(), st.data())
def test_worsening_one_indicator_never_lowers_the_areas_own_score(inputs, data):
    values, weights, normalisation, aggregation, city = inputs
    present = [(r, c) for r in range(len(values)) for c in range(values.shape[1])
               if not np.isnan(values.iat[r, c])]
    assume(present)
    row, column = data.draw(st.sampled_from(present))
    step = data.draw(st.floats(min_value=0.001, max_value=100))
    indicator = values.columns[column]
    worse = values.copy()
    sign = DIRECTIONS[indicator].sign
    worse.iat[row, column] = float(np.clip(values.iat[row, column] + sign * step, 0, 100))
    before = composite_index(values, DIRECTIONS, weights, normalisation, aggregation, city)
    after = composite_index(worse, DIRECTIONS, weights, normalisation, aggregation, city)
    area = values.index[row]
    if np.isnan(before.loc[area, SCORE]):  # the indicator has zero weight and the area nothing else
        assert np.isnan(after.loc[area, SCORE])
    else:
        assert after.loc[area, SCORE] >= before.loc[area, SCORE] - 1e-8


# --- the demo package and a size check -------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_2025() -> tuple[pd.DataFrame, dict[str, float | None]]:
    from datapackage.store import read_package

    package = read_package("data/demo")
    values = pd.concat(
        {i: package.indicator_frame("smaomrade", 2025, i)["value"] for i in REGISTRY.index_ids}, axis=1
    )
    city = {i: package.city_value(2025, i) for i in REGISTRY.index_ids}
    return values, city


@pytest.mark.parametrize("aggregation", list(AGGREGATIONS))
@pytest.mark.parametrize("normalisation", list(NORMALISATIONS))
def test_the_demo_package_gives_200_finite_scores(demo_2025, normalisation, aggregation):
    values, city = demo_2025
    result = composite_index(values, DIRECTIONS, dict.fromkeys(REGISTRY.index_ids, 1), normalisation,
                             aggregation, city)
    assert len(result) == 200
    assert np.isfinite(result[SCORE]).all()
    assert result[DECILE].value_counts().sort_index().tolist() == [20] * 10
    assert result.index.equals(values.index)


def test_forty_thousand_areas_sanity_timing(record_property):
    """Runs the index on 40,000 random areas; the time is printed, never asserted (see benchmarks)."""
    rng = np.random.default_rng(11)
    n = 40_000
    values = pd.DataFrame(rng.uniform(0, 100, (n, 4)), columns=list(INDEX_IDS),
                          index=pd.Index([f"D{k:05d}" for k in range(n)], name="area_id"))
    values = values.mask(rng.random((n, 4)) < 0.02)
    start = time.perf_counter()
    result = composite_index(values, DIRECTIONS, {BEHOR: 2, TRANG: 1, BISTAND: 1, INKOMST: 1},
                             "percentile_rank", "geometric")
    elapsed = time.perf_counter() - start
    record_property("composite_index_40000_seconds", elapsed)
    print(f"composite_index on {n} areas: {elapsed * 1000:.0f} ms")
    assert len(result) == n
    assert math.isclose(result[SCORE].notna().mean(), 1.0)
