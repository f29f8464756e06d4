"""Regionalisation: contiguous sub-areas of similar need, each with enough young people for UVAS.

Instead of picking single areas by rank and grouping the neighbours afterwards (the rule-based
proposal), this builds regions first and proposes whole regions:

1. **Ward clustering with a contiguity constraint** (scikit-learn's ``AgglomerativeClustering`` with
   the contiguity graph as ``connectivity`` — the algorithm spopt's ``WardSpatial`` wraps). Areas are
   described by their contributions to the index (score points per indicator, which sum to the score),
   so a region is homogeneous in both need and its make-up. Only neighbours are ever merged, so every
   region is one contiguous piece. Each connected piece of the map is clustered on its own (Ward would
   otherwise bridge the gap between islands).
2. **A floor of young people per region** (``min_youth``): as many regions are cut from the tree as the
   floor allows (the piece's young people divided by the floor, as max-p aims for), then every region
   under the floor is merged, smallest first, into the neighbouring region it is most similar to (the
   smallest increase in Ward's within-region sum of squares). A piece whose young people are below the
   floor altogether stays one region and is flagged.
3. **The proposal**: regions in descending order of youth-weighted mean index until they hold as many
   young people as the rule-based proposal (``target_youth``), so the two can be compared like for like.

It is a heuristic for max-p's aim, not its exact optimum, and it is fast: about 10 ms on Malmö's 209
DeSO areas where spopt's SKATER takes seconds (``benchmarks/run.py --only robustness``).

The floor repair stops at ``time_limit_s`` and reports ``complete=False`` with the regions still under
the floor; ``progress(fraction, stage)`` is called as it goes. Pure functions: never imports streamlit.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from libpysal.graph import Graph
from scipy.sparse.csgraph import connected_components
from sklearn.cluster import AgglomerativeClustering

from model import columns as c

#: Region label of areas without an index value (never in a region).
NO_REGION = -1

REGION = "region"

REGIONS_SV = (
    "Kartan delas i sammanhängande regioner där grannområden med liknande behov slås ihop, och varje "
    "region får minst {floor} unga så att andelen UVAS blir tillförlitlig. Förslaget tar regionerna med "
    "högst index tills de rymmer lika många unga som det regelbaserade förslaget.")
REGIONS_EN = (
    "The map is divided into contiguous regions by merging neighbouring areas with similar needs, and "
    "each region gets at least {floor} young people so that its UVAS share is reliable. The proposal "
    "takes the regions with the highest index until they hold as many young people as the rule-based "
    "proposal.")

Progress = Callable[[float, str], None]


class RegionInputError(ValueError):
    """The inputs cannot be regionalised (misaligned ids, a negative floor, ...)."""


@dataclass(frozen=True)
class Regionalisation:
    """Regions and the proposal built from them.

    ``assignment``: area id -> region number (`NO_REGION` for areas without an index value).
    ``regions``: one row per region (index ``region``): ``members`` (tuple of area ids), ``n_areas``,
    ``youth``, ``score`` (youth-weighted mean index; plain mean where a region has no young people),
    ``uvas`` (youth-weighted mean UVAS, NaN without values), ``below_floor``, ``selected``, ``order``
    (1 = highest score).
    """

    assignment: pd.Series
    regions: pd.DataFrame
    min_youth: float
    target_youth: float
    complete: bool
    seconds: float

    @property
    def selected(self) -> pd.Series:
        """Area id -> whether its region is proposed."""
        chosen = set(self.regions.index[self.regions["selected"]])
        return self.assignment.isin(chosen).rename("selected")

    @property
    def below_floor(self) -> int:
        return int(self.regions["below_floor"].sum())


def _components(adjacency, mask: np.ndarray) -> list[np.ndarray]:
    """Positions of the areas in ``mask``, split into the connected pieces of the graph among them."""
    positions = np.flatnonzero(mask)
    sub = adjacency[positions][:, positions]
    count, labels = connected_components(sub, directed=False)
    return [positions[labels == k] for k in range(count)]


def _ward_labels(features: np.ndarray, adjacency, n_clusters: int) -> np.ndarray:
    n = len(features)
    if n_clusters >= n:
        return np.arange(n)
    if n_clusters <= 1:
        return np.zeros(n, dtype=int)
    model = AgglomerativeClustering(n_clusters=n_clusters, linkage="ward", connectivity=adjacency)
    return model.fit(features).labels_


class _Regions:
    """Regions under repair: members, feature sums, young people and neighbouring regions."""

    def __init__(self, labels: np.ndarray, features: np.ndarray, youth: np.ndarray, adjacency):
        self.members: dict[int, list[int]] = {}
        for position, label in enumerate(labels):
            self.members.setdefault(int(label), []).append(position)
        self.sums = {r: features[m].sum(axis=0) for r, m in self.members.items()}
        self.youth = {r: float(youth[m].sum()) for r, m in self.members.items()}
        coo = adjacency.tocoo()
        a, b = labels[coo.row], labels[coo.col]
        keep = a != b
        self.neighbours: dict[int, set[int]] = {r: set() for r in self.members}
        for x, y in zip(a[keep].tolist(), b[keep].tolist(), strict=True):
            self.neighbours[x].add(y)

    def cost(self, a: int, b: int) -> float:
        """Increase in the within-region sum of squares when ``a`` and ``b`` merge (Ward)."""
        na, nb = len(self.members[a]), len(self.members[b])
        diff = self.sums[a] / na - self.sums[b] / nb
        return na * nb / (na + nb) * float(diff @ diff)

    def merge(self, keep: int, gone: int) -> None:
        self.members[keep].extend(self.members.pop(gone))
        self.sums[keep] = self.sums[keep] + self.sums.pop(gone)
        self.youth[keep] += self.youth.pop(gone)
        for other in self.neighbours.pop(gone):
            if other != keep:
                self.neighbours[other].discard(gone)
                self.neighbours[other].add(keep)
                self.neighbours[keep].add(other)
        self.neighbours[keep].discard(gone)


def _repair(regions: _Regions, floor: float, deadline: float, clock: Callable[[], float]) -> bool:
    """Merge regions under ``floor`` into their most similar neighbour; False if time ran out."""
    heap = [(y, r) for r, y in regions.youth.items() if y < floor]
    heapq.heapify(heap)
    while heap:
        youth, region = heapq.heappop(heap)
        if region not in regions.members or regions.youth[region] != youth:
            continue  # merged away or grown since it was queued
        if clock() > deadline:
            return False
        if not regions.neighbours[region]:
            continue  # a piece on its own: stays under the floor
        target = min(regions.neighbours[region], key=lambda other: (regions.cost(region, other), other))
        keep, gone = (target, region) if len(regions.members[target]) >= len(
            regions.members[region]) else (region, target)
        regions.merge(keep, gone)
        if regions.youth[keep] < floor:
            heapq.heappush(heap, (regions.youth[keep], keep))
    return True


def regionalise(features: pd.DataFrame, score: pd.Series, youth: pd.Series, graph: Graph, *,
                min_youth: float, target_youth: float, uvas: pd.Series | None = None,
                time_limit_s: float = 2.0, progress: Progress | None = None,
                clock: Callable[[], float] = time.perf_counter) -> Regionalisation:
    """Contiguous regions of similar need with at least ``min_youth`` young people, and a proposal.

    Parameters
    ----------
    features : areas × features describing need (the index contributions); NaN counts as 0.
    score : the index per area; areas with NaN take part in no region.
    youth : young people per area (NaN counts as 0).
    graph : contiguity graph over the areas (`geo.contiguity.contiguity_graph`).
    min_youth : floor of young people per region (> 0).
    target_youth : young people the proposal should hold (those of the rule-based proposal).
    uvas : UVAS per area, for the regions' youth-weighted UVAS.
    time_limit_s : the floor repair stops after this long (the result says ``complete=False``).
    progress : called with (fraction done, stage) — stages "ward", "floor", "proposal".
    """
    started = clock()
    ids = pd.Index(score.index, name=c.AREA_ID)
    if not ids.is_unique:
        raise RegionInputError("area ids in score are not unique")
    if not min_youth > 0:
        raise RegionInputError(f"min_youth must be greater than 0, got {min_youth!r}")
    order = pd.Index(graph.unique_ids)
    missing = ids.difference(order)
    if len(missing):
        raise RegionInputError(f"areas missing from the graph: {', '.join(map(str, missing[:10]))}")
    report = progress or (lambda _fraction, _stage: None)
    adjacency = graph.sparse.tocsr()
    positions = order.get_indexer(ids)
    adjacency = adjacency[positions][:, positions]
    x = features.reindex(ids).to_numpy(dtype=float, na_value=np.nan)
    x = np.nan_to_num(x, nan=0.0)
    kids = np.nan_to_num(youth.reindex(ids).to_numpy(dtype=float, na_value=np.nan), nan=0.0)
    s = score.reindex(ids).to_numpy(dtype=float, na_value=np.nan)
    has_score = ~np.isnan(s)

    labels = np.full(len(ids), NO_REGION, dtype=int)
    pieces = _components(adjacency, has_score)
    next_label = 0
    complete = True
    deadline = started + time_limit_s
    for done, piece in enumerate(pieces):
        report(done / max(len(pieces), 1) * 0.5, "ward")
        piece_adj = adjacency[piece][:, piece]
        n_clusters = max(1, min(len(piece), int(kids[piece].sum() // min_youth)))
        local = _ward_labels(x[piece], piece_adj, n_clusters)
        report((done + 0.5) / max(len(pieces), 1) * 0.5 + 0.25, "floor")
        regions = _Regions(local, x[piece], kids[piece], piece_adj)
        complete = _repair(regions, min_youth, deadline, clock) and complete
        for members in regions.members.values():
            labels[piece[members]] = next_label
            next_label += 1
    report(0.9, "proposal")

    assignment = pd.Series(labels, index=ids, name=REGION)
    regions_table = _region_table(assignment, s, kids, uvas, ids, min_youth, target_youth)
    report(1.0, "proposal")
    return Regionalisation(assignment=assignment, regions=regions_table, min_youth=float(min_youth),
                           target_youth=float(target_youth), complete=complete,
                           seconds=clock() - started)


def regionalise_scenario(index: pd.DataFrame, graph: Graph, *, min_youth: float,
                         **options) -> Regionalisation:
    """`regionalise` on a scenario's index (`indicators.scenario.evaluate_scenario`'s ``index``):
    its contributions as features, and as many young people as its rule-based proposal holds."""
    features = index[[col for col in index.columns if col.startswith(c.CONTRIBUTION_PREFIX)]]
    target = float(index.loc[index[c.SELECTED].astype(bool), "youth"].fillna(0).sum())
    return regionalise(features, index[c.SCORE], index["youth"], graph, min_youth=min_youth,
                       target_youth=target, uvas=index["uvas"], **options)


def _region_table(assignment: pd.Series, score: np.ndarray, youth: np.ndarray,
                  uvas: pd.Series | None, ids: pd.Index, floor: float,
                  target_youth: float) -> pd.DataFrame:
    u = (np.full(len(ids), np.nan) if uvas is None
         else uvas.reindex(ids).to_numpy(dtype=float, na_value=np.nan))
    frame = pd.DataFrame({REGION: assignment.to_numpy(), "area": ids, "score": score,
                          "youth": youth, "uvas": u})
    frame = frame[frame[REGION] != NO_REGION]
    frame["score_w"] = frame["score"] * frame["youth"]
    known = frame["uvas"].notna()
    frame["uvas_w"] = np.where(known, frame["uvas"] * frame["youth"], 0.0)
    frame["uvas_youth"] = np.where(known, frame["youth"], 0.0)
    grouped = frame.groupby(REGION, sort=True)
    table = pd.DataFrame({
        "members": grouped["area"].agg(tuple),
        "n_areas": grouped.size(),
        "youth": grouped["youth"].sum(),
        "mean_score": grouped["score"].mean(),
        "score_w": grouped["score_w"].sum(),
        "uvas_w": grouped["uvas_w"].sum(),
        "uvas_youth": grouped["uvas_youth"].sum(),
    })
    with np.errstate(invalid="ignore", divide="ignore"):
        table["score"] = np.where(table["youth"] > 0, table["score_w"] / table["youth"],
                                  table["mean_score"])
        table["uvas"] = np.where(table["uvas_youth"] > 0, table["uvas_w"] / table["uvas_youth"],
                                 np.nan)
    table["below_floor"] = table["youth"] < floor
    table = table.sort_values(["score", "youth"], ascending=[False, False], kind="stable")
    table["order"] = np.arange(1, len(table) + 1)
    before = table["youth"].cumsum() - table["youth"]  # young people in the regions ranked above
    table["selected"] = (before < target_youth) & (target_youth > 0)
    return table[["members", "n_areas", "youth", "score", "uvas", "below_floor", "selected",
                  "order"]].sort_index()


def compare_with_rule(rule_selected: pd.Series, region_selected: pd.Series,
                      youth: pd.Series) -> dict:
    """The two proposals side by side: areas and young people in both, only one, and the overlap.

    ``overlap`` is the share of young people in either proposal who are in both (1 = identical).
    """
    ids = rule_selected.index.union(region_selected.index)
    rule = rule_selected.reindex(ids, fill_value=False).astype(bool)
    regions = region_selected.reindex(ids, fill_value=False).astype(bool)
    kids = youth.reindex(ids).fillna(0.0)
    both, rule_only, region_only = rule & regions, rule & ~regions, ~rule & regions
    either = float(kids[rule | regions].sum())
    return {
        "both": list(ids[both]), "rule_only": list(ids[rule_only]),
        "regions_only": list(ids[region_only]),
        "youth_both": float(kids[both].sum()), "youth_rule": float(kids[rule].sum()),
        "youth_regions": float(kids[regions].sum()),
        "overlap": float(kids[both].sum()) / either if either > 0 else float("nan"),
    }
