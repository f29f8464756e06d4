"""Proposed areas: one proposal per contiguous group of selected areas, with what a decision needs.

A proposal is a stretch of the city made of neighbouring selected areas (see
`geo.contiguity.contiguous_groups`). Each gets a stable id (P1 = the greatest need), a generated name,
its members, how many people and young people live there, UVAS and the mean need score, and the
union of its members' geometries.

Pure functions: inputs are never modified. Never imports streamlit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from model import columns as c

PROPOSAL_ID = "proposal_id"
NAME_EN = "name_en"
MEMBERS = "members"
N_MEMBERS = "n_members"
YOUTH = "youth"
UVAS = "uvas"
N_WITH_UVAS = "n_with_uvas"
MEAN_INDEX = "mean_index"

#: Columns of `propose_areas`' result, in order (geometry last).
PROPOSAL_COLUMNS = (PROPOSAL_ID, c.NAME, NAME_EN, MEMBERS, N_MEMBERS, c.POPULATION, YOUTH, UVAS,
                    N_WITH_UVAS, MEAN_INDEX, c.GEOMETRY)

#: Added to the lead area's name when a proposal has more than one member.
MORE_MEMBERS_SV = " m.fl."
MORE_MEMBERS_EN = " et al."
#: Separator of member ids in CSV files.
MEMBER_SEPARATOR = "|"


class ProposalInputError(ValueError):
    """The inputs of `propose_areas` do not fit together."""


class DissolvedGeometries:
    """Each proposal's dissolved geometry, remembered per member set, for one layer of areas.

    A weight change usually keeps most contiguous groups as they were; their union (the costliest
    step of `propose_areas` on large layers) is then taken from here instead of being computed again.
    Keys are ``(sorted member ids, close_gaps_m)``, so one instance must only ever be used with the
    same ``areas`` (one package and level). Least recently used entries are dropped beyond
    ``max_entries``; safe to share between threads (the geometries are immutable).
    """

    def __init__(self, max_entries: int = 2048) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries}")
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)


def _numbers(values: pd.Series | None, ids: pd.Index) -> pd.Series:
    if values is None:
        return pd.Series(np.nan, index=ids)
    return pd.to_numeric(values.reindex(ids), errors="coerce").astype(float)


def _weighted_mean(value: pd.Series, weight: pd.Series, group: pd.Series) -> pd.Series:
    """Per group: sum(w * v) / sum(w) over members with a value; plain mean where the weights sum to 0.

    Members without a value are left out; a missing weight counts as 0.
    """
    has = value.notna()
    w = weight.fillna(0.0).where(has, 0.0)
    weighted = (w * value.fillna(0.0)).groupby(group).sum() / w.groupby(group).sum()
    plain = value.groupby(group).mean()
    return weighted.where(w.groupby(group).sum() > 0, plain)


def propose_areas(areas: gpd.GeoDataFrame, score: pd.Series, selected: pd.Series, groups: pd.Series,
                  population: pd.Series, youth: pd.Series, uvas: pd.Series | None,
                  close_gaps_m: float = 0.0,
                  dissolved: DissolvedGeometries | None = None) -> gpd.GeoDataFrame:
    """One proposed area per contiguous group of selected areas.

    Parameters
    ----------
    areas : the level's areas with ``area_id``, ``name`` and geometry (EPSG:3006).
    score : need score per area (0-100, higher = greater need), indexed by area_id.
    selected : True for selected areas, indexed by area_id.
    groups : group label per area from `geo.contiguity.contiguous_groups` (-1 = not selected).
    population : total population per area.
    youth : young people per area (the package's youth band).
    uvas : UVAS (percent) per area, or None when the level has none.
    close_gaps_m : when > 0, close slivers narrower than twice this many metres inside each
        proposal's geometry (a buffer out and back in), so that members of coarse layers that
        touch only within the contiguity tolerance read as one shape. 0 keeps the plain union.
    dissolved : geometries already dissolved for this layer (`DissolvedGeometries`, one per package
        and level); a member set found there is not dissolved again, new ones are added. None
        dissolves every group.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per group, columns `PROPOSAL_COLUMNS`, EPSG of ``areas``:

        - ``proposal_id``: ``P1``, ``P2``, ... by ``mean_index`` descending (ties: the smallest
          member id first), so ids do not depend on group labels or row order;
        - ``name`` / ``name_en``: the name of the member with the highest score (ties: smallest id),
          plus " m.fl." / " et al." when there are more members;
        - ``members``: sorted list of member area ids; ``n_members``;
        - ``population``, ``youth``: sums over members (NaN only when no member has a count);
        - ``uvas``: youth-weighted mean UVAS, ``sum(youth * uvas) / sum(youth)`` over members that
          have UVAS (plain mean if their youth is 0), NaN when none has; ``n_with_uvas``;
        - ``mean_index``: population-weighted mean score, ``sum(pop * score) / sum(pop)`` over
          members with a score (plain mean if their population is 0);
        - ``geometry``: the union of the members, made valid.

    Raises
    ------
    ProposalInputError
        If a column is missing, a selected area has no group, or an area is in a group but not
        selected.
    """
    for column in (c.AREA_ID, c.NAME):
        if column not in areas.columns:
            raise ProposalInputError(
                f"areas has no column {column!r} (columns: {', '.join(map(str, areas.columns))})")
    ids = pd.Index(areas[c.AREA_ID].to_numpy(), name=c.AREA_ID)
    chosen = selected.reindex(ids).astype("boolean").fillna(False).to_numpy(dtype=bool)
    label = pd.to_numeric(groups.reindex(ids), errors="coerce").fillna(-1).astype(np.int64)
    grouped = label.to_numpy() >= 0
    if (chosen & ~grouped).any():
        missing = ids[chosen & ~grouped]
        raise ProposalInputError(
            f"selected areas without a group: {', '.join(map(str, missing[:10]))}; "
            "label them with contiguous_groups(areas, selected, graph)")
    if (grouped & ~chosen).any():
        extra = ids[grouped & ~chosen]
        raise ProposalInputError(
            f"areas in a group but not selected: {', '.join(map(str, extra[:10]))}; "
            "the groups were made for another selection")

    member_ids = ids[chosen]
    members = pd.DataFrame({
        c.AREA_ID: member_ids.astype(str),
        "group": label.to_numpy()[chosen],
        "score": _numbers(score, member_ids).to_numpy(),
        c.POPULATION: _numbers(population, member_ids).to_numpy(),
        YOUTH: _numbers(youth, member_ids).to_numpy(),
        UVAS: _numbers(uvas, member_ids).to_numpy(),
        c.NAME: areas[c.NAME].to_numpy()[chosen],
    })
    if members.empty:
        return _no_proposals(areas.crs)
    members[c.NAME] = members[c.NAME].where(members[c.NAME].notna(), members[c.AREA_ID]).astype(str)
    group = members["group"]

    by_group = members.groupby("group")
    lead = members.sort_values(["score", c.AREA_ID], ascending=[False, True],
                               na_position="last").groupby("group").head(1).set_index("group")
    n_members = by_group.size()
    several = n_members.reindex(lead.index) > 1
    table = pd.DataFrame({
        c.NAME: lead[c.NAME] + np.where(several, MORE_MEMBERS_SV, ""),
        NAME_EN: lead[c.NAME] + np.where(several, MORE_MEMBERS_EN, ""),
        MEMBERS: by_group[c.AREA_ID].agg(lambda s: sorted(s)),
        N_MEMBERS: n_members,
        c.POPULATION: by_group[c.POPULATION].sum(min_count=1),
        YOUTH: by_group[YOUTH].sum(min_count=1),
        UVAS: _weighted_mean(members[UVAS], members[YOUTH], group),
        N_WITH_UVAS: by_group[UVAS].count(),
        MEAN_INDEX: _weighted_mean(members["score"], members[c.POPULATION], group),
    })
    table["_first"] = table[MEMBERS].str[0]
    table = table.sort_values([MEAN_INDEX, "_first"], ascending=[False, True], na_position="last")

    geometry = gpd.GeoSeries(_dissolve(areas.geometry.to_numpy()[chosen], group.to_numpy(),
                                       table, close_gaps_m, dissolved), crs=areas.crs)

    out = table.drop(columns="_first").reset_index(drop=True)
    out.insert(0, PROPOSAL_ID, [f"P{i}" for i in range(1, len(out) + 1)])
    out[N_MEMBERS] = out[N_MEMBERS].astype(np.int64)
    out[N_WITH_UVAS] = out[N_WITH_UVAS].astype(np.int64)
    return gpd.GeoDataFrame(out, geometry=geometry.to_numpy(), crs=areas.crs)[list(PROPOSAL_COLUMNS)]


def _dissolve(geometries: np.ndarray, group: np.ndarray, table: pd.DataFrame, close_gaps_m: float,
              dissolved: DissolvedGeometries | None) -> np.ndarray:
    """The union of each group's members (in the order of ``table``'s index of groups), gaps closed
    when ``close_gaps_m`` > 0, made valid; taken from / added to ``dissolved`` by member set."""
    keys = [(tuple(members), float(close_gaps_m)) for members in table[MEMBERS]]
    out = np.empty(len(table), dtype=object)
    todo = []
    for i, key in enumerate(keys):
        found = dissolved.get(key) if dissolved is not None else None
        if found is None:
            todo.append(i)
        else:
            out[i] = found
    if todo:
        wanted = table.index.to_numpy()[todo]
        order = np.argsort(group, kind="stable")
        starts = np.searchsorted(group[order], wanted, side="left")
        ends = np.searchsorted(group[order], wanted, side="right")
        unions = np.array([shapely.union_all(geometries[order[a:b]]) for a, b in
                           zip(starts, ends, strict=True)], dtype=object)
        if close_gaps_m > 0:
            # quad_segs=16 as GeoSeries.buffer, which this replaced (shapely's default is 8)
            unions = shapely.buffer(shapely.buffer(unions, close_gaps_m, quad_segs=16),
                                    -close_gaps_m, quad_segs=16)
        unions = shapely.make_valid(unions)
        for i, geometry in zip(todo, unions, strict=True):
            out[i] = geometry
            if dissolved is not None:
                dissolved.put(keys[i], geometry)
    return out


def _no_proposals(crs: object) -> gpd.GeoDataFrame:
    """An empty proposal table with the usual columns and types."""
    types = {PROPOSAL_ID: "str", c.NAME: "str", NAME_EN: "str", MEMBERS: "object",
             N_MEMBERS: "int64", c.POPULATION: "float64", YOUTH: "float64", UVAS: "float64",
             N_WITH_UVAS: "int64", MEAN_INDEX: "float64"}
    table = pd.DataFrame({col: pd.Series([], dtype=dtype) for col, dtype in types.items()})
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries([], crs=crs), crs=crs)


def proposal_of_area(proposals: pd.DataFrame) -> pd.Series:
    """The proposal each member area belongs to: ``proposal_id`` indexed by ``area_id``."""
    exploded = proposals[[PROPOSAL_ID, MEMBERS]].explode(MEMBERS)
    return pd.Series(exploded[PROPOSAL_ID].to_numpy(),
                     index=pd.Index(exploded[MEMBERS].to_numpy(), name=c.AREA_ID), name=PROPOSAL_ID)


def proposals_geojson(proposals: gpd.GeoDataFrame) -> str:
    """Proposals as GeoJSON in WGS84 (EPSG:4326), ``members`` as a list of area ids per feature."""
    wgs84 = proposals.to_crs(4326)
    wgs84[MEMBERS] = wgs84[MEMBERS].map(lambda ids: [str(i) for i in ids])
    return wgs84.to_json(na="null", drop_id=True, ensure_ascii=False)


def proposals_csv(proposals: pd.DataFrame) -> str:
    """Proposals as CSV text without geometry; member ids joined by ``|``."""
    table = pd.DataFrame(proposals.drop(columns=c.GEOMETRY, errors="ignore"))
    table[MEMBERS] = table[MEMBERS].map(lambda ids: MEMBER_SEPARATOR.join(map(str, ids)))
    return table.to_csv(index=False, lineterminator="\n")
