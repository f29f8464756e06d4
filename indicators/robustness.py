"""How robust is a proposal? Rank bands and selection probabilities under uncertain choices.

A proposal that flips when one weight moves by 0.05 should not decide where money goes for ten years.
`rank_uncertainty` re-runs the index many times (Monte Carlo), each time with

- **weights** drawn from a Dirichlet distribution centred on the chosen weights,
  ``w ~ Dirichlet(concentration · w₀)`` (mean ``w₀``; a larger concentration means less spread, and
  ``concentration = inf`` gives exactly ``w₀``),
- a **normalisation** and an **aggregation** drawn uniformly from the lists given (by default only the
  chosen ones),
- optionally (``suppressed_jitter``) every **missing / suppressed value** imputed afresh per draw by
  the need score of an area drawn uniformly among the areas that have the indicator (a draw from the
  indicator's empirical distribution, on the normalised scale of that draw's method). Without jitter a
  missing value stays missing and the area's weights are rescaled over the indicators it has, exactly
  as `indicators.index.composite_index` does. An indicator no area has is never imputed, nor is an
  area with none of the weighted indicators (it gets no rank, as in the engine). Note that percentile
  ranks are computed once on the observed values, so an imputed value reuses a donor's score.

For each draw it computes scores and ranks (1 = greatest need, ties share the lowest rank) and the
areas the selection rule picks, and reports per area the median rank, the 5th and 95th percentile rank
(linear interpolation between order statistics) and ``p_selected``, the share of draws that select the
area. Everything is numpy on the whole draws × areas matrix: each normalisation runs once on the
areas × indicators matrix, and the scores of a block of draws are one matrix product.

`sensitivity` varies one choice at a time and says which moves the ranks most. `pca_weights` and
`equal_after_correlation_weights` are two data-driven weightings to compare the chosen weights with.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.index import (
    AGGREGATIONS,
    GEOMETRIC_FLOOR,
    NORMALISATIONS,
    RANK,
    SCORE,
    SCORE_DECIMALS,
    UnknownMethodError,
    _raw_values,
    composite_index,
    normalise_weights,
)
from indicators.selection import (
    _COVER_RTOL,
    COVER_YOUTH,
    THRESHOLD,
    TOP_DECILE,
    TOP_N,
    SelectionInputError,
    SelectionRule,
    parse_rule,
    select_areas,
)
from model.registry import Direction

# Output columns of `rank_uncertainty`.
MEDIAN_RANK = "median_rank"
RANK_P05 = "rank_p05"
RANK_P95 = "rank_p95"
P_SELECTED = "p_selected"
POINT_RANK = "point_rank"
POINT_SELECTED = "point_selected"
ROBUSTNESS_COLUMNS = (MEDIAN_RANK, RANK_P05, RANK_P95, P_SELECTED)

#: Scores of at most this many draws × areas are held in memory at once.
_BLOCK_CELLS = 2_000_000


@dataclass(frozen=True)
class RobustnessResult:
    """Rank bands per area.

    Attributes
    ----------
    table : indexed like the input values, columns ``median_rank``, ``rank_p05``, ``rank_p95``
        (1 = greatest need; NaN for an area never scored), ``p_selected`` (0–1), ``point_rank`` and
        ``point_selected`` (the chosen settings, from `composite_index` and `select_areas`).
    draws : number of Monte Carlo draws.
    """

    table: pd.DataFrame
    draws: int


# ---------------------------------------------------------------------------------------------------
# The simulation
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Setup:
    weights: np.ndarray  # (K,) chosen weights, sum 1
    need: dict[str, np.ndarray]  # normalisation -> (A, K) need scores, NaN where missing
    present: np.ndarray  # (A, K)
    imputable: np.ndarray  # (K,) the indicator has a value somewhere
    donors: list[np.ndarray]  # per indicator: row indices of areas that have it
    missing: list[np.ndarray]  # per indicator: rows of areas that lack it but have another one
    scored: np.ndarray  # (A,) the area has at least one weighted indicator


def _setup(values: pd.DataFrame, directions: Mapping[str, Direction | str],
           weights: Mapping[str, float], normalisations: Sequence[str],
           city_values: Mapping[str, float | None] | None) -> tuple[_Setup, tuple[str, ...]]:
    w = normalise_weights(weights, values.columns)
    ids = tuple(w.index)
    raw = _raw_values(values, directions, ids, city_values)
    need = {name: NORMALISATIONS[name](raw) for name in dict.fromkeys(normalisations)}
    present = raw.present
    scored = present.any(axis=1)
    return _Setup(
        weights=w.to_numpy(dtype=float),
        need=need,
        present=present,
        imputable=present.any(axis=0),
        donors=[np.flatnonzero(present[:, k]) for k in range(len(ids))],
        missing=[np.flatnonzero(~present[:, k] & scored) for k in range(len(ids))],
        scored=scored,
    ), ids


def _check_methods(names: Sequence[str], registry: Mapping[str, object], kind: str) -> tuple[str, ...]:
    names = tuple(names)
    if not names:
        raise ValueError(f"At least one {kind} method is needed. Valid names: {', '.join(registry)}")
    for name in names:
        if name not in registry:
            raise UnknownMethodError(kind, name, registry)
    return names


def _draw_weights(rng: np.random.Generator, w: np.ndarray, concentration: float, n: int) -> np.ndarray:
    """(n, K) weights ~ Dirichlet(concentration · w); exactly ``w`` for an infinite concentration."""
    if not concentration > 0:
        raise ValueError(f"concentration must be positive (inf = no spread), got {concentration!r}")
    if math.isinf(concentration) or len(w) == 1:
        return np.tile(w, (n, 1))
    drawn = rng.dirichlet(concentration * w, size=n)
    # A tiny alpha can underflow to an all-zero row; fall back to the chosen weights there.
    bad = ~(drawn.sum(axis=1) > 0)
    drawn[bad] = w
    return drawn


def _transform(need: np.ndarray, aggregation: str) -> np.ndarray:
    """Need scores on the scale the aggregation averages: n (arithmetic) or ln max(n, ε) (geometric)."""
    if aggregation == "geometric":
        return np.log(np.maximum(need, GEOMETRIC_FLOOR))
    return need


def _scores(setup: _Setup, weights: np.ndarray, normalisation: str, aggregation: str,
            impute: dict[int, np.ndarray] | None) -> np.ndarray:
    """(draws, A) scores 0–100 for these weights, one method, optionally imputed missing values.

    ``impute`` maps an indicator column to (draws, missing areas) donor row indices.
    """
    t = _transform(setup.need[normalisation], aggregation)
    present = setup.present
    used = present.copy()
    if impute is not None:
        used |= setup.imputable[None, :] & setup.scored[:, None]
    numerator = weights @ np.where(present, t, 0.0).T
    denominator = weights @ used.T.astype(float)
    if impute is not None:
        for k, donor_rows in impute.items():
            rows = setup.missing[k]
            numerator[:, rows] += weights[:, k:k + 1] * t[donor_rows, k]
    mean = np.divide(numerator, denominator, out=np.full_like(numerator, np.nan),
                     where=denominator > 0)
    score = 100.0 * (np.exp(mean) if aggregation == "geometric" else mean)
    return np.clip(np.round(score, SCORE_DECIMALS), 0.0, 100.0)


def _ranks(score: np.ndarray) -> np.ndarray:
    """Rank per row, 1 = highest score, ties share the lowest ("min"); 0 where the score is NaN.

        rank = 1 + (number of scored areas in the row with a strictly greater score)

    Sort each row descending; an area's rank is one plus the position where its tie group starts.
    """
    filled = np.where(np.isnan(score), -np.inf, score)
    order = np.argsort(-filled, axis=1)  # any order within a tie group will do
    ordered = np.take_along_axis(filled, order, axis=1)
    positions = np.broadcast_to(np.arange(score.shape[1]), score.shape)
    starts = np.ones(score.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    group_start = np.maximum.accumulate(np.where(starts, positions, 0), axis=1)
    rank = np.empty(score.shape, dtype=np.int32)
    np.put_along_axis(rank, order, (group_start + 1).astype(np.int32), axis=1)
    return np.where(np.isnan(score), 0, rank).astype(np.int32)


def _selected(score: np.ndarray, rank: np.ndarray, rule: SelectionRule,
              youth: np.ndarray | None, neet: np.ndarray | None) -> np.ndarray:
    """(draws, A) booleans: which areas ``rule`` selects in each draw (as `select_areas` does)."""
    scored = rank > 0
    if rule.kind == TOP_N:
        return scored & (rank <= rule.parameter)
    if rule.kind == TOP_DECILE:
        m = scored.sum(axis=1, keepdims=True)
        return scored & (rank <= np.maximum(1, np.ceil(m / 10)))
    if rule.kind == THRESHOLD:
        return scored & (score >= rule.parameter)
    counts, name = (youth, "youth") if rule.kind == COVER_YOUTH else (neet, "neet")
    if counts is None:
        raise SelectionInputError(f"the rule {rule.to_text()} needs the number of people per area; "
                                  f"pass {name}=")
    total = counts.sum()
    if total <= 0:
        raise SelectionInputError(f"cannot apply {rule.to_text()}: {name} sums to 0")
    filled = np.where(scored, score, -np.inf)
    order = np.argsort(-filled, axis=1, kind="stable")
    sorted_score = np.take_along_axis(filled, order, axis=1)
    cumulative = np.cumsum(np.where(np.isfinite(sorted_score), counts[order], 0.0), axis=1)
    reached = cumulative >= rule.parameter / 100 * total * (1 - _COVER_RTOL)
    n_scored = scored.sum(axis=1)
    last = np.maximum(n_scored - 1, 0)
    position = np.where(reached.any(axis=1), np.argmax(reached, axis=1), last)
    cutoff = sorted_score[np.arange(len(score)), position][:, None]
    return scored & (score >= cutoff)


def _counts(series: pd.Series | None, index: pd.Index, name: str) -> np.ndarray | None:
    if series is None:
        return None
    aligned = pd.to_numeric(series.reindex(index), errors="coerce").astype(float).fillna(0.0)
    if (aligned < 0).any():
        raise SelectionInputError(f"{name} has negative values")
    return aligned.to_numpy()


def _simulate(setup: _Setup, *, draws: int, concentration: float, normalisations: Sequence[str],
              aggregations: Sequence[str], suppressed_jitter: bool,
              rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Yield blocks of (draws, A) scores; the blocks together hold ``draws`` rows."""
    n_areas = setup.present.shape[0]
    block = max(1, _BLOCK_CELLS // max(n_areas, 1))
    jitter = suppressed_jitter and any(len(m) and setup.imputable[k]
                                      for k, m in enumerate(setup.missing))
    for start in range(0, draws, block):
        n = min(block, draws - start)
        weights = _draw_weights(rng, setup.weights, concentration, n)
        norm_pick = rng.integers(len(normalisations), size=n)
        agg_pick = rng.integers(len(aggregations), size=n)
        impute = None
        if jitter:
            impute = {k: donors[rng.integers(len(donors), size=(n, len(setup.missing[k])))]
                      for k, donors in enumerate(setup.donors)
                      if len(setup.missing[k]) and len(donors)}
        score = np.empty((n, n_areas))
        # A loop over the handful of method combinations, each a matrix product over its draws.
        for i, normalisation in enumerate(normalisations):
            for j, aggregation in enumerate(aggregations):
                rows = np.flatnonzero((norm_pick == i) & (agg_pick == j))
                if rows.size == 0:
                    continue
                sub = None if impute is None else {k: v[rows] for k, v in impute.items()}
                score[rows] = _scores(setup, weights[rows], normalisation, aggregation, sub)
        yield score


QUANTILES = (0.05, 0.5, 0.95)


def _quantile_positions(n: int, quantiles: Sequence[float]) -> list[int]:
    """The sorted positions `_quantile_from_sorted` reads for these quantiles of ``n`` values."""
    return sorted({k for q in quantiles for k in (math.floor(q * (n - 1)), math.ceil(q * (n - 1)))})


def _quantile_from_sorted(sorted_ranks: np.ndarray, q: float) -> np.ndarray:
    """Quantile per row of a row-wise ascending-sorted array (linear interpolation, numpy's default).

    Only positions `_quantile_positions` need to hold their sorted values (``np.partition`` suffices).
    """
    pos = q * (sorted_ranks.shape[1] - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    frac = pos - lo
    return sorted_ranks[:, lo].astype(float) * (1 - frac) + sorted_ranks[:, hi].astype(float) * frac


# ---------------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------------


def rank_uncertainty(values: pd.DataFrame, directions: Mapping[str, Direction | str],
                     weights: Mapping[str, float], *, draws: int = 10_000,
                     concentration: float = 50.0, normalisation: str = "min_max",
                     aggregation: str = "arithmetic", normalisations: Sequence[str] | None = None,
                     aggregations: Sequence[str] | None = None, suppressed_jitter: bool = True,
                     rule: SelectionRule | str = "top-decile", youth: pd.Series | None = None,
                     neet: pd.Series | None = None,
                     city_values: Mapping[str, float | None] | None = None,
                     seed: int = 0) -> RobustnessResult:
    """Rank bands and selection probability per area when weights, methods and gaps are uncertain.

    Parameters
    ----------
    values, directions, weights, city_values : as for `composite_index`.
    draws : number of Monte Carlo draws (≥ 1).
    concentration : Dirichlet concentration c; weights are drawn from ``Dirichlet(c · w₀)`` with
        ``w₀`` the chosen weights rescaled to sum 1. The spread of weight i is
        ``sd = sqrt(w₀ᵢ (1 − w₀ᵢ) / (c + 1))``: with four equal weights and c = 50 about 0.06.
        ``float("inf")`` draws exactly ``w₀``.
    normalisation, aggregation : the chosen methods (the point rank uses these).
    normalisations, aggregations : methods drawn uniformly per draw; default only the chosen one.
    suppressed_jitter : impute missing values per draw from the indicator's distribution (see the
        module docstring) instead of scoring the area on the indicators it has.
    rule : selection rule (text or `SelectionRule`); ``cover-youth``/``cover-neet`` need youth/neet.
    youth, neet : people per area for the cover rules, aligned on the index (missing = 0).
    seed : seed of the random generator; equal inputs and seed give equal results.

    Returns
    -------
    RobustnessResult
        ``table`` indexed like ``values`` with ``median_rank``, ``rank_p05``, ``rank_p95`` (1 =
        greatest need, NaN for areas without a score), ``p_selected`` (share of draws selecting the
        area), ``point_rank`` and ``point_selected`` (the chosen settings).

    Raises
    ------
    UnknownMethodError, WeightError, SelectionRuleError, SelectionInputError, ValueError
        For unknown methods, bad weights, an unknown rule, missing cover counts or bad ``draws``.
    """
    if int(draws) < 1:
        raise ValueError(f"draws must be at least 1, got {draws!r}")
    norms = _check_methods(normalisations or (normalisation,), NORMALISATIONS, "normalisation")
    aggs = _check_methods(aggregations or (aggregation,), AGGREGATIONS, "aggregation")
    _check_methods((normalisation,), NORMALISATIONS, "normalisation")
    _check_methods((aggregation,), AGGREGATIONS, "aggregation")
    selection_rule = parse_rule(rule) if isinstance(rule, str) else rule
    youth_counts = _counts(youth, values.index, "youth")
    neet_counts = _counts(neet, values.index, "neet")

    point = composite_index(values, directions, weights, normalisation, aggregation, city_values)
    point_selected = select_areas(point[SCORE], selection_rule, youth=youth, neet=neet)
    setup, _ = _setup(values, directions, weights, norms, city_values)
    rng = np.random.default_rng(seed)

    n_areas = len(values)
    # Areas × draws, so that ordering each area's ranks runs over contiguous memory; 16-bit ranks
    # when they fit (half the memory: 120 MB instead of 240 MB for 10,000 draws of 6,000 areas).
    rank_type = np.int16 if n_areas < np.iinfo(np.int16).max else np.int32
    ranks = np.empty((n_areas, int(draws)), dtype=rank_type)
    chosen = np.zeros(n_areas, dtype=np.int64)

    def rank_block(row: int, score: np.ndarray) -> np.ndarray:
        block_ranks = _ranks(score)
        ranks[:, row:row + len(score)] = block_ranks.T
        return _selected(score, block_ranks, selection_rule, youth_counts, neet_counts).sum(axis=0)

    # Ranking (numpy sorts, which release the GIL) runs on worker threads while the next block is
    # drawn; at most two blocks per worker wait, which bounds the memory held.
    workers = min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        row = 0
        for score in _simulate(setup, draws=int(draws), concentration=concentration,
                               normalisations=norms, aggregations=aggs,
                               suppressed_jitter=suppressed_jitter, rng=rng):
            pending.append(pool.submit(rank_block, row, score))
            row += len(score)
            while len(pending) > 2 * workers:
                chosen += pending.popleft().result()
        while pending:
            chosen += pending.popleft().result()
    never_scored = (ranks == 0).all(axis=1)
    # Only the order statistics the quantiles read need to be in place: a partial sort (O(draws)).
    ranks.partition(_quantile_positions(int(draws), QUANTILES), axis=1)
    table = pd.DataFrame({
        MEDIAN_RANK: _quantile_from_sorted(ranks, 0.5),
        RANK_P05: _quantile_from_sorted(ranks, 0.05),
        RANK_P95: _quantile_from_sorted(ranks, 0.95),
        P_SELECTED: chosen / int(draws),
    }, index=values.index.copy())
    table.loc[never_scored, [MEDIAN_RANK, RANK_P05, RANK_P95]] = np.nan
    table[POINT_RANK] = point[RANK]
    table[POINT_SELECTED] = point_selected.to_numpy()
    return RobustnessResult(table=table, draws=int(draws))


#: Per choice: (Swedish, English) one-line explanation for `sensitivity`.
SENSITIVITY_EXPLANATIONS: dict[str, tuple[str, str]] = {
    "weights": (
        "Hur mycket rangordningen flyttar sig när bara vikterna varieras kring de valda.",
        "How far the ranking moves when only the weights vary around the chosen ones.",
    ),
    "normalisation": (
        "Hur mycket rangordningen flyttar sig när bara normeringsmetoden byts.",
        "How far the ranking moves when only the normalisation method changes.",
    ),
    "aggregation": (
        "Hur mycket rangordningen flyttar sig när bara sammanvägningen (aritmetiskt eller "
        "geometriskt medelvärde) byts.",
        "How far the ranking moves when only the aggregation (arithmetic or geometric mean) changes.",
    ),
    "suppressed": (
        "Hur mycket rangordningen flyttar sig när saknade och skyddade värden fylls i slumpvis.",
        "How far the ranking moves when missing and suppressed values are filled in at random.",
    ),
}


def sensitivity(values: pd.DataFrame, directions: Mapping[str, Direction | str],
                weights: Mapping[str, float], *, draws: int = 2_000, concentration: float = 50.0,
                normalisation: str = "min_max", aggregation: str = "arithmetic",
                normalisations: Sequence[str] | None = None,
                aggregations: Sequence[str] | None = None,
                city_values: Mapping[str, float | None] | None = None,
                seed: int = 0) -> pd.DataFrame:
    """Which choice moves the ranks most: each varied alone, the others kept at the chosen settings.

    For each choice, ``mean_abs_rank_change`` is the mean over draws and scored areas of
    ``|rank_draw − point_rank|`` and ``max_abs_rank_change`` the largest such change. The choices are
    ``weights`` (Dirichlet as in `rank_uncertainty`), ``normalisation`` (drawn from
    ``normalisations``, default all of `NORMALISATIONS`), ``aggregation`` (default all of
    `AGGREGATIONS`) and ``suppressed`` (missing values imputed per draw; only when some are missing).

    Returns
    -------
    pd.DataFrame
        One row per choice (index ``choice``), sorted by ``mean_abs_rank_change`` descending, with
        ``explanation_sv`` and ``explanation_en`` (see `SENSITIVITY_EXPLANATIONS`).
    """
    norms = _check_methods(normalisations or tuple(NORMALISATIONS), NORMALISATIONS, "normalisation")
    aggs = _check_methods(aggregations or tuple(AGGREGATIONS), AGGREGATIONS, "aggregation")
    point = composite_index(values, directions, weights, normalisation, aggregation, city_values)
    point_rank = point[RANK].to_numpy(dtype=float)
    scored = ~np.isnan(point_rank)
    setup, _ = _setup(values, directions, weights, (*norms, normalisation), city_values)
    has_missing = bool((~setup.present[scored] & setup.imputable).any())
    variants = {
        "weights": {"concentration": concentration, "normalisations": (normalisation,),
                        "aggregations": (aggregation,), "suppressed_jitter": False},
        "normalisation": {"concentration": math.inf, "normalisations": norms,
                              "aggregations": (aggregation,), "suppressed_jitter": False},
        "aggregation": {"concentration": math.inf, "normalisations": (normalisation,),
                            "aggregations": aggs, "suppressed_jitter": False},
    }
    if has_missing:
        variants["suppressed"] = {"concentration": math.inf, "normalisations": (normalisation,),
                                      "aggregations": (aggregation,), "suppressed_jitter": True}
    rows = []
    for choice, options in variants.items():
        rng = np.random.default_rng(seed)
        total, count, largest = 0.0, 0, 0.0
        for score in _simulate(setup, draws=int(draws), rng=rng, **options):
            change = np.abs(_ranks(score)[:, scored] - point_rank[scored])
            total += float(change.sum())
            count += change.size
            largest = max(largest, float(change.max(initial=0.0)))
        sv, en = SENSITIVITY_EXPLANATIONS[choice]
        rows.append({"choice": choice, "mean_abs_rank_change": total / count if count else math.nan,
                     "max_abs_rank_change": largest, "explanation_sv": sv, "explanation_en": en})
    table = pd.DataFrame(rows).set_index("choice")
    return table.sort_values("mean_abs_rank_change", ascending=False, kind="stable")


# ---------------------------------------------------------------------------------------------------
# Data-driven weights
# ---------------------------------------------------------------------------------------------------

PCA_WEIGHTS_SV = (
    "Vikterna följer den första principalkomponenten: indikatorer som samvarierar mycket med de andra "
    "får stor vikt, en indikator som mäter något eget får liten."
)
PCA_WEIGHTS_EN = (
    "The weights follow the first principal component: indicators that vary together with the others "
    "get a large weight, an indicator that measures something of its own gets a small one."
)
EQUAL_AFTER_CORRELATION_SV = (
    "Indikatorer som mäter samma sak delar på en vikt, så att samma behov inte räknas två gånger; en "
    "indikator utan samband med de andra får en hel vikt."
)
EQUAL_AFTER_CORRELATION_EN = (
    "Indicators that measure the same thing share one weight, so the same need is not counted twice; "
    "an indicator unrelated to the others gets a whole weight."
)


def _need_correlations(values: pd.DataFrame, directions: Mapping[str, Direction | str]) -> pd.DataFrame:
    """Pearson correlations (pairwise complete) of the indicators in need orientation, NaN → 0."""
    ids = tuple(values.columns)
    raw = _raw_values(values, directions, ids, None)
    corr = pd.DataFrame(raw.need_oriented, columns=list(ids)).corr(method="pearson")
    matrix = corr.fillna(0.0).to_numpy(copy=True)
    np.fill_diagonal(matrix, 1.0)
    return pd.DataFrame(matrix, index=corr.index, columns=corr.columns)


def pca_weights(values: pd.DataFrame, directions: Mapping[str, Direction | str]) -> pd.Series:
    """Weights from the first principal component of the standardised need-oriented indicators.

    With R the correlation matrix of ``sign · x`` (pairwise complete, i.e. PCA of the standardised
    indicators) and v its eigenvector of the largest eigenvalue (‖v‖ = 1),

        wᵢ = vᵢ² / Σⱼ vⱼ²  (= vᵢ²).

    Squared loadings ignore the sign of v. Two identical indicators and one independent one give
    (½, ½, 0): PCA weights what the indicators share, so it rewards double counting; see
    `equal_after_correlation_weights` for the opposite. A constant indicator (no correlation) gets 0
    unless every indicator is uncorrelated, when the weights are equal.

    Returns
    -------
    pd.Series
        Indexed by indicator id (the columns of ``values``), summing to 1.
    """
    corr = _need_correlations(values, directions)
    eigenvalues, vectors = np.linalg.eigh(corr.to_numpy())
    first = vectors[:, np.argmax(eigenvalues)]
    squared = first ** 2
    if np.allclose(corr.to_numpy(), np.eye(len(corr))):
        squared = np.ones(len(corr))
    return pd.Series(squared / squared.sum(), index=corr.index, name="weight")


def equal_after_correlation_weights(values: pd.DataFrame,
                                    directions: Mapping[str, Direction | str]) -> pd.Series:
    """Weights that count each separate need once: inverse to how much the others duplicate it.

        wᵢ ∝ 1 / (1 + Σ_{j≠i} |rᵢⱼ|),

    with r the Pearson correlations of ``sign · x`` (pairwise complete; NaN counts as 0). This is the
    inverse of one plus (K − 1) times the indicator's mean absolute correlation with the others; the
    "1 +" keeps an indicator uncorrelated with all others finite (weight proportional to 1). k identical
    indicators that are independent of the rest share the weight of one: two identical and one
    independent give (¼, ¼, ½).

    Returns
    -------
    pd.Series
        Indexed by indicator id (the columns of ``values``), summing to 1.
    """
    corr = _need_correlations(values, directions).abs().to_numpy()
    duplication = corr.sum(axis=1) - 1.0
    raw = 1.0 / (1.0 + duplication)
    return pd.Series(raw / raw.sum(), index=list(values.columns), name="weight")


#: Data-derived weight presets by name, in display order.
DERIVED_WEIGHTS = {"pca": pca_weights, "equal_after_correlation": equal_after_correlation_weights}


def derived_weight_presets(values: pd.DataFrame, directions: Mapping[str, Direction | str],
                           grid: float = 0.05, min_areas: int = 3) -> dict[str, dict[str, float]]:
    """Each `DERIVED_WEIGHTS` method's weights for the indicators in ``values``, rounded to ``grid``.

    Indicators with fewer than ``min_areas`` values get weight 0; with fewer than two usable
    indicators there is nothing to derive and the result is empty.
    """
    present = [i for i in values.columns if values[i].notna().sum() >= min_areas]
    if len(present) < 2:
        return {}
    out = {}
    for name, derive in DERIVED_WEIGHTS.items():
        derived = derive(values[present], {i: directions[i] for i in present})
        out[name] = {i: round(float(derived.get(i, 0.0)) / grid) * grid for i in values.columns}
    return out
