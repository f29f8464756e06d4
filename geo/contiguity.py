"""Which areas touch, and which selected areas form one contiguous stretch of the city.

Two steps, kept apart so that the first (the expensive one) is computed once per level and cached:

1. `contiguity_graph` builds a queen contiguity graph over ``area_id``: two areas are neighbours when
   they share an edge *or a corner*. Real-world layers are rarely topologically clean (the published
   DeSO polygons are simplified to a handful of vertices, so neighbours overlap or leave slivers of a
   few metres between them), so "touching" means *at most* ``tolerance_m`` metres apart::

       i ~ j  <=>  distance(geometry_i, geometry_j) <= tolerance_m

   This equals libpysal's ``Graph.build_fuzzy_contiguity(buffer=tolerance_m / 2)`` (two polygons
   buffered by b intersect exactly when they are at most 2b apart) without buffering every polygon:
   the spatial index answers ``dwithin`` directly, which is what keeps 40,000 areas fast.
2. `contiguous_groups` labels the connected components among the selected areas
   (``scipy.sparse.csgraph.connected_components`` on the graph restricted to them).

Distances are metres, so a projected CRS is required (the packages use SWEREF 99 TM, EPSG:3006).
Pure functions: inputs are never modified. Never imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from model import columns as c

if TYPE_CHECKING:  # libpysal (with sklearn) costs ~2 s and ~100 MB: imported where a Graph is built
    from libpysal.graph import Graph

#: Default gap (metres) bridged between neighbours. On the real Malmö DeSO layer every pair of areas
#: closer than this meets visibly at an edge or a corner; pairs 8-40 m apart are mostly areas that
#: face each other across a third one, so the tolerance stays small.
DEFAULT_TOLERANCE_M = 5.0

#: Group label of areas that are not selected.
NOT_SELECTED = -1


class ContiguityInputError(ValueError):
    """The areas or the selection cannot be used to build or group a contiguity graph."""


def _check_areas(areas: gpd.GeoDataFrame) -> np.ndarray:
    """Return the area ids after checking the id column, the CRS and the geometries."""
    if not isinstance(areas, gpd.GeoDataFrame):
        raise ContiguityInputError(f"areas must be a GeoDataFrame, got {type(areas).__name__}")
    if c.AREA_ID not in areas.columns:
        raise ContiguityInputError(
            f"areas has no column {c.AREA_ID!r} (columns: {', '.join(map(str, areas.columns))})")
    ids = areas[c.AREA_ID]
    if ids.isna().any():
        raise ContiguityInputError(f"column {c.AREA_ID!r} has {int(ids.isna().sum())} empty values")
    duplicated = ids[ids.duplicated()]
    if not duplicated.empty:
        raise ContiguityInputError(
            f"column {c.AREA_ID!r} repeats {', '.join(map(str, duplicated.unique()[:10]))}")
    if areas.crs is None:
        raise ContiguityInputError(
            "areas has no CRS; contiguity is measured in metres, use a projected CRS such as "
            "EPSG:3006 (SWEREF 99 TM)")
    if areas.crs.is_geographic:
        raise ContiguityInputError(
            f"areas is in a geographic CRS ({areas.crs.to_string()}); tolerances are metres, so "
            "reproject to a projected CRS such as EPSG:3006 (SWEREF 99 TM) first, e.g. "
            "areas.to_crs(3006)")
    empty = areas.geometry.isna() | areas.geometry.is_empty
    if empty.any():
        raise ContiguityInputError(
            f"areas without geometry: {', '.join(map(str, ids[empty].to_numpy()[:10]))}")
    return ids.to_numpy()


def contiguity_graph(areas: gpd.GeoDataFrame,
                     tolerance_m: float = DEFAULT_TOLERANCE_M) -> Graph:
    """Queen contiguity between areas, bridging gaps and overlaps of up to ``tolerance_m`` metres.

    Parameters
    ----------
    areas : one row per area with ``area_id`` and polygon geometry, in a projected CRS (metres;
        EPSG:3006 in data packages).
    tolerance_m : largest distance (metres) between two areas that still counts as touching. 0 gives
        strict queen contiguity (shared edge or corner, overlaps included).

    Returns
    -------
    libpysal.graph.Graph
        Binary, symmetric graph whose ids are the ``area_id`` values in the order of ``areas``.
        Areas with no neighbour are isolates (libpysal's convention: a self-loop of weight 0).

    Raises
    ------
    ContiguityInputError
        If ``area_id`` is missing, empty or repeated, the CRS is missing or geographic, an area has no
        geometry, or the tolerance is negative.
    """
    from libpysal.graph import Graph

    ids, left, right = _links(areas, tolerance_m)
    weight = np.ones(len(left), dtype=np.int64)
    isolates = np.setdiff1d(np.arange(len(ids)), left)
    left = np.concatenate([left, isolates])
    right = np.concatenate([right, isolates])
    weight = np.concatenate([weight, np.zeros(len(isolates), dtype=np.int64)])
    # Canonical order (focal, then neighbour, both in the order of `areas`), built from codes so
    # that libpysal can skip its own (slower) re-sorting.
    order = np.lexsort((right, left))
    index = pd.MultiIndex(levels=[ids, ids], codes=[left[order], right[order]],
                          names=["focal", "neighbor"])
    adjacency = pd.Series(weight[order], index=index, name="weight")
    return Graph(adjacency, transformation="B", is_sorted=True)


def _links(areas: gpd.GeoDataFrame, tolerance_m: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Area ids and the (left, right) positions of every ordered neighbour pair, no self pairs."""
    ids = _check_areas(areas)
    if not np.isfinite(tolerance_m) or tolerance_m < 0:
        raise ContiguityInputError(f"tolerance_m must be a number >= 0, got {tolerance_m!r}")
    geometries = areas.geometry.to_numpy()
    if tolerance_m > 0:
        left, right = areas.sindex.query(geometries, predicate="dwithin", distance=tolerance_m)
    else:
        left, right = areas.sindex.query(geometries, predicate="intersects")
    keep = left != right
    return ids, left[keep], right[keep]


@dataclass(frozen=True, eq=False)
class Adjacency:
    """The same neighbours as `contiguity_graph`, as a plain sparse matrix (no libpysal).

    What `contiguous_groups` needs, at a fraction of the import cost and memory of a
    ``libpysal.graph.Graph`` (which hot spots and regions use).

    Attributes
    ----------
    unique_ids : area ids in the order of the areas the matrix was built from.
    matrix : symmetric 0/1 adjacency (n x n, CSR), rows and columns in the order of ``unique_ids``;
        no self-links.
    """

    unique_ids: np.ndarray
    matrix: sparse.csr_array


def contiguity_adjacency(areas: gpd.GeoDataFrame,
                         tolerance_m: float = DEFAULT_TOLERANCE_M) -> Adjacency:
    """Queen contiguity as `contiguity_graph` defines it (``distance <= tolerance_m`` metres), as an
    `Adjacency` (sparse 0/1 matrix), for `contiguous_groups` without importing libpysal.

    Raises
    ------
    ContiguityInputError
        As `contiguity_graph`.
    """
    ids, left, right = _links(areas, tolerance_m)
    n = len(ids)
    matrix = sparse.coo_array((np.ones(len(left), dtype=np.int64), (left, right)), shape=(n, n))
    return Adjacency(ids, matrix.tocsr())


def _adjacency_matrix(graph: Graph | Adjacency, ids: pd.Index) -> sparse.csr_array:
    """Symmetric 0/1 adjacency of ``graph`` with rows and columns in the order of ``ids``."""
    if isinstance(graph, Adjacency):
        if pd.Index(graph.unique_ids).equals(ids):
            return graph.matrix
        order = pd.Index(graph.unique_ids).get_indexer(ids)
        return graph.matrix[order][:, order]
    adjacency = graph.adjacency
    edges = adjacency.to_numpy() != 0
    focal = ids.get_indexer(adjacency.index.get_level_values(0)[edges])
    neighbour = ids.get_indexer(adjacency.index.get_level_values(1)[edges])
    n = len(ids)
    matrix = sparse.coo_array((np.ones(len(focal), dtype=np.int64), (focal, neighbour)), shape=(n, n))
    return matrix.tocsr()


def contiguous_groups(areas: gpd.GeoDataFrame, selected: pd.Series,
                      graph: Graph | Adjacency | None = None,
                      tolerance_m: float = DEFAULT_TOLERANCE_M) -> pd.Series:
    """Label the contiguous groups among the selected areas.

    Two selected areas are in the same group when a chain of selected neighbours joins them; a
    selected area without a selected neighbour is a group of its own.

    Parameters
    ----------
    areas : the level's areas (``area_id`` and geometry); only their ids are used when ``graph`` is
        given.
    selected : True for selected areas, indexed by ``area_id``. Areas it does not mention count as
        not selected; NaN counts as not selected.
    graph : the level's contiguity graph from `contiguity_graph`, or its `contiguity_adjacency`
        (build it once and reuse it); built here with ``tolerance_m`` when None.
    tolerance_m : passed to `contiguity_graph` when ``graph`` is None.

    Returns
    -------
    pandas.Series
        Group label per area (int, indexed by ``area_id`` in the order of ``areas``): 0, 1, ... numbered
        in the order of each group's first area in ``areas``, and ``NOT_SELECTED`` (-1) for areas not
        selected.

    Raises
    ------
    ContiguityInputError
        If ``selected`` names areas that ``areas`` does not have, or ``graph`` was built for
        other areas.
    """
    ids = pd.Index(_check_areas(areas) if graph is None else _area_ids(areas), name=c.AREA_ID)
    unknown = selected.index.difference(ids)
    if len(unknown):
        raise ContiguityInputError(
            f"selected names {len(unknown)} areas not in areas: {', '.join(map(str, unknown[:10]))}")
    if graph is None:
        graph = contiguity_adjacency(areas, tolerance_m)
    graph_ids = pd.Index(graph.unique_ids)
    if len(graph_ids) != len(ids) or len(ids.difference(graph_ids)):
        raise ContiguityInputError(
            "the contiguity graph was built for other areas (different area_id values); build it "
            "again with contiguity_graph(areas)")
    chosen = selected.reindex(ids).astype("boolean").fillna(False).to_numpy(dtype=bool)
    labels = np.full(len(ids), NOT_SELECTED, dtype=np.int64)
    positions = np.flatnonzero(chosen)
    if len(positions):
        matrix = _adjacency_matrix(graph, ids)[positions][:, positions]
        _, component = connected_components(matrix, directed=False)
        # Renumber so that groups are numbered by their first area, whatever scipy's numbering.
        _, first = np.unique(component, return_index=True)
        rank = np.empty(len(first), dtype=np.int64)
        rank[np.argsort(first)] = np.arange(len(first))
        labels[positions] = rank[component]
    return pd.Series(labels, index=ids, name="group")


def _area_ids(areas: gpd.GeoDataFrame) -> np.ndarray:
    if c.AREA_ID not in areas.columns:
        raise ContiguityInputError(
            f"areas has no column {c.AREA_ID!r} (columns: {', '.join(map(str, areas.columns))})")
    return areas[c.AREA_ID].to_numpy()


def contiguity_summary(graph: Graph) -> dict[str, int | float]:
    """Figures that say whether a layer's contiguity is plausible.

    Returns
    -------
    dict
        ``areas``, ``links`` (unordered neighbour pairs), ``isolates`` (areas with no neighbour),
        ``components`` (connected parts of the whole layer), ``mean_neighbours``.
    """
    ids = pd.Index(graph.unique_ids)
    matrix = _adjacency_matrix(graph, ids)
    n_components, _ = connected_components(matrix, directed=False)
    degree = np.diff(matrix.indptr)
    return {
        "areas": len(ids),
        "links": int(matrix.nnz // 2),
        "isolates": int((degree == 0).sum()),
        "components": int(n_components),
        "mean_neighbours": float(degree.mean()) if len(ids) else 0.0,
    }
