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

import numpy as np

from indicators.index import (
    AGGREGATIONS,
    NORMALISATIONS,
)
from indicators.selection import (
    SelectionRule,
    parse_rule,
)
from model import columns as c
from model.registry import REGISTRY

DEFAULT_RULE = "top-decile"
SELECTED = c.SELECTED
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
