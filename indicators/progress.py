"""Progress towards the targets, in the spirit of open-sdg's progress status: small pure functions of
baseline, latest value, target and years.

The follow-up asks, per indicator and checkpoint (2030, 2035): do the proposed areas move towards the
target fast enough? The pieces, each usable on its own:

* `group_series` – one row per year: the proposed areas, the rest of the city and the whole city, with
  the summed counts behind each share;
* `required_path` – the straight line from the baseline to the target;
* `observed_trend` – the average annual change over the last few years with data;
* `projected_value` – the latest value carried forward at that pace;
* `wilson_interval` and `change_interval` – how uncertain a share and a change in a share are;
* `progress_status` – the status of one indicator (`Status`, with Swedish/English labels and a
  colour-blind safe colour) and `status_table` – the steering group's table, one row per indicator.

Orientation
-----------
The "good" orientation is :math:`o = -\\text{direction.sign}`: :math:`o = +1` when higher is better
(behörighet), :math:`o = -1` when higher is worse (UVAS and the other index indicators). A change
:math:`\\Delta` is an improvement when :math:`o \\Delta > 0`.

Pure: DataFrames and plain values in, new objects out; inputs are never modified; no I/O, no clock.
Never imports streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

import numpy as np
import pandas as pd
from scipy.special import ndtri  # scipy.stats.norm.ppf, without importing scipy.stats

from indicators.summary import CityMethod
from indicators.targets import Target, TargetError, resolve_target
from model import columns as c
from model.registry import Direction

# --- group series -----------------------------------------------------------------------------------

PROPOSED = "proposed"
REST = "rest"
CITY = "city"
#: The three groups of `group_series`, in column order.
GROUPS: tuple[str, ...] = (PROPOSED, REST, CITY)


def numerator_column(group: str) -> str:
    """``proposed`` -> ``proposed_numerator`` (summed numerators of the group)."""
    return f"{group}_{c.NUMERATOR}"


def denominator_column(group: str) -> str:
    """``proposed`` -> ``proposed_denominator`` (summed denominators of the group)."""
    return f"{group}_{c.DENOMINATOR}"


def areas_column(group: str) -> str:
    """``proposed`` -> ``proposed_areas`` (how many areas had a value that year)."""
    return f"{group}_areas"


def method_column(group: str) -> str:
    """``proposed`` -> ``proposed_method`` (a `CityMethod` value: sums, weighted or mean)."""
    return f"{group}_method"


class GroupSeriesError(ValueError):
    """`group_series` cannot work on its input; the message names what is wrong and the valid choices."""


def group_series(indicators: pd.DataFrame, level: str, indicator: str, selected_ids: Iterable[str],
                 weights: pd.Series | None = None, is_share: bool = True) -> pd.DataFrame:
    """Yearly values of one indicator for the proposed areas, the rest of the city and the whole city.

    Each group's value in a year is computed from the areas of the group that have a value that year
    (suppressed cells and missing values are left out; ``<group>_areas`` says how many counted):

    1. **sums** – for shares, when every such area has a numerator and a denominator:
       :math:`100 \\sum n_i / \\sum d_i`;
    2. **weighted** – otherwise, when ``weights`` (e.g. population by area) covers every such area:
       :math:`\\sum w_i v_i / \\sum w_i`;
    3. **mean** – otherwise the plain mean :math:`\\frac{1}{k} \\sum v_i`.

    For an indicator that is not a share (``is_share=False``, e.g. population) the group value is the
    sum of the values (method ``sums``), as in `indicators.summary.city_figure`.

    Parameters
    ----------
    indicators : the package's tidy indicator table (``area_id, level, year, indicator, value,
        numerator, denominator, suppressed``).
    level : the area level, e.g. ``smaomrade``.
    indicator : the indicator id.
    selected_ids : the proposed areas' ids at ``level``; every other area at the level is the rest.
    weights : optional weight per area (index ``area_id``), used for shares without counts.
    is_share : whether values are shares in percent.

    Returns
    -------
    pd.DataFrame
        Indexed by ``year`` (every year the indicator has at the level, ascending), with columns
        ``proposed``, ``rest``, ``city`` (values, NaN when no area of the group has one), then per group
        ``<group>_numerator`` and ``<group>_denominator`` (the summed counts; NaN unless the method is
        sums for a share, so that they can be fed to `wilson_interval`), ``<group>_areas`` and
        ``<group>_method``.

    Raises
    ------
    GroupSeriesError
        Unknown level or indicator (the valid ones are listed) or proposed ids not found at the level.
    """
    _require_columns(indicators, (c.AREA_ID, c.LEVEL, c.YEAR, c.INDICATOR, c.VALUE))
    at_level = indicators[indicators[c.LEVEL] == level]
    if at_level.empty:
        valid = ", ".join(sorted(map(str, indicators[c.LEVEL].dropna().unique())))
        raise GroupSeriesError(f"No rows for level {level!r}. Levels in the table: {valid}")
    rows = at_level[at_level[c.INDICATOR] == indicator]
    if rows.empty:
        valid = ", ".join(sorted(map(str, at_level[c.INDICATOR].dropna().unique())))
        raise GroupSeriesError(
            f"No rows for indicator {indicator!r} at level {level!r}. Indicators there: {valid}")
    selected = {str(a) for a in selected_ids}
    unknown = sorted(selected - set(at_level[c.AREA_ID].astype(str)))
    if unknown:
        shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        raise GroupSeriesError(f"{len(unknown)} proposed area id(s) not found at level {level!r}: "
                               f"{shown}")

    years = pd.Index(sorted(int(y) for y in rows[c.YEAR].unique()), name=c.YEAR)
    present = rows[rows[c.VALUE].notna()]
    if c.SUPPRESSED in present:
        present = present[~present[c.SUPPRESSED].fillna(False).astype(bool)]
    in_selection = present[c.AREA_ID].astype(str).isin(selected)
    masks = {PROPOSED: in_selection, REST: ~in_selection, CITY: pd.Series(True, index=present.index)}

    out = pd.DataFrame(index=years)
    parts = {g: _group_values(present[m], years, weights, is_share) for g, m in masks.items()}
    for group in GROUPS:
        out[group] = parts[group][c.VALUE]
    for group in GROUPS:
        out[numerator_column(group)] = parts[group][c.NUMERATOR]
        out[denominator_column(group)] = parts[group][c.DENOMINATOR]
        out[areas_column(group)] = parts[group]["areas"]
        out[method_column(group)] = parts[group]["method"]
    return out


def _group_values(rows: pd.DataFrame, years: pd.Index, weights: pd.Series | None,
                  is_share: bool) -> pd.DataFrame:
    """One group's value, counts, number of areas and method per year (see `group_series`)."""
    values = rows[c.VALUE].astype(float)
    num = rows[c.NUMERATOR].astype(float) if c.NUMERATOR in rows else pd.Series(np.nan, rows.index)
    den = rows[c.DENOMINATOR].astype(float) if c.DENOMINATOR in rows else pd.Series(np.nan, rows.index)
    if weights is not None:
        w = rows[c.AREA_ID].astype(str).map(weights.rename(index=str)).astype(float)
    else:
        w = pd.Series(np.nan, index=rows.index)
    frame = pd.DataFrame({
        c.YEAR: rows[c.YEAR].astype(int), "v": values, "n": num, "d": den,
        "has_counts": num.notna() & den.notna(), "w": w, "wv": w * values, "has_w": w.notna(),
    })
    agg = frame.groupby(c.YEAR).agg(
        areas=("v", "size"), v_sum=("v", "sum"), v_mean=("v", "mean"), n_sum=("n", "sum"),
        d_sum=("d", "sum"), counts=("has_counts", "sum"), w_sum=("w", "sum"), wv_sum=("wv", "sum"),
        weighted=("has_w", "sum"),
    ).reindex(years)
    agg["areas"] = agg["areas"].fillna(0).astype(int)

    result = pd.DataFrame(index=years, columns=[c.VALUE, c.NUMERATOR, c.DENOMINATOR, "areas", "method"])
    result["areas"] = agg["areas"]
    result[[c.VALUE, c.NUMERATOR, c.DENOMINATOR]] = np.nan
    result["method"] = None
    for year, a in agg.iterrows():
        if a["areas"] == 0:
            continue
        if not is_share:
            result.loc[year, [c.VALUE, "method"]] = [a["v_sum"], CityMethod.SUMS.value]
        elif a["counts"] == a["areas"] and a["d_sum"] > 0:
            result.loc[year, [c.VALUE, c.NUMERATOR, c.DENOMINATOR, "method"]] = [
                100.0 * a["n_sum"] / a["d_sum"], a["n_sum"], a["d_sum"], CityMethod.SUMS.value]
        elif a["weighted"] == a["areas"] and a["w_sum"] > 0:
            result.loc[year, [c.VALUE, "method"]] = [a["wv_sum"] / a["w_sum"], CityMethod.WEIGHTED.value]
        else:
            result.loc[year, [c.VALUE, "method"]] = [a["v_mean"], CityMethod.MEAN.value]
    for col in (c.VALUE, c.NUMERATOR, c.DENOMINATOR):
        result[col] = result[col].astype(float)
    return result


def _require_columns(frame: pd.DataFrame, required: Iterable[str]) -> None:
    missing = [col for col in required if col not in frame.columns]
    if missing:
        raise GroupSeriesError(f"The indicator table lacks column(s): {', '.join(missing)}")


# --- paths, trends and projections ------------------------------------------------------------------

def required_path(baseline_year: int, baseline_value: float, target_year: int, target_value: float,
                  years: Iterable[int]) -> pd.Series:
    """The straight line from the baseline to the target.

    .. math:: p(y) = b + (t - b) \\frac{y - y_b}{y_t - y_b}, \\qquad y_b \\le y \\le y_t

    Years outside :math:`[y_b, y_t]` are NaN: the path says nothing before the baseline or after the
    target year.

    Returns
    -------
    pd.Series
        Indexed by ``years`` (name ``year``), named ``required_path``, in the indicator's unit.
    """
    if target_year <= baseline_year:
        raise ValueError(f"The target year {target_year} must come after the baseline year "
                         f"{baseline_year}")
    index = pd.Index([int(y) for y in years], name=c.YEAR)
    y = index.to_numpy(dtype=float)
    share = (y - baseline_year) / (target_year - baseline_year)
    values = baseline_value + (target_value - baseline_value) * share
    values = np.where((y >= baseline_year) & (y <= target_year), values, np.nan)
    return pd.Series(values, index=index, name="required_path", dtype=float)


def _average_annual_change(years: np.ndarray, values: np.ndarray) -> float:
    return float((values[-1] - values[0]) / (years[-1] - years[0]))


def _ols_slope(years: np.ndarray, values: np.ndarray) -> float:
    dy = years - years.mean()
    return float(np.sum(dy * (values - values.mean())) / np.sum(dy * dy))


#: Ways to measure the observed annual change: name -> ``(years, values) -> change per year``.
TREND_METHODS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "average_annual_change": _average_annual_change,
    "ols": _ols_slope,
}


class UnknownTrendMethodError(ValueError):
    """A trend method not in `TREND_METHODS`; the message lists the valid names."""

    def __init__(self, method: object) -> None:
        self.method = method
        super().__init__(f"Unknown trend method {method!r}. Valid: {', '.join(TREND_METHODS)}")


def observed_trend(series: pd.Series, window: int = 5, method: str = "average_annual_change") -> float:
    """The observed change per year over the last ``window`` years that have data.

    Take the last ``window`` non-missing points :math:`(y_1, v_1), \\dots, (y_k, v_k)` (years need not be
    consecutive):

    * ``average_annual_change`` – the change from the first to the last point per year,
      :math:`(v_k - v_1) / (y_k - y_1)`; with consecutive years this is the mean of the year-on-year
      changes. Only the end points count, so one odd end year moves it.
    * ``ols`` – the least-squares slope
      :math:`\\sum (y_i - \\bar y)(v_i - \\bar v) / \\sum (y_i - \\bar y)^2`, which uses every point and is
      steadier against one odd year.

    Parameters
    ----------
    series : values indexed by year (int); NaN for years without data.
    window : how many of the latest years with data to use (at least 2).
    method : a name in `TREND_METHODS`.

    Returns
    -------
    float
        Change per year in the indicator's unit (percentage points per year for shares); NaN with fewer
        than 2 points.
    """
    if method not in TREND_METHODS:
        raise UnknownTrendMethodError(method)
    if window < 2:
        raise ValueError(f"window must be at least 2 years, got {window}")
    if series.index.has_duplicates:
        raise ValueError("The series has the same year more than once")
    points = series.astype(float).dropna().sort_index().iloc[-window:]
    if len(points) < 2:
        return math.nan
    return TREND_METHODS[method](points.index.to_numpy(dtype=float), points.to_numpy(dtype=float))


def projected_value(latest_year: int, latest_value: float, trend: float, year: int, *,
                    bounds: tuple[float, float] | None = None) -> float:
    """The latest value carried forward at the observed pace: :math:`v_l + r (y - y_l)`.

    ``bounds`` (e.g. ``(0, 100)`` for shares) clips the projection. NaN when the trend is NaN.
    """
    value = float(latest_value) + float(trend) * (year - latest_year)
    if bounds is not None and not math.isnan(value):
        value = min(max(value, bounds[0]), bounds[1])
    return value


# --- uncertainty ------------------------------------------------------------------------------------

def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    return float(ndtri(1.0 - (1.0 - confidence) / 2.0))


def wilson_interval(numerator, denominator, confidence: float = 0.95):
    """Wilson score interval of a share, in percent.

    With :math:`\\hat p = x / n` and :math:`z` the standard normal quantile for the confidence
    (1.96 for 95 %):

    .. math:: \\frac{\\hat p + \\frac{z^2}{2n} \\pm z \\sqrt{\\frac{\\hat p (1 - \\hat p)}{n}
              + \\frac{z^2}{4 n^2}}}{1 + \\frac{z^2}{n}} \\cdot 100

    Unlike the normal approximation it stays inside 0–100 % and behaves for small counts and for
    :math:`x = 0` or :math:`x = n`. Example: 5/50 at 95 % gives 4.35 %–21.36 %.

    Parameters
    ----------
    numerator, denominator : counts, scalars or array-likes of the same shape.
    confidence : two-sided confidence level, strictly between 0 and 1.

    Returns
    -------
    (low, high)
        Floats for scalar input, else numpy arrays; NaN where a count is missing or the denominator 0.

    Raises
    ------
    ValueError
        A negative count or a numerator above its denominator.
    """
    z = _z(confidence)
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    known = np.isfinite(x) & np.isfinite(n)
    if np.any(known & ((x < 0) | (n < 0) | (x > n))):
        raise ValueError("Counts must satisfy 0 <= numerator <= denominator")
    with np.errstate(divide="ignore", invalid="ignore"):
        n_ok = np.where(known & (n > 0), n, np.nan)
        p = x / n_ok
        z2n = z * z / n_ok
        centre = (p + z2n / 2.0) / (1.0 + z2n)
        half = z / (1.0 + z2n) * np.sqrt(p * (1.0 - p) / n_ok + z2n / (4.0 * n_ok))
        low = np.clip(centre - half, 0.0, 1.0) * 100.0
        high = np.clip(centre + half, 0.0, 1.0) * 100.0
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


@dataclass(frozen=True)
class ChangeInterval:
    """Uncertainty of a change in a share from the baseline to the latest year.

    Attributes
    ----------
    change_low, change_high : interval of latest − baseline, in percentage points.
    latest_low, latest_high : Wilson interval of the latest share, in percent.
    confidence : the confidence level of both intervals.
    """

    change_low: float
    change_high: float
    latest_low: float
    latest_high: float
    confidence: float = 0.95

    @property
    def is_known(self) -> bool:
        """False when counts were missing, so the interval cannot be used."""
        return all(math.isfinite(v) for v in
                   (self.change_low, self.change_high, self.latest_low, self.latest_high))

    @property
    def distinguishable_from_zero(self) -> bool:
        """True when the change interval excludes 0: :math:`L > 0` or :math:`U < 0`."""
        return self.change_low > 0.0 or self.change_high < 0.0


def change_interval(baseline_numerator: float, baseline_denominator: float, latest_numerator: float,
                    latest_denominator: float, confidence: float = 0.95) -> ChangeInterval:
    """Newcombe's hybrid score interval for the change of a share (Newcombe 1998, method 10).

    With Wilson intervals :math:`[l_0, u_0]` around the baseline share :math:`p_0` and
    :math:`[l_1, u_1]` around the latest share :math:`p_1`, and :math:`d = p_1 - p_0`:

    .. math:: L = d - \\sqrt{(p_1 - l_1)^2 + (u_0 - p_0)^2}, \\qquad
              U = d + \\sqrt{(u_1 - p_1)^2 + (p_0 - l_0)^2}

    all in percentage points. It treats the two years as independent samples (the young people in an
    area are largely different people from one year to the next), is built from the same Wilson
    intervals the page shows, and stays sensible for small counts and zero counts. Example: 48/80 →
    56/70 gives +20.0 points, 5.2 to 33.4.

    The change counts as *distinguishable from zero* when the interval excludes 0 (see
    `ChangeInterval.distinguishable_from_zero`). Missing counts give NaN everywhere
    (`ChangeInterval.is_known` is then False).
    """
    l0, u0 = wilson_interval(baseline_numerator, baseline_denominator, confidence)
    l1, u1 = wilson_interval(latest_numerator, latest_denominator, confidence)
    p0 = _share(baseline_numerator, baseline_denominator)
    p1 = _share(latest_numerator, latest_denominator)
    d = p1 - p0
    low = d - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return ChangeInterval(low, high, l1, u1, confidence)


def _share(numerator: float, denominator: float) -> float:
    x, n = float(numerator), float(denominator)
    return 100.0 * x / n if math.isfinite(x) and math.isfinite(n) and n > 0 else math.nan


# --- status -----------------------------------------------------------------------------------------

#: Pace ratio boundaries (see `progress_status`).
ON_TRACK_RATIO = 0.95
ACCELERATION_RATIO = 0.60
#: Slack when comparing with a boundary or the target, so that a ratio that is 0.95 in decimal
#: arithmetic (e.g. 1.9 points over 2 years against 1 point a year) is not 0.9499999 in binary.
TOLERANCE = 1e-9


class Status(Enum):
    """Progress status, best first. ``label(lang)`` and ``colour`` are for display."""

    TARGET_REACHED = "target_reached"
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    LIMITED_PROGRESS = "limited_progress"
    WRONG_WAY = "wrong_way"
    TOO_UNCERTAIN = "too_uncertain"
    #: Only the baseline year has a value: there is no trend yet (the value itself is known).
    BASELINE_ONLY = "baseline_only"
    NO_DATA = "no_data"

    def label(self, lang: str = "sv") -> str:
        sv, en = _STATUS_LABELS[self]
        return en if lang == "en" else sv

    @property
    def colour(self) -> str:
        """Hex colour from the Okabe–Ito palette (distinguishable with the common colour-vision
        deficiencies); always show the label beside it."""
        return _STATUS_COLOURS[self]


_STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.TARGET_REACHED: ("Målet nått", "Target reached"),
    Status.ON_TRACK: ("I rätt takt", "On track"),
    Status.NEEDS_ACCELERATION: ("Behöver öka takten", "Needs to speed up"),
    Status.LIMITED_PROGRESS: ("Begränsad förbättring", "Limited progress"),
    Status.WRONG_WAY: ("Går åt fel håll", "Moving the wrong way"),
    Status.TOO_UNCERTAIN: ("För osäkert att säga", "Too uncertain to say"),
    Status.BASELINE_ONLY: ("Ett år – ingen trend ännu", "One year – no trend yet"),
    Status.NO_DATA: ("Uppgift saknas", "No data"),
}

_STATUS_COLOURS: dict[Status, str] = {
    Status.TARGET_REACHED: "#0072B2",  # blue
    Status.ON_TRACK: "#56B4E9",  # sky blue
    Status.NEEDS_ACCELERATION: "#F0E442",  # yellow
    Status.LIMITED_PROGRESS: "#E69F00",  # orange
    Status.WRONG_WAY: "#D55E00",  # vermillion
    Status.TOO_UNCERTAIN: "#999999",  # grey
    Status.BASELINE_ONLY: "#BBBBBB",  # mid grey: known value, no pace yet
    Status.NO_DATA: "#DDDDDD",  # light grey
}


@dataclass(frozen=True)
class ProgressResult:
    """The status of one indicator towards one target, with the numbers behind it.

    Attributes
    ----------
    status : the `Status`.
    pace_ratio : observed annual change / required annual change (NaN when undefined); orientation
        cancels in the ratio, so it is the same in the "good" orientation.
    required_annual_change : :math:`(t - b) / (y_t - y_b)`, unit per year, signed as the values move.
    observed_annual_change : the trend given, else :math:`(v_l - b) / (y_l - y_b)`; unit per year.
    projection : the value projected to the target year from the latest value at the observed pace.
    baseline_year, baseline_value, latest_year, latest_value, target_year, target_value : the inputs.
    interval : the change interval used for the uncertainty rule, or None.
    """

    status: Status
    pace_ratio: float
    required_annual_change: float
    observed_annual_change: float
    projection: float
    baseline_year: int
    baseline_value: float
    latest_year: int
    latest_value: float
    target_year: int
    target_value: float
    interval: ChangeInterval | None = None

    def label(self, lang: str = "sv") -> str:
        return self.status.label(lang)

    @property
    def colour(self) -> str:
        return self.status.colour


def progress_status(baseline_year: int, baseline_value: float, latest_year: int, latest_value: float,
                    target_year: int, target_value: float, direction: Direction,
                    trend: float | None = None, interval: ChangeInterval | None = None
                    ) -> ProgressResult:
    """The progress status of one indicator towards one target.

    With :math:`o` the good orientation (+1 higher is better, −1 higher is worse), the rules are
    applied in this order:

    1. **No data** – the baseline, latest or target value is missing, or there is no observed pace
       (latest year = baseline year and no ``trend``), and the target is not reached.
    2. **Target reached** – :math:`o (v_l - t) \\ge 0`: the latest value is at or beyond the target in
       the good direction (exactly at the target counts as reached).
    3. Otherwise the paces, in the indicator's unit per year:
       required :math:`r = (t - b) / (y_t - y_b)`; observed :math:`s` = ``trend`` when given (and not
       NaN), else :math:`(v_l - b) / (y_l - y_b)`; pace ratio :math:`q = s / r`, which equals
       :math:`(o s) / (o r)`, i.e. both paces taken in the good orientation:

       * :math:`q \\ge 0.95` – **on track** (0.95 itself is on track);
       * :math:`0.60 \\le q < 0.95` – **needs acceleration** (0.60 itself needs acceleration);
       * :math:`0 \\le q < 0.60` – **limited progress** (no change at all, :math:`q = 0`, is limited
         progress, not wrong way);
       * :math:`q < 0` – **wrong way**.

       Boundaries are compared with a slack of `TOLERANCE` (1e-9) so that decimal boundary cases are
       not lost to binary rounding.

       If the baseline already met the target (:math:`o r \\le 0`) but the latest value no longer does,
       the ratio is undefined (NaN): **wrong way** when :math:`o s < 0`, else **limited progress**.

    **Uncertainty** (small areas must not be over-read). When ``interval`` is given and known (both
    years are shares with counts, see `change_interval`) and the change from baseline to latest is
    *not distinguishable from zero* (its interval contains 0), the status is **too uncertain** instead
    of any of the statuses under 3, and instead of *target reached* unless the target is *clearly*
    reached: the latest value's whole interval lies at or beyond the target
    (:math:`u_l \\le t` when higher is worse, :math:`l_l \\ge t` when higher is better). A change that is
    distinguishable from zero keeps its status, even a reached target whose interval still straddles
    the target (the point estimate meets it and the movement is real).

    Raises
    ------
    ValueError
        The target year is not after the baseline year, or the latest year is before the baseline.
    """
    if target_year <= baseline_year:
        raise ValueError(f"The target year {target_year} must come after the baseline year "
                         f"{baseline_year}")
    if latest_year < baseline_year:
        raise ValueError(f"The latest year {latest_year} is before the baseline year {baseline_year}")
    orientation = -direction.sign
    required = (target_value - baseline_value) / (target_year - baseline_year)
    if trend is not None and math.isfinite(trend):
        observed = float(trend)
    elif latest_year > baseline_year:
        observed = (latest_value - baseline_value) / (latest_year - baseline_year)
    else:
        observed = math.nan
    projection = projected_value(latest_year, latest_value, observed, target_year)
    usable_interval = interval if interval is not None and interval.is_known else None

    def result(status: Status, ratio: float = math.nan) -> ProgressResult:
        return ProgressResult(status, ratio, required, observed, projection, baseline_year,
                              baseline_value, latest_year, latest_value, target_year, target_value,
                              usable_interval)

    if not all(_finite(v) for v in (baseline_value, latest_value, target_value)):
        return result(Status.NO_DATA)
    uncertain = usable_interval is not None and not usable_interval.distinguishable_from_zero

    if orientation * (latest_value - target_value) >= -TOLERANCE:
        if uncertain and not _clearly_reached(usable_interval, target_value, orientation):
            return result(Status.TOO_UNCERTAIN)
        return result(Status.TARGET_REACHED)
    if latest_year == baseline_year and not math.isfinite(observed):
        return result(Status.BASELINE_ONLY)
    if not math.isfinite(observed):
        return result(Status.NO_DATA)
    if uncertain:
        return result(Status.TOO_UNCERTAIN)
    if orientation * required <= TOLERANCE:
        return result(Status.WRONG_WAY if orientation * observed < 0 else Status.LIMITED_PROGRESS)
    ratio = observed / required
    return result(classify_pace(ratio), ratio)


def classify_pace(ratio: float) -> Status:
    """Status from a pace ratio: ≥ 0.95 on track, [0.60, 0.95) needs acceleration, [0, 0.60) limited
    progress, < 0 wrong way (boundaries with `TOLERANCE` slack); NaN gives no data."""
    if not math.isfinite(ratio):
        return Status.NO_DATA
    if ratio >= ON_TRACK_RATIO - TOLERANCE:
        return Status.ON_TRACK
    if ratio >= ACCELERATION_RATIO - TOLERANCE:
        return Status.NEEDS_ACCELERATION
    if ratio >= -TOLERANCE:
        return Status.LIMITED_PROGRESS
    return Status.WRONG_WAY


def _clearly_reached(interval: ChangeInterval, target_value: float, orientation: int) -> bool:
    if orientation > 0:
        return interval.latest_low >= target_value - TOLERANCE
    return interval.latest_high <= target_value + TOLERANCE


def _finite(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


# --- the steering group's table ---------------------------------------------------------------------

#: Columns of `status_table`, in order.
STATUS_TABLE_COLUMNS: tuple[str, ...] = (
    c.INDICATOR, "checkpoint", "baseline_year", "baseline_value", "target_value", "latest_year",
    "latest_value", "required_annual_change", "observed_annual_change", "pace_ratio", "projection",
    "status", "label", "colour",
)


def status_table(groups: Mapping[str, pd.DataFrame | pd.Series], targets: Mapping[str, Target],
                 directions: Mapping[str, Direction], checkpoint: int, *,
                 trend_method: str | None = None, trend_window: int = 5, confidence: float = 0.95,
                 lang: str = "sv") -> pd.DataFrame:
    """One row per targeted indicator: where the proposed areas stand against the checkpoint's target.

    Parameters
    ----------
    groups : per indicator id, either a `group_series` frame (its ``proposed`` column is the series; its
        summed counts feed the uncertainty rule; its ``rest`` value in the baseline year is the rest
        baseline of a ``close_gap`` target) or a plain Series of the proposed areas' values by year.
    targets : per indicator id, its `Target`; rows follow this order. The baseline is the target's.
    directions : per indicator id, its `Direction` (from the registry).
    checkpoint : the checkpoint year, e.g. 2030.
    trend_method : None for the two-point pace from the baseline (the `progress_status` default), or a
        name in `TREND_METHODS` to use `observed_trend` over the years from the baseline on.
    trend_window : the window for `observed_trend`.
    confidence : confidence level of the intervals.
    lang : language of the ``label`` column.

    Returns
    -------
    pd.DataFrame
        Columns `STATUS_TABLE_COLUMNS` (years as nullable integers, ``latest_year`` empty without
        data); ``status`` holds the `Status` value (e.g. ``on_track``). An
        indicator without data after the baseline, without a target for the checkpoint, or with a
        ``close_gap`` target but no rest-of-city baseline gets ``no_data``.
    """
    if trend_method is not None and trend_method not in TREND_METHODS:
        raise UnknownTrendMethodError(trend_method)
    rows = []
    for ident, target in targets.items():
        if ident not in directions:
            raise ValueError(f"No direction given for {ident!r}. Directions given for: "
                             f"{', '.join(directions)}")
        rows.append(_status_row(ident, groups.get(ident), target, directions[ident], checkpoint,
                                trend_method, trend_window, confidence, lang))
    table = pd.DataFrame(rows, columns=list(STATUS_TABLE_COLUMNS))
    return table.astype({"checkpoint": "Int64", "baseline_year": "Int64", "latest_year": "Int64"})


def _status_row(ident: str, data: pd.DataFrame | pd.Series | None, target: Target,
                direction: Direction, checkpoint: int, trend_method: str | None, trend_window: int,
                confidence: float, lang: str) -> dict:
    row = {c.INDICATOR: ident, "checkpoint": checkpoint, "baseline_year": target.baseline_year,
           "baseline_value": target.baseline_value, "target_value": math.nan, "latest_year": None,
           "latest_value": math.nan, "required_annual_change": math.nan,
           "observed_annual_change": math.nan, "pace_ratio": math.nan, "projection": math.nan,
           "status": Status.NO_DATA.value, "label": Status.NO_DATA.label(lang),
           "colour": Status.NO_DATA.colour}
    if data is None:
        return row
    if isinstance(data, pd.DataFrame) and PROPOSED not in data.columns:
        raise ValueError(f"{ident}: the group frame has no {PROPOSED!r} column (see group_series)")
    series = data[PROPOSED] if isinstance(data, pd.DataFrame) else data
    rest = _value_at(data, REST, target.baseline_year) if isinstance(data, pd.DataFrame) else None
    try:
        row["target_value"] = resolve_target(target, checkpoint, rest)
    except TargetError:
        return row
    since = series.astype(float).dropna()
    since = since[since.index >= target.baseline_year].sort_index()
    if since.empty:
        return row
    latest_year, latest_value = int(since.index[-1]), float(since.iloc[-1])
    row.update(latest_year=latest_year, latest_value=latest_value)
    trend = None
    if trend_method is not None:
        trend = observed_trend(since, trend_window, trend_method)
    interval = None
    if isinstance(data, pd.DataFrame) and numerator_column(PROPOSED) in data:
        interval = change_interval(
            _value_at(data, numerator_column(PROPOSED), target.baseline_year),
            _value_at(data, denominator_column(PROPOSED), target.baseline_year),
            _value_at(data, numerator_column(PROPOSED), latest_year),
            _value_at(data, denominator_column(PROPOSED), latest_year),
            confidence)
    res = progress_status(target.baseline_year, target.baseline_value, latest_year, latest_value,
                          checkpoint, row["target_value"], direction, trend, interval)
    row.update(required_annual_change=res.required_annual_change,
               observed_annual_change=res.observed_annual_change, pace_ratio=res.pace_ratio,
               projection=res.projection, status=res.status.value, label=res.label(lang),
               colour=res.colour)
    return row


def _value_at(frame: pd.DataFrame, column: str, year: int) -> float:
    if column not in frame.columns or year not in frame.index:
        return math.nan
    value = frame.at[year, column]
    return float(value) if _finite(value) else math.nan
