"""`contiguity_adjacency` (sparse matrix, no libpysal) gives the same neighbours and groups as the
libpysal graph of `contiguity_graph`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.contiguity import (
    ContiguityInputError,
    contiguity_adjacency,
    contiguity_graph,
    contiguity_summary,
    contiguous_groups,
)
from tests.test_contiguity import EXPECTED_GROUPS, NOT_SELECTED, SELECTED, grid, queen_by_hand, selection

REPO = Path(__file__).resolve().parents[1]


def adjacency_links(adjacency) -> set[tuple[str, str]]:
    rows, cols = adjacency.matrix.nonzero()
    ids = adjacency.unique_ids
    return {(ids[r], ids[k]) for r, k in zip(rows, cols, strict=True)}


@pytest.mark.parametrize(("shrink", "tolerance"), [(0.0, 5.0), (1.0, 5.0), (-2.0, 5.0), (0.0, 0.0),
                                                   (2.0, 3.0)])
def test_same_links_as_the_graph(shrink, tolerance):
    areas = grid(shrink=shrink)
    adjacency = contiguity_adjacency(areas, tolerance)
    graph = contiguity_graph(areas, tolerance)
    edges = graph.adjacency[graph.adjacency > 0]
    assert adjacency_links(adjacency) == set(edges.index.to_list())
    assert list(adjacency.unique_ids) == areas["area_id"].to_list()


def test_grid_by_hand_and_groups():
    areas = grid()
    adjacency = contiguity_adjacency(areas)
    assert adjacency_links(adjacency) == queen_by_hand()
    groups = contiguous_groups(areas, selection(SELECTED, areas), adjacency)
    expected = pd.Series(NOT_SELECTED, index=pd.Index(areas["area_id"], name="area_id"),
                         name="group", dtype="int64")
    expected[list(EXPECTED_GROUPS)] = list(EXPECTED_GROUPS.values())
    pd.testing.assert_series_equal(groups, expected)
    shuffled = areas.sample(frac=1, random_state=3)
    again = contiguous_groups(shuffled, selection(SELECTED, areas), adjacency)
    partition = {frozenset(ids) for _, ids in again[again >= 0].groupby(again).groups.items()}
    assert partition == {frozenset({"c00", "c01", "c12"}), frozenset({"c30", "c40", "c41"}),
                         frozenset({"c34"})}


def test_stale_adjacency_and_bad_input_are_refused():
    areas = grid()
    with pytest.raises(ContiguityInputError, match="built for other areas"):
        contiguous_groups(areas, selection(SELECTED, areas), contiguity_adjacency(grid(n=4)))
    with pytest.raises(ContiguityInputError, match="geographic CRS"):
        contiguity_adjacency(grid().to_crs(4326))
    with pytest.raises(ContiguityInputError, match="tolerance_m"):
        contiguity_adjacency(grid(), tolerance_m=-1)


def test_demo_groups_equal_with_either():
    from datapackage.store import read_package

    areas = read_package(REPO / "data" / "demo").areas_at("smaomrade")
    chosen = pd.Series(areas.index % 3 == 0, index=areas["area_id"].to_numpy())
    pd.testing.assert_series_equal(contiguous_groups(areas, chosen, contiguity_adjacency(areas)),
                                   contiguous_groups(areas, chosen, contiguity_graph(areas)))
    assert contiguity_summary(contiguity_graph(areas))["links"] == \
        contiguity_adjacency(areas).matrix.nnz // 2


def test_groups_without_libpysal():
    code = ("import sys, geopandas as gpd, pandas as pd, shapely; "
            "from geo.contiguity import contiguous_groups; "
            "a = gpd.GeoDataFrame({'area_id': ['a', 'b']}, crs=3006, "
            "geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)]); "
            "g = contiguous_groups(a, pd.Series([True, True], index=['a', 'b'])); "
            "print(g.tolist(), 'libpysal' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=REPO)
    assert out.stdout.strip() == "[0, 0] False"
