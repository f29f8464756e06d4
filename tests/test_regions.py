"""Regionalisation: contiguous regions, the floor of young people, the proposal and its comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.sparse.csgraph import connected_components

from geo.contiguity import contiguity_graph
from geo.regions import (
    NO_REGION,
    RegionInputError,
    compare_with_rule,
    regionalise,
    regionalise_scenario,
)
from tests.grids import island, square_grid

N = 12


@pytest.fixture(scope="module")
def city():
    """A grid with a high-need 4 x 4 block, random young people per area (20-80)."""
    areas = square_grid(N)
    rng = np.random.default_rng(4)
    ids = areas["area_id"].to_numpy()
    need = rng.normal(30, 5, len(areas))
    hot = ((areas["row"].between(1, 4)) & (areas["col"].between(6, 9))).to_numpy()
    need[hot] += 50
    score = pd.Series(need, index=ids)
    features = pd.DataFrame({"contribution_a": need * 0.6, "contribution_b": need * 0.4}, index=ids)
    youth = pd.Series(rng.integers(20, 80, len(areas)).astype(float), index=ids)
    return areas, contiguity_graph(areas), features, score, youth, hot


def contiguous(graph, members) -> bool:
    positions = pd.Index(graph.unique_ids).get_indexer(list(members))
    sub = graph.sparse.tocsr()[positions][:, positions]
    return connected_components(sub, directed=False)[0] == 1


def test_regions_are_contiguous_cover_every_area_once_and_meet_the_floor(city):
    _, graph, features, score, youth, _ = city
    result = regionalise(features, score, youth, graph, min_youth=300, target_youth=800)
    assert result.complete
    assert (result.assignment != NO_REGION).all()
    members = [m for ms in result.regions["members"] for m in ms]
    assert sorted(members) == sorted(score.index)  # each area in exactly one region
    assert (result.regions["youth"] >= 300).all()
    assert result.below_floor == 0
    assert all(contiguous(graph, ms) for ms in result.regions["members"])
    # As many regions as the floor allows is the aim; repair merges some away, never too many.
    assert 1 < len(result.regions) <= youth.sum() // 300


def test_proposal_takes_the_high_need_block_and_just_enough_young_people(city):
    _, graph, features, score, youth, hot = city
    target = float(youth[hot].sum())
    result = regionalise(features, score, youth, graph, min_youth=150, target_youth=target)
    chosen = result.regions[result.regions["selected"]]
    assert chosen["youth"].sum() >= target
    assert chosen["youth"].sum() - chosen["youth"].min() < target  # the last region was needed
    assert (chosen["order"] == np.arange(1, len(chosen) + 1)).all()  # highest index first
    selected = result.selected
    assert selected[hot].mean() >= 0.8  # most of the planted block is proposed
    assert (~selected[~hot]).mean() >= 0.9
    comparison = compare_with_rule(pd.Series(hot, index=score.index), selected, youth)
    assert comparison["overlap"] >= 0.6
    assert comparison["youth_rule"] == pytest.approx(target)


def test_young_people_weight_the_region_figures(city):
    _, graph, features, score, youth, _ = city
    uvas = pd.Series(10.0, index=score.index)
    result = regionalise(features, score, youth, graph, min_youth=400, target_youth=0, uvas=uvas)
    assert not result.regions["selected"].any()  # nothing asked for, nothing proposed
    first = result.regions.iloc[0]
    members = list(first["members"])
    expected = (score[members] * youth[members]).sum() / youth[members].sum()
    assert first["score"] == pytest.approx(expected)
    assert first["uvas"] == pytest.approx(10.0)


def test_areas_without_index_and_islands_below_the_floor(city):
    areas, _, features, score, youth, _ = city
    both = pd.concat([areas, island()], ignore_index=True)
    graph = contiguity_graph(both)
    score2 = pd.concat([score, pd.Series({"island": 90.0})])
    score2.iloc[[0, 1]] = np.nan
    youth2 = pd.concat([youth, pd.Series({"island": 10.0})])
    features2 = pd.concat([features, pd.DataFrame({"contribution_a": [54.0],
                                                   "contribution_b": [36.0]}, index=["island"])])
    result = regionalise(features2, score2, youth2, graph, min_youth=300, target_youth=500)
    assert (result.assignment.iloc[[0, 1]] == NO_REGION).all()
    island_region = result.assignment["island"]
    row = result.regions.loc[island_region]
    assert row["members"] == ("island",)
    assert row["below_floor"]
    assert result.below_floor == 1
    assert result.complete
    assert all(contiguous(graph, ms) for ms in result.regions["members"])


def test_time_limit_stops_the_repair_and_says_so(city):
    _, graph, features, score, youth, _ = city
    ticks = iter(np.arange(0.0, 1000.0, 0.5))
    seen: list[tuple[float, str]] = []
    result = regionalise(features, score, youth, graph, min_youth=300, target_youth=800,
                         time_limit_s=1.0, clock=lambda: float(next(ticks)),
                         progress=lambda done, stage: seen.append((done, stage)))
    assert not result.complete
    assert result.below_floor > 0
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert {stage for _, stage in seen} == {"ward", "floor", "proposal"}


def test_refuses_bad_inputs(city):
    _, graph, features, score, youth, _ = city
    with pytest.raises(RegionInputError, match="min_youth"):
        regionalise(features, score, youth, graph, min_youth=0, target_youth=1)
    with pytest.raises(RegionInputError, match="missing from the graph"):
        regionalise(features, pd.concat([score, pd.Series({"x": 1.0})]), youth, graph,
                    min_youth=10, target_youth=1)


def test_compare_identical_and_disjoint_proposals():
    ids = list("abcd")
    youth = pd.Series([10.0, 20.0, 30.0, 40.0], index=ids)
    a = pd.Series([True, True, False, False], index=ids)
    same = compare_with_rule(a, a, youth)
    assert same["overlap"] == 1.0
    assert same["rule_only"] == []
    assert same["both"] == ["a", "b"]
    other = compare_with_rule(a, ~a, youth)
    assert other["overlap"] == 0.0
    assert other["regions_only"] == ["c", "d"]
    assert other["youth_regions"] == 70.0


def test_malmo_deso_regions(malmo_package):
    from indicators.scenario import SELECTED, Scenario, equal_weights
    from model.registry import REGISTRY
    from services.scenario import evaluate_scenario

    areas = malmo_package.areas_at("deso")
    graph = contiguity_graph(areas)
    year = max(malmo_package.years_for("uvas", "deso") or (2024,))
    index = evaluate_scenario(malmo_package, Scenario("deso", year, equal_weights(
        REGISTRY.index_ids)), graph=graph).index
    target = float(index.loc[index[SELECTED], "youth"].sum())
    result = regionalise_scenario(index, graph, min_youth=300)
    assert result.complete
    assert result.below_floor == 0
    assert all(contiguous(graph, ms) for ms in result.regions["members"])
    assert len(result.regions) > 20
    comparison = compare_with_rule(index[SELECTED], result.selected, index["youth"])
    assert comparison["youth_regions"] >= target
    assert comparison["overlap"] > 0.5  # regions of high need largely agree with the rule
