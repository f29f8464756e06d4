"""Carrying values published on an older area division onto the current one, with population weights.

SCB publishes years up to 2023 on the DeSO 2018 (and RegSO 2020) codes and from 2024 on DeSO 2025
(RegSO 2025). A *correspondence* lists the pairs (old area, new area); most DeSO kept their code,
some were split (one old area, several new ones), a few merged. This module turns the pairs into
weights and moves counts, shares and categories onto the new areas. Pure functions: DataFrames and
Series in, new objects out.

Weights
    ``weight(o → n)`` is the share of old area ``o``'s population that lives in new area ``n``
    (the weights of one old area sum to 1). With only the new areas' populations known, each new
    area's population is shared equally among its old areas and the shares normalised per old area:

        a(o, n) = pop(n) / |parents(n)|,   weight(o → n) = a(o, n) / Σ_n' a(o, n')

    which is the population share of each part for a split and 1 for a merge. Where a population is
    missing the old area is split equally (flagged ``equal``).

Counts (persons)
    count(n) = Σ_o weight(o → n) · count(o)

Shares (percent)
    value(n) = Σ_o w·base(o)·value(o) / Σ_o w·base(o) with ``base`` the share's published
    denominator (e.g. number of persons) or the old area's population in that year; the numerator
    and denominator are carried as counts when the base is the published denominator. A split area
    thus gets its old area's share; a merged area the population-weighted mean. A new area is
    suppressed when any of its old areas is.

Categories (e.g. SCB's områdestyp)
    carried only where the new area *is* the old area (one old area, wholly in one new area, and
    nothing else in it); categories of changed areas cannot be averaged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

OLD, NEW, WEIGHT, EQUAL = "old", "new", "weight", "equal"
#: How a new area relates to the old division.
SAME, SPLIT, MERGED, CHANGED = "same", "split", "merged", "changed"


class CorrespondenceError(ValueError):
    """A correspondence table lacks a column or has an unusable weight; the message names it."""


def _check_pairs(pairs: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [col for col in columns if col not in pairs.columns]
    if missing:
        raise CorrespondenceError(f"the correspondence has no column {missing[0]!r}")


def population_weights(pairs: pd.DataFrame, new_population: pd.Series) -> pd.DataFrame:
    """Weights ``old → new`` from the new areas' populations (see the module docstring).

    Parameters
    ----------
    pairs : columns ``old``, ``new`` (area codes); duplicates are dropped.
    new_population : persons per new area code (e.g. the first year on the new division).

    Returns
    -------
    DataFrame with ``old``, ``new``, ``weight`` (0–1, summing to 1 per old area) and ``equal``
    (True where a missing population forced an equal split).
    """
    _check_pairs(pairs, (OLD, NEW))
    out = pairs[[OLD, NEW]].astype(str).drop_duplicates().reset_index(drop=True)
    parents = out.groupby(NEW)[OLD].transform("size")
    pop = out[NEW].map(new_population.astype(float)) if len(new_population) else np.nan
    allocation = pd.Series(np.asarray(pop, dtype=float) / parents.to_numpy(), index=out.index)
    totals = allocation.groupby(out[OLD]).transform("sum")
    incomplete = allocation.isna().groupby(out[OLD]).transform("any") | ~(totals > 0)
    children = out.groupby(OLD)[NEW].transform("size").astype(float)
    out[WEIGHT] = np.where(incomplete, 1.0 / children, allocation / totals)
    out[EQUAL] = incomplete.to_numpy() & (children.to_numpy() > 1)
    return out


def aggregate_weights(weights: pd.DataFrame, old_group: pd.Series, new_group: pd.Series,
                      old_population: pd.Series) -> pd.DataFrame:
    """Weights between the groups of the areas (e.g. RegSO 2020 → RegSO 2025 from DeSO weights).

        weight(R → R') = Σ_{o∈R, n∈R'} pop(o)·weight(o → n) / Σ_{o∈R} pop(o)

    ``old_group``/``new_group`` map area codes to their group codes; ``old_population`` gives the old
    areas' persons (missing: every old area counts as one).
    """
    _check_pairs(weights, (OLD, NEW, WEIGHT))
    frame = weights.assign(old_g=weights[OLD].map(old_group), new_g=weights[NEW].map(new_group))
    frame = frame.dropna(subset=["old_g", "new_g"])
    pop = frame[OLD].map(old_population.astype(float)) if len(old_population) else np.nan
    pop = pd.Series(pop, index=frame.index, dtype=float)
    use_pop = pop.notna().groupby(frame["old_g"]).transform("all")
    frame["mass"] = np.where(use_pop, pop.fillna(0.0), 1.0) * frame[WEIGHT]
    mass = frame.groupby(["old_g", "new_g"], as_index=False)["mass"].sum()
    mass[WEIGHT] = mass["mass"] / mass.groupby("old_g")["mass"].transform("sum")
    out = mass.rename(columns={"old_g": OLD, "new_g": NEW})[[OLD, NEW, WEIGHT]]
    out[EQUAL] = False
    return out[out[WEIGHT] > 0].reset_index(drop=True)


def relation_kinds(weights: pd.DataFrame) -> pd.Series:
    """How each new area relates to the old division: same, split, merged or changed."""
    _check_pairs(weights, (OLD, NEW, WEIGHT))
    w = weights[weights[WEIGHT] > 0]
    parents = w.groupby(NEW)[OLD].nunique()
    children = w.groupby(OLD)[NEW].nunique()
    max_children = w.assign(k=w[OLD].map(children)).groupby(NEW)["k"].max()
    kinds = pd.Series(CHANGED, index=parents.index, name="kind")
    kinds[(parents == 1) & (max_children == 1)] = SAME
    kinds[(parents == 1) & (max_children > 1)] = SPLIT
    kinds[(parents > 1) & (max_children == 1)] = MERGED
    return kinds


def _positive(weights: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, pd.Index]:
    """The pairs with a positive weight, each pair's new-area number, and the new areas."""
    _check_pairs(weights, (OLD, NEW, WEIGHT))
    w = weights[weights[WEIGHT] > 0]
    codes, uniques = pd.factorize(w[NEW].to_numpy())
    return w, codes, pd.Index(uniques)


def _sum(codes: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(codes, weights=values, minlength=n)


def carry_counts(counts: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Counts per old area (rows; one column per group, e.g. age group) onto the new areas.

    A new area gets NaN in a column when one of its old areas has no count there.
    """
    w, codes, new = _positive(weights)
    parts = counts.reindex(w[OLD].to_numpy()).to_numpy(dtype=float) * w[WEIGHT].to_numpy()[:, None]
    out = {}
    for j, column in enumerate(counts.columns):
        column_parts = parts[:, j]
        missing = _sum(codes, np.isnan(column_parts).astype(float), len(new)) > 0
        total = _sum(codes, np.nan_to_num(column_parts), len(new))
        out[column] = np.where(missing, np.nan, total)
    return pd.DataFrame(out, index=new)


def carry_shares(value: pd.Series, suppressed: pd.Series, weights: pd.DataFrame,
                 base: pd.Series | None = None, base_is_count: bool = False) -> pd.DataFrame:
    """Shares (percent) per old area onto the new areas.

    Parameters
    ----------
    value : share per old area code (NaN where withheld or missing).
    suppressed : True where the producer withheld the old area's value.
    weights : from `population_weights` or `aggregate_weights`.
    base : persons behind each old area's share (its denominator, or its population); None or a
        missing base weights the old areas by ``weight`` alone.
    base_is_count : True when ``base`` is the share's own published denominator, so that numerator
        and denominator can be carried too.

    Returns
    -------
    DataFrame indexed by new area: ``value``, ``numerator``, ``denominator`` (NaN unless
    ``base_is_count``), ``suppressed``. A new area with a single old area takes its value exactly;
    one with an old area that has no row in ``value`` is left out (nothing was published for it).
    """
    w, codes, new = _positive(weights)
    n = len(new)
    olds = w[OLD].to_numpy()
    weight = w[WEIGHT].to_numpy(dtype=float)
    v = value.reindex(olds).to_numpy(dtype=float)
    s = suppressed.reindex(olds).fillna(False).astype(bool).to_numpy()
    b = base.reindex(olds).to_numpy(dtype=float) if base is not None else np.full(len(olds), np.nan)
    base_missing = _sum(codes, np.isnan(b).astype(float), n) > 0
    mass = weight * np.where(base_missing[codes], 1.0, np.nan_to_num(b))
    missing = _sum(codes, (np.isnan(v) | s).astype(float), n) > 0
    parents = np.bincount(codes, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = _sum(codes, mass * np.nan_to_num(v), n) / _sum(codes, mass, n)
    exact = np.full(n, np.nan)
    exact[codes[::-1]] = v[::-1]  # the (first) old area's own value
    shares = np.where(parents == 1, exact, shares)
    shares[missing] = np.nan
    if base_is_count:
        denominator = np.where(base_missing, np.nan, _sum(codes, weight * np.nan_to_num(b), n))
        numerator = np.where(missing | base_missing, np.nan,
                             _sum(codes, weight * np.nan_to_num(b) * np.nan_to_num(v) / 100.0, n))
    else:
        denominator = numerator = np.full(n, np.nan)
    out = pd.DataFrame({"value": shares, "numerator": numerator, "denominator": denominator,
                        "suppressed": _sum(codes, s.astype(float), n) > 0}, index=new)
    absent = _sum(codes, (~np.isin(olds, value.index.astype(str))).astype(float), n) > 0
    return out[~absent]


def carry_categories(categories: pd.Series, weights: pd.DataFrame) -> pd.Series:
    """Category codes per old area onto the new areas that *are* the old areas (kind ``same``)."""
    kinds = relation_kinds(weights)
    same = weights[(weights[WEIGHT] > 0) & weights[NEW].map(kinds).eq(SAME)]
    out = pd.Series(categories.reindex(same[OLD].to_numpy()).to_numpy(), index=same[NEW].to_numpy(),
                    dtype="string", name=categories.name)
    return out.dropna()


def identity_pairs(codes: pd.Index | list[str]) -> pd.DataFrame:
    """Pairs that map each code to itself (weight 1): the current division, or a level (the kommun)
    that did not change."""
    codes = [str(code) for code in codes]
    return pd.DataFrame({OLD: codes, NEW: codes, WEIGHT: 1.0, EQUAL: False})
