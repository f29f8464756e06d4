"""Blev det skillnad? Effect estimates against comparison areas, and an evaluation plan before funding.

* `estimate_effect` – the effect of an effort on an indicator in its areas, treated minus
  counterfactual, by synthetic control (`synthetic`, with placebo-in-space inference) or by
  difference-in-differences (`did`, stacked, with clustered standard errors and a pre-trends check);
  staggered starts are handled in event time. Too little data gives a `Refusal` instead.
* `minimum_detectable_effect` – for a proposal not yet started, the smallest effect a follow-up can
  see at 2030 and 2035.

The modules: `panel` (checks and the panel), `results` (what is returned), `synthetic`, `did`,
`power`. Everything returns numbers and codes; the UI words them. Never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from indicators.effects.did import difference_in_differences
from indicators.effects.panel import (
    CLEAR_DECREASE,
    CLEAR_INCREASE,
    MIN_COMPARISON_AREAS,
    MIN_PRE_YEARS,
    NO_CLEAR_DIFFERENCE,
    REFUSAL_CODES,
    STATUSES,
    EffectInputError,
    Refusal,
    build_panel,
    effect_status,
)
from indicators.effects.power import CHECKPOINTS, EvaluationPlan, minimum_detectable_effect
from indicators.effects.results import (
    DID,
    METHOD_IDS,
    SYNTHETIC,
    DidDiagnostics,
    EffectEstimate,
    SyntheticDiagnostics,
    YearEffect,
)
from indicators.effects.synthetic import synthetic_control

#: Estimator name -> function, in the order the UI offers them.
METHODS: dict[str, Callable[..., EffectEstimate | Refusal]] = {
    SYNTHETIC: synthetic_control,
    DID: difference_in_differences,
}


def estimate_effect(table: pd.DataFrame, level: str, indicator: str, starts: Mapping[str, int],
                    method: str = SYNTHETIC, **params: Any) -> EffectEstimate | Refusal:
    """The effect on the treated areas by the named method (see `METHODS`).

    ``params`` go to the method (e.g. ``weights``, ``alpha``, ``seed`` for synthetic control).
    `EffectInputError` lists the valid names for an unknown method.
    """
    try:
        estimator = METHODS[method]
    except KeyError:
        raise EffectInputError("method", f"Unknown method {method!r}. Valid methods: "
                               f"{', '.join(METHODS)}", method=method, valid=tuple(METHODS)) from None
    return estimator(table, level, indicator, starts, **params)


__all__ = [
    "CHECKPOINTS", "CLEAR_DECREASE", "CLEAR_INCREASE", "DID", "METHODS", "METHOD_IDS",
    "MIN_COMPARISON_AREAS", "MIN_PRE_YEARS", "NO_CLEAR_DIFFERENCE", "REFUSAL_CODES", "STATUSES",
    "SYNTHETIC", "DidDiagnostics", "EffectEstimate", "EffectInputError", "EvaluationPlan", "Refusal",
    "SyntheticDiagnostics", "YearEffect", "build_panel", "difference_in_differences",
    "effect_status", "estimate_effect", "minimum_detectable_effect", "synthetic_control",
]
