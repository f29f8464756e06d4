"""Carrying values from an older area division onto the current one: weights, counts, shares,
categories, and the RegSO weights that follow from the DeSO key (hand-computed, tiny tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from datapackage.scb.carry import (
    CorrespondenceError,
    aggregate_weights,
    carry_categories,
    carry_counts,
    carry_shares,
    population_weights,
    relation_kinds,
)

# A0 unchanged; B0 split into B1 (300 people in the new division) and B2 (100); C0 and D0 merged
# into CD; E0 split into E1 and E2 without a known population (split equally).
PAIRS = pd.DataFrame({"old": ["A0", "B0", "B0", "C0", "D0", "E0", "E0"],
                      "new": ["A0", "B1", "B2", "CD", "CD", "E1", "E2"]})
NEW_POPULATION = pd.Series({"A0": 100.0, "B1": 300.0, "B2": 100.0, "CD": 500.0})


@pytest.fixture
def weights():
    return population_weights(PAIRS, NEW_POPULATION)


@pytest.mark.parametrize(("old", "new", "weight", "equal"), [
    ("A0", "A0", 1.0, False),
    ("B0", "B1", 0.75, False),  # 300 / (300 + 100)
    ("B0", "B2", 0.25, False),
    ("C0", "CD", 1.0, False),  # a merge: all of C0 goes to CD
    ("D0", "CD", 1.0, False),
    ("E0", "E1", 0.5, True),  # no population known: split equally, flagged
    ("E0", "E2", 0.5, True),
])
def test_population_weights(weights, old, new, weight, equal):
    row = weights[(weights["old"] == old) & (weights["new"] == new)].iloc[0]
    assert row["weight"] == pytest.approx(weight)
    assert bool(row["equal"]) is equal


def test_weights_of_an_old_area_sum_to_one(weights):
    assert weights.groupby("old")["weight"].sum().to_numpy() == pytest.approx(1.0)


def test_relation_kinds(weights):
    assert relation_kinds(weights).to_dict() == {
        "A0": "same", "B1": "split", "B2": "split", "CD": "merged", "E1": "split", "E2": "split"}
    changed = pd.DataFrame({"old": ["X", "X", "Y"], "new": ["P", "Q", "Q"], "weight": [.5, .5, 1]})
    assert relation_kinds(changed).to_dict() == {"P": "split", "Q": "changed"}


def test_counts_are_shared_by_weight_and_summed_for_merges(weights):
    counts = pd.DataFrame({"total": [100.0, 400.0, 200.0, 300.0, 60.0]},
                          index=["A0", "B0", "C0", "D0", "E0"])
    out = carry_counts(counts, weights)["total"]
    assert out.to_dict() == {"A0": 100.0, "B1": 300.0, "B2": 100.0, "CD": 500.0, "E1": 30.0,
                             "E2": 30.0}
    assert out.sum() == counts["total"].sum()  # nobody is lost or counted twice


def test_a_count_missing_for_one_old_area_leaves_the_new_area_empty(weights):
    counts = pd.DataFrame({"total": [100.0, 200.0]}, index=["A0", "C0"])  # D0 missing
    out = carry_counts(counts, weights)["total"]
    assert out["A0"] == 100.0
    assert np.isnan(out["CD"])


def test_shares_split_keep_the_value_and_merges_weight_by_the_published_count(weights):
    value = pd.Series({"A0": 10.0, "B0": 20.0, "C0": 30.0, "D0": 10.0})
    count = pd.Series({"A0": 100.0, "B0": 400.0, "C0": 200.0, "D0": 300.0})
    out = carry_shares(value, pd.Series(False, index=value.index), weights, count,
                       base_is_count=True)
    assert out.loc["B1", "value"] == 20.0
    assert out.loc["B1", "denominator"] == 300.0  # 400 × 0.75
    assert out.loc["B1", "numerator"] == pytest.approx(60.0)
    assert out.loc["CD", "value"] == pytest.approx((200 * 30 + 300 * 10) / 500)  # 18
    assert out.loc["CD", "numerator"] == pytest.approx(90.0)
    assert "E1" not in out.index  # E0 has no row: nothing was published for its parts


def test_a_share_weighted_by_population_carries_no_counts(weights):
    value = pd.Series({"A0": 10.0, "C0": 30.0, "D0": 10.0})
    population = pd.Series({"A0": 1.0, "C0": 100.0, "D0": 300.0})
    out = carry_shares(value, pd.Series(False, index=value.index), weights, population)
    assert out.loc["CD", "value"] == pytest.approx((100 * 30 + 300 * 10) / 400)  # 15
    assert out[["numerator", "denominator"]].isna().all().all()


def test_an_unchanged_area_keeps_its_value_exactly(weights):
    value = pd.Series({"A0": 21.1})
    out = carry_shares(value, pd.Series([False], index=["A0"]), weights,
                       pd.Series({"A0": 3.0}), base_is_count=True)
    assert out.loc["A0", "value"] == 21.1  # not 21.100000000000005


def test_a_withheld_old_value_suppresses_every_new_area_it_reaches(weights):
    value = pd.Series({"C0": np.nan, "D0": 10.0})
    suppressed = pd.Series({"C0": True, "D0": False})
    out = carry_shares(value, suppressed, weights)
    assert out.loc["CD", "suppressed"]
    assert np.isnan(out.loc["CD", "value"])


def test_categories_only_where_the_area_did_not_change(weights):
    types = pd.Series({"A0": "1", "B0": "2", "C0": "3", "D0": "3"})
    assert carry_categories(types, weights).to_dict() == {"A0": "1"}


def test_regso_weights_follow_from_the_deso_weights(weights):
    # RegSO R1 (old) = A0 + B0; R2 = C0 + D0. New: R1 = A0 + B1, R2 = B2 + CD.
    old_group = pd.Series({"A0": "R1", "B0": "R1", "C0": "R2", "D0": "R2"})
    new_group = pd.Series({"A0": "R1", "B1": "R1", "B2": "R2", "CD": "R2"})
    old_population = pd.Series({"A0": 100.0, "B0": 400.0, "C0": 200.0, "D0": 300.0})
    regso = aggregate_weights(weights, old_group, new_group, old_population)
    got = {(r.old, r.new): r.weight for r in regso.itertuples()}
    assert got[("R1", "R1")] == pytest.approx((100 + 400 * 0.75) / 500)  # 0.8
    assert got[("R1", "R2")] == pytest.approx(400 * 0.25 / 500)  # 0.2
    assert got[("R2", "R2")] == pytest.approx(1.0)
    assert relation_kinds(regso).to_dict() == {"R1": "split", "R2": "changed"}


def test_a_correspondence_without_a_column_is_refused_by_name():
    with pytest.raises(CorrespondenceError, match="'new'"):
        population_weights(pd.DataFrame({"old": ["A"]}), pd.Series(dtype=float))
