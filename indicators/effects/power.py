"""An evaluation plan before funding: the smallest effect the follow-up will be able to see.

For a proposal that has not started, `minimum_detectable_effect` answers "if the effort lowers the
indicator by this much, will a difference-in-differences comparison with the other areas notice it by
2030, by 2035?" from the areas' sizes, the years of data and the indicator's own noise.

The formula
-----------
Let the treated group's value in a year be the denominator-weighted mean of its areas,
:math:`\\bar y_T = \\sum_{i \\in T} a_i y_i` with :math:`a_i = d_i / \\sum_T d`, and likewise
:math:`\\bar y_C` for the comparison areas (every other area with data). The difference-in-differences
estimate is :math:`(\\overline{\\bar y_T - \\bar y_C})_{post} - (\\overline{\\bar y_T - \\bar y_C})_{pre}`
over :math:`T_1` years from the start up to the checkpoint and :math:`T_0` years before the start.
Assuming each area's deviation from its own level and the common year effect is independent across
areas and years (no serial correlation – stated, and optimistic: real series are autocorrelated, so
treat the figure as a lower bound),

.. math::

    \\operatorname{Var}(\\hat\\tau) = (V_T + V_C) \\left(\\frac{1}{T_0} + \\frac{1}{T_1}\\right),
    \\qquad V_T = \\sum_{i \\in T} a_i^2 v_i, \\quad V_C = \\sum_{j \\in C} c_j^2 v_j,

and the minimum detectable effect at two-sided level :math:`\\alpha` and power :math:`1 - \\beta` is

.. math::

    \\text{MDE} = (z_{1-\\alpha/2} + z_{1-\\beta}) \\sqrt{\\operatorname{Var}(\\hat\\tau)}
    \\qquad (z_{0.975} + z_{0.8} = 2.80).

The area-year variance :math:`v_i = \\sigma^2_s + 100^2\\, p_i (1 - p_i) / d_i` (percentage points
squared) adds the binomial sampling variance of a share :math:`p_i` among :math:`d_i` people (the
latest year's numerator and denominator) to the structural variance :math:`\\sigma^2_s`, what the
package's own series vary beyond sampling: the residual variance :math:`s^2` of a two-way fixed
effects fit (area and year) to the areas with a complete series,
:math:`s^2 = \\sum e_{it}^2 / ((N - 1)(T - 1))`, minus the mean binomial variance over the same cells,
floored at 0. Without counts, :math:`v_i = s^2` for every area and the areas are weighted by the
weights given (e.g. population), else equally.

:math:`T_0` counts every year from the first year with data up to the start (years still to come
before a future start will have data by then); :math:`T_1 = \\text{checkpoint} - \\text{start} + 1`
assumes the checkpoint year's statistics are out when the question is asked.

Pure: DataFrames and plain values in, new objects out; never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtri  # scipy.stats.norm.ppf, without importing scipy.stats

from indicators.effects.panel import (
    NO_NOISE_ESTIMATE,
    EffectInputError,
    Refusal,
    series_rows,
    unknown_areas,
    wide,
)
from model import columns as c

#: The checkpoints of the programme.
CHECKPOINTS: tuple[int, ...] = (2030, 2035)
#: `CheckpointPlan.code` when the checkpoint comes before the start (nothing to detect yet).
BEFORE_START = "checkpoint_before_start"
#: `CheckpointPlan.code` when the start lies before the first year with data.
NO_PRE_YEARS = "no_pre_years"


@dataclass(frozen=True)
class CheckpointPlan:
    """The minimum detectable effect at one checkpoint.

    Attributes
    ----------
    year : the checkpoint.
    pre_years, post_years : :math:`T_0` and :math:`T_1` of the formula.
    mde : the minimum detectable effect in the indicator's unit (percentage points for shares),
        a size (positive); NaN with ``code`` set when the checkpoint comes before the start.
    code : None, `BEFORE_START` or `NO_PRE_YEARS`.
    """

    year: int
    pre_years: int
    post_years: int
    mde: float
    code: str | None = None


@dataclass(frozen=True)
class EvaluationPlan:
    """What a follow-up will be able to detect (see the module docstring).

    Attributes
    ----------
    indicator, level, start : what, where, from when.
    checkpoints : one `CheckpointPlan` per checkpoint.
    n_treated, n_comparison : areas in each group.
    residual_sd : :math:`s`, the package's area-year noise (percentage points).
    structural_sd : :math:`\\sigma_s`, the part of it that is not sampling noise.
    treated_sd, comparison_sd : :math:`\\sqrt{V_T}`, :math:`\\sqrt{V_C}`, one year's noise of each
        group's value.
    has_counts : whether binomial variances from numerators and denominators were used.
    alpha, power : the test's level and power.
    """

    indicator: str
    level: str
    start: int
    checkpoints: tuple[CheckpointPlan, ...]
    n_treated: int
    n_comparison: int
    residual_sd: float
    structural_sd: float
    treated_sd: float
    comparison_sd: float
    has_counts: bool
    alpha: float
    power: float


def minimum_detectable_effect(table: pd.DataFrame, level: str, indicator: str,
                              treated_ids: Iterable[str], start: int, *,
                              checkpoints: Iterable[int] = CHECKPOINTS,
                              weights: pd.Series | None = None, alpha: float = 0.05,
                              power: float = 0.8) -> EvaluationPlan | Refusal:
    """The minimum detectable effect of a difference-in-differences follow-up at each checkpoint.

    Parameters
    ----------
    table : the package's tidy indicator table.
    level, indicator : where and what.
    treated_ids : the proposal's areas.
    start : the year the effort starts (may lie in the future).
    checkpoints : the years the follow-up asks (default 2030 and 2035).
    weights : optional weight per area (index ``area_id``, e.g. population) for indicators without
        counts.
    alpha : two-sided level of the test (0.05).
    power : probability of detecting an effect of the size returned (0.8).

    Returns
    -------
    EvaluationPlan, or Refusal: ``unknown_level``, ``unknown_indicator``, ``unknown_areas``, or
    ``no_noise_estimate`` (fewer than 2 years or 3 areas with a complete series, or no treated or no
    comparison area with data: ``years``, ``areas``).

    Raises
    ------
    EffectInputError
        ``alpha`` or ``power`` outside (0, 1), no treated ids, or a start that is not a year.
    """
    if not (0 < alpha < 1 and 0 < power < 1):
        raise EffectInputError("alpha", f"alpha and power must lie between 0 and 1, got {alpha}, "
                               f"{power}")
    treated = sorted({str(a) for a in treated_ids})
    if not treated:
        raise EffectInputError("treated_ids", "at least one treated area is needed")
    if isinstance(start, bool) or not float(start).is_integer():
        raise EffectInputError("start", f"start {start!r} is not a year")
    start = int(start)
    rows = series_rows(table, level, indicator)
    if isinstance(rows, Refusal):
        return rows
    refused = unknown_areas(table, level, treated)
    if refused is not None:
        return refused
    years = tuple(sorted(int(y) for y in rows.loc[rows[c.VALUE].notna(), c.YEAR].unique()))
    values = wide(rows, c.VALUE, years)
    complete = values[values.notna().all(axis=1)]
    if len(years) < 2 or len(complete) < 3:
        return Refusal(NO_NOISE_ESTIMATE, {"years": len(years), "areas": len(complete)})

    resid = complete.to_numpy()
    resid = resid - resid.mean(axis=1, keepdims=True) - resid.mean(axis=0, keepdims=True) + resid.mean()
    n, t = resid.shape
    s2 = float((resid**2).sum() / ((n - 1) * (t - 1)))

    latest = rows[rows[c.VALUE].notna()].sort_values(c.YEAR).groupby(
        rows[c.AREA_ID].astype(str).rename(c.AREA_ID)).last()
    has_counts = (c.NUMERATOR in latest and c.DENOMINATOR in latest
                  and latest[c.DENOMINATOR].notna().all() and (latest[c.DENOMINATOR] > 0).all())
    if has_counts:
        num, den = wide(rows, c.NUMERATOR, years), wide(rows, c.DENOMINATOR, years)
        p = (num / den).loc[complete.index].to_numpy()
        binomial = 100.0**2 * p * (1 - p) / den.loc[complete.index].to_numpy()
        structural = max(s2 - float(np.nanmean(binomial)), 0.0)
        share = (latest[c.VALUE] / 100.0).clip(0, 1)
        size = latest[c.DENOMINATOR].astype(float)
        variance = structural + 100.0**2 * share * (1 - share) / size
    else:
        structural = s2
        if weights is not None:
            size = weights.rename(index=str).reindex(latest.index).astype(float)
        else:
            size = pd.Series(1.0, index=latest.index)
        size = size.fillna(size.mean() if size.notna().any() else 1.0)
        variance = pd.Series(s2, index=latest.index)
    in_treated = [a for a in treated if a in latest.index]
    comparison = [a for a in latest.index if a not in set(treated)]
    if not in_treated or not comparison:
        return Refusal(NO_NOISE_ESTIMATE, {"years": len(years), "areas": len(complete)})

    def group_variance(ids: list[str]) -> float:
        a = size.loc[ids] / size.loc[ids].sum()
        return float((a**2 * variance.loc[ids]).sum())

    v_t, v_c = group_variance(in_treated), group_variance(comparison)
    z = float(ndtri(1 - alpha / 2) + ndtri(power))
    plans = []
    for year in sorted({int(y) for y in checkpoints}):
        pre = max(start - years[0], 0)
        post = year - start + 1
        if post < 1 or pre < 1:
            plans.append(CheckpointPlan(year, pre, max(post, 0), float("nan"),
                                        BEFORE_START if post < 1 else NO_PRE_YEARS))
            continue
        plans.append(CheckpointPlan(year, pre, post,
                                    z * float(np.sqrt((v_t + v_c) * (1 / pre + 1 / post)))))
    return EvaluationPlan(indicator=indicator, level=level, start=start, checkpoints=tuple(plans),
                          n_treated=len(in_treated), n_comparison=len(comparison),
                          residual_sd=float(np.sqrt(s2)), structural_sd=float(np.sqrt(structural)),
                          treated_sd=float(np.sqrt(v_t)), comparison_sd=float(np.sqrt(v_c)),
                          has_counts=bool(has_counts), alpha=alpha, power=power)
