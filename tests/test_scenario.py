"""Scenarios: plain data that round-trips through links and JSON, evaluated on a package."""

from __future__ import annotations

import pandas as pd
import pytest

from datapackage.catalog import DEMO_PACKAGE
from datapackage.store import read_package
from indicators.index import RANK, SCORE
from indicators.scenario import (
    PROPOSAL_ID,
    SELECTED,
    Scenario,
    equal_weights,
    parse_weights,
    scenario_from_query,
)
from indicators.selection import SelectionRuleError
from model.registry import REGISTRY
from services.scenario import compare_scenarios, evaluate_scenario

IDS = REGISTRY.index_ids


@pytest.fixture(scope="module")
def demo():
    return read_package(DEMO_PACKAGE)


@pytest.fixture
def base() -> Scenario:
    return Scenario("smaomrade", 2025, equal_weights(IDS))


def test_a_scenario_survives_the_url_and_json(base):
    s = Scenario("stadsdel", 2020, (("behorighet_yrkesprogram", 2.5), ("trangboddhet", 0.0),
                                    ("ekonomiskt_bistand", 1.0), ("lag_inkomststandard", 1.0)),
                 normalisation="z_score", aggregation="geometric", rule="cover-youth:30")
    again, notes = scenario_from_query(s.to_query(), base, IDS)
    assert notes == []
    assert again == s
    assert Scenario.from_dict(s.to_dict()) == Scenario.from_dict(
        {**s.to_dict(), "name": ""})


def test_a_mangled_link_falls_back_part_by_part_and_says_why(base):
    again, notes = scenario_from_query({"w": "uvas_typo:3", "year": "tjugo", "norm": "z_score"},
                                       base, IDS)
    assert again.normalisation == "z_score"
    assert again.weights == base.weights
    assert again.year == base.year
    assert any(n.code == "weights_unreadable" and "uvas_typo" in n.params["value"] for n in notes)
    assert any(n.code == "year_not_a_year" and n.params["value"] == "tjugo" for n in notes)
    bad, notes = scenario_from_query({"rule": "top-n:abc"}, base, IDS)
    assert bad == base
    assert [(n.code, n.params["part"], n.params["value"]) for n in notes] == [
        ("part_unknown", "rule", "top-n:abc")]


def test_a_hostile_link_is_named_briefly_and_never_raises(base):
    again, notes = scenario_from_query({"year": "9" * 5000, "norm": "x" * 500, "level": "planet"},
                                       base, IDS)
    assert again.year == base.year
    assert again.normalisation == base.normalisation
    assert again.level == "planet"  # the level is checked against the package by the page
    assert {n.code for n in notes} == {"year_not_a_year", "part_unknown"}
    assert all(len(value) <= 40 for n in notes for value in n.params.values())


def test_weights_text_reads_both_separators_and_lists_valid_ids():
    weights = dict(parse_weights("trangboddhet:0.5, lag_inkomststandard=2", IDS))
    assert weights == {"behorighet_yrkesprogram": 0.0, "trangboddhet": 0.5,
                       "ekonomiskt_bistand": 0.0, "lag_inkomststandard": 2.0}
    with pytest.raises(ValueError, match="behorighet_yrkesprogram"):
        parse_weights("gronyta:1", IDS)
    with pytest.raises(ValueError, match="zero or positive"):
        parse_weights("trangboddhet:-1", IDS)


def test_unknown_methods_and_rules_are_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match="min_max"):
        Scenario("smaomrade", 2025, equal_weights(IDS), normalisation="minmax")
    with pytest.raises(SelectionRuleError, match="top-n"):
        Scenario("smaomrade", 2025, equal_weights(IDS), rule="best:3")


def test_evaluating_on_the_demo_proposes_contiguous_areas(demo, base):
    result = evaluate_scenario(demo, base)
    assert len(result.index) == 200
    assert result.index[SCORE].between(0, 100).all()
    assert result.index[SELECTED].sum() == 20  # top decile of 200 areas
    members = sorted(m for ms in result.proposals["members"] for m in ms)
    assert members == sorted(result.index.index[result.index[SELECTED]])
    assert result.index.loc[members, PROPOSAL_ID].notna().all()
    assert result.missing_ids == ()
    assert 0 < result.coverage.youth_share < 1


def test_comparing_two_scenarios_shows_who_enters_and_leaves(demo, base):
    a = evaluate_scenario(demo, base)
    b = evaluate_scenario(demo, Scenario("smaomrade", 2025, (
        ("behorighet_yrkesprogram", 1.0), ("trangboddhet", 0.0), ("ekonomiskt_bistand", 0.0),
        ("lag_inkomststandard", 0.0)), rule="top-decile"))
    diff = compare_scenarios(a, b)
    counts = diff["status"].value_counts()
    assert counts.get("enters", 0) == counts.get("leaves", 0) > 0  # both pick 20 areas
    entering = diff[diff["status"] == "enters"].index
    assert (diff.loc[entering, "rank_b"] <= 20).all()
    pd.testing.assert_series_equal(diff["rank_shift"], diff["rank_a"] - diff["rank_b"],
                                   check_names=False)
    same = compare_scenarios(a, a)
    assert set(same["status"]) <= {"stays", "outside"}
    assert (same["rank_shift"] == 0).all()
    assert a.index[RANK].min() == 1
