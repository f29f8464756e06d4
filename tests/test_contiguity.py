"""Contiguity graph and contiguous groups: a 5x5 grid by hand, gaps and overlaps, the demo and Malmö."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from libpysal.graph import Graph

from geo.contiguity import (
    NOT_SELECTED,
    ContiguityInputError,
    contiguity_graph,
    contiguity_summary,
    contiguous_groups,
)

CELL = 100.0  # metres, well above the default tolerance
REPO = Path(__file__).resolve().parents[1]


def grid(shrink: float = 0.0, n: int = 5, crs: object = 3006) -> gpd.GeoDataFrame:
    """n x n squares ``c{row}{col}``, row-major; ``shrink`` > 0 leaves gaps of 2*shrink metres,
    < 0 makes neighbours overlap."""
    rows, cols = np.divmod(np.arange(n * n), n)
    boxes = shapely.box(cols * CELL + shrink, rows * CELL + shrink,
                        (cols + 1) * CELL - shrink, (rows + 1) * CELL - shrink)
    ids = [f"c{r}{k}" for r, k in zip(rows, cols, strict=True)]
    return gpd.GeoDataFrame({"area_id": ids, "name": [f"Cell {i}" for i in ids]}, geometry=boxes,
                            crs=crs)


def queen_by_hand(n: int = 5) -> set[tuple[str, str]]:
    pairs = set()
    for r in range(n):
        for k in range(n):
            for dr in (-1, 0, 1):
                for dk in (-1, 0, 1):
                    if (dr, dk) != (0, 0) and 0 <= r + dr < n and 0 <= k + dk < n:
                        pairs.add((f"c{r}{k}", f"c{r + dr}{k + dk}"))
    return pairs


def links(graph: Graph) -> set[tuple[str, str]]:
    adjacency = graph.adjacency[graph.adjacency > 0]
    return set(adjacency.index.to_list())


def test_grid_queen_contiguity_counts_diagonal_neighbours():
    graph = contiguity_graph(grid())
    assert links(graph) == queen_by_hand()
    assert list(graph.unique_ids) == grid()["area_id"].to_list()
    assert set(graph.neighbors["c00"]) == {"c01", "c10", "c11"}
    assert len(graph.neighbors["c22"]) == 8
    assert contiguity_summary(graph) == {"areas": 25, "links": 72, "isolates": 0, "components": 1,
                                         "mean_neighbours": 144 / 25}


@pytest.mark.parametrize("shrink", [1.0, -1.0], ids=["gaps-2m", "overlaps-2m"])
def test_small_gaps_and_overlaps_are_bridged(shrink):
    areas = grid(shrink)
    assert links(contiguity_graph(areas)) == queen_by_hand()
    if shrink > 0:  # strict contiguity sees no neighbour at all across a 2 m gap
        assert contiguity_summary(contiguity_graph(areas, tolerance_m=0))["isolates"] == 25
        assert contiguity_summary(contiguity_graph(areas, tolerance_m=1.5))["isolates"] == 25


def test_equals_libpysal_fuzzy_contiguity():
    areas = grid(shrink=1.0)
    ours = contiguity_graph(areas, tolerance_m=3.0)
    theirs = Graph.build_fuzzy_contiguity(areas.set_index("area_id"), buffer=1.5)
    assert ours.equals(theirs)


def test_isolated_area_is_an_isolate():
    areas = pd.concat([grid(), gpd.GeoDataFrame(
        {"area_id": ["far"], "name": ["Far"]}, geometry=[shapely.box(900, 900, 950, 950)], crs=3006)],
        ignore_index=True)
    graph = contiguity_graph(areas)
    assert list(graph.isolates) == ["far"]
    assert contiguity_summary(graph)["components"] == 2


def test_refuses_geographic_or_missing_crs_and_bad_ids():
    with pytest.raises(ContiguityInputError, match=r"geographic CRS.*EPSG:3006"):
        contiguity_graph(grid().to_crs(4326))
    with pytest.raises(ContiguityInputError, match="no CRS"):
        contiguity_graph(grid(crs=None))
    with pytest.raises(ContiguityInputError, match="'area_id'"):
        contiguity_graph(grid().rename(columns={"area_id": "code"}))
    twice = grid()
    twice.loc[1, "area_id"] = "c00"
    with pytest.raises(ContiguityInputError, match="repeats c00"):
        contiguity_graph(twice)
    with pytest.raises(ContiguityInputError, match="tolerance_m"):
        contiguity_graph(grid(), tolerance_m=-1)


# Two groups and one island on the 5x5 grid (row, column):
#   row 0: c00 c01 .   .   .       group 0: c00, c01, c12 (c12 touches c01 at a corner)
#   row 1: .   .   c12 .   .
#   row 3: c30 .   .   .   c34     group 1: c30, c40, c41;  c34 is an island (group 2)
#   row 4: c40 c41 .   .   .
SELECTED = ["c00", "c01", "c12", "c30", "c34", "c40", "c41"]
EXPECTED_GROUPS = {"c00": 0, "c01": 0, "c12": 0, "c30": 1, "c40": 1, "c41": 1, "c34": 2}


def selection(ids: list[str], areas: gpd.GeoDataFrame) -> pd.Series:
    return pd.Series(areas["area_id"].isin(ids).to_numpy(), index=areas["area_id"])


def test_groups_of_selected_cells():
    areas = grid()
    groups = contiguous_groups(areas, selection(SELECTED, areas), contiguity_graph(areas))
    expected = pd.Series(NOT_SELECTED, index=pd.Index(areas["area_id"], name="area_id"),
                         name="group", dtype="int64")
    expected[list(EXPECTED_GROUPS)] = list(EXPECTED_GROUPS.values())
    pd.testing.assert_series_equal(groups, expected)


def test_groups_do_not_depend_on_row_order_and_graph_can_be_reused():
    areas = grid()
    graph = contiguity_graph(areas)
    shuffled = areas.sample(frac=1, random_state=3)
    selected = selection(SELECTED, areas).sample(frac=1, random_state=4)
    for result in (contiguous_groups(shuffled, selected, graph), contiguous_groups(shuffled, selected)):
        partition = {frozenset(ids) for _, ids in result[result >= 0].groupby(result).groups.items()}
        assert partition == {frozenset({"c00", "c01", "c12"}), frozenset({"c30", "c40", "c41"}),
                             frozenset({"c34"})}
        assert list(result.index) == shuffled["area_id"].to_list()


def test_missing_and_nan_selection_count_as_not_selected():
    areas = grid()
    selected = pd.Series([True, np.nan, True], index=["c00", "c01", "c02"], dtype="object")
    groups = contiguous_groups(areas, selected)
    assert groups[["c00", "c02"]].tolist() == [0, 1]
    assert (groups.drop(["c00", "c02"]) == NOT_SELECTED).all()
    assert (contiguous_groups(areas, pd.Series(False, index=areas["area_id"])) == NOT_SELECTED).all()


def test_unknown_areas_and_stale_graph_are_refused():
    areas = grid()
    with pytest.raises(ContiguityInputError, match="not in areas: zz"):
        contiguous_groups(areas, pd.Series([True], index=["zz"]))
    other_graph = contiguity_graph(grid(n=4))
    with pytest.raises(ContiguityInputError, match="built for other areas"):
        contiguous_groups(areas, selection(SELECTED, areas), other_graph)


def test_demo_small_areas_form_one_connected_graph():
    from datapackage.store import read_package

    areas = read_package(REPO / "data" / "demo").areas_at("smaomrade")
    summary = contiguity_summary(contiguity_graph(areas))
    assert summary["areas"] == 200
    assert summary["isolates"] == 0
    assert summary["components"] == 1


@pytest.mark.real_data
def test_malmo_deso_neighbours_that_touch_visibly_are_connected(malmo_package):
    areas = malmo_package.areas_at("deso")
    graph = contiguity_graph(areas)
    summary = contiguity_summary(graph)
    # 209 areas, 516 links at 5 m (462 with strict contiguity), no isolate, one piece.
    assert summary["areas"] == 209
    assert summary["isolates"] == 0
    assert summary["components"] == 1
    assert 4.5 < summary["mean_neighbours"] < 5.5
    # Pairs that meet at a corner on the map but are 1-3 m apart in the simplified polygons ...
    strict = contiguity_graph(areas, tolerance_m=0)
    for a, b in [("1280C1290", "1280C1370"), ("1280C2130", "1280C2210"), ("1280C1700", "1280C1820")]:
        assert b in graph.neighbors[a]
        assert b not in strict.neighbors[a]
    # ... but not areas 30 m apart with another area between them.
    assert "1280C2770" not in graph.neighbors["1280C2730"]
