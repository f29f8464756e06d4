"""Selection rules: which areas to propose for kraftsamlande insatser, given each area's need score.

A rule is written as short text, the same on the command line and in the URL:

=================  ==================================================================================
``top-n:N``        the N areas with the greatest need (N a whole number >= 1)
``top-decile``     the tenth of the scored areas with the greatest need: ceil(n / 10) areas
``threshold:S``    every area with a score of at least S (an index score, 0-100)
``cover-youth:P``  the smallest set of highest-scoring areas that together are home to at least P % of
                   the city's young people (0 < P <= 100)
``cover-neet:P``   the same for young people neither working nor studying, estimated per area as
                   youth x UVAS / 100 (see `estimate_neet`)
=================  ==================================================================================

Every rule comes down to a cut-off score: an area is selected exactly when its score is at least the
cut-off (`cutoff_score`). Consequences, on purpose:

* **ties at the boundary are all included** -- ``top-n:10`` selects more than 10 areas when the 10th
  and 11th score the same, and a cover rule may overshoot its share for the same reason. No area is
  ever left out for sharing a score with a selected one, and the result never depends on row order;
* areas without a score (NaN) are never selected;
* for the cover rules the city's total is taken over every area passed in, scored or not: when areas
  without a score hold young people, a high P can be out of reach and then every scored area is
  selected (`selection_coverage` tells how much was covered).

Pure functions: inputs are never modified. Never imports streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

#: Relative slack when comparing a cumulative share with its target, so that exactly 50 % of young
#: people counts as reaching 50 % despite floating-point sums.
_COVER_RTOL = 1e-9


class SelectionRuleError(ValueError):
    """A selection rule that cannot be read or has an invalid parameter; lists the valid forms."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem}. Valid forms: {valid_forms()}")


class SelectionInputError(ValueError):
    """A rule cannot be applied to the data given (e.g. a cover rule without youth counts)."""


@dataclass(frozen=True)
class RuleKind:
    """One kind of selection rule.

    Attributes
    ----------
    name : the text before the colon, e.g. ``top-n``.
    parameter : what follows the colon, e.g. ``N``; empty when the rule takes no parameter.
    help_en : what the parameter must be.
    """

    name: str
    parameter: str
    help_en: str

    @property
    def form(self) -> str:
        return f"{self.name}:{self.parameter}" if self.parameter else self.name


TOP_N = "top-n"
TOP_DECILE = "top-decile"
THRESHOLD = "threshold"
COVER_YOUTH = "cover-youth"
COVER_NEET = "cover-neet"

#: Rule kinds by name, in the order the UI offers them.
RULE_KINDS: dict[str, RuleKind] = {
    TOP_N: RuleKind(TOP_N, "N", "N a whole number >= 1"),
    TOP_DECILE: RuleKind(TOP_DECILE, "", ""),
    THRESHOLD: RuleKind(THRESHOLD, "S", "S an index score from 0 to 100"),
    COVER_YOUTH: RuleKind(COVER_YOUTH, "P", "P a percentage, 0 < P <= 100"),
    COVER_NEET: RuleKind(COVER_NEET, "P", "P a percentage, 0 < P <= 100"),
}


def valid_forms() -> str:
    """The valid rule forms, for error messages and help texts."""
    return "; ".join(f"{k.form} ({k.help_en})" if k.help_en else k.form for k in RULE_KINDS.values())


def _check_parameter(kind: str, parameter: object) -> int | float | None:
    """The parameter in its canonical type (int for top-n, float otherwise), or SelectionRuleError."""
    spec = RULE_KINDS[kind]
    if not spec.parameter:
        if parameter is not None:
            raise SelectionRuleError(f"{kind} takes no parameter, got {parameter!r}")
        return None
    if isinstance(parameter, bool) or not isinstance(parameter, (int, float, np.integer, np.floating)):
        raise SelectionRuleError(f"{kind} needs {spec.help_en}, got {parameter!r}")
    value = float(parameter)
    if kind == TOP_N:
        if not (math.isfinite(value) and value.is_integer() and value >= 1):
            raise SelectionRuleError(f"{kind} needs {spec.help_en}, got {parameter!r}")
        return int(value)
    if kind == THRESHOLD:
        ok = math.isfinite(value) and 0 <= value <= 100
    else:
        ok = math.isfinite(value) and 0 < value <= 100
    if not ok:
        raise SelectionRuleError(f"{kind} needs {spec.help_en}, got {parameter!r}")
    return value


@dataclass(frozen=True)
class SelectionRule:
    """A selection rule: its kind (a key of `RULE_KINDS`) and its parameter.

    The parameter is an int for ``top-n``, a float for ``threshold`` (score) and the cover rules
    (percent), None for ``top-decile``. Invalid combinations raise `SelectionRuleError`.
    """

    kind: str
    parameter: int | float | None = None

    def __post_init__(self) -> None:
        if self.kind not in RULE_KINDS:
            raise SelectionRuleError(f"Unknown selection rule {self.kind!r}")
        object.__setattr__(self, "parameter", _check_parameter(self.kind, self.parameter))

    def to_text(self) -> str:
        """The rule as text, e.g. ``top-n:10``; `parse_rule` reads it back to an equal rule."""
        if self.parameter is None:
            return self.kind
        return f"{self.kind}:{_number_text(self.parameter)}"


def _number_text(value: float, decimal: str = ".") -> str:
    """Shortest exact text of a number: ``10`` rather than ``10.0``, ``62.5``."""
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", decimal)


def parse_rule(text: str) -> SelectionRule:
    """Read a rule from its text form (see the module docstring).

    Case and surrounding spaces are ignored; a decimal comma is accepted (``threshold:62,5``).

    Raises
    ------
    SelectionRuleError
        For an unknown rule or an invalid parameter, e.g. ``top-n:abc`` or ``top-n:-3``; the message
        lists the valid forms.
    """
    if not isinstance(text, str):
        raise SelectionRuleError(f"A selection rule must be text, got {text!r}")
    name, colon, raw = text.strip().lower().partition(":")
    name, raw = name.strip(), raw.strip()
    if name not in RULE_KINDS:
        raise SelectionRuleError(f"Unknown selection rule {text!r}")
    spec = RULE_KINDS[name]
    if not spec.parameter:
        if colon:
            raise SelectionRuleError(f"{name} takes no parameter, got {text!r}")
        return SelectionRule(name)
    if not raw:
        raise SelectionRuleError(f"{name} needs a parameter ({spec.form}, {spec.help_en}), got {text!r}")
    try:
        value: int | float = int(raw) if name == TOP_N else float(raw.replace(",", "."))
    except ValueError:
        raise SelectionRuleError(f"{name} needs {spec.help_en}, got {raw!r}") from None
    return SelectionRule(name, value)


# --- describing a rule ----------------------------------------------------------------------------

def _describe_top_n(n: int, lang: str) -> str:
    if lang == "sv":
        return "Området med störst behov" if n == 1 else f"De {n} områden med störst behov"
    return "The area with the greatest need" if n == 1 else f"The {n} areas with the greatest need"


def _describe_top_decile(_: None, lang: str) -> str:
    if lang == "sv":
        return "Den tiondel av områdena som har störst behov"
    return "The tenth of the areas with the greatest need"


def _describe_threshold(s: float, lang: str) -> str:
    if lang == "sv":
        return f"Områden med ett indexvärde på minst {_number_text(s, ',')}"
    return f"Areas with an index score of at least {_number_text(s)}"


def _describe_cover_youth(p: float, lang: str) -> str:
    if lang == "sv":
        return (f"De områden med störst behov där tillsammans minst {_number_text(p, ',')} % av "
                "stadens unga bor")
    return (f"The areas with the greatest need that together are home to at least {_number_text(p)} % "
            "of the city's young people")


def _describe_cover_neet(p: float, lang: str) -> str:
    if lang == "sv":
        return (f"De områden med störst behov där tillsammans minst {_number_text(p, ',')} % av "
                "stadens unga som varken arbetar eller studerar bor (uppskattat)")
    return (f"The areas with the greatest need that together are home to at least {_number_text(p)} % "
            "of the city's young people neither working nor studying (estimated)")


_DESCRIPTIONS: dict[str, Callable[[object, str], str]] = {
    TOP_N: _describe_top_n,
    TOP_DECILE: _describe_top_decile,
    THRESHOLD: _describe_threshold,
    COVER_YOUTH: _describe_cover_youth,
    COVER_NEET: _describe_cover_neet,
}

LANGUAGES = ("sv", "en")


def describe(rule: SelectionRule, lang: str = "sv") -> str:
    """A sentence saying what the rule selects, in Swedish (``sv``) or English (``en``).

    >>> describe(parse_rule("top-n:10"), "sv")
    'De 10 områden med störst behov'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown language {lang!r}. Valid: {', '.join(LANGUAGES)}")
    return _DESCRIPTIONS[rule.kind](rule.parameter, lang)


# --- applying a rule ------------------------------------------------------------------------------

def _top_count_cutoff(score: pd.Series, n: int) -> float:
    """Score of the n-th highest scored area (the lowest score when fewer areas have one)."""
    values = np.sort(score.dropna().to_numpy(dtype=float))[::-1]
    if len(values) == 0:
        return math.inf
    return float(values[min(n, len(values)) - 1])


def _cover_cutoff(score: pd.Series, weight: pd.Series, percent: float, what: str) -> float:
    """Highest cut-off whose areas together hold at least ``percent`` % of ``weight``'s total."""
    total = float(weight.sum())
    if total <= 0:
        raise SelectionInputError(
            f"cannot cover {_number_text(percent)} % of {what}: the areas hold none "
            f"(total {what} is 0)")
    scored = score.notna()
    if not scored.any():
        return math.inf
    # Sum the weights of tied scores first, so that tied areas enter or stay out together.
    by_score = weight[scored].groupby(score[scored]).sum().sort_index(ascending=False)
    reached = by_score.cumsum().to_numpy() >= percent / 100 * total * (1 - _COVER_RTOL)
    if not reached.any():
        return float(by_score.index[-1])  # out of reach: every scored area
    return float(by_score.index[np.argmax(reached)])


def _weights(score: pd.Series, weight: pd.Series | None, kind: str, percent: float, what: str,
             argument: str) -> pd.Series:
    if weight is None:
        raise SelectionInputError(
            f"the rule {kind}:{_number_text(percent)} needs the number of {what} per area; "
            f"pass {argument}=")
    aligned = pd.to_numeric(weight.reindex(score.index), errors="coerce").astype(float).fillna(0.0)
    if (aligned < 0).any():
        negative = aligned.index[aligned < 0]
        raise SelectionInputError(
            f"{argument} has negative values for {', '.join(map(str, negative[:10]))}")
    return aligned


def _cutoff_top_n(score: pd.Series, n: int, youth: pd.Series | None,
                  neet: pd.Series | None) -> float:
    return _top_count_cutoff(score, n)


def _cutoff_top_decile(score: pd.Series, _: None, youth: pd.Series | None,
                       neet: pd.Series | None) -> float:
    return _top_count_cutoff(score, max(1, math.ceil(score.notna().sum() / 10)))


def _cutoff_threshold(score: pd.Series, s: float, youth: pd.Series | None,
                      neet: pd.Series | None) -> float:
    return float(s)


def _cutoff_cover_youth(score: pd.Series, p: float, youth: pd.Series | None,
                        neet: pd.Series | None) -> float:
    what = "young people"
    return _cover_cutoff(score, _weights(score, youth, COVER_YOUTH, p, what, "youth"), p, what)


def _cutoff_cover_neet(score: pd.Series, p: float, youth: pd.Series | None,
                       neet: pd.Series | None) -> float:
    what = "young people neither working nor studying"
    return _cover_cutoff(score, _weights(score, neet, COVER_NEET, p, what, "neet"), p, what)


#: Rule kind -> function(score, parameter, youth, neet) returning the cut-off score.
_CUTOFFS: dict[str, Callable[[pd.Series, Any, pd.Series | None, pd.Series | None], float]] = {
    TOP_N: _cutoff_top_n,
    TOP_DECILE: _cutoff_top_decile,
    THRESHOLD: _cutoff_threshold,
    COVER_YOUTH: _cutoff_cover_youth,
    COVER_NEET: _cutoff_cover_neet,
}


def cutoff_score(score: pd.Series, rule: SelectionRule, youth: pd.Series | None = None,
                 neet: pd.Series | None = None) -> float:
    """The lowest score a selected area has under ``rule``.

    Parameters
    ----------
    score : need score per area (0-100, higher = greater need), indexed by area_id; NaN = no score.
    rule : the selection rule.
    youth : young people per area (needed by ``cover-youth``); missing areas and NaN count as 0.
    neet : estimated young people neither working nor studying per area (needed by ``cover-neet``;
        see `estimate_neet`); missing areas and NaN count as 0.

    Returns
    -------
    float
        Areas with ``score >= cutoff`` are selected; ``inf`` when no area has a score.

    Raises
    ------
    SelectionInputError
        When a cover rule gets no counts, or counts that are negative or sum to 0.
    """
    values = pd.to_numeric(score, errors="coerce").astype(float)
    return _CUTOFFS[rule.kind](values, rule.parameter, youth, neet)


def select_areas(score: pd.Series, rule: SelectionRule, youth: pd.Series | None = None,
                 neet: pd.Series | None = None) -> pd.Series:
    """Which areas a rule selects.

    Parameters
    ----------
    score : need score per area (0-100, higher = greater need), indexed by area_id; NaN = no score.
    rule : the selection rule (see `parse_rule`).
    youth, neet : counts per area for the cover rules, as in `cutoff_score`.

    Returns
    -------
    pandas.Series
        Boolean, same index as ``score``: True for ``score >= cutoff_score(...)``. NaN scores are
        never selected; every area tied with the boundary score is selected.
    """
    cutoff = cutoff_score(score, rule, youth, neet)
    values = pd.to_numeric(score, errors="coerce").astype(float)
    selected = (values >= cutoff).fillna(False).astype(bool)
    return pd.Series(selected.to_numpy(), index=score.index, name="selected")


# --- young people outside work and study, and what a selection covers ------------------------------

@dataclass(frozen=True)
class NeetEstimate:
    """Estimated young people neither working nor studying per area, and what the estimate lacks.

    Attributes
    ----------
    neet : youth x UVAS / 100 per area (persons); 0 where UVAS or youth is unknown.
    areas_without_uvas : area ids without a UVAS value (they count as 0).
    youth_without_uvas : young people living in those areas.
    youth_total : young people in all areas.
    """

    neet: pd.Series
    areas_without_uvas: tuple[str, ...]
    youth_without_uvas: float
    youth_total: float

    @property
    def share_youth_without_uvas(self) -> float:
        """Share (0-1) of young people in areas without UVAS; NaN when there are none at all."""
        return self.youth_without_uvas / self.youth_total if self.youth_total > 0 else math.nan


def estimate_neet(youth: pd.Series, uvas: pd.Series | None) -> NeetEstimate:
    """Young people neither working nor studying per area, estimated as youth x UVAS / 100.

    UVAS is a percentage (0-100) of the age band the source publishes, which need not be the youth band
    counted in ``youth`` (in the real Malmö package UVAS is ages 20-25 and youth 15-24); the product is
    an estimate to rank coverage by, not a count.

    Parameters
    ----------
    youth : young people per area, indexed by area_id (NaN counts as 0).
    uvas : UVAS (percent) per area; areas it lacks, or where it is NaN, contribute 0 and are listed.
        None means no area has UVAS.
    """
    people = pd.to_numeric(youth, errors="coerce").astype(float).fillna(0.0)
    if uvas is None:
        share = pd.Series(np.nan, index=people.index)
    else:
        share = pd.to_numeric(uvas.reindex(people.index), errors="coerce").astype(float)
    known = share.notna()
    neet = (people * share / 100).where(known, 0.0).rename("neet")
    return NeetEstimate(
        neet=neet,
        areas_without_uvas=tuple(str(i) for i in people.index[~known]),
        youth_without_uvas=float(people[~known].sum()),
        youth_total=float(people.sum()),
    )


@dataclass(frozen=True)
class SelectionCoverage:
    """What a selection covers. Shares are 0-1; NaN when the city total is 0 or unknown."""

    n_areas: int
    youth: float
    youth_share: float
    neet: float
    neet_share: float


def selection_coverage(selected: pd.Series, youth: pd.Series | None = None,
                       neet: pd.Series | None = None) -> SelectionCoverage:
    """How many areas, young people and (estimated) young people outside work and study are selected.

    Totals are over every area in ``selected``; counts are aligned on its index (missing = 0).
    """
    chosen = selected.astype("boolean").fillna(False).to_numpy(dtype=bool)

    def covered(counts: pd.Series | None) -> tuple[float, float]:
        if counts is None:
            return math.nan, math.nan
        values = pd.to_numeric(counts.reindex(selected.index), errors="coerce").astype(float).fillna(0)
        total = float(values.sum())
        part = float(values[chosen].sum())
        return part, (part / total if total > 0 else math.nan)

    youth_part, youth_share = covered(youth)
    neet_part, neet_share = covered(neet)
    return SelectionCoverage(int(chosen.sum()), youth_part, youth_share, neet_part, neet_share)
