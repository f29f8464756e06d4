"""Hot and cold spots of the index: local Moran's I with permutation p-values (esda).

An area is a *hot spot* when its own index is high, the index of its neighbours is high too, and such a
pattern is unlikely under random placement of the same values on the map; a *cold spot* is the same
for low values. The two outlier types (high among low, low among high) complete the four quadrants of
the Moran scatterplot.

The significance is a conditional-permutation pseudo p-value (esda's ``p_sim``): each area's value is
held fixed while its neighbours' values are redrawn from the others ``permutations`` times. With many
areas, about ``alpha`` of them look significant by chance, so a Benjamini-Hochberg style false
discovery rate cut-off (esda's ``fdr``) is offered as the stricter option.

Neighbours come from `geo.contiguity.contiguity_graph` (queen contiguity with a small tolerance),
row-standardised. Areas without a value are left out of the computation (and their links with them)
and reported as ``no_data``; areas left without any neighbour are ``isolate`` and never significant.

Pure functions: never imports streamlit.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from esda import fdr as esda_fdr
from esda.moran import Moran, Moran_Local
from libpysal.graph import Graph

from model import columns as c

HOT = "hot"
COLD = "cold"
HIGH_AMONG_LOW = "high_among_low"
LOW_AMONG_HIGH = "low_among_high"
NOT_SIGNIFICANT = "not_significant"
ISOLATE = "isolate"
NO_DATA = "no_data"

#: Every cluster label, in legend order.
CLUSTERS = (HOT, COLD, HIGH_AMONG_LOW, LOW_AMONG_HIGH, NOT_SIGNIFICANT, ISOLATE, NO_DATA)

#: esda's quadrant codes (1 high-high, 2 low-high, 3 low-low, 4 high-low) -> cluster label.
_QUADRANT = {1: HOT, 2: LOW_AMONG_HIGH, 3: COLD, 4: HIGH_AMONG_LOW}

#: Fewest areas with a value for which local statistics are computed at all.
MIN_AREAS = 5

HOTSPOTS_SV = (
    "Ett hett område har högt index och är omgivet av grannar med högt index; ett kallt område har "
    "lågt index bland grannar med lågt. Markeringen betyder att mönstret är osannolikt om samma värden "
    "hade spridits slumpmässigt över kartan (p-värde ur {permutations} slumpade omflyttningar).")
HOTSPOTS_EN = (
    "A hot spot has a high index and neighbours with a high index; a cold spot has a low index among "
    "low neighbours. It is marked when the pattern is unlikely had the same values been scattered at "
    "random over the map (p-value from {permutations} random reshuffles).")


class HotspotInputError(ValueError):
    """Local statistics cannot be computed; ``code`` names the reason ("too_few" or "constant")."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class HotspotResult:
    """Per area (index ``area_id``, the order of the graph): ``value``, ``local_i``, ``p_value``,
    ``n_neighbours`` and ``cluster`` (one of `CLUSTERS`); and the global Moran's I of the map."""

    table: pd.DataFrame
    global_i: float  # global Moran's I of the areas with a value and a neighbour
    global_p: float  # its two-sided p-value under randomisation (analytic)
    alpha: float
    threshold: float  # p-values at or below this are significant (alpha, or the FDR cut-off)
    permutations: int

    def counts(self) -> dict[str, int]:
        """Number of areas per cluster label, every label present (zeros included)."""
        counted = self.table["cluster"].value_counts()
        return {label: int(counted.get(label, 0)) for label in CLUSTERS}


def local_hotspots(values: pd.Series, graph: Graph, *, permutations: int = 999,
                   alpha: float = 0.05, fdr: bool = False, seed: int = 0) -> HotspotResult:
    """Local Moran's I of ``values`` (indexed by area id) over the contiguity ``graph``.

    Parameters
    ----------
    values : one number per area; NaN for areas without a value (left out, ``no_data``).
    graph : binary contiguity graph whose ids include every area in ``values``.
    permutations : conditional permutations per area for the pseudo p-values (at least 99).
    alpha : significance level.
    fdr : use the false-discovery-rate cut-off instead of ``alpha`` for every area.
    seed : random seed, so the same inputs give the same map.

    Raises
    ------
    HotspotInputError
        With fewer than `MIN_AREAS` areas that have both a value and a neighbour ("too_few"), or
        when every value is the same ("constant").
    ValueError
        For a permutation count below 99, an alpha outside (0, 1) or areas missing from the graph.
    """
    if permutations < 99:
        raise ValueError(f"permutations must be at least 99, got {permutations}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    values = pd.Series(values, dtype=float)
    unknown = values.index.difference(pd.Index(graph.unique_ids))
    if len(unknown):
        raise ValueError(f"areas missing from the graph: {', '.join(map(str, unknown[:10]))}")
    present = values.dropna()
    sub = graph.subgraph(present.index)
    n_neighbours = pd.Series(sub.cardinalities, dtype=int).reindex(present.index, fill_value=0)
    linked = n_neighbours[n_neighbours > 0].index
    if len(linked) < MIN_AREAS:
        raise HotspotInputError(
            "too_few", f"local statistics need at least {MIN_AREAS} neighbouring areas with a value, "
                       f"got {len(linked)}")
    y = present.reindex(linked).to_numpy()
    if np.ptp(y) == 0:
        raise HotspotInputError("constant", "every area has the same value")
    weights = sub.subgraph(linked).transform("R")
    with warnings.catch_warnings():  # esda warns about islands and numba; both handled here
        warnings.simplefilter("ignore")
        local = Moran_Local(y, weights, permutations=permutations, seed=seed, n_jobs=1)
        overall = Moran(y, weights, permutations=0)  # analytic p-value: deterministic
    p_values = np.asarray(local.p_sim, dtype=float)
    threshold = float(esda_fdr(p_values, alpha)) if fdr else alpha
    significant = p_values <= threshold
    cluster = np.where(significant, [_QUADRANT[int(q)] for q in local.q], NOT_SIGNIFICANT)

    table = pd.DataFrame(index=pd.Index(values.index, name=c.AREA_ID))
    table["value"] = values
    table["local_i"] = pd.Series(np.asarray(local.Is, dtype=float), index=linked)
    table["p_value"] = pd.Series(p_values, index=linked)
    table["n_neighbours"] = n_neighbours.reindex(table.index, fill_value=0).astype(int)
    table["cluster"] = NO_DATA
    table.loc[present.index, "cluster"] = ISOLATE
    table.loc[linked, "cluster"] = cluster
    return HotspotResult(table=table, global_i=float(overall.I), global_p=float(overall.p_rand),
                         alpha=alpha, threshold=threshold, permutations=permutations)
