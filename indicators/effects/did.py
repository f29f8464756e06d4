"""Difference-in-differences with area and year fixed effects, robust to staggered starts.

The design is a *stacked* event study (Cengiz, Dube, Lindner & Zipperer 2019; Wing, Freedman &
Hollingsworth 2024) estimated with linearmodels' `PanelOLS`:

* one stack per cohort (treated areas with the same start year) holding that cohort's areas and the
  never-treated comparison areas over every year of data;
* fixed effects for each area within its stack (absorbed) and for each year within its stack
  (dummies), :math:`\\alpha_{s,i} + \\lambda_{s,t}`, so no comparison is ever made against an area
  that is already treated (the "forbidden comparisons" of two-way fixed effects with staggered
  starts);
* one indicator per cohort and year since the start, :math:`D_{g,e} = 1[i \\in g,\\ t - s_g = e]`,
  for every year but the last before the start (:math:`e = -1`, the reference), so each cohort-year
  has its own coefficient :math:`\\beta_{g,e}`; the effect of a year from the start on is measured
  against the mean of the cohort's pre-start years,
  :math:`\\beta_{g,e} - \\tfrac{1}{T_{0,g}} \\sum_{k < 0} \\beta_{g,k}` (with
  :math:`\\beta_{g,-1} = 0`), which equals the regression with post-start indicators only;
* observations weighted by the area's mean denominator (its number of young people for UVAS) when
  the panel has counts, else by the weights given, so that the estimate is about the treated group's
  aggregate as the synthetic control's is;
* standard errors clustered by area (an area in several stacks is one cluster), with linearmodels'
  small-sample corrections, and intervals from Student's t with (clusters - 1) degrees of freedom.

With :math:`\\hat\\tau_{g,e}` the cohort-year effects so measured, the effect per year since the
start is :math:`\\hat\\tau_e = \\sum_g \\omega_g \\hat\\tau_{g,e} / \\sum_g \\omega_g` over the cohorts
observed at :math:`e`, and the average effect
:math:`\\hat\\tau = \\sum_{g, e \\ge 0} \\omega_g \\hat\\tau_{g,e} / \\sum_{g, e \\ge 0} \\omega_g` with
:math:`\\omega_g` the cohort's size (`Cohort.weight`): every cohort-year counts by its cohort's size.
Both are linear in the coefficients, :math:`a^T \\hat\\beta`, with variance :math:`a^T \\hat V a`.
The p-value is that of the average effect. One regression gives the effects and the pre-trends check.

**Parallel pre-trends check.** The leads :math:`\\beta_{g,e}`, :math:`e \\le -2`, are the treated
areas' difference from the comparison areas in each pre-start year relative to the last. If treated
and comparison areas moved in parallel before the start, every lead is zero; the joint Wald test
:math:`F = \\hat\\beta_L^T \\hat V_L^{-1} \\hat\\beta_L / q` against :math:`F(q, G - 1)` rejects that
at ``alpha`` and the estimate is flagged (`DidDiagnostics.pretrend_rejected`).

Pure: DataFrames and plain values in, new objects out; never imports streamlit.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from indicators.effects.panel import (
    MIN_COMPARISON_AREAS,
    MIN_PRE_YEARS,
    EffectInputError,
    EffectPanel,
    Refusal,
    build_panel,
    effect_status,
)
from indicators.effects.results import (
    BY_YEAR,
    BY_YEARS_SINCE_START,
    COMPARISON,
    COUNTERFACTUAL,
    DID,
    TREATED,
    DidDiagnostics,
    EffectEstimate,
    YearEffect,
)


def difference_in_differences(table: pd.DataFrame, level: str, indicator: str,
                              starts: Mapping[str, int], *, weights: pd.Series | None = None,
                              min_pre_years: int = MIN_PRE_YEARS,
                              min_comparison: int = MIN_COMPARISON_AREAS, alpha: float = 0.05
                              ) -> EffectEstimate | Refusal:
    """Stacked difference-in-differences estimate of the effect on a group of treated areas.

    Parameters
    ----------
    table, level, indicator, starts, weights, min_pre_years, min_comparison : as for
        `indicators.effects.panel.build_panel`.
    alpha : 1 - the level of the intervals, and the level of the pre-trends test.

    Returns
    -------
    EffectEstimate (with `DidDiagnostics`) or Refusal.
    """
    panel = build_panel(table, level, indicator, starts, weights=weights,
                        min_pre_years=min_pre_years, min_comparison=min_comparison)
    if isinstance(panel, Refusal):
        return panel
    return difference_in_differences_panel(panel, alpha=alpha)


def _column(g: int, e: int) -> str:
    return f"c{g}_e{e}" if e >= 0 else f"c{g}_lead{-e}"


def stacked_frame(panel: EffectPanel) -> pd.DataFrame:
    """The stacked long table: one row per stack, area and year.

    Columns: ``stack``, ``area`` (the area's position in ``panel.values``, the cluster), ``year``,
    ``value``, ``weight``, ``cohort`` (the cohort's position for treated rows, -1 for comparison
    rows) and ``event`` (years since the cohort's start; NaN for comparison rows). Indexed by
    (``unit``, ``year``) with ``unit = stack × areas + area`` (integers, which linearmodels handles
    much faster than labels), as `PanelOLS` wants.
    """
    years = np.asarray(panel.years)
    n_areas = len(panel.values)
    parts = []
    for g, cohort in enumerate(panel.cohorts):
        ids = [*cohort.area_ids, *panel.comparison]
        rows = panel.values.index.get_indexer(ids)
        values = panel.values.to_numpy()[rows]
        n_years, n_ids = len(years), len(ids)
        treated = np.repeat(np.arange(n_ids) < len(cohort.area_ids), n_years)
        parts.append(pd.DataFrame({
            "stack": g,
            "area": np.repeat(rows, n_years),
            "year": np.tile(years, n_ids),
            "value": values.ravel(),
            "weight": np.repeat(panel.area_weights.to_numpy()[rows], n_years),
            "cohort": np.where(treated, g, -1),
            "event": np.where(treated, np.tile(years - cohort.start, n_ids), np.nan),
        }))
    frame = pd.concat(parts, ignore_index=True)
    frame["unit"] = frame["stack"] * n_areas + frame["area"]
    return frame.set_index(["unit", "year"], drop=False).rename_axis(["entity", "time"])


def _design(frame: pd.DataFrame, panel: EffectPanel, leads: bool = True) -> pd.DataFrame:
    """The treatment indicators :math:`D_{g,e}` (see the module docstring) and the year-in-stack
    dummies (the first year of each stack left out: the area effects absorb it)."""
    cohort, event = frame["cohort"].to_numpy(), frame["event"].to_numpy()
    columns = {}
    for g, c in enumerate(panel.cohorts):
        for e in np.asarray(panel.years) - c.start:
            if e >= 0 or (leads and e <= -2):
                columns[_column(g, int(e))] = ((cohort == g) & (event == e)).astype(float)
    stack, year = frame["stack"].to_numpy(), frame["year"].to_numpy()
    for g in range(len(panel.cohorts)):
        for k, y in enumerate(panel.years[1:]):
            columns[f"year_{g}_{k}"] = ((stack == g) & (year == y)).astype(float)
    return pd.DataFrame(columns, index=frame.index)


def _fit(frame: pd.DataFrame, exog: pd.DataFrame):
    """Weighted least squares with area-in-stack effects absorbed and year-in-stack dummies.

    The year effects go in as dummies rather than as a second absorbed effect: with weights,
    linearmodels demeans two absorbed effects iteratively, which is many times slower than one.
    """
    clusters = pd.DataFrame({"area": frame["area"].to_numpy()}, index=frame.index)
    from linearmodels.panel import PanelOLS  # with statsmodels ~1 s, ~90 MB: only when used

    model = PanelOLS(frame["value"], exog, weights=frame["weight"], entity_effects=True)
    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore")  # singleton notes: the design is known
        result = model.fit(cov_type="clustered", clusters=clusters, debiased=True,
                           group_debias=True)
        result.cov  # noqa: B018 (computed lazily; here, while BLAS is held to one thread)
    return result


def difference_in_differences_panel(panel: EffectPanel, *, alpha: float = 0.05
                                    ) -> EffectEstimate | Refusal:
    """`difference_in_differences` on a panel already built."""
    from scipy import stats

    if not 0 < alpha < 1:
        raise EffectInputError("alpha", f"alpha must lie between 0 and 1, got {alpha}")
    frame = stacked_frame(panel)
    clusters = frame["area"].nunique()
    dof = clusters - 1
    t_crit = float(stats.t.ppf(1 - alpha / 2, dof))
    result = _fit(frame, _design(frame, panel))
    effects = [name for name in result.params.index if name.startswith("c")]
    params, cov = result.params.loc[effects], result.cov.loc[effects, effects]
    years = np.asarray(panel.years)
    cohort_weights = np.array([cohort.weight for cohort in panel.cohorts], dtype=float)

    def contrast(cells: dict[tuple[int, int], float]) -> tuple[float, float]:
        """Estimate and standard error of a weighted mean of cohort-year effects, each measured
        against the mean of its cohort's pre-start years (:math:`\\beta_{g,e} - \\bar\\beta_{g,pre}`,
        the leads' reference year -1 counting as 0)."""
        a = pd.Series(0.0, index=params.index)
        total = sum(cells.values())
        for (g, e), weight in cells.items():
            a[_column(g, e)] += weight / total
            pre = years[years < panel.cohorts[g].start] - panel.cohorts[g].start
            for k in pre[pre <= -2]:
                a[_column(g, int(k))] -= weight / total / len(pre)
        return float(a @ params), float(np.sqrt(max(a @ cov @ a, 0.0)))

    post = {g: [int(e) for e in years - cohort.start if e >= 0]
            for g, cohort in enumerate(panel.cohorts)}
    single = not panel.staggered
    per_year = []
    for e in sorted({e for events in post.values() for e in events}):
        estimate, se = contrast({(g, e): cohort_weights[g] for g in post if e in post[g]})
        per_year.append(YearEffect(e, panel.cohorts[0].start + e if single else None, estimate,
                                   estimate - t_crit * se, estimate + t_crit * se))
    effect, se = contrast({(g, e): cohort_weights[g] for g in post for e in post[g]})
    ci_low, ci_high = effect - t_crit * se, effect + t_crit * se
    p_value = float(2 * stats.t.sf(abs(effect / se), dof)) if se > 0 else float("nan")

    leads = [name for name in effects if "_lead" in name]
    b, v = params.loc[leads].to_numpy(), cov.loc[leads, leads].to_numpy()
    q = len(leads)
    wald = float(b @ np.linalg.pinv(v) @ b)
    pretrend_p = float(stats.f.sf(wald / q, q, dof)) if q else float("nan")
    diagnostics = DidDiagnostics(pretrend_p=pretrend_p, pretrend_rejected=bool(pretrend_p < alpha),
                                 pretrend_leads=q, clusters=clusters)

    total = panel.area_weights.loc[list(panel.comparison)]
    shares = (total / total.sum()).sort_values(ascending=False, kind="stable")
    return EffectEstimate(
        method=DID, indicator=panel.indicator, level=panel.level,
        status=effect_status(ci_low, ci_high), effect=effect, ci_low=ci_low, ci_high=ci_high,
        p_value=p_value, per_year=tuple(per_year), series=_series(panel), treated=panel.treated,
        starts=tuple(sorted(panel.starts.items())),
        comparison=tuple((str(a), float(w)) for a, w in shares.items()),
        n_treated=len(panel.treated), n_comparison=len(panel.comparison),
        pre_years=max(len(panel.pre_years(c.start)) for c in panel.cohorts),
        post_years=max(len(panel.post_years(c.start)) for c in panel.cohorts),
        excluded=panel.excluded, not_started=panel.not_started, diagnostics=diagnostics,
        alpha=alpha)


def _series(panel: EffectPanel) -> pd.DataFrame:
    """Treated group, comparison areas, and the comparison shifted to the treated pre-start level."""
    years = np.asarray(panel.years)
    comparison = panel.aggregate(panel.comparison)
    rows = []
    for cohort in panel.cohorts:
        treated = panel.aggregate(cohort.area_ids)
        pre = years < cohort.start
        shift = float((treated[pre] - comparison[pre]).mean())
        rows.append(pd.DataFrame({"event": years - cohort.start, "year": years, TREATED: treated,
                                  COUNTERFACTUAL: comparison + shift, COMPARISON: comparison,
                                  "weight": cohort.weight}))
    long = pd.concat(rows, ignore_index=True)
    if not panel.staggered:
        return long.set_index("year")[[TREATED, COUNTERFACTUAL, COMPARISON]].rename_axis(BY_YEAR)
    cols = [TREATED, COUNTERFACTUAL, COMPARISON]
    weighted = long[cols].mul(long["weight"], axis=0).assign(event=long["event"],
                                                             weight=long["weight"])
    sums = weighted.groupby("event").sum()
    out = sums[cols].div(sums["weight"], axis=0)
    out.index = out.index.astype(int)
    return out.rename_axis(BY_YEARS_SINCE_START)
