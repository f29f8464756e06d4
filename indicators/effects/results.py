"""What an effect estimate returns: numbers and codes, never sentences (the UI words them).

Both estimators return an `EffectEstimate`; its ``diagnostics`` are the method's own
(`SyntheticDiagnostics` or `DidDiagnostics`). Effects are *treated minus counterfactual* in the
indicator's unit: percentage points for shares, so a negative effect on UVAS is a decrease.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SYNTHETIC = "synthetic"
DID = "did"
#: The estimators, in the order the UI offers them.
METHOD_IDS = (SYNTHETIC, DID)

#: Index name of `EffectEstimate.series`: calendar years when every treated area starts in the same
#: year, else years since the start (0 = the start year), so that staggered cohorts line up.
BY_YEAR = "year"
BY_YEARS_SINCE_START = "years_since_start"

#: Columns of `EffectEstimate.series`.
TREATED = "treated"
COUNTERFACTUAL = "counterfactual"
COMPARISON = "comparison"


@dataclass(frozen=True)
class YearEffect:
    """The effect in one year after the start.

    Attributes
    ----------
    years_since_start : 0 for the start year, 1 for the year after, ...
    year : the calendar year when all treated areas start in the same year, else None.
    effect : treated minus counterfactual (the indicator's unit; percentage points for shares).
    ci_low, ci_high : the 95 % interval (or ``1 - alpha``).
    """

    years_since_start: int
    year: int | None
    effect: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class SyntheticDiagnostics:
    """How far to trust a synthetic control.

    Attributes
    ----------
    pre_rmspe : root mean squared gap before the start (in-sample fit).
    pre_rmspe_cv : the same with each pre-start year predicted from weights fitted on the other
        pre-start years (leave one year out): the honest pre-period prediction error.
    post_rmspe : root mean squared gap from the start on.
    rmspe_ratio : ``post_rmspe / pre_rmspe_cv``, the statistic the placebo test ranks.
    placebo_rank : 1 + the number of placebos with a larger ratio (1 = the most extreme).
    n_placebos : placebo groups fitted.
    poor_fit : the treated group's pre-period prediction error is larger than that of 90 % of the
        placebo groups (its path lies outside what the comparison areas can reproduce).
    donor_pool : comparison areas the synthetic control could draw on.
    donor_pool_capped : True when the pool was restricted to the areas most similar before the start.
    """

    pre_rmspe: float
    pre_rmspe_cv: float
    post_rmspe: float
    rmspe_ratio: float
    placebo_rank: int
    n_placebos: int
    poor_fit: bool
    donor_pool: int
    donor_pool_capped: bool


@dataclass(frozen=True)
class DidDiagnostics:
    """The parallel pre-trends check of a difference-in-differences estimate.

    Attributes
    ----------
    pretrend_p : p-value of the joint test that every lead (the treated areas' difference from the
        comparison areas in each pre-start year but the last, relative to the last) is zero.
    pretrend_rejected : ``pretrend_p < alpha``: the treated areas already moved differently before
        the start, so the estimate is not to be trusted.
    pretrend_leads : how many leads were tested.
    clusters : areas (clusters of the standard errors).
    """

    pretrend_p: float
    pretrend_rejected: bool
    pretrend_leads: int
    clusters: int


@dataclass(frozen=True)
class EffectEstimate:
    """An effect estimate for a group of treated areas.

    Attributes
    ----------
    method : ``synthetic`` or ``did``.
    indicator, level : what and where.
    status : ``clear_decrease``, ``no_clear_difference`` or ``clear_increase`` (from the interval of
        the average effect).
    effect, ci_low, ci_high : the average effect over the years from the start on and its interval.
    p_value : synthetic control: the placebo rank p-value of the RMSPE ratio; did: the t-test of the
        average effect.
    per_year : the effect in each year since the start.
    series : index `BY_YEAR` or `BY_YEARS_SINCE_START`; columns ``treated`` (the treated group),
        ``counterfactual`` (the synthetic control, or the comparison areas shifted to the treated
        group's pre-start level) and ``comparison`` (the comparison areas combined the same way).
    treated : treated areas in the estimate; ``starts`` their start years as (id, year) pairs.
    comparison : (area id, weight) of the comparison: the synthetic control's donor weights, or each
        comparison area's share of the regression weight; weights sum to 1, largest first.
    n_treated, n_comparison : areas in each group.
    pre_years, post_years : years before and from the start (of the longest cohort when staggered).
    excluded : areas left out for an incomplete series; ``not_started`` treated areas whose start
        lies after the data.
    diagnostics : `SyntheticDiagnostics` or `DidDiagnostics`.
    alpha : 1 - the interval's level.
    """

    method: str
    indicator: str
    level: str
    status: str
    effect: float
    ci_low: float
    ci_high: float
    p_value: float
    per_year: tuple[YearEffect, ...]
    series: pd.DataFrame
    treated: tuple[str, ...]
    starts: tuple[tuple[str, int], ...]
    comparison: tuple[tuple[str, float], ...]
    n_treated: int
    n_comparison: int
    pre_years: int
    post_years: int
    excluded: tuple[str, ...]
    not_started: tuple[str, ...]
    diagnostics: SyntheticDiagnostics | DidDiagnostics
    alpha: float = 0.05

    @property
    def staggered(self) -> bool:
        return self.series.index.name == BY_YEARS_SINCE_START

    def effects_table(self) -> pd.DataFrame:
        """One row per year since the start: ``years_since_start, year, effect, ci_low, ci_high``."""
        return pd.DataFrame([vars(row) for row in self.per_year],
                            columns=["years_since_start", "year", "effect", "ci_low", "ci_high"])
