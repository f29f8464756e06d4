"""The composite need index: normalise the index indicators, weight them and aggregate them per area.

The index answers one question for the steering group: *where is the need greatest?* It is built in
three documented steps, each a small pure function working on the whole areas × indicators matrix at once
(numpy; no loop over areas):

1. **Need scores** (`need_scores`): every indicator is mapped to ``[0, 1]`` and oriented so that a higher
   value always means greater need. Indicators where higher is better (eligibility for vocational
   programmes) are inverted through their `Direction`. The method is chosen by name from
   `NORMALISATIONS`: ``min_max``, ``z_score``, ``percentile_rank`` or ``distance_to_city``. Every method
   is relative to the areas passed in (and, for ``distance_to_city``, to the whole city's value).
2. **Weights** (`normalise_weights`): non-negative, rescaled to sum to 1, so multiplying every weight by
   the same factor changes nothing. An indicator with weight 0 is left out of the index.
3. **Aggregation** (`composite_index`): the weighted ``arithmetic`` or ``geometric`` mean of the need
   scores, on a 0–100 scale (higher = greater need), chosen by name from `AGGREGATIONS`, with each
   indicator's contribution in score points, a rank, a decile and "worst 10 %" flags per indicator.

Missing values (suppressed small cells, an indicator not published at a level) are never treated as
zero: each area's weights are rescaled over the indicators it has, and the area is flagged
``incomplete``. An area with none of the weighted indicators gets no score (NaN).

`indicator_correlations` and `double_counting_warnings` help the steering group see when two indicators
measure the same thing (and so count the same need twice) or when one runs against the index.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.special import ndtr

from model import columns as c
from model.registry import REGISTRY, Direction, IndicatorRegistry

# ---------------------------------------------------------------------------------------------------
# Output columns. The page and the CLI use these names and helpers; they never format them by hand.
# ---------------------------------------------------------------------------------------------------

#: Index score, 0–100, higher = greater need.
SCORE = c.SCORE
#: 1 = greatest need; tied scores share the lowest rank ("min"); NaN where there is no score.
RANK = "rank"
#: 1 = the tenth of areas with the greatest need … 10 = the tenth with the least; NaN without a score.
DECILE = "decile"
#: How many of the weighted indicators the area's score uses.
N_INDICATORS = "n_indicators"
#: True when the area lacks at least one weighted indicator.
INCOMPLETE = "incomplete"
#: True when the area is in the worst 10 % on at least one weighted indicator.
WORST10_ANY = "worst10_any"

CONTRIBUTION_PREFIX = c.CONTRIBUTION_PREFIX
WORST10_PREFIX = "worst10_"


def contribution_column(indicator_id: str) -> str:
    """Column with the indicator's contribution to the score, in score points."""
    return f"{CONTRIBUTION_PREFIX}{indicator_id}"


def worst10_column(indicator_id: str) -> str:
    """Column flagging areas in the worst 10 % on this single indicator."""
    return f"{WORST10_PREFIX}{indicator_id}"


def index_columns(weighted_ids: Iterable[str]) -> tuple[str, ...]:
    """All columns `composite_index` returns for these weighted indicators, in order."""
    ids = tuple(weighted_ids)
    return (
        SCORE, RANK, DECILE, N_INDICATORS, INCOMPLETE,
        *(contribution_column(i) for i in ids),
        *(worst10_column(i) for i in ids),
        WORST10_ANY,
    )


# ---------------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------------


class UnknownMethodError(ValueError):
    """An unknown normalisation, aggregation or correlation method; the message lists the valid names."""

    def __init__(self, kind: str, name: object, valid: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.valid = tuple(valid)
        super().__init__(f"Unknown {kind} method {name!r}. Valid names: {', '.join(self.valid)}")


class WeightError(ValueError):
    """Weights that cannot make an index: negative, not finite, all zero, or for unknown indicators.

    The message lists the indicator ids that may be weighted.
    """

    def __init__(self, problem: str, valid: Iterable[str]) -> None:
        self.valid = tuple(valid)
        super().__init__(f"{problem} Valid indicator ids: {', '.join(self.valid) or '(none)'}")


class CityValueError(ValueError):
    """``distance_to_city`` needs a positive reference value; the message names the indicators."""


# ---------------------------------------------------------------------------------------------------
# Constants shown to users
# ---------------------------------------------------------------------------------------------------

GEOMETRIC_FLOOR = 0.01
"""Smallest need score the geometric mean uses (on the 0–1 scale).

The geometric mean is zero as soon as one factor is zero, so without a floor the area that is best in
the city on a single indicator would get index 0 however great its other needs. Each need score is
therefore counted as at least this value; the geometric score then lies in ``[100·floor, 100]``.
"""

GEOMETRIC_NOTE_SV = (
    "I det geometriska medelvärdet räknas varje normerat värde som minst 0,01 (på skalan 0–1), så att "
    "ett område som är bäst i staden på en enda indikator inte får indexvärdet noll."
)
"""One sentence for the page, in Swedish, explaining `GEOMETRIC_FLOOR`."""

GEOMETRIC_NOTE_EN = (
    "In the geometric mean every normalised value counts as at least 0.01 (on the 0–1 scale), so an "
    "area that is the city's best on a single indicator does not get an index score of zero."
)
"""One sentence for the page, in English, explaining `GEOMETRIC_FLOOR`."""

#: Scores are rounded to this many decimals (far below anything displayed) so that areas whose scores
#: are mathematically equal tie exactly instead of being ordered by floating-point noise.
SCORE_DECIMALS = 9

#: Deciles: decile 1 is the tenth of areas with the greatest need; "worst 10 %" flags use the same rule.
DECILES = 10


# ---------------------------------------------------------------------------------------------------
# Normalisations: name -> implementation
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawValues:
    """The input a normalisation works on: the whole areas × indicators matrix at once.

    Attributes
    ----------
    x : raw values, shape (areas, indicators); NaN = missing.
    signs : +1 where higher is worse, -1 where higher is better, shape (indicators,).
    city : the whole-city value per indicator, NaN where not given, shape (indicators,).
    ids : indicator ids, one per column (for error messages).
    """

    x: np.ndarray
    signs: np.ndarray
    city: np.ndarray
    ids: tuple[str, ...]

    @property
    def need_oriented(self) -> np.ndarray:
        """``sign · x``: higher always means greater need."""
        return self.x * self.signs

    @property
    def present(self) -> np.ndarray:
        return ~np.isnan(self.x)


#: A normalisation maps `RawValues` to need scores in [0, 1] (NaN where missing), same shape as ``x``.
Normaliser = Callable[[RawValues], np.ndarray]


def _column_range(y: np.ndarray, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-column minimum and maximum over present values (+inf/-inf for an empty column)."""
    lo = np.min(np.where(present, y, np.inf), axis=0, initial=np.inf)
    hi = np.max(np.where(present, y, -np.inf), axis=0, initial=-np.inf)
    return lo, hi


def _column_mean(y: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Per-column mean over present values (NaN for an empty column)."""
    count = present.sum(axis=0)
    total = np.where(present, y, 0.0).sum(axis=0)
    return np.divide(total, count, out=np.full(y.shape[1], np.nan), where=count > 0)


def _rank_min_descending(y: np.ndarray) -> np.ndarray:
    """Rank per column with 1 = largest value, ties sharing the lowest rank ("min"); NaN stays NaN.

        rank = 1 + (number of present values in the column strictly larger)
    """
    return pd.DataFrame(y).rank(method="min", ascending=False).to_numpy(dtype=float)


def min_max(raw: RawValues) -> np.ndarray:
    """Min–max scaling in need orientation.

    With ``y = sign · x`` per indicator,

        n = (y − min y) / (max y − min y),

    so the area with the greatest need on the indicator gets 1 and the one with the least gets 0.
    A constant indicator (max = min) carries no information about where the need is greatest; every
    area then gets 0.5 instead of a division by zero.
    """
    y, present = raw.need_oriented, raw.present
    lo, hi = _column_range(y, present)
    span = hi - lo
    constant = span == 0
    n = (y - lo) / np.where(constant, 1.0, span)
    n = np.where(constant, 0.5, n)
    return np.where(present, n, np.nan)


def z_score(raw: RawValues) -> np.ndarray:
    """Standard scores mapped to (0, 1) with the standard normal distribution function.

        z = sign · (x − mean) / sd,      n = Φ(z),

    where mean and the population standard deviation (ddof = 0) are taken over the areas that have
    the indicator, and Φ is the standard normal CDF (``scipy.special.ndtr``). Φ puts z-scores on the
    same 0–1 scale as the other indicators so they can be weighted together: an area at the mean gets
    0.5, one standard deviation worse 0.84. A constant indicator gives every area 0.5.
    """
    y, present = raw.need_oriented, raw.present
    lo, hi = _column_range(y, present)
    count = present.sum(axis=0)
    mean = _column_mean(y, present)
    sd = np.sqrt(np.where(present, (y - mean) ** 2, 0.0).sum(axis=0) / np.maximum(count, 1))
    # Constant is decided on the raw range, not on sd == 0: the mean of identical floats may differ
    # from them in the last bit, which would give noise z-scores of ±1.
    constant = (hi == lo) | (sd == 0)
    n = ndtr((y - mean) / np.where(constant, 1.0, sd))
    n = np.where(constant, 0.5, n)
    return np.where(present, n, np.nan)


def percentile_rank(raw: RawValues) -> np.ndarray:
    """Average-rank percentile in need orientation, in (0, 1].

        n = rank(y) / m,

    where ``rank`` is the ascending rank of ``y = sign · x`` among the m areas that have the indicator,
    tied values sharing the average of their ranks. The area with the greatest need gets 1, the one with
    the least 1/m. Only the order of the values matters, so outliers do not squeeze the others. A constant
    indicator gives every area the same value, (m + 1) / (2m), which is about 0.5.
    """
    ranked = pd.DataFrame(raw.need_oriented).rank(method="average", pct=True)
    return ranked.to_numpy(dtype=float)


def distance_to_city(raw: RawValues) -> np.ndarray:
    """Relative distance from the whole city's value, in need orientation, mapped to [0, 1].

        d = sign · (x − city) / city,      n = clip(0.5 + d / 2, 0, 1).

    0.5 means like the city, and the scale is linear in between: each 10 % worse than the city adds
    0.05. Where higher is worse, 1 means at least twice the city's value and 0 means zero; where higher
    is better (behörighet), 1 means zero and 0 means at least twice the city's value. Unlike the other
    methods this keeps the city's own level as the yardstick, so an indicator on which every area is
    equally far from the city still shows that need.

    ``city`` is the whole-city value passed in ``city_values``. Where it is absent (or not finite) the
    unweighted mean of the areas is used instead (a constant indicator then gives every area 0.5); pass
    the city's own value (or a population-weighted one, see `indicators.summary.city_figure`) where one
    is known. The values are expected to be non-negative (shares, rates).

    Raises
    ------
    CityValueError
        When the reference value is not positive (the relative distance is undefined), unless every area
        equals it (then every area gets 0.5, like a constant indicator).
    """
    x, present = raw.x, raw.present
    lo, hi = _column_range(x, present)
    # For a constant column take the value itself, not a mean that may differ from it in the last bit.
    mean = np.where(lo == hi, lo, _column_mean(x, present))
    ref = np.where(np.isfinite(raw.city), raw.city, mean)
    has_values = present.any(axis=0)
    bad = has_values & ~(ref > 0)
    all_equal = np.where(present, x == ref, True).all(axis=0)
    if (bad & ~all_equal).any():
        problems = ", ".join(
            f"{raw.ids[j]} (reference {ref[j]:g})" for j in np.flatnonzero(bad & ~all_equal)
        )
        raise CityValueError(
            "distance_to_city needs a positive whole-city value to measure relative distance from; "
            f"not so for {problems}. Pass the city's value or choose another normalisation."
        )
    safe_ref = np.where(ref > 0, ref, 1.0)
    d = raw.signs * (x - ref) / safe_ref
    n = np.clip(0.5 + d / 2.0, 0.0, 1.0)
    n = np.where(bad & all_equal, 0.5, n)
    return np.where(present, n, np.nan)


#: Normalisation name -> implementation. Names are what the UI and the URL use.
NORMALISATIONS: dict[str, Normaliser] = {
    "min_max": min_max,
    "z_score": z_score,
    "percentile_rank": percentile_rank,
    "distance_to_city": distance_to_city,
}


# ---------------------------------------------------------------------------------------------------
# Aggregations: name -> implementation
# ---------------------------------------------------------------------------------------------------

#: An aggregation takes need scores (areas × indicators, NaN = missing) and per-area weight shares (same
#: shape; 0 where missing; each row sums to 1, or to 0 for an area with none of the indicators) and
#: returns the score (0–100, NaN without indicators) and the contributions (score points, NaN where
#: missing) that sum to it.
Aggregator = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def arithmetic(need: np.ndarray, shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted arithmetic mean over the indicators each area has.

        score = 100 · Σᵢ wᵢ nᵢ / Σᵢ wᵢ,      contributionᵢ = 100 · wᵢ nᵢ / Σⱼ wⱼ,

    sums over the indicators present for the area. A high need on one indicator can make up for a low
    need on another (full compensation). The contributions sum to the score.
    """
    present = ~np.isnan(need)
    parts = 100.0 * shares * np.where(present, need, 0.0)
    has_any = present.any(axis=1)
    score = np.where(has_any, parts.sum(axis=1), np.nan)
    return score, np.where(present, parts, np.nan)


def geometric(need: np.ndarray, shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted geometric mean over the indicators each area has, with need scores floored.

        n'ᵢ = max(nᵢ, ε),      score = 100 · Πᵢ n'ᵢ ^ (wᵢ / Σⱼ wⱼ),      ε = `GEOMETRIC_FLOOR`.

    A low need on one indicator is only partly made up for by a high need on another (partial
    compensation), so areas with need on every indicator tend to rank above areas with one extreme
    value.

    Contributions: taking logarithms relative to the lowest possible score 100·ε makes the score
    additive,

        ln(score / (100 ε)) = Σᵢ tᵢ,      tᵢ = (wᵢ / Σⱼ wⱼ) · ln(n'ᵢ / ε) ≥ 0,

    and each indicator gets the share of the score that its term has of that sum,

        contributionᵢ = score · tᵢ / Σⱼ tⱼ.

    So an indicator at the floor contributes nothing, the contributions grow with the need and the
    weight, and they sum to the score. When every indicator is at the floor (Σ t = 0, score = 100 ε) the
    score is split by weight.
    """
    present = ~np.isnan(need)
    log_floor = math.log(GEOMETRIC_FLOOR)
    log_need = np.log(np.where(present, np.maximum(need, GEOMETRIC_FLOOR), 1.0))
    has_any = present.any(axis=1)
    score = np.where(has_any, 100.0 * np.exp((shares * log_need).sum(axis=1)), np.nan)
    terms = shares * (log_need - log_floor)
    total = terms.sum(axis=1, keepdims=True)
    fraction = np.divide(terms, total, out=shares.copy(), where=total > 0)
    return score, np.where(present, score[:, None] * fraction, np.nan)


#: Aggregation name -> implementation. Names are what the UI and the URL use.
AGGREGATIONS: dict[str, Aggregator] = {
    "arithmetic": arithmetic,
    "geometric": geometric,
}


# ---------------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------------


def _lookup(registry: Mapping[str, Callable], name: str, kind: str) -> Callable:
    try:
        return registry[name]
    except (KeyError, TypeError):
        raise UnknownMethodError(kind, name, registry) from None


def normalise_weights(weights: Mapping[str, float], valid_ids: Iterable[str]) -> pd.Series:
    """Check the weights and rescale them to sum to 1.

        w'ᵢ = wᵢ / Σⱼ wⱼ

    Parameters
    ----------
    weights : indicator id -> weight, any non-negative scale (e.g. 0–10 sliders). Indicators left out
        count as weight 0.
    valid_ids : the indicator ids that may be weighted.

    Returns
    -------
    pd.Series
        The weighted indicators only (weight > 0), indexed by indicator id in the order of
        ``valid_ids``, summing to 1. Zero-weight indicators are dropped: they are not part of the index.

    Raises
    ------
    WeightError
        For an unknown indicator id, a negative or non-finite weight, or when no weight is positive.
        The message lists the valid ids.
    """
    valid = tuple(dict.fromkeys(valid_ids))
    unknown = [k for k in weights if k not in valid]
    if unknown:
        raise WeightError(f"Weights given for unknown indicator id(s): {', '.join(map(str, unknown))}.",
                          valid)
    parsed: dict[str, float] = {}
    for key, value in weights.items():
        try:
            parsed[key] = float(value)
        except (TypeError, ValueError):
            raise WeightError(f"Weight for {key!r} is not a number: {value!r}.", valid) from None
    not_finite = [k for k, v in parsed.items() if not math.isfinite(v)]
    if not_finite:
        raise WeightError(f"Weights must be finite numbers; not so for {', '.join(not_finite)}.", valid)
    negative = [k for k, v in parsed.items() if v < 0]
    if negative:
        raise WeightError(f"Weights must not be negative; negative for {', '.join(negative)}.", valid)
    total = sum(parsed.values())
    if total <= 0:
        raise WeightError("At least one weight must be positive; all weights are zero.", valid)
    kept = {i: parsed[i] / total for i in valid if parsed.get(i, 0.0) > 0}
    return pd.Series(kept, dtype=float, name="weight").rename_axis(c.INDICATOR)


def effective_weights(weights: Mapping[str, float], present_ids: Iterable[str]) -> pd.Series:
    """The weights as they act: renormalised over the indicators that have values.

        w'ᵢ = wᵢ / Σⱼ∈P wⱼ   for i ∈ P (present and weighted); absent indicators get no share.

    An indicator absent at a level and year contributes nothing to any area's score (each area's
    weights are renormalised over the indicators it has), so stating its chosen weight would mislead.

    Returns
    -------
    pd.Series
        Shares summing to 1, indexed by indicator id in the order of ``weights``; empty when no
        weighted indicator is present.
    """
    present = set(present_ids)
    kept = {k: float(w) for k, w in weights.items() if k in present and float(w) > 0}
    total = sum(kept.values())
    if total <= 0:
        return pd.Series(dtype=float, name="weight").rename_axis(c.INDICATOR)
    return pd.Series({k: w / total for k, w in kept.items()}, dtype=float,
                     name="weight").rename_axis(c.INDICATOR)


def _directions(directions: Mapping[str, Direction | str], ids: Iterable[str]) -> np.ndarray:
    """Signs (+1 higher is worse, -1 higher is better) for these ids; ValueError names any without one."""
    ids = tuple(ids)
    missing = [i for i in ids if i not in directions]
    if missing:
        raise ValueError(f"No direction given for indicator(s): {', '.join(missing)}")
    return np.array([Direction(directions[i]).sign for i in ids], dtype=float)


def _value_matrix(values: pd.DataFrame, ids: tuple[str, ...]) -> np.ndarray:
    """The raw values of these columns as a float matrix; clear ValueErrors for what cannot be used."""
    if not values.index.is_unique:
        dupes = values.index[values.index.duplicated()].unique()
        raise ValueError(f"Area ids must be unique; repeated: {', '.join(map(str, dupes[:10]))}")
    cols = []
    for i in ids:
        try:
            cols.append(values[i].to_numpy(dtype=float, na_value=np.nan))
        except (TypeError, ValueError):
            raise ValueError(f"Column {i!r} holds values that are not numbers") from None
    x = np.column_stack(cols) if cols else np.empty((len(values), 0))
    infinite = [i for i, bad in zip(ids, np.isinf(x).any(axis=0), strict=True) if bad]
    if infinite:
        raise ValueError(f"Column(s) {', '.join(infinite)} hold infinite values")
    return x


def _city_array(city_values: Mapping[str, float | None] | None, ids: tuple[str, ...]) -> np.ndarray:
    city_values = city_values or {}
    out = [city_values.get(i) for i in ids]
    return np.array([np.nan if v is None else float(v) for v in out], dtype=float)


def _raw_values(values: pd.DataFrame, directions: Mapping[str, Direction | str], ids: tuple[str, ...],
                city_values: Mapping[str, float | None] | None) -> RawValues:
    return RawValues(
        x=_value_matrix(values, ids),
        signs=_directions(directions, ids),
        city=_city_array(city_values, ids),
        ids=ids,
    )


# ---------------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------------


def need_scores(values: pd.DataFrame, directions: Mapping[str, Direction | str],
                method: str = "min_max",
                city_values: Mapping[str, float | None] | None = None) -> pd.DataFrame:
    """Map each indicator to a need score in [0, 1], higher = greater need.

    Parameters
    ----------
    values : rows = areas (index = area_id, unique), columns = indicator ids, raw values in the
        indicators' units; NaN = missing or suppressed.
    directions : indicator id -> `Direction` (or its string value) for every column. Indicators where
        higher is better (behörighet) are inverted, so 1 always means the greatest need.
    method : a name in `NORMALISATIONS`; see each implementation for its formula.
    city_values : whole-city value per indicator id, used by ``distance_to_city`` (others ignore it).

    Returns
    -------
    pd.DataFrame
        Same index and columns as ``values``; NaN stays NaN.

    Raises
    ------
    UnknownMethodError
        For an unknown method; the message lists the valid names.
    ValueError
        For a column without a direction, non-numeric or infinite values, or repeated area ids.
    """
    normalise = _lookup(NORMALISATIONS, method, "normalisation")
    ids = tuple(values.columns)
    need = normalise(_raw_values(values, directions, ids, city_values))
    return pd.DataFrame(need, index=values.index.copy(), columns=values.columns.copy())


def _rank_and_decile(score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rank (1 = greatest, ties share the lowest, "min") and decile from it.

        decile = 1 + ⌊10 · (rank − 1) / m⌋,

    with m the number of areas that have a score. ``rank − 1`` is the number of areas with strictly
    greater need, so decile 1 holds the areas that fewer than 10 % of areas exceed; tied areas always
    share a decile, and with 10 areas there is one per decile.
    """
    rank = _rank_min_descending(score[:, None])[:, 0]
    m = np.count_nonzero(~np.isnan(score))
    # Integer arithmetic in floats (exact): no 0.1 · m rounding at the decile borders.
    decile = np.floor(DECILES * (rank - 1.0) / m) + 1.0 if m else np.full(len(score), np.nan)
    return rank, decile


def _worst_share_flags(need_oriented: np.ndarray) -> np.ndarray:
    """Per indicator: is the area among the worst 10 % of the areas that have it?

    Same rule as decile 1 of the index: fewer than 10 % of the areas with the indicator have a strictly
    greater need, ``10 · (rank_min − 1) < m``. Computed on the raw values (sign · x), not on the need
    scores, so that clipping (distance_to_city) cannot create ties. Missing values are never flagged.
    """
    rank = _rank_min_descending(need_oriented)
    m = (~np.isnan(need_oriented)).sum(axis=0)
    return DECILES * (rank - 1.0) < m  # NaN ranks (missing values) compare False


def composite_index(values: pd.DataFrame, directions: Mapping[str, Direction | str],
                    weights: Mapping[str, float], normalisation: str = "min_max",
                    aggregation: str = "arithmetic",
                    city_values: Mapping[str, float | None] | None = None) -> pd.DataFrame:
    """The composite need index per area, with what it is made of.

    Steps: need scores nᵢ in [0, 1] by ``normalisation`` (`need_scores`); weights wᵢ ≥ 0 rescaled to
    sum 1 (`normalise_weights`); per area, the weights are rescaled again over the indicators the area
    has; then the ``aggregation``:

    - arithmetic: score = 100 · Σᵢ wᵢ nᵢ / Σᵢ wᵢ
    - geometric:  score = 100 · Πᵢ max(nᵢ, ε) ^ (wᵢ / Σⱼ wⱼ),  ε = `GEOMETRIC_FLOOR`

    with the sums and product over the weighted indicators present for the area. Missing is never zero:
    an area lacking an indicator is scored on the others and flagged ``incomplete``; an area with none
    gets NaN score, rank and decile.

    Parameters
    ----------
    values : rows = areas (index = area_id, unique), columns = indicator ids, raw values; NaN = missing.
        An indicator not published at the level should be an all-NaN column.
    directions : indicator id -> `Direction` (or its string value) for each weighted indicator.
    weights : indicator id -> weight ≥ 0 for columns of ``values``; ids left out count as 0.
    normalisation : a name in `NORMALISATIONS`.
    aggregation : a name in `AGGREGATIONS`.
    city_values : whole-city values per indicator id, for ``distance_to_city``.

    Returns
    -------
    pd.DataFrame
        Indexed like ``values``, with the columns `index_columns` lists:

        - ``score``: 0–100, higher = greater need (rounded to `SCORE_DECIMALS` decimals).
        - ``rank``: 1 = greatest need; ties share the lowest rank; NaN without a score.
        - ``decile``: 1 = the 10 % with the greatest need … 10 = least (from the rank, see
          `_rank_and_decile`); NaN without a score.
        - ``n_indicators``: how many weighted indicators the score uses; ``incomplete``: fewer than all.
        - ``contribution_<id>`` per weighted indicator: score points, summing to the score (NaN where
          the indicator is missing). See `arithmetic` and `geometric` for the decomposition.
        - ``worst10_<id>`` per weighted indicator: among the worst 10 % of the areas that have it (on
          that indicator alone); ``worst10_any``: on at least one.

    Raises
    ------
    UnknownMethodError
        For an unknown normalisation or aggregation; the message lists the valid names.
    WeightError
        For negative, non-finite or all-zero weights or unknown ids; the message lists the valid ids
        (the columns of ``values``).
    ValueError
        For a weighted indicator without a direction, non-numeric or infinite values, repeated area ids.
    CityValueError
        For ``distance_to_city`` with a reference value that is not positive.
    """
    normalise = _lookup(NORMALISATIONS, normalisation, "normalisation")
    aggregate = _lookup(AGGREGATIONS, aggregation, "aggregation")
    w = normalise_weights(weights, values.columns)
    ids = tuple(w.index)
    raw = _raw_values(values, directions, ids, city_values)

    need = normalise(raw)
    present = ~np.isnan(need)
    weight_matrix = np.where(present, w.to_numpy(), 0.0)
    total = weight_matrix.sum(axis=1, keepdims=True)
    shares = np.divide(weight_matrix, total, out=np.zeros_like(weight_matrix), where=total > 0)

    unrounded, parts = aggregate(need, shares)
    score = np.clip(np.round(unrounded, SCORE_DECIMALS), 0.0, 100.0)
    # Scale the contributions with the rounding so that they still sum to the score shown.
    parts = parts * np.divide(score, unrounded, out=np.ones_like(score), where=unrounded > 0)[:, None]
    rank, decile = _rank_and_decile(score)
    n_indicators = present.sum(axis=1)
    worst = _worst_share_flags(raw.need_oriented)

    data: dict[str, np.ndarray] = {
        SCORE: score,
        RANK: rank,
        DECILE: decile,
        N_INDICATORS: n_indicators.astype(np.int64),
        INCOMPLETE: n_indicators < len(ids),
    }
    data.update({contribution_column(i): parts[:, j] for j, i in enumerate(ids)})
    data.update({worst10_column(i): worst[:, j] for j, i in enumerate(ids)})
    data[WORST10_ANY] = worst.any(axis=1)
    return pd.DataFrame(data, index=values.index.copy())


# ---------------------------------------------------------------------------------------------------
# Correlations and double counting
# ---------------------------------------------------------------------------------------------------

#: Correlation methods, as pandas names them.
CORRELATION_METHODS: tuple[str, ...] = ("spearman", "pearson", "kendall")


def indicator_correlations(values: pd.DataFrame, directions: Mapping[str, Direction | str],
                           score: pd.Series | None = None, method: str = "spearman") -> pd.DataFrame:
    """Correlation matrix of the indicators in need orientation and, when given, the index score.

    Each indicator enters as ``sign · x``, so a positive coefficient always means "where one shows
    greater need, so does the other". Coefficients use the areas that have both values (pairwise);
    a constant indicator gives NaN.

    Parameters
    ----------
    values : rows = areas, columns = indicator ids, raw values (as for `composite_index`).
    directions : indicator id -> `Direction` for every column.
    score : the index score per area (e.g. ``composite_index(...)["score"]``), aligned on the index;
        it appears as the last row and column, named `SCORE`.
    method : one of `CORRELATION_METHODS`; Spearman (rank correlation) by default, since the index is
        mostly read as a ranking.

    Returns
    -------
    pd.DataFrame
        Square, symmetric, indexed and labelled by indicator id (and ``score``).
    """
    if method not in CORRELATION_METHODS:
        raise UnknownMethodError("correlation", method, CORRELATION_METHODS)
    ids = tuple(values.columns)
    if score is not None and SCORE in ids:
        raise ValueError(f"values must not have a column named {SCORE!r} when a score is given")
    raw = _raw_values(values, directions, ids, None)
    frame = pd.DataFrame(raw.need_oriented, index=values.index, columns=list(ids))
    if score is not None:
        frame[SCORE] = pd.to_numeric(score.reindex(values.index), errors="raise").astype(float)
    return frame.corr(method=method)


@dataclass(frozen=True)
class DoubleCountingWarning:
    """A warning for the steering group about how the index indicators relate.

    Attributes
    ----------
    kind : ``"redundant"``: two index indicators correlate above the threshold, so weighting both counts
        much the same need twice; ``"against_index"``: an index indicator correlates negatively with the
        index score, so it pulls against the others.
    ids : the indicator ids involved (two for redundant, one for against_index).
    coefficient : the correlation coefficient.
    message_sv, message_en : one or two plain sentences to show as they are.
    """

    kind: Literal["redundant", "against_index"]
    ids: tuple[str, ...]
    coefficient: float
    message_sv: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_sv


def _number(value: float, lang: str) -> str:
    text = f"{value:.2f}".replace("-", "−")
    return text.replace(".", ",") if lang == "sv" else text


def _names(indicator_id: str, registry: IndicatorRegistry) -> tuple[str, str]:
    if indicator_id in registry:
        ind = registry.get(indicator_id)
        return ind.name_sv, ind.name_en
    return indicator_id, indicator_id


def double_counting_warnings(corr: pd.DataFrame, index_ids: Iterable[str], threshold: float = 0.9, *,
                             registry: IndicatorRegistry = REGISTRY) -> list[DoubleCountingWarning]:
    """Warnings about index indicators that double count or run against the index.

    - ``redundant``: for each pair of index indicators with coefficient ρ > ``threshold`` (in need
      orientation, so only a strong *positive* relation is double counting);
    - ``against_index``: for each index indicator with ρ < 0 against the ``score`` row, when ``corr`` has
      one (see `indicator_correlations`).

    Indicators missing from ``corr`` and NaN coefficients (constant indicators) are skipped.

    Parameters
    ----------
    corr : a matrix from `indicator_correlations`.
    index_ids : the indicators in the index (typically the weighted ones), in display order.
    threshold : in [0, 1].
    registry : names for the messages; a package's own registry includes its own indicators.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    ids = [i for i in dict.fromkeys(index_ids) if i in corr.index and i in corr.columns]
    out: list[DoubleCountingWarning] = []
    for pos, a in enumerate(ids):
        for b in ids[pos + 1:]:
            rho = float(corr.at[a, b])
            if np.isfinite(rho) and rho > threshold:
                (a_sv, a_en), (b_sv, b_en) = _names(a, registry), _names(b, registry)
                out.append(DoubleCountingWarning(
                    kind="redundant", ids=(a, b), coefficient=rho,
                    message_sv=(
                        f"{a_sv} och {b_sv} hänger starkt ihop (korrelation {_number(rho, 'sv')}, "
                        f"gränsen är {_number(threshold, 'sv')}). De mäter i stort sett samma behov, så "
                        "med vikt på båda räknas det behovet två gånger – överväg att sänka vikten för "
                        "den ena."
                    ),
                    message_en=(
                        f"{a_en} and {b_en} are strongly related (correlation "
                        f"{_number(rho, 'en')}, threshold {_number(threshold, 'en')}). They measure much "
                        "the same need, so weighting both counts that need twice – consider lowering the "
                        "weight of one of them."
                    ),
                ))
    if SCORE in corr.columns:
        for i in ids:
            rho = float(corr.at[i, SCORE])
            if np.isfinite(rho) and rho < 0:
                name_sv, name_en = _names(i, registry)
                out.append(DoubleCountingWarning(
                    kind="against_index", ids=(i,), coefficient=rho,
                    message_sv=(
                        f"{name_sv} går emot indexet (korrelation {_number(rho, 'sv')}): där indexet visar "
                        "större behov visar denna indikator oftast mindre. Kontrollera indikatorns "
                        "riktning och vikt."
                    ),
                    message_en=(
                        f"{name_en} runs against the index (correlation {_number(rho, 'en')}): where the "
                        "index shows greater need, this indicator mostly shows less. Check the "
                        "indicator's direction and weight."
                    ),
                ))
    return out
