"""Local Moran's I hot and cold spots: planted clusters on a grid are found, noise is not, edge cases."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.contiguity import contiguity_graph
from geo.hotspots import (
    CLUSTERS,
    COLD,
    HOT,
    ISOLATE,
    NO_DATA,
    NOT_SIGNIFICANT,
    HotspotInputError,
    local_hotspots,
)
from tests.grids import island, square_grid

N = 15  # 15 x 15 grid of 100 m squares


def block(areas: gpd.GeoDataFrame, top: int, left: int, size: int, ring: int = 0) -> np.ndarray:
    """Whether each area lies in the size x size block at (top, left), widened by ``ring`` cells."""
    return ((areas["row"] >= top - ring) & (areas["row"] < top + size + ring)
            & (areas["col"] >= left - ring) & (areas["col"] < left + size + ring)).to_numpy()


@pytest.fixture(scope="module")
def planted():
    """Noise (sd 10) with a high block (+40) top left and a low block (-40) bottom right."""
    areas = square_grid(N)
    values = np.random.default_rng(11).normal(50, 10, len(areas))
    values[block(areas, 2, 2, 4)] += 40
    values[block(areas, 9, 9, 4)] -= 40
    return areas, contiguity_graph(areas), pd.Series(values, index=areas["area_id"].to_numpy())


def test_planted_hot_and_cold_clusters_are_found(planted):
    areas, graph, values = planted
    result = local_hotspots(values, graph, seed=1)
    cluster = result.table["cluster"].to_numpy()
    hot_block, cold_block = block(areas, 2, 2, 4), block(areas, 9, 9, 4)
    # Most of each planted block is found (edge cells have neighbours outside it) ...
    assert (cluster[hot_block] == HOT).mean() >= 0.75
    assert (cluster[cold_block] == COLD).mean() >= 0.75
    # ... and what is found lies in or right beside the planted block.
    assert np.all(block(areas, 2, 2, 4, ring=1)[cluster == HOT])
    assert np.all(block(areas, 9, 9, 4, ring=1)[cluster == COLD])
    assert result.global_i > 0.3
    assert result.global_p < 0.001


def test_noise_gives_few_spots_and_fdr_is_stricter():
    areas = square_grid(N)
    graph = contiguity_graph(areas)
    values = pd.Series(np.random.default_rng(5).normal(size=len(areas)), index=areas["area_id"])
    plain = local_hotspots(values, graph, seed=2)
    strict = local_hotspots(values, graph, seed=2, fdr=True)
    significant = ~plain.table["cluster"].isin([NOT_SIGNIFICANT])
    assert significant.mean() < 0.12  # about alpha by chance
    assert strict.threshold <= plain.threshold == 0.05
    assert (strict.table["cluster"] != NOT_SIGNIFICANT).sum() <= significant.sum()


def test_same_seed_same_map_and_every_area_labelled(planted):
    _, graph, values = planted
    a = local_hotspots(values, graph, seed=3)
    b = local_hotspots(values, graph, seed=3)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert set(a.table["cluster"]) <= set(CLUSTERS)
    assert sum(a.counts().values()) == len(values)
    assert a.table["p_value"].between(0, 1).all()


def test_missing_values_and_isolated_areas(planted):
    areas, _, values = planted
    both = pd.concat([areas, island()], ignore_index=True)
    with_gaps = pd.concat([values, pd.Series({"island": 70.0})])
    with_gaps.iloc[[0, 50]] = np.nan
    result = local_hotspots(with_gaps, contiguity_graph(both), seed=1)
    cluster = result.table["cluster"]
    assert cluster.iloc[0] == NO_DATA
    assert cluster.iloc[50] == NO_DATA
    assert np.isnan(result.table["p_value"].iloc[0])
    assert cluster["island"] == ISOLATE
    assert result.table.loc["island", "n_neighbours"] == 0
    assert (cluster == HOT).sum() >= 10  # the rest is still analysed


def test_refuses_constant_too_few_and_bad_parameters(planted):
    _areas, graph, values = planted
    with pytest.raises(HotspotInputError) as constant:
        local_hotspots(pd.Series(1.0, index=values.index), graph)
    assert constant.value.code == "constant"
    sparse = pd.Series(np.nan, index=values.index)
    sparse.iloc[:3] = [1.0, 2.0, 3.0]
    with pytest.raises(HotspotInputError) as few:
        local_hotspots(sparse, graph)
    assert few.value.code == "too_few"
    with pytest.raises(ValueError, match="permutations"):
        local_hotspots(values, graph, permutations=10)
    with pytest.raises(ValueError, match="alpha"):
        local_hotspots(values, graph, alpha=1.5)
    with pytest.raises(ValueError, match="missing from the graph"):
        local_hotspots(pd.concat([values, pd.Series({"elsewhere": 1.0})]), graph)


def test_malmo_deso_index_is_spatially_clustered(malmo_package):
    from indicators.index import SCORE
    from indicators.scenario import Scenario, equal_weights
    from model.registry import REGISTRY
    from services.scenario import evaluate_scenario

    year = max(malmo_package.years_for("uvas", "deso") or (2024,))
    result = evaluate_scenario(malmo_package, Scenario("deso", year, equal_weights(
        REGISTRY.index_ids)))
    graph = contiguity_graph(malmo_package.areas_at("deso"))
    hot = local_hotspots(result.index[SCORE], graph, seed=0)
    assert hot.global_i > 0.3
    assert hot.global_p < 0.001
    counts = hot.counts()
    assert counts[HOT] > 5
    assert counts[COLD] > 5
    # Hot spots are areas of high need: their mean index is far above the city's.
    hot_scores = result.index.loc[hot.table["cluster"] == HOT, SCORE]
    assert hot_scores.mean() > result.index[SCORE].quantile(0.75)
