"""A scenario evaluated on a data package: inputs per area, the index, ranks, the proposal and
its coverage (the service pages, the CLI and reports call)."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from datapackage.store import DataPackage
from geo.contiguity import contiguous_groups
from indicators.index import (
    RANK,
    SCORE,
    composite_index,
    effective_weights,
)
from indicators.proposal import DissolvedGeometries, propose_areas
from indicators.scenario import PROPOSAL_ID, SELECTED, Scenario
from indicators.selection import (
    SelectionCoverage,
    estimate_neet,
    select_areas,
    selection_coverage,
)
from model import columns as c


@dataclass(frozen=True)
class ScenarioResult:
    """What a scenario proposes on a package.

    Attributes
    ----------
    index : `composite_index` output plus ``name`` and ``selected`` and ``proposal_id`` per area.
    proposals : one row per contiguous proposed area (EPSG:3006), see `propose_areas`.
    coverage : how many young people (and NEET) the selection covers.
    weighted_ids : the indicators with a weight above zero.
    missing_ids : weighted indicators with no value at all at this level and year.
    """

    scenario: Scenario
    index: pd.DataFrame
    proposals: gpd.GeoDataFrame
    coverage: SelectionCoverage
    weighted_ids: tuple[str, ...]
    missing_ids: tuple[str, ...] = field(default_factory=tuple)

    @property
    def present_ids(self) -> tuple[str, ...]:
        """Weighted indicators that have values at this level and year: what the index is made of."""
        return tuple(i for i in self.weighted_ids if i not in self.missing_ids)

    @property
    def effective_weights(self) -> pd.Series:
        """Each present indicator's share of the index (sums to 1); absent ones have none."""
        return effective_weights(self.scenario.weight_map, self.present_ids)


def area_inputs(package: DataPackage, level: str, year: int,
                indicator_ids: tuple[str, ...]) -> pd.DataFrame:
    """Raw values (areas × indicators), plus population, youth and UVAS columns, for one level/year."""
    areas = package.areas_at(level)
    ids = pd.Index(areas[c.AREA_ID].astype(str), name=c.AREA_ID)
    t = package.indicators
    rows = t[(t[c.LEVEL] == level) & (t[c.YEAR] == year)]
    wide = rows.pivot_table(index=c.AREA_ID, columns=c.INDICATOR, values=c.VALUE, aggfunc="first")
    values = wide.reindex(index=ids, columns=list(dict.fromkeys([*indicator_ids, "uvas"])))
    population = package.population_at(level, year).reindex(ids)
    youth_group = package.manifest.youth_age_group
    values[c.POPULATION] = population.get(c.AGE_TOTAL, pd.Series(np.nan, index=ids))
    values["youth"] = population.get(youth_group, pd.Series(np.nan, index=ids))
    return values.astype(float)


def evaluate_scenario(package: DataPackage, scenario: Scenario, graph=None,
                      dissolved: DissolvedGeometries | None = None) -> ScenarioResult:
    """Index, selection and contiguous proposed areas for ``scenario`` on ``package``.

    ``graph`` is the level's contiguity (`geo.contiguity.contiguity_adjacency` or
    `contiguity_graph`); pass a cached one, building it is the slowest step on large layers.
    ``dissolved`` keeps the proposals' geometries per member set for the scenario's level (see
    `indicators.proposal.DissolvedGeometries`); one per package and level.
    """
    registry = package.registry
    weights = {k: w for k, w in scenario.weights if k in registry}
    ids = tuple(weights)
    inputs = area_inputs(package, scenario.level, scenario.year, ids)
    directions = {ident: registry.get(ident).direction for ident in ids}
    city = {ident: package.city_value(scenario.year, ident) for ident in ids}
    index = composite_index(inputs[list(ids)], directions, weights, scenario.normalisation,
                            scenario.aggregation, city_values=city)
    rule = scenario.selection_rule
    neet = estimate_neet(inputs["youth"], inputs["uvas"]).neet
    selected = select_areas(index[SCORE], rule, youth=inputs["youth"], neet=neet)
    areas = package.areas_at(scenario.level)
    groups = contiguous_groups(areas, selected, graph=graph)
    proposals = propose_areas(areas, index[SCORE], selected, groups, inputs[c.POPULATION],
                              inputs["youth"], inputs["uvas"], dissolved=dissolved)
    names = areas.set_index(c.AREA_ID)[c.NAME]
    index = index.assign(**{c.NAME: names.reindex(index.index), SELECTED: selected,
                            "uvas": inputs["uvas"], "youth": inputs["youth"]})
    member_of = {m: pid for pid, members in zip(proposals[PROPOSAL_ID], proposals["members"],
                                                strict=True) for m in members}
    index[PROPOSAL_ID] = index.index.map(member_of)
    weighted = tuple(k for k, w in weights.items() if w > 0)
    missing = tuple(k for k in weighted if inputs[k].notna().sum() == 0)
    coverage = selection_coverage(selected, youth=inputs["youth"], neet=neet)
    return ScenarioResult(scenario, index, proposals, coverage, weighted, missing)


def compare_scenarios(a: ScenarioResult, b: ScenarioResult) -> pd.DataFrame:
    """Per area: rank in A and B, rank shift (positive = greater need in B), and whether it enters or
    leaves the proposal ("enters", "leaves", "stays", "outside")."""
    ids = a.index.index.union(b.index.index)
    in_a = a.index[SELECTED].reindex(ids, fill_value=False).astype(bool)
    in_b = b.index[SELECTED].reindex(ids, fill_value=False).astype(bool)
    status = np.select([in_a & in_b, ~in_a & in_b, in_a & ~in_b], ["stays", "enters", "leaves"],
                       default="outside")
    rank_a = a.index[RANK].reindex(ids)
    rank_b = b.index[RANK].reindex(ids)
    names = a.index[c.NAME].combine_first(b.index[c.NAME]).reindex(ids)
    return pd.DataFrame({c.NAME: names, "rank_a": rank_a, "rank_b": rank_b,
                         "rank_shift": rank_a - rank_b, "status": status}, index=ids)
