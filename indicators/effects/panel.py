"""The panel an effect estimate works on: treated areas with their start years, comparison areas, and
one complete yearly series per area.

`build_panel` checks the request first and returns a `Refusal` (a code with parameters, no words)
when the data cannot carry an estimate:

=============================  ==================================================================
code                           when (params)
=============================  ==================================================================
``unknown_level``              no rows at the level (``level``, ``valid``)
``unknown_indicator``          no rows for the indicator at the level (``indicator``, ``level``,
                               ``valid``)
``unknown_areas``              treated ids not found at the level (``ids``)
``no_post_years``              no treated area starts on or before the last year with data
                               (``start``, ``last_year``)
``too_few_pre_years``          a start has fewer than ``min_pre_years`` years of data before it
                               (``start``, ``pre_years``, ``minimum``)
``no_complete_series``         no started treated area has a value in every year (``ids``)
``too_few_comparison_areas``   fewer than ``min_comparison`` untreated areas with a value in every
                               year (``n``, ``minimum``)
=============================  ==================================================================

Minimums, and why
-----------------
* **3 years before the start** (`MIN_PRE_YEARS`): two points always lie on a line, so a pre-trend can
  only be checked, and a synthetic control only be validated out of sample (leave one year out), from
  three years on.
* **10 comparison areas** (`MIN_COMPARISON_AREAS`): placebo inference ranks the treated group among
  placebos drawn from the comparison areas and clustered standard errors need clusters; with fewer
  than ten comparison areas neither says anything useful. Synthetic control needs, in addition, room
  for a placebo group of the treated group's size plus `MIN_PLACEBO_DONORS` donors
  (see `indicators.effects.synthetic`).

Areas without a value in every year of the indicator at the level (suppressed cells, areas that did
not exist yet) are left out of both groups and listed in ``excluded``; nothing is imputed. Treated
areas whose start lies after the last year with data are listed in ``not_started`` and left out too:
they are neither treated nor clean comparisons yet.

Pure: DataFrames and plain values in, new objects out; never imports streamlit.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model import columns as c

MIN_PRE_YEARS = 3
MIN_COMPARISON_AREAS = 10

UNKNOWN_LEVEL = "unknown_level"
UNKNOWN_INDICATOR = "unknown_indicator"
UNKNOWN_AREAS = "unknown_areas"
NO_POST_YEARS = "no_post_years"
TOO_FEW_PRE_YEARS = "too_few_pre_years"
NO_COMPLETE_SERIES = "no_complete_series"
TOO_FEW_COMPARISON_AREAS = "too_few_comparison_areas"
NO_NOISE_ESTIMATE = "no_noise_estimate"
#: Every refusal code an effect estimate or an evaluation plan can return.
REFUSAL_CODES = (UNKNOWN_LEVEL, UNKNOWN_INDICATOR, UNKNOWN_AREAS, NO_POST_YEARS, TOO_FEW_PRE_YEARS,
                 NO_COMPLETE_SERIES, TOO_FEW_COMPARISON_AREAS, NO_NOISE_ESTIMATE)

#: How values of a group of areas are combined in a year (see `EffectPanel.aggregate`).
AGGREGATE_SUMS = "sums"
AGGREGATE_WEIGHTED = "weighted"
AGGREGATE_MEAN = "mean"


class EffectInputError(ValueError):
    """A malformed request (a missing column, a parameter out of range, an unknown method).

    ``code`` and ``params`` say what is wrong for callers that word it themselves; the message is
    for developers.
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(message)


@dataclass(frozen=True)
class Refusal:
    """Too little data for an estimate: a code from `REFUSAL_CODES` and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Cohort:
    """Treated areas that start in the same year.

    Attributes
    ----------
    start : the first year of the effort (year 0 of "years since start").
    area_ids : the cohort's areas (those with a complete series).
    weight : the cohort's size: the summed mean denominators of its areas when the panel has counts,
        else their summed weights, else the number of areas. Cohort effects are averaged with it.
    """

    start: int
    area_ids: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class EffectPanel:
    """Complete yearly series of the treated and comparison areas of one indicator at one level.

    Attributes
    ----------
    indicator, level : what and where.
    years : every year the indicator has at the level, ascending.
    values : areas (index ``area_id``) × years, no missing values; the treated areas then the
        comparison areas.
    numerators, denominators : the counts behind ``values`` in the same shape, or None unless every
        area in ``values`` has both in every year.
    area_weights : per area: its mean denominator (with counts), else the weight given, else 1.
    cohorts : the treated areas by start year, ascending.
    comparison : untreated areas with a complete series (never started within the data).
    excluded : areas left out because they lack a value in some year.
    not_started : treated areas whose start lies after the last year.
    """

    indicator: str
    level: str
    years: tuple[int, ...]
    values: pd.DataFrame
    numerators: pd.DataFrame | None
    denominators: pd.DataFrame | None
    area_weights: pd.Series
    cohorts: tuple[Cohort, ...]
    comparison: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    not_started: tuple[str, ...] = ()

    @property
    def treated(self) -> tuple[str, ...]:
        return tuple(a for cohort in self.cohorts for a in cohort.area_ids)

    @property
    def starts(self) -> dict[str, int]:
        return {a: cohort.start for cohort in self.cohorts for a in cohort.area_ids}

    @property
    def staggered(self) -> bool:
        return len(self.cohorts) > 1

    @property
    def aggregation(self) -> str:
        """`AGGREGATE_SUMS` with counts, `AGGREGATE_WEIGHTED` with weights, else `AGGREGATE_MEAN`."""
        if self.numerators is not None:
            return AGGREGATE_SUMS
        return AGGREGATE_WEIGHTED if self.area_weights.nunique() > 1 else AGGREGATE_MEAN

    def pre_years(self, start: int) -> tuple[int, ...]:
        return tuple(y for y in self.years if y < start)

    def post_years(self, start: int) -> tuple[int, ...]:
        return tuple(y for y in self.years if y >= start)

    def aggregate(self, area_ids: Iterable[str]) -> np.ndarray:
        """The group's value per year (in the order of ``years``).

        With counts :math:`100 \\sum_i n_{it} / \\sum_i d_{it}` (a denominator-weighted mean), else
        :math:`\\sum_i w_i v_{it} / \\sum_i w_i` with the area weights (a plain mean when they are
        all 1).
        """
        ids = list(area_ids)
        if self.numerators is not None and self.denominators is not None:
            num = self.numerators.loc[ids].to_numpy().sum(axis=0)
            den = self.denominators.loc[ids].to_numpy().sum(axis=0)
            return 100.0 * num / den
        w = self.area_weights.loc[ids].to_numpy()
        return w @ self.values.loc[ids].to_numpy() / w.sum()

    def aggregate_many(self, groups: np.ndarray) -> np.ndarray:
        """`aggregate` for many groups at once: ``groups`` is (groups × members) of row positions in
        ``values``; returns (groups × years)."""
        if self.numerators is not None and self.denominators is not None:
            num = self.numerators.to_numpy()[groups].sum(axis=1)
            den = self.denominators.to_numpy()[groups].sum(axis=1)
            return 100.0 * num / den
        w = self.area_weights.to_numpy()[groups]  # (groups, members)
        v = self.values.to_numpy()[groups]  # (groups, members, years)
        return np.einsum("gm,gmy->gy", w, v) / w.sum(axis=1, keepdims=True)


def effect_status(ci_low: float, ci_high: float) -> str:
    """``clear_decrease`` when the whole interval lies below zero, ``clear_increase`` when above,
    else ``no_clear_difference`` (also when the interval is not finite)."""
    if np.isfinite(ci_high) and ci_high < 0:
        return CLEAR_DECREASE
    if np.isfinite(ci_low) and ci_low > 0:
        return CLEAR_INCREASE
    return NO_CLEAR_DIFFERENCE


CLEAR_DECREASE = "clear_decrease"
NO_CLEAR_DIFFERENCE = "no_clear_difference"
CLEAR_INCREASE = "clear_increase"
#: The plain statuses, from a 95 % interval below, around or above zero.
STATUSES = (CLEAR_DECREASE, NO_CLEAR_DIFFERENCE, CLEAR_INCREASE)


def check_table(table: pd.DataFrame) -> None:
    """Raise `EffectInputError` naming the columns the tidy indicator table lacks."""
    required = (c.AREA_ID, c.LEVEL, c.YEAR, c.INDICATOR, c.VALUE)
    missing = [col for col in required if col not in table.columns]
    if missing:
        raise EffectInputError("missing_columns",
                               f"The indicator table lacks column(s): {', '.join(missing)}",
                               columns=tuple(missing))


def check_starts(starts: Mapping[str, int]) -> dict[str, int]:
    """The treated areas' start years as ``{str: int}``; `EffectInputError` when empty or not years."""
    if not isinstance(starts, Mapping) or not starts:
        raise EffectInputError("starts", "starts must map at least one area id to a start year")
    out = {}
    for area, year in starts.items():
        whole = isinstance(year, numbers.Integral) or (
            isinstance(year, numbers.Real) and float(year).is_integer())
        if isinstance(year, bool) or not whole:
            raise EffectInputError("starts", f"start year {year!r} of area {area!r} is not a year",
                                   area=str(area))
        out[str(area)] = int(year)
    return out


def series_rows(table: pd.DataFrame, level: str, indicator: str) -> pd.DataFrame | Refusal:
    """The indicator's published rows at the level (suppressed and empty values dropped)."""
    check_table(table)
    at_level = table[table[c.LEVEL] == level]
    if at_level.empty:
        return Refusal(UNKNOWN_LEVEL, {"level": level, "valid": tuple(
            sorted(map(str, table[c.LEVEL].dropna().unique())))})
    rows = at_level[at_level[c.INDICATOR] == indicator]
    if rows.empty:
        return Refusal(UNKNOWN_INDICATOR, {"indicator": indicator, "level": level, "valid": tuple(
            sorted(map(str, at_level[c.INDICATOR].dropna().unique())))})
    return rows


def unknown_areas(table: pd.DataFrame, level: str, ids: Iterable[str]) -> Refusal | None:
    """`Refusal` naming the ids that have no row at all at the level, else None."""
    known = set(map(str, table.loc[table[c.LEVEL] == level, c.AREA_ID].unique()))
    unknown = sorted({str(a) for a in ids} - known)
    return Refusal(UNKNOWN_AREAS, {"ids": tuple(unknown)}) if unknown else None


def wide(rows: pd.DataFrame, column: str, years: tuple[int, ...]) -> pd.DataFrame:
    """Areas × years of one column of the rows (published cells only; NaN elsewhere)."""
    published = rows[rows[c.VALUE].notna()]
    if c.SUPPRESSED in published:
        published = published[~published[c.SUPPRESSED].fillna(False).astype(bool)]
    if column not in published:
        return pd.DataFrame(np.nan, index=pd.Index([], name=c.AREA_ID), columns=list(years))
    out = published.pivot_table(index=c.AREA_ID, columns=c.YEAR, values=column, aggfunc="first",
                                dropna=False)
    out.index = pd.Index([str(a) for a in out.index], name=c.AREA_ID)
    out.columns = [int(y) for y in out.columns]
    return out.reindex(columns=list(years)).astype(float)


def build_panel(table: pd.DataFrame, level: str, indicator: str, starts: Mapping[str, int], *,
                weights: pd.Series | None = None, min_pre_years: int = MIN_PRE_YEARS,
                min_comparison: int = MIN_COMPARISON_AREAS) -> EffectPanel | Refusal:
    """Check a request for an effect estimate and build its panel (see the module docstring).

    Parameters
    ----------
    table : the package's tidy indicator table (``area_id, level, year, indicator, value`` and,
        where known, ``numerator, denominator, suppressed``).
    level : the area level, e.g. ``smaomrade``.
    indicator : the indicator id.
    starts : treated area id -> the first year of the effort there (staggered starts allowed).
    weights : optional weight per area (index ``area_id``, e.g. population), used to combine areas
        when the indicator has no numerators and denominators.
    min_pre_years : fewest years of data before each start (at least 3).
    min_comparison : fewest untreated areas with a complete series (at least 1).

    Returns
    -------
    EffectPanel or Refusal

    Raises
    ------
    EffectInputError
        Missing columns, empty or non-integer start years, minimums out of range.
    """
    starts = check_starts(starts)
    if int(min_pre_years) < MIN_PRE_YEARS:
        raise EffectInputError("min_pre_years", f"min_pre_years must be at least {MIN_PRE_YEARS}, "
                               f"got {min_pre_years}")
    if int(min_comparison) < 1:
        raise EffectInputError("min_comparison", f"min_comparison must be at least 1, got "
                               f"{min_comparison}")
    rows = series_rows(table, level, indicator)
    if isinstance(rows, Refusal):
        return rows
    refused = unknown_areas(table, level, starts)
    if refused is not None:
        return refused
    present = rows[rows[c.VALUE].notna()]
    years = tuple(sorted(int(y) for y in present[c.YEAR].unique()))
    if not years:
        return Refusal(NO_COMPLETE_SERIES, {"ids": tuple(sorted(starts))})
    last = years[-1]
    started = {a: s for a, s in starts.items() if s <= last}
    not_started = tuple(sorted(a for a, s in starts.items() if s > last))
    if not started:
        return Refusal(NO_POST_YEARS, {"start": min(starts.values()), "last_year": last})
    for start in sorted(set(started.values())):
        pre = sum(1 for y in years if y < start)
        if pre < min_pre_years:
            return Refusal(TOO_FEW_PRE_YEARS, {"start": start, "pre_years": pre,
                                               "minimum": int(min_pre_years)})

    values = wide(rows, c.VALUE, years)
    complete = values.index[values.notna().all(axis=1)]
    treated_ok = [a for a in sorted(started) if a in complete]
    if not treated_ok:
        return Refusal(NO_COMPLETE_SERIES, {"ids": tuple(sorted(started))})
    comparison = [a for a in complete if a not in starts]
    incomplete = sorted((set(map(str, rows[c.AREA_ID].unique())) | set(started)) - set(complete)
                        - set(not_started))
    if len(comparison) < min_comparison:
        return Refusal(TOO_FEW_COMPARISON_AREAS, {"n": len(comparison),
                                                  "minimum": int(min_comparison)})

    used = [*treated_ok, *comparison]
    values = values.loc[used]
    numerators = denominators = None
    if c.NUMERATOR in rows and c.DENOMINATOR in rows:
        num = wide(rows, c.NUMERATOR, years).reindex(used)
        den = wide(rows, c.DENOMINATOR, years).reindex(used)
        if num.notna().all().all() and den.notna().all().all() and (den.to_numpy() > 0).all():
            numerators, denominators = num, den
    if denominators is not None:
        area_weights = denominators.mean(axis=1)
    elif weights is not None and weights.rename(index=str).reindex(used).notna().all():
        area_weights = weights.rename(index=str).reindex(used).astype(float)
        if not (area_weights > 0).all():
            raise EffectInputError("weights", "weights must be positive for every area used")
    else:
        area_weights = pd.Series(1.0, index=pd.Index(used, name=c.AREA_ID))
    area_weights = area_weights.rename("weight").rename_axis(c.AREA_ID)

    cohorts = []
    for start in sorted({started[a] for a in treated_ok}):
        ids = tuple(a for a in treated_ok if started[a] == start)
        cohorts.append(Cohort(start, ids, float(area_weights.loc[list(ids)].sum())))
    return EffectPanel(indicator=indicator, level=level, years=years, values=values,
                       numerators=numerators, denominators=denominators,
                       area_weights=area_weights, cohorts=tuple(cohorts),
                       comparison=tuple(comparison), excluded=tuple(incomplete),
                       not_started=not_started)
