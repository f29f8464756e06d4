"""Synthetic control for a group of treated areas, judged against placebos in space.

The estimate
------------
For each cohort (treated areas with the same start year) the treated group's yearly value
:math:`y_t` (`EffectPanel.aggregate`: summed numerators over summed denominators, i.e. a
denominator-weighted mean, else a weighted or plain mean) is reproduced by a convex combination of
comparison areas :math:`Y_{0t} w` with :math:`w_j \\ge 0, \\sum_j w_j = 1`, fitted on the years
before the start with pysyncon's `Synth` (Abadie & Gardeazabal 2003): the predictors are the outcome
of every pre-start year, equally weighted (:math:`V = I`; with lagged outcomes as predictors the
choice of V hardly matters, Kaul et al. 2022). Both sides are first *demeaned* over the pre-start
years, i.e. the synthetic control may differ from the treated group by a constant (the "demeaned"
synthetic control of Doudchenko & Imbens 2016 and Ferman & Pinto 2021): a group of needy areas
lies above most comparison areas, and requiring an exact level match would force a poor fit.
The gap :math:`g_t = (y_t - \\bar y_{pre}) - (Y_{0t} - \\bar Y_{0,pre}) w` is the effect in year
:math:`t` from the start on (treated minus counterfactual, in the indicator's unit).

Regularisation. With more comparison areas than pre-start years the fit is exact and the weights
chase the noise of a few small areas, whose own noise then becomes the counterfactual's. A ridge
penalty :math:`\\lambda T_0 \\lVert w \\rVert^2` (in pysyncon's scaled units, :math:`\\lambda` =
`RIDGE` = 1: concentrating the weight must buy about one standard deviation of fit per pre-start
year) spreads the weight over more donors, as Doudchenko & Imbens (2016) regularise. In the synthetic
panels of ``tests/effect_panels.py`` (40 areas, 8 treated, 5 + 5 years, 60 seeds) it narrowed the
95 % interval from 3.1 to 2.0 percentage points at the same coverage (0.98 and 0.97 without effect).

pysyncon solves the inner weight problem :math:`\\min_w \\tfrac12 \\lVert X_1 - X_0 w\\rVert^2_V`
with SLSQP and a numerical gradient (tens of milliseconds per fit); `_NnlsSynth` solves the same
problem (with the ridge) exactly with scipy's NNLS (`simplex_least_squares`), about a hundred times
faster, which the placebo refits need. The treated fit goes through `Synth.fit`; placebo and
leave-one-year-out refits call the same weight problem on arrays with pysyncon's scaling (each
predictor divided by its standard deviation over the units).

Staggered starts are handled in event time, not averaged over calendar years: each cohort gets its
own synthetic control against the never-treated comparison areas, its gaps are indexed by years
since its start, and the cohorts' gaps are averaged per year since the start with the cohorts'
sizes as weights (`Cohort.weight`). The average effect weights every cohort-year after the start by
its cohort's size. The group's donor weights are the cohorts' weights averaged the same way.

Inference: placebos in space
----------------------------
Each comparison area in the donor pool is in turn made the lead of a placebo group: itself plus
randomly drawn pool areas, so that the placebo group has as many areas per cohort as the treated
group (a placebo of a single area would be far noisier than a group's aggregate). The placebo groups
are aggregated and fitted exactly like the treated group, against the pool areas left over; the
leads cycle through the pool until at least `MIN_PLACEBOS` placebo groups are drawn (at most
`MAX_PLACEBOS`).

* **p-value** – the rank of the treated group's ratio of post-start RMSPE to pre-start RMSPE among
  the placebo groups' ratios (Abadie, Diamond & Hainmueller 2010):
  :math:`p = (1 + \\#\\{r_j \\ge r\\}) / (1 + n)`. The pre-start RMSPE is the leave-one-year-out one
  (each pre-start year predicted from weights fitted on the others): with more comparison areas
  than pre-start years the in-sample fit is often exact, which would make the ratio meaningless.
* **95 % interval** – the treated effect minus the placebo effects' order statistics: with the
  placebo effects :math:`e_{(1)} \\le \\dots \\le e_{(n)}` and
  :math:`r = \\max(1, \\lfloor (n+1)\\,\\alpha/2 \\rfloor)`,
  :math:`[\\hat\\tau - e_{(n+1-r)},\\ \\hat\\tau - e_{(r)}]`. If the treated group's estimation
  error is exchangeable with the placebo groups' errors this covers the true effect with probability
  at least :math:`(n + 1 - 2r)/(n + 1)` (0.96 for 50 placebos). The same rule gives the interval of
  each year since the start.

Donor pool
----------
Every never-treated comparison area with a complete series, restricted – when there are more than
``max(max_donors, 2 × treated areas)`` (`MAX_DONORS` = 50) – to that many areas nearest the treated
cohorts before the start (root mean squared difference over the pre-start years, averaged over
cohorts by size), as Abadie (2021) advises: similar areas interpolate better, and hundreds or
thousands of donors would make the placebo refits slow (each pool area leads a placebo group)
without improving the fit.

Pure: DataFrames and plain values in, new objects out; never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from pysyncon import Synth
from scipy.optimize import nnls
from threadpoolctl import threadpool_limits

from indicators.effects.panel import (
    MIN_COMPARISON_AREAS,
    MIN_PRE_YEARS,
    TOO_FEW_COMPARISON_AREAS,
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
    SYNTHETIC,
    TREATED,
    EffectEstimate,
    SyntheticDiagnostics,
    YearEffect,
)

#: The donor pool is capped at ``max(MAX_DONORS, 2 × treated areas)`` areas.
MAX_DONORS = 50
#: At least this many placebo groups (the leads cycle through the pool) ...
MIN_PLACEBOS = 50
#: ... and at most this many.
MAX_PLACEBOS = 200
#: Every placebo group must leave at least this many pool areas as its donors.
MIN_PLACEBO_DONORS = 5
#: ``poor_fit`` when the treated pre-start error exceeds this quantile of the placebo groups' errors.
POOR_FIT_QUANTILE = 0.9
#: The ridge penalty on concentrated donor weights, per pre-start year in pysyncon's scaled units.
RIDGE = 1.0


def simplex_least_squares(a: np.ndarray, b: np.ndarray, ridge: float = 0.0) -> np.ndarray:
    """:math:`\\arg\\min_w \\lVert a w - b \\rVert^2 + \\text{ridge} \\cdot T \\lVert w \\rVert^2` over the
    simplex (:math:`w \\ge 0`, :math:`\\sum w = 1`), with :math:`T` the rows of ``a``.

    Solved by NNLS with the sum-to-one constraint as a heavily weighted extra row and the ridge as
    :math:`\\sqrt{\\text{ridge} \\cdot T}\\, I` rows with target 0.
    """
    t, n = a.shape
    big = 1e3 * max(1.0, float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)))
    rows, target = [a, np.full((1, n), big)], [b, [big]]
    if ridge > 0:
        rows.append(np.sqrt(ridge * t) * np.eye(n))
        target.append(np.zeros(n))
    w, _ = nnls(np.vstack(rows), np.concatenate(target), maxiter=50 * n)
    return w / w.sum()


class _NnlsSynth(Synth):
    """pysyncon's `Synth` with the inner weight problem solved by `simplex_least_squares`.

    The problem is pysyncon's own, :math:`\\min_w \\tfrac12 (X_1 - X_0 w)^T V (X_1 - X_0 w)` over the
    simplex, plus the ridge `RIDGE` (see the module docstring).
    """

    ridge = RIDGE

    @classmethod
    def w_optimize(cls, V_mat: np.ndarray, X0: np.ndarray, X1: np.ndarray,  # noqa: N803 (pysyncon's names)
                   **_: object) -> tuple[np.ndarray, float]:
        root = np.sqrt(np.clip(np.diag(V_mat), 0.0, None))
        a, b = root[:, None] * X0, root * X1
        w = simplex_least_squares(a, b, cls.ridge)
        residual = a @ w - b
        return w, float(0.5 * residual @ residual)


def _scale(x1: np.ndarray, x0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """pysyncon's predictor scaling: each row divided by its standard deviation over all units."""
    std = np.concatenate([x0, x1[:, None]], axis=1).std(axis=1, ddof=1)
    std = np.where(std > 1e-12, std, 1.0)
    return x1 / std, x0 / std[:, None]


def _weights(x1: np.ndarray, x0: np.ndarray) -> np.ndarray:
    """Donor weights for demeaned pre-start rows ``x1`` (T,) and ``x0`` (T, J)."""
    s1, s0 = _scale(x1, x0)
    w, _ = _NnlsSynth.w_optimize(np.eye(len(s1)), s0, s1)
    return w


def _pysyncon_weights(x1: np.ndarray, x0: np.ndarray, donors: list[str]) -> np.ndarray:
    """The same weights through `Synth.fit` (used for the treated groups)."""
    synth = _NnlsSynth()
    pre = pd.Series(x1, name="__treated__")
    frame = pd.DataFrame(x0, columns=donors)
    synth.fit(X0=frame, X1=pre, Z0=frame, Z1=pre, custom_V=np.ones(len(x1)))
    return np.asarray(synth.W, dtype=float)


def _fit(y: np.ndarray, y0: np.ndarray, pre: np.ndarray, donors: list[str] | None = None
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weights, gaps (every year) and leave-one-year-out gaps (pre-start years) of one unit.

    ``y`` (years,), ``y0`` (years, donors), ``pre`` a boolean mask of the pre-start years.
    """
    m1, m0 = y[pre].mean(), y0[pre].mean(axis=0)
    x1, x0 = y[pre] - m1, y0[pre] - m0
    w = _pysyncon_weights(x1, x0, donors) if donors is not None else _weights(x1, x0)
    gap = (y - m1) - (y0 - m0) @ w
    positions = np.flatnonzero(pre)
    cv = np.empty(len(positions))
    for k, t in enumerate(positions):
        train = pre.copy()
        train[t] = False
        m1t, m0t = y[train].mean(), y0[train].mean(axis=0)
        wt = _weights(y[train] - m1t, y0[train] - m0t)
        cv[k] = (y[t] - m1t) - (y0[t] - m0t) @ wt
    return w, gap, cv


def _combine(cells: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean over cohorts (rows) per column, ignoring NaN cells."""
    present = ~np.isnan(cells)
    w = np.where(present, weights[:, None], 0.0)
    total = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, np.nansum(np.where(present, cells, 0.0) * w, axis=0) / total, np.nan)


def _rmspe(values: np.ndarray) -> float:
    values = values[~np.isnan(values)]
    return float(np.sqrt(np.mean(values**2))) if len(values) else float("nan")


def rank_interval(effect: float, placebo: np.ndarray, alpha: float) -> tuple[float, float]:
    """``effect`` minus the placebo effects' order statistics (see the module docstring)."""
    ordered = np.sort(np.asarray(placebo, dtype=float))
    n = len(ordered)
    r = max(1, int(np.floor((n + 1) * alpha / 2)))
    return float(effect - ordered[n - r]), float(effect - ordered[r - 1])


class _Layout:
    """Where each cohort's years fall on the grid of years since the start."""

    def __init__(self, panel: EffectPanel) -> None:
        self.years = np.asarray(panel.years)
        self.starts = np.array([cohort.start for cohort in panel.cohorts])
        self.weights = np.array([cohort.weight for cohort in panel.cohorts], dtype=float)
        self.sizes = [len(cohort.area_ids) for cohort in panel.cohorts]
        offsets = self.years[None, :] - self.starts[:, None]  # (cohorts, years)
        self.grid = np.arange(offsets.min(), offsets.max() + 1)
        self.column = offsets - self.grid[0]  # grid position of each cohort-year
        self.pre = offsets < 0

    def place(self, per_cohort: list[np.ndarray], pre_only: bool = False) -> np.ndarray:
        """(cohorts, grid) with each cohort's yearly values (or pre-start values) at their place."""
        out = np.full((len(per_cohort), len(self.grid)), np.nan)
        for g, values in enumerate(per_cohort):
            cols = self.column[g][self.pre[g]] if pre_only else self.column[g]
            out[g, cols] = values
        return out

    def combined(self, per_cohort: list[np.ndarray], pre_only: bool = False) -> np.ndarray:
        return _combine(self.place(per_cohort, pre_only), self.weights)

    def average_post(self, per_cohort: list[np.ndarray]) -> float:
        """Cohort-size weighted mean over every cohort-year from the start on."""
        total = weight = 0.0
        for g, values in enumerate(per_cohort):
            post = values[~self.pre[g]]
            total += self.weights[g] * post.sum()
            weight += self.weights[g] * len(post)
        return total / weight


def donor_pool(panel: EffectPanel, max_donors: int = MAX_DONORS) -> tuple[list[str], bool]:
    """The comparison areas nearest the treated cohorts before the start (see the module docstring).

    Returns the pool's ids (nearest first) and whether it was capped.
    """
    comparison = list(panel.comparison)
    cap = max(int(max_donors), 2 * len(panel.treated))
    if len(comparison) <= cap:
        return comparison, False
    values = panel.values.loc[comparison].to_numpy()
    years = np.asarray(panel.years)
    distance = np.zeros(len(comparison))
    for cohort in panel.cohorts:
        pre = years < cohort.start
        treated = panel.aggregate(cohort.area_ids)
        distance += cohort.weight * np.sqrt(((values[:, pre] - treated[pre]) ** 2).mean(axis=1))
    order = np.lexsort((np.array(comparison), distance))
    return [comparison[i] for i in order[:cap]], True


def synthetic_control(table: pd.DataFrame, level: str, indicator: str, starts: Mapping[str, int], *,
                      weights: pd.Series | None = None, min_pre_years: int = MIN_PRE_YEARS,
                      min_comparison: int = MIN_COMPARISON_AREAS, max_donors: int = MAX_DONORS,
                      placebos: int = MIN_PLACEBOS, alpha: float = 0.05, seed: int = 0
                      ) -> EffectEstimate | Refusal:
    """Synthetic control estimate of the effect on a group of treated areas (see the module docstring).

    Parameters
    ----------
    table, level, indicator, starts, weights, min_pre_years, min_comparison : as for
        `indicators.effects.panel.build_panel`.
    max_donors : cap of the donor pool (raised to twice the number of treated areas if that is more).
    placebos : fewest placebo groups (each pool area leads at least one while there are at most
        `MAX_PLACEBOS`).
    alpha : 1 - the level of the intervals (0.05: 95 %).
    seed : seed of the draws that fill the placebo groups; the same seed gives the same result.

    Returns
    -------
    EffectEstimate (with `SyntheticDiagnostics`) or Refusal.
    """
    panel = build_panel(table, level, indicator, starts, weights=weights,
                        min_pre_years=min_pre_years, min_comparison=min_comparison)
    if isinstance(panel, Refusal):
        return panel
    return synthetic_control_panel(panel, max_donors=max_donors, placebos=placebos, alpha=alpha,
                                   seed=seed)


def synthetic_control_panel(panel: EffectPanel, *, max_donors: int = MAX_DONORS,
                            placebos: int = MIN_PLACEBOS, alpha: float = 0.05, seed: int = 0
                            ) -> EffectEstimate | Refusal:
    """`synthetic_control` on a panel already built."""
    if not 0 < alpha < 1:
        raise EffectInputError("alpha", f"alpha must lie between 0 and 1, got {alpha}")
    if int(placebos) < 1 or int(max_donors) < 1:
        raise EffectInputError("placebos", "placebos and max_donors must be at least 1")
    pool, capped = donor_pool(panel, max_donors)
    n_treated = len(panel.treated)
    if len(pool) - n_treated < MIN_PLACEBO_DONORS:
        return Refusal(TOO_FEW_COMPARISON_AREAS, {"n": len(panel.comparison),
                                                  "minimum": n_treated + MIN_PLACEBO_DONORS})
    layout = _Layout(panel)
    with threadpool_limits(1):  # tiny matrices: BLAS threads only get in each other's way
        treated = _treated_fits(panel, layout, pool)
        placebo = _placebo_fits(panel, layout, pool, placebos, seed)
    return _estimate(panel, layout, pool, capped, treated, placebo, alpha)


def _treated_fits(panel: EffectPanel, layout: _Layout, pool: list[str]) -> dict:
    y0 = panel.values.loc[pool].to_numpy().T  # (years, pool)
    levels, gaps, cvs, weights = [], [], [], []
    for g, cohort in enumerate(panel.cohorts):
        y = panel.aggregate(cohort.area_ids)
        w, gap, cv = _fit(y, y0, layout.pre[g], donors=pool)
        levels.append(y)
        gaps.append(gap)
        cvs.append(cv)
        weights.append(w)
    return {"levels": levels, "gaps": gaps, "cvs": cvs, "weights": np.array(weights)}


def _placebo_fits(panel: EffectPanel, layout: _Layout, pool: list[str], placebos: int,
                  seed: int) -> dict:
    rng = np.random.default_rng(seed)
    rows = panel.values.index.get_indexer(pool)
    values = panel.values.to_numpy()
    n = min(max(int(placebos), len(pool)), MAX_PLACEBOS)
    leads = np.resize(rng.permutation(len(pool)), n)
    sizes = layout.sizes
    gaps = np.empty((n, len(layout.grid)))
    cvs = np.empty((n, len(layout.grid)))
    averages = np.empty(n)
    for r, lead in enumerate(leads):
        rest = rng.permutation(np.delete(np.arange(len(pool)), lead))
        members = np.concatenate([[lead], rest[: sum(sizes) - 1]])
        donors = rows[rest[sum(sizes) - 1:]]
        y0 = values[donors].T
        cohort_gaps, cohort_cvs = [], []
        start = 0
        for g, size in enumerate(sizes):
            group = rows[members[start:start + size]]
            start += size
            y = panel.aggregate_many(group[None, :])[0]
            _, gap, cv = _fit(y, y0, layout.pre[g])
            cohort_gaps.append(gap)
            cohort_cvs.append(cv)
        gaps[r] = layout.combined(cohort_gaps)
        cvs[r] = layout.combined(cohort_cvs, pre_only=True)
        averages[r] = layout.average_post(cohort_gaps)
    return {"gaps": gaps, "cvs": cvs, "averages": averages}


def _estimate(panel: EffectPanel, layout: _Layout, pool: list[str], capped: bool, treated: dict,
              placebo: dict, alpha: float) -> EffectEstimate:
    gap = layout.combined(treated["gaps"])
    observed = ~np.isnan(gap)  # years missing from the data leave holes in the grid
    grid = layout.grid[observed]
    post = grid >= 0
    gap = gap[observed]
    placebo = {**placebo, "gaps": placebo["gaps"][:, observed], "cvs": placebo["cvs"][:, observed]}
    cv = layout.combined(treated["cvs"], pre_only=True)[observed]
    effect = layout.average_post(treated["gaps"])
    ci_low, ci_high = rank_interval(effect, placebo["averages"], alpha)

    pre_rmspe, pre_cv, post_rmspe = _rmspe(gap[~post]), _rmspe(cv[~post]), _rmspe(gap[post])
    ratio = post_rmspe / pre_cv if pre_cv > 0 else float("inf")
    placebo_pre = np.sqrt(np.nanmean(placebo["cvs"][:, ~post] ** 2, axis=1))
    placebo_post = np.sqrt(np.nanmean(placebo["gaps"][:, post] ** 2, axis=1))
    with np.errstate(divide="ignore"):
        placebo_ratio = np.where(placebo_pre > 0, placebo_post / placebo_pre, np.inf)
    n = len(placebo_ratio)
    p_value = float((1 + np.sum(placebo_ratio >= ratio)) / (1 + n))
    diagnostics = SyntheticDiagnostics(
        pre_rmspe=pre_rmspe, pre_rmspe_cv=pre_cv, post_rmspe=post_rmspe, rmspe_ratio=float(ratio),
        placebo_rank=int(1 + np.sum(placebo_ratio > ratio)), n_placebos=n,
        poor_fit=bool(pre_cv > np.quantile(placebo_pre, POOR_FIT_QUANTILE)),
        donor_pool=len(pool), donor_pool_capped=capped)

    single = not panel.staggered
    per_year = []
    for k in np.flatnonzero(post):
        low, high = rank_interval(gap[k], placebo["gaps"][:, k], alpha)
        e = int(grid[k])
        per_year.append(YearEffect(e, int(layout.starts[0] + e) if single else None,
                                   float(gap[k]), low, high))

    donor_weights = layout.weights @ treated["weights"] / layout.weights.sum()
    order = np.argsort(-donor_weights, kind="stable")
    comparison = tuple((pool[i], float(donor_weights[i])) for i in order if donor_weights[i] > 1e-6)

    level = layout.combined(treated["levels"])[observed]
    comp = panel.aggregate(panel.comparison)
    comp_level = layout.combined([comp] * len(panel.cohorts))[observed]
    if single:
        index = pd.Index((grid + layout.starts[0]).astype(int), name=BY_YEAR)
    else:
        index = pd.Index(grid.astype(int), name=BY_YEARS_SINCE_START)
    series = pd.DataFrame({TREATED: level, COUNTERFACTUAL: level - gap, COMPARISON: comp_level},
                          index=index)
    return EffectEstimate(
        method=SYNTHETIC, indicator=panel.indicator, level=panel.level,
        status=effect_status(ci_low, ci_high), effect=float(effect), ci_low=ci_low,
        ci_high=ci_high, p_value=p_value, per_year=tuple(per_year), series=series,
        treated=panel.treated, starts=tuple(sorted(panel.starts.items())), comparison=comparison,
        n_treated=len(panel.treated), n_comparison=len(pool), pre_years=int((~post).sum()),
        post_years=int(post.sum()), excluded=panel.excluded, not_started=panel.not_started,
        diagnostics=diagnostics, alpha=alpha)
