"""Selection rules: parsing and round trips, descriptions, and each rule on a score table by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.selection import (
    RULE_KINDS,
    SelectionInputError,
    SelectionRule,
    SelectionRuleError,
    cutoff_score,
    describe,
    estimate_neet,
    parse_rule,
    select_areas,
    selection_coverage,
)

# Hand-made table: b and c tie at 80, e has no score (but young people), youth totals 100.
SCORE = pd.Series([90, 80, 80, 70, np.nan, 60, 50, 40], index=list("abcdefgh"), dtype=float)
YOUTH = pd.Series([10, 15, 15, 20, 5, 15, 10, 10], index=list("abcdefgh"), dtype=float)
UVAS = pd.Series([20, 10, np.nan, 5, 10, 40, np.nan, 10], index=list("abcdefgh"), dtype=float)


def chosen(selected: pd.Series) -> str:
    return "".join(selected.index[selected])


# --- parsing ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind", "parameter"), [
    ("top-n:10", "top-n", 10),
    ("top-decile", "top-decile", None),
    ("threshold:62.5", "threshold", 62.5),
    ("threshold:0", "threshold", 0.0),
    ("cover-youth:50", "cover-youth", 50.0),
    ("cover-neet:33.3", "cover-neet", 33.3),
])
def test_parse_and_round_trip(text, kind, parameter):
    rule = parse_rule(text)
    assert rule == SelectionRule(kind, parameter)
    assert rule.to_text() == text
    assert parse_rule(rule.to_text()) == rule
    assert type(rule.parameter) is type(parameter)


def test_parse_is_lenient_about_case_spaces_and_decimal_comma():
    assert parse_rule("  Top-N : 5 ") == SelectionRule("top-n", 5)
    assert parse_rule("threshold:62,5") == SelectionRule("threshold", 62.5)
    assert parse_rule("threshold:62,5").to_text() == "threshold:62.5"
    assert parse_rule("cover-youth:50.0").to_text() == "cover-youth:50"


@pytest.mark.parametrize("text", [
    "top-n:abc", "top-n:-3", "top-n:0", "top-n:2.5", "top-n", "top-n:", "top-decile:3",
    "threshold:101", "threshold:-1", "threshold:nan", "cover-youth:0", "cover-youth:abc",
    "cover-neet:150", "bottom-n:3", "", "10",
])
def test_invalid_rules_list_the_valid_forms(text):
    with pytest.raises(SelectionRuleError) as info:
        parse_rule(text)
    message = str(info.value)
    assert "Valid forms" in message
    for kind in RULE_KINDS.values():
        assert kind.form in message


def test_invalid_rule_objects_are_refused():
    for kind, parameter in [("top-n", -3), ("top-n", 2.5), ("top-n", None), ("top-decile", 3),
                            ("threshold", math.inf), ("nope", 1), ("top-n", True)]:
        with pytest.raises(SelectionRuleError, match="Valid forms"):
            SelectionRule(kind, parameter)
    with pytest.raises(SelectionRuleError):
        parse_rule(None)  # type: ignore[arg-type]


def test_rules_are_frozen_and_hashable():
    rule = parse_rule("top-n:3")
    with pytest.raises(AttributeError):
        rule.parameter = 4  # type: ignore[misc]
    assert {rule, parse_rule("top-n:3")} == {rule}


# --- descriptions ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "sv", "en"), [
    ("top-n:10", "De 10 områden med störst behov", "The 10 areas with the greatest need"),
    ("top-n:1", "Området med störst behov", "The area with the greatest need"),
    ("top-decile", "Den tiondel av områdena som har störst behov",
     "The tenth of the areas with the greatest need"),
    ("threshold:62.5", "Områden med ett indexvärde på minst 62,5",
     "Areas with an index score of at least 62.5"),
    ("cover-youth:50", "De områden med störst behov där tillsammans minst 50 % av stadens unga bor",
     "The areas with the greatest need that together are home to at least 50 % of the city's young "
     "people"),
])
def test_describe_in_swedish_and_english(text, sv, en):
    rule = parse_rule(text)
    assert describe(rule, "sv") == sv
    assert describe(rule, "en") == en


def test_every_kind_is_described_and_applied():
    for name, kind in RULE_KINDS.items():
        rule = parse_rule(kind.form.replace("N", "3").replace("S", "50").replace("P", "50"))
        assert rule.kind == name
        assert describe(rule, "sv") != describe(rule, "en")
        assert select_areas(SCORE, rule, youth=YOUTH, neet=YOUTH).any()
    assert "varken arbetar eller studerar" in describe(parse_rule("cover-neet:50"), "sv")
    with pytest.raises(ValueError, match="sv, en"):
        describe(parse_rule("top-decile"), "de")


# --- applying rules --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("top-n:1", "a"),
    ("top-n:2", "abc"),  # b and c tie at the boundary: both in
    ("top-n:3", "abc"),
    ("top-n:4", "abcd"),
    ("top-n:100", "abcdfgh"),  # more than there are: every scored area, never e
    ("top-decile", "a"),  # ceil(7 scored / 10) = 1
    ("threshold:70", "abcd"),  # score >= 70
    ("threshold:70.5", "abc"),
    ("threshold:0", "abcdfgh"),
    ("threshold:100", ""),
])
def test_count_and_threshold_rules(text, expected):
    selected = select_areas(SCORE, parse_rule(text))
    assert chosen(selected) == expected
    assert selected.dtype == bool
    assert selected.index.equals(SCORE.index)


def test_top_decile_takes_a_tenth_rounded_up():
    score = pd.Series(np.arange(1.0, 26.0), index=[f"k{i:02d}" for i in range(1, 26)])
    assert chosen(select_areas(score, parse_rule("top-decile"))) == "k23k24k25"


@pytest.mark.parametrize(("percent", "expected"), [
    (10, "a"),  # a alone holds 10 of 100
    (11, "abc"),  # the tie b/c (30) enters together: 40
    (40, "abc"),  # exactly 40 %
    (50, "abcd"),  # 10 + 30 + 20 = 60 >= 50
    (95, "abcdfgh"),  # scored areas hold 95 of 100
    (100, "abcdfgh"),  # out of reach (e has no score): every scored area
])
def test_cover_youth_picks_the_highest_scoring_areas_until_the_share_is_reached(percent, expected):
    selected = select_areas(SCORE, parse_rule(f"cover-youth:{percent}"), youth=YOUTH)
    assert chosen(selected) == expected


def test_cover_youth_exact_share_despite_floating_point():
    youth = YOUTH * 0.1  # 1.0, 1.5, 1.5, ... : cumulative sums are not exact in binary
    assert chosen(select_areas(SCORE, parse_rule("cover-youth:40"), youth=youth)) == "abc"
    # 0.3 is a fifth of 5 x 0.3, but 0.2 * (0.3 * 5) is 0.30000000000000004 in floating point
    five = pd.Series([5.0, 4, 3, 2, 1], index=list("vwxyz"))
    assert chosen(select_areas(five, parse_rule("cover-youth:20"),
                               youth=pd.Series(0.3, index=five.index))) == "v"


def test_cover_rules_need_counts():
    with pytest.raises(SelectionInputError, match="youth="):
        select_areas(SCORE, parse_rule("cover-youth:50"))
    with pytest.raises(SelectionInputError, match="neet="):
        select_areas(SCORE, parse_rule("cover-neet:50"), youth=YOUTH)
    with pytest.raises(SelectionInputError, match="total young people is 0"):
        select_areas(SCORE, parse_rule("cover-youth:50"), youth=YOUTH * 0)
    with pytest.raises(SelectionInputError, match="negative"):
        select_areas(SCORE, parse_rule("cover-youth:50"), youth=-YOUTH)


def test_neet_estimate_uses_uvas_where_known_and_reports_the_rest():
    estimate = estimate_neet(YOUTH, UVAS)
    expected = pd.Series([2.0, 1.5, 0.0, 1.0, 0.5, 6.0, 0.0, 1.0], index=SCORE.index, name="neet")
    pd.testing.assert_series_equal(estimate.neet, expected)
    assert estimate.areas_without_uvas == ("c", "g")
    assert estimate.youth_without_uvas == 25
    assert estimate.share_youth_without_uvas == 0.25
    # Total 12: a (2) + b (1.5) + c (0) reach 3.5 < 6; d adds 1 -> 4.5; f adds 6 -> 10.5 >= 6.
    selected = select_areas(SCORE, parse_rule("cover-neet:50"), neet=estimate.neet)
    assert chosen(selected) == "abcdf"
    no_uvas = estimate_neet(YOUTH, None)
    assert (no_uvas.neet == 0).all()
    assert len(no_uvas.areas_without_uvas) == 8
    with pytest.raises(SelectionInputError, match="neither working nor studying"):
        select_areas(SCORE, parse_rule("cover-neet:50"), neet=no_uvas.neet)


def test_counts_align_on_area_id_and_missing_counts_are_zero():
    shuffled_youth = YOUTH.drop("h").sample(frac=1, random_state=1)
    selected = select_areas(SCORE, parse_rule("cover-youth:50"), youth=shuffled_youth)
    assert chosen(selected) == "abcd"  # target 45 of 90: a+b+c = 40, +d = 60


def test_no_scores_selects_nothing():
    empty = pd.Series(np.nan, index=list("xyz"))
    for text in ("top-n:3", "top-decile", "threshold:0", "cover-youth:50"):
        assert not select_areas(empty, parse_rule(text), youth=pd.Series(1.0, index=list("xyz"))).any()
    assert cutoff_score(empty, parse_rule("top-n:3")) == math.inf


def test_inputs_are_not_modified():
    score, youth = SCORE.copy(), YOUTH.copy()
    select_areas(score, parse_rule("cover-youth:50"), youth=youth)
    pd.testing.assert_series_equal(score, SCORE)
    pd.testing.assert_series_equal(youth, YOUTH)


def test_selection_coverage():
    selected = select_areas(SCORE, parse_rule("top-n:4"))
    coverage = selection_coverage(selected, YOUTH, estimate_neet(YOUTH, UVAS).neet)
    assert coverage.n_areas == 4
    assert coverage.youth == 60
    assert coverage.youth_share == pytest.approx(0.6)
    assert coverage.neet == pytest.approx(4.5)
    assert coverage.neet_share == pytest.approx(4.5 / 12)
    assert math.isnan(selection_coverage(selected).youth_share)


# --- properties ------------------------------------------------------------------------------------

scores = st.lists(st.one_of(st.none(), st.integers(0, 20)), min_size=1, max_size=40).map(
    lambda xs: pd.Series([np.nan if x is None else float(x) for x in xs],
                         index=[f"a{i}" for i in range(len(xs))]))


@settings(max_examples=60, deadline=None)
@given(score=scores, n=st.integers(1, 45))
def test_top_n_property(score, n):
    selected = select_areas(score, SelectionRule("top-n", n))
    scored = score.notna()
    assert not (selected & ~scored).any()
    assert selected.sum() >= min(n, scored.sum())
    if selected.any() and (scored & ~selected).any():
        assert score[selected].min() > score[scored & ~selected].max()
        # only ties at the boundary push the count above n
        assert (score[selected] > score[selected].min()).sum() < n


@settings(max_examples=60, deadline=None)
@given(score=scores, percent=st.floats(0.5, 100), data=st.data())
def test_cover_youth_is_the_smallest_prefix_that_reaches_the_share(score, percent, data):
    youth = pd.Series(data.draw(st.lists(st.integers(0, 50), min_size=len(score), max_size=len(score))),
                      index=score.index, dtype=float)
    if youth.sum() == 0:
        return
    selected = select_areas(score, SelectionRule("cover-youth", percent), youth=youth)
    target = percent / 100 * youth.sum() * (1 - 1e-9)
    assert not (selected & score.isna()).any()
    if youth[score.notna()].sum() >= target:
        assert youth[selected].sum() >= target
        if selected.any():  # dropping the lowest selected score (with its ties) falls short
            lowest = score[selected].min()
            assert youth[selected & (score > lowest)].sum() < target
    else:
        assert selected.equals(score.notna().rename("selected"))
