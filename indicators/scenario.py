"""A scenario: everything that decides a proposal (level, year, weights, methods, rule), evaluated.

A scenario is plain data so it can be saved, shared as a link (it round-trips through the URL query
string) and compared with another. `evaluate_scenario` runs the index, the selection rule and the
grouping into contiguous proposed areas on a data package, with no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from datapackage.store import DataPackage
from geo.contiguity import contiguous_groups
from indicators import columns as c
from indicators.index import (
    AGGREGATIONS,
    NORMALISATIONS,
    RANK,
    SCORE,
    composite_index,
    effective_weights,
)
from indicators.proposal import DissolvedGeometries, propose_areas
from indicators.registry import REGISTRY
from indicators.selection import (
    SelectionCoverage,
    SelectionRule,
    estimate_neet,
    parse_rule,
    select_areas,
    selection_coverage,
)

DEFAULT_RULE = "top-decile"
SELECTED = "selected"
PROPOSAL_ID = "proposal_id"


@dataclass(frozen=True)
class Scenario:
    """The choices behind one proposal. Weights are kept in registry order as (id, weight) pairs."""

    level: str
    year: int
    weights: tuple[tuple[str, float], ...]
    normalisation: str = "min_max"
    aggregation: str = "arithmetic"
    rule: str = DEFAULT_RULE
    name: str = ""

    def __post_init__(self) -> None:
        if self.normalisation not in NORMALISATIONS:
            raise ValueError(f"Unknown normalisation {self.normalisation!r}. "
                             f"Valid: {', '.join(NORMALISATIONS)}")
        if self.aggregation not in AGGREGATIONS:
            raise ValueError(f"Unknown aggregation {self.aggregation!r}. "
                             f"Valid: {', '.join(AGGREGATIONS)}")
        parse_rule(self.rule)  # raises SelectionRuleError listing the valid forms

    @property
    def weight_map(self) -> dict[str, float]:
        return dict(self.weights)

    @property
    def selection_rule(self) -> SelectionRule:
        return parse_rule(self.rule)

    def to_query(self) -> dict[str, str]:
        """URL query parameters that reproduce this scenario (see `scenario_from_query`)."""
        return {
            "level": self.level,
            "year": str(self.year),
            "w": ",".join(f"{ident}:{_number(w)}" for ident, w in self.weights),
            "norm": self.normalisation,
            "agg": self.aggregation,
            "rule": self.rule,
        }

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "level": self.level, "year": self.year,
                "weights": dict(self.weights), "normalisation": self.normalisation,
                "aggregation": self.aggregation, "rule": self.rule}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        return cls(level=str(data["level"]), year=int(data["year"]),
                   weights=tuple((str(k), float(v)) for k, v in dict(data["weights"]).items()),
                   normalisation=str(data.get("normalisation", "min_max")),
                   aggregation=str(data.get("aggregation", "arithmetic")),
                   rule=str(data.get("rule", DEFAULT_RULE)), name=str(data.get("name", "")))


def _number(value: float) -> str:
    return f"{value:g}"


def parse_weights(text: str, valid_ids: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """Weights from ``id:w,id:w`` (or ``id=w``) text, in ``valid_ids`` order; ids left out weigh 0.

    Raises ValueError naming the offending part and listing the valid ids.
    """
    found: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.replace("=", ":").partition(":")
        key = key.strip()
        if not sep or key not in valid_ids:
            raise ValueError(f"Cannot read the weight {part!r}. Write id:weight with an id among "
                             f"{', '.join(valid_ids)}")
        try:
            weight = float(value.strip().replace(",", "."))
        except ValueError:
            raise ValueError(f"The weight of {key!r} is not a number: {value!r}") from None
        if not np.isfinite(weight) or weight < 0:
            raise ValueError(f"The weight of {key!r} must be zero or positive, got {value!r}")
        found[key] = weight
    return tuple((ident, found.get(ident, 0.0)) for ident in valid_ids)


def equal_weights(index_ids: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """The preset "Lika vikter": every index indicator of the programme weighs the same.

    A package's own index indicators (e.g. access to playgrounds from OpenStreetMap, or survey
    answers) start at weight 0: adding them to a package never changes a proposal until an analyst
    weighs them in. When none of ``index_ids`` is built in, they all weigh the same.
    """
    programme = set(REGISTRY.index_ids)
    if not programme & set(index_ids):
        return tuple((ident, 1.0) for ident in index_ids)
    return tuple((ident, 1.0 if ident in programme else 0.0) for ident in index_ids)


@dataclass(frozen=True)
class LinkNote:
    """A part of a link that could not be used as it was: a ``code`` and its parameters (the page
    words it). Values quoted from the link are cut to `QUOTE_LIMIT` characters."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)


#: At most this many characters of a link's value are quoted back to a person.
QUOTE_LIMIT = 40


def quoted(value: object) -> str:
    text = str(value)
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT - 1] + "…"


def scenario_from_query(params: Mapping[str, str], default: Scenario,
                        index_ids: tuple[str, ...]) -> tuple[Scenario, list[LinkNote]]:
    """The scenario a URL describes, part by part falling back to ``default``.

    Returns the scenario and a `LinkNote` per part that could not be read (the page shows them, so a
    mangled link never fails silently): ``weights_unreadable``, ``year_not_a_year`` and
    ``part_unknown`` (an unknown method or rule; ``part`` and ``value``).
    """
    notes: list[LinkNote] = []
    values = default.to_dict()
    if "w" in params:
        try:
            values["weights"] = dict(parse_weights(params["w"], index_ids))
        except ValueError:
            notes.append(LinkNote("weights_unreadable", {"value": quoted(params["w"])}))
    for key, field_name in (("norm", "normalisation"), ("agg", "aggregation"), ("rule", "rule"),
                            ("level", "level")):
        if key in params:
            candidate = {**values, field_name: params[key]}
            try:
                Scenario.from_dict(candidate)
            except ValueError:
                notes.append(LinkNote("part_unknown", {"part": key, "value": quoted(params[key])}))
                continue
            values = candidate
    if "year" in params:
        year = str(params["year"])
        if len(year) == 4 and year.isdigit():
            values["year"] = int(year)
        else:
            notes.append(LinkNote("year_not_a_year", {"value": quoted(year)}))
    return Scenario.from_dict(values), notes


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
