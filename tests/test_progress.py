"""Progress maths, table-driven: paths, trends, projections, Wilson and Newcombe intervals, every status
boundary, the small-area uncertainty rule, group series (by hand and on the demo city) and the
steering group's table. Hand computations are in the comments."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from indicators.progress import (
    CITY,
    GROUPS,
    PROPOSED,
    REST,
    STATUS_TABLE_COLUMNS,
    TREND_METHODS,
    ChangeInterval,
    GroupSeriesError,
    Status,
    UnknownTrendMethodError,
    areas_column,
    change_interval,
    classify_pace,
    denominator_column,
    group_series,
    method_column,
    numerator_column,
    observed_trend,
    progress_status,
    projected_value,
    required_path,
    status_table,
    wilson_interval,
)
from indicators.targets import ABSOLUTE, CLOSE_GAP, RELATIVE, CheckpointTarget, Target
from model import columns as c
from model.registry import REGISTRY, Direction

WORSE = Direction.HIGHER_IS_WORSE
BETTER = Direction.HIGHER_IS_BETTER
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


# --- required path, trend, projection ---------------------------------------------------------------

@pytest.mark.parametrize(("args", "years", "expected"), [
    # 20 -> 10 over 2020-2030: one point a year down
    ((2020, 20.0, 2030, 10.0), [2020, 2021, 2025, 2030], [20.0, 19.0, 15.0, 10.0]),
    # behörighet 60 -> 70 over 2024-2029: two points a year up; outside the span is NaN
    ((2024, 60.0, 2029, 70.0), [2023, 2024, 2026, 2029, 2030], [np.nan, 60.0, 64.0, 70.0, np.nan]),
    ((2024, 8.0, 2030, 8.0), [2024, 2027], [8.0, 8.0]),
])
def test_required_path_is_the_straight_line(args, years, expected):
    path = required_path(*args, years)
    assert_series_equal(path, pd.Series(expected, index=pd.Index(years, name="year"),
                                        name="required_path", dtype=float))


def test_required_path_needs_a_later_target_year():
    with pytest.raises(ValueError, match="after the baseline"):
        required_path(2030, 10.0, 2030, 8.0, [2030])


def series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype=float)


@pytest.mark.parametrize(("values", "window", "method", "expected"), [
    # end points: (8 - 12) / (2024 - 2020) = -1
    ({2020: 12, 2021: 11.5, 2022: 10, 2023: 9.5, 2024: 8}, 5, "average_annual_change", -1.0),
    # OLS slope of the same: sum dy*dv / sum dy^2 = (-2*2+-1*1.5+0+1*-0.5+2*-2) / 10 = -1.0
    ({2020: 12, 2021: 11.5, 2022: 10, 2023: 9.5, 2024: 8}, 5, "ols", -1.0),
    # the window keeps the last 3 points with data: 2022-2024, (8 - 10) / 2 = -1
    ({2015: 40, 2022: 10, 2023: 9.5, 2024: 8}, 3, "average_annual_change", -1.0),
    # a gap year: the last 3 points with data are 2020, 2022, 2023: (13 - 10) / 3 = 1
    ({2019: 0, 2020: 10, 2021: np.nan, 2022: 12, 2023: 13}, 3, "average_annual_change", 1.0),
    # OLS on 2020, 2022, 2023: ybar = 2021.667, vbar = 11.667;
    # sum dy*dv = (-1.667)(-1.667) + (0.333)(0.333) + (1.333)(1.333) = 4.667; sum dy^2 = 4.667
    ({2019: 0, 2020: 10, 2021: np.nan, 2022: 12, 2023: 13}, 3, "ols", 1.0),
    # one odd end year: end points say +0.5 a year, OLS (dy -1,0,1; dv -1,-1,2) says 1.5/2
    ({2021: 10, 2022: 10, 2023: 11}, 5, "average_annual_change", 0.5),
    ({2021: 10, 2022: 10, 2023: 11}, 5, "ols", 0.5),
    ({2021: 10, 2022: 12, 2023: 11}, 5, "ols", 0.5),
    ({2021: 10, 2022: 12, 2023: 10}, 5, "ols", 0.0),
    # fewer than 2 points with data: NaN
    ({2021: 10, 2022: np.nan}, 5, "average_annual_change", np.nan),
    ({2021: 10}, 5, "ols", np.nan),
    ({}, 5, "ols", np.nan),
])
def test_observed_trend_by_hand(values, window, method, expected):
    result = observed_trend(series(values), window, method)
    if math.isnan(expected):
        assert math.isnan(result)
    else:
        assert result == pytest.approx(expected)


def test_observed_trend_ignores_order_and_keeps_its_input():
    s = series({2024: 8, 2020: 12, 2022: 10})
    copy = s.copy()
    assert observed_trend(s) == pytest.approx(-1.0)
    assert_series_equal(s, copy)


def test_observed_trend_refuses_bad_arguments():
    with pytest.raises(UnknownTrendMethodError) as info:
        observed_trend(series({2020: 1, 2021: 2}), method="loess")
    assert isinstance(info.value, ValueError)
    for name in TREND_METHODS:
        assert name in str(info.value)
    with pytest.raises(ValueError, match="at least 2"):
        observed_trend(series({2020: 1, 2021: 2}), window=1)


@pytest.mark.parametrize(("args", "bounds", "expected"), [
    ((2025, 10.0, -0.5, 2030), None, 7.5),
    ((2025, 10.0, -0.5, 2025), None, 10.0),
    ((2025, 60.0, 2.0, 2035), None, 80.0),
    ((2025, 3.0, -1.0, 2030), (0.0, 100.0), 0.0),  # a share cannot go below 0
    ((2025, 95.0, 2.0, 2030), (0.0, 100.0), 100.0),
])
def test_projected_value(args, bounds, expected):
    assert projected_value(*args, bounds=bounds) == pytest.approx(expected)


def test_projection_without_a_trend_is_nan():
    assert math.isnan(projected_value(2025, 10.0, math.nan, 2030))


# --- Wilson and Newcombe ----------------------------------------------------------------------------

@pytest.mark.parametrize(("num", "den", "confidence", "low", "high"), [
    (5, 50, 0.95, 4.3476, 21.3602),  # the classic 5/50: 4.35 %-21.4 %
    (0, 10, 0.95, 0.0, 27.7533),  # Wilson stays sensible at zero
    (10, 10, 0.95, 72.2467, 100.0),
    (50, 100, 0.95, 40.3832, 59.6168),
    (3, 40, 0.95, 2.5836, 19.8642),
    (5, 50, 0.90, 4.9529, 19.1538)  # z = 1.645,
])
def test_wilson_against_known_values(num, den, confidence, low, high):
    lo, hi = wilson_interval(num, den, confidence)
    assert isinstance(lo, float)
    assert (lo, hi) == (pytest.approx(low, abs=1e-3), pytest.approx(high, abs=1e-3))


def test_wilson_is_vectorised_and_marks_missing_counts_nan():
    low, high = wilson_interval(np.array([5, 0, np.nan, 0]), pd.Series([50, 10, 40, 0]))
    np.testing.assert_allclose(low[:2], [4.3476, 0.0], atol=1e-3)
    np.testing.assert_allclose(high[:2], [21.3602, 27.7533], atol=1e-3)
    assert np.isnan(low[2:]).all()
    assert np.isnan(high[2:]).all()


@pytest.mark.parametrize(("num", "den"), [(6, 5), (-1, 5), (1, -5)])
def test_wilson_refuses_impossible_counts(num, den):
    with pytest.raises(ValueError, match="numerator"):
        wilson_interval(num, den)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95])
def test_wilson_refuses_a_confidence_outside_0_1(confidence):
    with pytest.raises(ValueError, match="confidence"):
        wilson_interval(5, 50, confidence)


def test_newcombe_against_the_published_example():
    # Newcombe (1998), Stat Med 17:873, table II (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339
    ci = change_interval(48, 80, 56, 70)
    assert ci.change_low == pytest.approx(5.24, abs=0.01)
    assert ci.change_high == pytest.approx(33.39, abs=0.01)
    assert (ci.latest_low, ci.latest_high) == wilson_interval(56, 70)
    assert ci.distinguishable_from_zero


@pytest.mark.parametrize(("counts", "distinguishable"), [
    ((3, 40, 5, 45), False),  # 7.5 % -> 11.1 %: -10.3 to +16.9 points
    ((300, 4000, 500, 4500), True),  # 7.5 % -> 11.1 %: +2.4 to +4.8 points
    ((5, 45, 3, 40), False),
    ((500, 4500, 300, 4000), True),
    ((20, 20, 0, 20), True),
])
def test_change_is_distinguishable_from_zero_only_with_enough_counts(counts, distinguishable):
    assert change_interval(*counts).distinguishable_from_zero is distinguishable


def test_missing_counts_give_an_unknown_interval():
    ci = change_interval(np.nan, 40, 5, 45)
    assert not ci.is_known


# --- status boundaries ------------------------------------------------------------------------------

# UVAS (higher is worse): 20 % in 2020 -> target 10 % in 2030, required -1 point a year; latest 2022.
# Behörighet (higher is better): 60 % in 2020 -> target 70 % in 2030, required +1 point a year.
@pytest.mark.parametrize(("direction", "baseline", "target", "latest", "ratio", "status"), [
    (WORSE, 20.0, 10.0, 18.1, 0.95, Status.ON_TRACK),  # exactly 0.95: on track
    (WORSE, 20.0, 10.0, 18.12, 0.94, Status.NEEDS_ACCELERATION),  # just below
    (WORSE, 20.0, 10.0, 16.0, 2.0, Status.ON_TRACK),
    (WORSE, 20.0, 10.0, 18.8, 0.60, Status.NEEDS_ACCELERATION),  # exactly 0.60
    (WORSE, 20.0, 10.0, 18.82, 0.59, Status.LIMITED_PROGRESS),  # just below 0.60
    (WORSE, 20.0, 10.0, 20.0, 0.0, Status.LIMITED_PROGRESS),  # exactly 0: no change
    (WORSE, 20.0, 10.0, 20.02, -0.01, Status.WRONG_WAY),  # just below 0
    (WORSE, 20.0, 10.0, 22.0, -1.0, Status.WRONG_WAY),
    (WORSE, 20.0, 10.0, 10.0, None, Status.TARGET_REACHED),  # exactly at the target
    (WORSE, 20.0, 10.0, 9.0, None, Status.TARGET_REACHED),
    (BETTER, 60.0, 70.0, 61.9, 0.95, Status.ON_TRACK),
    (BETTER, 60.0, 70.0, 61.88, 0.94, Status.NEEDS_ACCELERATION),
    (BETTER, 60.0, 70.0, 61.2, 0.60, Status.NEEDS_ACCELERATION),
    (BETTER, 60.0, 70.0, 61.18, 0.59, Status.LIMITED_PROGRESS),
    (BETTER, 60.0, 70.0, 60.0, 0.0, Status.LIMITED_PROGRESS),
    (BETTER, 60.0, 70.0, 59.0, -0.5, Status.WRONG_WAY),
    (BETTER, 60.0, 70.0, 70.0, None, Status.TARGET_REACHED),
    (BETTER, 60.0, 70.0, 72.0, None, Status.TARGET_REACHED),
    # the same fall 60 -> 58: on track towards 50 when higher is worse, wrong way towards 70 when
    # higher is better
    (WORSE, 60.0, 50.0, 58.0, 1.0, Status.ON_TRACK),
    (BETTER, 60.0, 70.0, 58.0, -1.0, Status.WRONG_WAY),
])
def test_status_boundaries(direction, baseline, target, latest, ratio, status):
    result = progress_status(2020, baseline, 2022, latest, 2030, target, direction)
    assert result.status is status
    if ratio is not None:
        assert result.pace_ratio == pytest.approx(ratio)
    assert result.required_annual_change == pytest.approx((target - baseline) / 10)
    assert result.observed_annual_change == pytest.approx((latest - baseline) / 2)


def test_behorighet_is_read_as_higher_is_better_from_the_registry():
    direction = REGISTRY.get("behorighet_yrkesprogram").direction
    assert progress_status(2020, 60.0, 2022, 72.0, 2030, 70.0, direction).status is Status.TARGET_REACHED
    uvas = REGISTRY.get("uvas").direction
    assert progress_status(2020, 60.0, 2022, 72.0, 2030, 70.0, uvas).status is Status.WRONG_WAY


@pytest.mark.parametrize(("ratio", "status"), [
    (0.95, Status.ON_TRACK), (0.95 - 1e-6, Status.NEEDS_ACCELERATION), (0.6, Status.NEEDS_ACCELERATION),
    (0.6 - 1e-6, Status.LIMITED_PROGRESS), (0.0, Status.LIMITED_PROGRESS), (-1e-6, Status.WRONG_WAY),
    (math.nan, Status.NO_DATA),
])
def test_classify_pace_boundaries(ratio, status):
    assert classify_pace(ratio) is status


def test_a_given_trend_replaces_the_two_point_pace():
    # two-point pace would be (19 - 20) / 2 = -0.5 (ratio 0.5); the trend says -0.95 a year
    result = progress_status(2020, 20.0, 2022, 19.0, 2030, 10.0, WORSE, trend=-0.95)
    assert result.status is Status.ON_TRACK
    assert result.observed_annual_change == -0.95
    # projected to 2030 from the latest value: 19 - 0.95 * 8 = 11.4
    assert result.projection == pytest.approx(11.4)
    # a NaN trend (too few points) falls back to the two-point pace
    assert progress_status(2020, 20.0, 2022, 19.0, 2030, 10.0, WORSE, trend=math.nan).pace_ratio == 0.5


@pytest.mark.parametrize(("baseline", "latest_year", "latest", "target"), [
    (math.nan, 2022, 18.0, 10.0),
    (20.0, 2022, math.nan, 10.0),
    (20.0, 2022, 18.0, math.nan),
])
def test_no_data(baseline, latest_year, latest, target):
    result = progress_status(2020, baseline, latest_year, latest, 2030, target, WORSE)
    assert result.status is Status.NO_DATA
    assert result.label("sv") == "Uppgift saknas"


def test_only_the_baseline_year_is_known_not_missing():
    """One observation (the baseline): the value is known, only the trend is not — never "Uppgift
    saknas" next to a value."""
    result = progress_status(2020, 20.0, 2020, 20.0, 2030, 10.0, WORSE)
    assert result.status is Status.BASELINE_ONLY
    assert result.label("sv") == "Ett år – ingen trend ännu"
    assert result.label("en") == "One year – no trend yet"
    assert (result.latest_year, result.latest_value) == (2020, 20.0)


def test_reached_at_the_baseline_needs_no_later_year():
    assert progress_status(2020, 9.0, 2020, 9.0, 2030, 10.0, WORSE).status is Status.TARGET_REACHED


def test_a_baseline_that_met_the_target_and_slipped_is_wrong_way():
    # 7 % met the 8 % target at baseline; 9 % no longer does. Required pace +0.1 would make the ratio
    # positive, which would wrongly read "on track".
    result = progress_status(2020, 7.0, 2022, 9.0, 2030, 8.0, WORSE)
    assert result.status is Status.WRONG_WAY
    assert math.isnan(result.pace_ratio)
    assert progress_status(2020, 7.0, 2022, 9.0, 2030, 8.0, WORSE, trend=-0.1).status \
        is Status.LIMITED_PROGRESS


def test_years_in_the_wrong_order_are_refused():
    with pytest.raises(ValueError, match="after the baseline"):
        progress_status(2030, 20.0, 2031, 18.0, 2030, 10.0, WORSE)
    with pytest.raises(ValueError, match="before the baseline"):
        progress_status(2020, 20.0, 2019, 18.0, 2030, 10.0, WORSE)


# --- uncertainty ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("counts", "target", "status"), [
    # UVAS 7.5 % -> 11.1 % against a 5 % target: small counts cannot tell, large counts can
    ((3, 40, 5, 45), 5.0, Status.TOO_UNCERTAIN),
    ((300, 4000, 500, 4500), 5.0, Status.WRONG_WAY),
    # 11.1 % -> 7.5 % meets an 8 % target on the point estimate only: not clearly reached
    ((5, 45, 3, 40), 8.0, Status.TOO_UNCERTAIN),
    ((500, 4500, 300, 4000), 8.0, Status.TARGET_REACHED),
    # 2.5 % -> 0 %, change not distinguishable, but the whole interval (0-7.9 %) is under 20 %
    ((1, 40, 0, 45), 20.0, Status.TARGET_REACHED),
    # a real improvement on track: 20 % -> 18 % over 2 of 10 years toward 10 %
    ((2000, 10000, 1800, 10000), 10.0, Status.ON_TRACK),
    ((20, 100, 18, 100), 10.0, Status.TOO_UNCERTAIN),
])
def test_small_areas_are_not_over_read(counts, target, status):
    b_num, b_den, l_num, l_den = counts
    baseline, latest = 100 * b_num / b_den, 100 * l_num / l_den
    interval = change_interval(*counts)
    result = progress_status(2020, baseline, 2022, latest, 2030, target, WORSE, interval=interval)
    assert result.status is status
    assert result.interval == interval
    # without the counts the point estimates decide
    plain = progress_status(2020, baseline, 2022, latest, 2030, target, WORSE)
    assert plain.status is not Status.TOO_UNCERTAIN


def test_an_unknown_interval_is_ignored():
    unknown = ChangeInterval(math.nan, math.nan, math.nan, math.nan)
    result = progress_status(2020, 20.0, 2022, 18.0, 2030, 10.0, WORSE, interval=unknown)
    assert result.status is Status.ON_TRACK
    assert result.interval is None


def test_every_status_has_swedish_and_english_labels_and_its_own_colour():
    expected_sv = ["Målet nått", "I rätt takt", "Behöver öka takten", "Begränsad förbättring",
                   "Går åt fel håll", "För osäkert att säga", "Ett år – ingen trend ännu",
                   "Uppgift saknas"]
    assert [s.label("sv") for s in Status] == expected_sv
    english = [s.label("en") for s in Status]
    assert all(english)
    assert english != expected_sv
    assert english[0] == "Target reached"
    colours = [s.colour for s in Status]
    assert len(set(colours)) == len(colours)
    assert all(col.startswith("#") and len(col) == 7 for col in colours)
    result = progress_status(2020, 20.0, 2022, 18.0, 2030, 10.0, WORSE)
    assert (result.label("sv"), result.label("en"), result.colour) == (
        "I rätt takt", "On track", Status.ON_TRACK.colour)


# --- properties -------------------------------------------------------------------------------------

values = st.integers(-1000, 1000).map(float)
directions = st.sampled_from(list(Direction))


@st.composite
def cases(draw):
    baseline_year = draw(st.integers(2010, 2024))
    return {
        "baseline_year": baseline_year,
        "baseline_value": draw(values),
        "latest_year": draw(st.integers(baseline_year, baseline_year + 10)),
        "latest_value": draw(values),
        "target_year": draw(st.integers(baseline_year + 1, baseline_year + 15)),
        "target_value": draw(values),
        "direction": draw(directions),
    }


def same_ratio(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@settings(max_examples=200, deadline=None)
@given(case=cases(), shift=st.integers(-500, 500).map(float))
def test_status_is_invariant_under_a_common_shift_for_absolute_targets(case, shift):
    before = progress_status(**case)
    shifted = {**case, "baseline_value": case["baseline_value"] + shift,
               "latest_value": case["latest_value"] + shift, "target_value": case["target_value"] + shift}
    after = progress_status(**shifted)
    assert after.status is before.status
    assert same_ratio(after.pace_ratio, before.pace_ratio)


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_mirroring_values_and_direction_keeps_the_status(case):
    before = progress_status(**case)
    flipped = {**case, "baseline_value": -case["baseline_value"], "latest_value": -case["latest_value"],
               "target_value": -case["target_value"],
               "direction": BETTER if case["direction"] is WORSE else WORSE}
    after = progress_status(**flipped)
    assert after.status is before.status
    assert same_ratio(after.pace_ratio, before.pace_ratio)


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_reversing_the_movement_flips_the_sign_of_the_pace_ratio(case):
    before = progress_status(**case)
    reversed_case = {**case, "latest_value": 2 * case["baseline_value"] - case["latest_value"]}
    after = progress_status(**reversed_case)
    if math.isfinite(before.pace_ratio) and math.isfinite(after.pace_ratio):
        assert after.pace_ratio == -before.pace_ratio
    if before.status in (Status.ON_TRACK, Status.NEEDS_ACCELERATION) or (
            math.isfinite(before.pace_ratio) and before.pace_ratio > 0):
        assert after.status is Status.WRONG_WAY


# --- group series -----------------------------------------------------------------------------------

def tiny_table() -> pd.DataFrame:
    """Areas A, B (proposed) and C, D (rest) at level ``a``; rows of other levels/indicators to ignore."""
    rows = [
        # area, level, year, indicator, value, numerator, denominator, suppressed
        ("A", "a", 2020, "uvas", 10.0, 10, 100, False),
        ("B", "a", 2020, "uvas", 30.0, 30, 100, False),
        ("C", "a", 2020, "uvas", 5.0, 5, 100, False),
        ("D", "a", 2020, "uvas", 5.0, 15, 300, False),
        ("A", "a", 2021, "uvas", 12.0, 12, 100, False),
        ("B", "a", 2021, "uvas", np.nan, np.nan, np.nan, True),
        ("C", "a", 2021, "uvas", 6.0, 6, 100, False),
        ("D", "a", 2021, "uvas", 9.0, np.nan, np.nan, False),
        ("C", "a", 2022, "uvas", 4.0, 4, 100, False),
        ("A", "a", 2020, "trangboddhet", 99.0, 99, 100, False),
        ("A", "b", 2020, "uvas", 99.0, 99, 100, False),
    ]
    return pd.DataFrame(rows, columns=list(c.INDICATOR_TABLE_COLUMNS))


def test_group_series_by_hand():
    table = tiny_table()
    copy = table.copy()
    g = group_series(table, "a", "uvas", ["A", "B"])
    assert_frame_equal(table, copy)
    assert list(g.index) == [2020, 2021, 2022]
    assert g.index.name == "year"
    assert list(g.columns[:3]) == list(GROUPS)
    # 2020, sums: proposed 40/200 = 20 %, rest 20/400 = 5 %, city 60/600 = 10 %
    assert g.loc[2020, [PROPOSED, REST, CITY]].tolist() == pytest.approx([20.0, 5.0, 10.0])
    assert g.loc[2020, [numerator_column(PROPOSED), denominator_column(PROPOSED)]].tolist() == [40, 200]
    assert g.loc[2020, [numerator_column(REST), denominator_column(REST)]].tolist() == [20, 400]
    assert g.loc[2020, [numerator_column(CITY), denominator_column(CITY)]].tolist() == [60, 600]
    assert {g.loc[2020, method_column(grp)] for grp in GROUPS} == {"sums"}
    # 2021: B suppressed -> proposed is A alone, 12/100; D has no counts -> rest and city are plain
    # means: (6 + 9) / 2 = 7.5 and (12 + 6 + 9) / 3 = 9, without summed counts
    assert g.loc[2021, [PROPOSED, REST, CITY]].tolist() == pytest.approx([12.0, 7.5, 9.0])
    assert g.loc[2021, areas_column(PROPOSED)] == 1
    assert g.loc[2021, method_column(PROPOSED)] == "sums"
    assert g.loc[2021, method_column(REST)] == "mean"
    assert math.isnan(g.loc[2021, numerator_column(REST)])
    # 2022: only C has a value; the proposed areas have none
    assert math.isnan(g.loc[2022, PROPOSED])
    assert g.loc[2022, areas_column(PROPOSED)] == 0
    assert g.loc[2022, [REST, CITY]].tolist() == [4.0, 4.0]


def test_group_series_weights_areas_without_counts():
    weights = pd.Series({"A": 2000, "B": 1000, "C": 1000, "D": 2000})
    g = group_series(tiny_table(), "a", "uvas", ["A", "B"], weights=weights)
    # 2021: rest (6*1000 + 9*2000) / 3000 = 8; city (12*2000 + 6*1000 + 9*2000) / 5000 = 9.6
    assert g.loc[2021, [REST, CITY]].tolist() == pytest.approx([8.0, 9.6])
    assert g.loc[2021, method_column(REST)] == "weighted"
    # counts still win where every area has them
    assert g.loc[2020, CITY] == pytest.approx(10.0)


def test_group_series_sums_counts_that_are_not_shares():
    g = group_series(tiny_table(), "a", "uvas", ["A", "B"], is_share=False)
    assert g.loc[2020, [PROPOSED, REST, CITY]].tolist() == [40.0, 10.0, 50.0]
    assert math.isnan(g.loc[2020, numerator_column(PROPOSED)])


def test_no_proposed_areas_makes_the_rest_the_whole_city():
    g = group_series(tiny_table(), "a", "uvas", [])
    assert g[PROPOSED].isna().all()
    assert_series_equal(g[REST], g[CITY], check_names=False)


@pytest.mark.parametrize(("level", "indicator", "ids", "message"), [
    ("x", "uvas", ["A"], "Levels in the table: a, b"),
    ("a", "ekonomiskt_bistand", ["A"], "Indicators there: trangboddhet, uvas"),
    ("a", "uvas", ["A", "Z9"], "Z9"),
])
def test_group_series_names_what_is_wrong(level, indicator, ids, message):
    with pytest.raises(GroupSeriesError, match=message):
        group_series(tiny_table(), level, indicator, ids)


@pytest.fixture(scope="module")
def demo():
    from datapackage.store import read_package

    return read_package(DEMO)


@pytest.fixture(scope="module")
def demo_proposed(demo) -> list[str]:
    from indicators.scenario import Scenario, equal_weights
    from services.scenario import evaluate_scenario

    scenario = Scenario("smaomrade", 2025, equal_weights(REGISTRY.index_ids), rule="top-n:20")
    index = evaluate_scenario(demo, scenario).index
    return list(index.index[index["selected"]])


def test_group_series_on_the_demo_city(demo, demo_proposed):
    from indicators.summary import CityMethod, city_figure

    assert len(demo_proposed) == 20
    g = group_series(demo.indicators, "smaomrade", "uvas", demo_proposed)
    assert list(g.index) == list(range(2015, 2026))
    assert g[[PROPOSED, REST, CITY]].notna().all().all()
    # the proposed areas were chosen for need, so their UVAS is above the rest's every year
    assert (g[PROPOSED] > g[REST]).all()
    # city = (n_p + n_r) / (d_p + d_r) lies between the two groups, and counts add up
    assert ((g[CITY] > g[REST]) & (g[CITY] < g[PROPOSED])).all()
    assert_series_equal(g[numerator_column(PROPOSED)] + g[numerator_column(REST)],
                        g[numerator_column(CITY)], check_names=False)
    # the whole city agrees with the city figure of the overview page
    fig = city_figure(demo.indicator_frame("smaomrade", 2025, "uvas"))
    assert fig.method is CityMethod.SUMS
    assert g.loc[2025, CITY] == pytest.approx(fig.value)
    # intervals can be drawn from the counts for every year
    low, high = wilson_interval(g[numerator_column(PROPOSED)], g[denominator_column(PROPOSED)])
    assert ((low < g[PROPOSED]) & (g[PROPOSED] < high)).all()


# --- the steering group's table ---------------------------------------------------------------------

def frame(proposed, rest=None, num=None, den=None, start=2024) -> pd.DataFrame:
    years = pd.Index(range(start, start + len(proposed)), name="year")
    out = pd.DataFrame({PROPOSED: proposed}, index=years, dtype=float)
    if rest is not None:
        out[REST] = rest
    if num is not None:
        out[numerator_column(PROPOSED)] = num
        out[denominator_column(PROPOSED)] = den
    return out


def test_status_table_one_row_per_targeted_indicator():
    groups = {
        # UVAS 12 % -> 10.5 % over 2024-2027 (1200/10000 -> 1050/10000): -0.5 a year against the
        # required (9.6 - 12) / 6 = -0.4: ratio 1.25, on track
        "uvas": frame([12.0, 11.5, 11.0, 10.5], num=[1200, 1150, 1100, 1050], den=[10000] * 4),
        # behörighet 60 % with the rest at 80 %: closing half the gap means 70 % in 2030, required
        # 10/6 = 1.667 a year; observed (61 - 60) / 3 = 0.333: ratio 0.2, limited progress
        "behorighet_yrkesprogram": frame([60.0, 60.0, 60.5, 61.0], rest=[80.0, 80.0, 80.0, 80.0]),
        # only a 2035 target: nothing to say at 2030
        "trangboddhet": frame([20.0, 19.0]),
        # a plain Series, small counts unknown: 8 -> 9 against an absolute 6: wrong way
        "lag_inkomststandard": pd.Series({2024: 8.0, 2025: 9.0}),
    }
    targets = {
        "uvas": Target("uvas", 2024, 12.0, ((2030, CheckpointTarget(RELATIVE, -20.0)),)),
        "behorighet_yrkesprogram": Target("behorighet_yrkesprogram", 2024, 60.0,
                                          ((2030, CheckpointTarget(CLOSE_GAP, 50.0)),)),
        "trangboddhet": Target("trangboddhet", 2024, 20.0, ((2035, CheckpointTarget(ABSOLUTE, 15.0)),)),
        "ekonomiskt_bistand": Target("ekonomiskt_bistand", 2024, 5.0,
                                     ((2030, CheckpointTarget(ABSOLUTE, 4.0)),)),
        "lag_inkomststandard": Target("lag_inkomststandard", 2024, 8.0,
                                      ((2030, CheckpointTarget(ABSOLUTE, 6.0)),)),
    }
    directions = {i.id: i.direction for i in REGISTRY}
    table = status_table(groups, targets, directions, 2030)
    assert tuple(table.columns) == STATUS_TABLE_COLUMNS
    assert list(table[c.INDICATOR]) == list(targets)
    rows = table.set_index(c.INDICATOR)
    assert rows.loc["uvas", "target_value"] == pytest.approx(9.6)
    assert rows.loc["uvas", "latest_year"] == 2027
    assert rows.loc["uvas", "latest_value"] == 10.5
    assert rows.loc["uvas", "required_annual_change"] == pytest.approx(-0.4)
    assert rows.loc["uvas", "observed_annual_change"] == pytest.approx(-0.5)
    assert rows.loc["uvas", "pace_ratio"] == pytest.approx(1.25)
    assert rows.loc["uvas", "projection"] == pytest.approx(9.0)
    assert rows.loc["behorighet_yrkesprogram", "target_value"] == pytest.approx(70.0)
    assert rows.loc["behorighet_yrkesprogram", "pace_ratio"] == pytest.approx(0.2)
    assert list(rows["status"]) == ["on_track", "limited_progress", "no_data", "no_data", "wrong_way"]
    assert list(rows["label"]) == ["I rätt takt", "Begränsad förbättring", "Uppgift saknas",
                                   "Uppgift saknas", "Går åt fel håll"]
    assert rows.loc["uvas", "colour"] == Status.ON_TRACK.colour
    assert rows.loc["uvas", "latest_year"] == 2027
    assert pd.isna(rows.loc["ekonomiskt_bistand", "latest_year"])
    english = status_table(groups, targets, directions, 2030, lang="en")
    assert english["label"].iloc[0] == "On track"


def test_status_table_reads_small_counts_as_uncertain_and_can_use_a_trend():
    targets = {"uvas": Target("uvas", 2024, 7.5, ((2030, CheckpointTarget(ABSOLUTE, 5.0)),))}
    directions = {"uvas": WORSE}
    small = {"uvas": frame([7.5, 100 * 5 / 45], num=[3, 5], den=[40, 45])}
    assert status_table(small, targets, directions, 2030)["status"].iloc[0] == "too_uncertain"
    large = {"uvas": frame([7.5, 100 * 500 / 4500], num=[300, 500], den=[4000, 4500])}
    assert status_table(large, targets, directions, 2030)["status"].iloc[0] == "wrong_way"
    # OLS over 2024-2027 of 7.5, 7.0, 7.5, 6.0: slope -0.4; two-point pace -0.5
    wobbly = {"uvas": frame([7.5, 7.0, 7.5, 6.0])}
    table = status_table(wobbly, targets, directions, 2030, trend_method="ols")
    assert table["observed_annual_change"].iloc[0] == pytest.approx(-0.4)
    with pytest.raises(UnknownTrendMethodError):
        status_table(wobbly, targets, directions, 2030, trend_method="spline")
    with pytest.raises(ValueError, match="No direction"):
        status_table(wobbly, targets, {}, 2030)
    with pytest.raises(ValueError, match="no 'proposed' column"):
        status_table({"uvas": pd.DataFrame({"value": [1.0]})}, targets, directions, 2030)
