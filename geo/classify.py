"""Class breaks for choropleth maps, by scheme name, and colour-blind-safe palettes.

Quantiles and equal intervals are computed here with numpy, exactly as mapclassify computes them
(`quantile_bins`, `equal_interval_bins`, `bin_values`); Fisher-Jenks comes from mapclassify, which is
imported only when that scheme is asked for (with scikit-learn and matplotlib it costs about 2 s and
100 MB, which the first map of the app should not pay).

Schemes are looked up by name, like mapclassify's own registry; an unknown name raises an error that lists
the valid ones. Palettes run from light (least need) to dark (greatest need) so that maps read the same way
for every indicator and print legibly in greyscale.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Scheme names, as the UI and the URL use them (mapclassify's Quantiles, FisherJenks, EqualInterval).
SCHEMES: tuple[str, ...] = ("quantiles", "fisher_jenks", "equal_interval")

#: Above this many areas Fisher-Jenks runs on a random sample (its exact form is quadratic).
FISHER_JENKS_SAMPLE_ABOVE = 1000

#: ColorBrewer "YlGnBu" (colour-blind safe, monotone in lightness, so it survives greyscale print).
NEED_PALETTE: dict[int, tuple[str, ...]] = {
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
#: Fill for areas without a value (suppressed or missing).
NO_DATA_COLOUR = "#d9d9d9"


class UnknownSchemeError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Unknown classification scheme {name!r}. Valid: {', '.join(SCHEMES)}")


@dataclass(frozen=True)
class Classification:
    """Class membership of each area plus what a legend needs.

    Attributes
    ----------
    classes : class number per area (0 = lowest values), -1 where the value is missing.
    lower, upper : bounds of each class, in the values' unit.
    colours : fill colour per class, ordered by need (light = least need).
    counts : areas per class.
    """

    classes: pd.Series
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    colours: tuple[str, ...]
    counts: tuple[int, ...]

    def colour_of(self) -> pd.Series:
        """Fill colour per area (no-data colour where missing)."""
        lookup = np.array([*self.colours, NO_DATA_COLOUR])
        return pd.Series(lookup[self.classes.to_numpy()], index=self.classes.index)


def classify(values: pd.Series, scheme: str = "quantiles", k: int = 5,
             higher_is_worse: bool = True) -> Classification:
    """Classify values into ``k`` classes with a named scheme.

    Missing values get class -1. With fewer distinct values than ``k`` the number of classes shrinks
    (mapclassify would otherwise return empty classes). Colours are assigned by need: when lower values
    mean greater need (``higher_is_worse=False``), the lowest class gets the darkest colour.
    """
    if scheme not in SCHEMES:
        raise UnknownSchemeError(scheme)
    if not 3 <= k <= max(NEED_PALETTE):
        raise ValueError(f"k must be between 3 and {max(NEED_PALETTE)}, got {k}")
    present = values.dropna().astype(float)
    classes = pd.Series(-1, index=values.index, dtype=int)
    if present.empty:
        return Classification(classes, (), (), (), ())
    distinct = present.nunique()
    if distinct < 2:
        lower = upper = (float(present.iloc[0]),)
        classes[present.index] = 0
        return Classification(classes, lower, upper, (NEED_PALETTE[3][1],), (len(present),))
    k_eff = min(k, distinct)
    y = present.to_numpy()
    if scheme == "quantiles":
        bins = quantile_bins(y, k_eff)
        yb_values = bin_values(y, bins)
    elif scheme == "equal_interval":
        bins = equal_interval_bins(y, k_eff)
        yb_values = bin_values(y, bins)
    else:
        bins, yb_values = _fisher_jenks(y, k_eff)
    upper_bounds = tuple(float(b) for b in bins)
    lower_bounds = (float(present.min()), *upper_bounds[:-1])
    yb = pd.Series(yb_values, index=present.index)
    # Drop classes mapclassify left empty so the legend never shows a class with no areas.
    used = sorted(yb.unique())
    remap = {old: new for new, old in enumerate(used)}
    classes[present.index] = yb.map(remap).astype(int)
    lower = tuple(lower_bounds[i] for i in used)
    upper = tuple(upper_bounds[i] for i in used)
    counts = tuple(int((classes == i).sum()) for i in range(len(used)))
    palette = NEED_PALETTE[max(3, len(used))][-len(used):] if len(used) >= 3 else \
        NEED_PALETTE[3][-len(used):]
    colours = palette if higher_is_worse else tuple(reversed(palette))
    return Classification(classes, lower, upper, tuple(colours), counts)


def _fisher_jenks(y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """mapclassify's Fisher-Jenks (sampled above `FISHER_JENKS_SAMPLE_ABOVE` values): bins, classes."""
    import mapclassify

    with warnings.catch_warnings():
        # mapclassify warns that numba is absent; the pure-Python Fisher-Jenks is fast enough for
        # the few hundred areas of a city, and larger layers use its sampled variant.
        warnings.simplefilter("ignore", UserWarning)
        if len(y) > FISHER_JENKS_SAMPLE_ABOVE:
            binning = mapclassify.FisherJenksSampled(y, k=k, pct=FISHER_JENKS_SAMPLE_ABOVE / len(y))
        else:
            binning = mapclassify.FisherJenks(y, k=k)
    return np.asarray(binning.bins, dtype=float), np.asarray(binning.yb)


def quantile_bins(values: np.ndarray, k: int) -> np.ndarray:
    """Upper class bounds of ``k`` quantile classes, as ``mapclassify.Quantiles(values, k).bins``.

    The bounds are the percentiles p = 100/k, 200/k, ..., 100 of the values, each interpolated
    linearly between the two nearest order statistics (scipy's ``scoreatpercentile``, "fraction")::

        h = p / 100 * (n - 1),  i = floor(h),  q = x_(i) + (h - i) * (x_(i+1) - x_(i))

    Repeated bounds (many equal values) are collapsed, so there may be fewer than ``k`` classes.

    Parameters
    ----------
    values : finite numbers, no NaN (at least one), in any unit; the bounds are in the same unit.
    k : number of classes wanted, >= 1.

    Returns
    -------
    numpy.ndarray
        Increasing upper bounds; the last is the largest value.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    y = np.sort(np.asarray(values, dtype=float).ravel())
    if y.size == 0 or np.isnan(y).any():
        raise ValueError("values must be at least one number and contain no NaN")
    w = 100.0 / k
    p = np.arange(w, 100 + w, w)  # mapclassify's own steps (one extra may appear by rounding)
    if p[-1] > 100.0:
        p[-1] = 100.0
    h = p / 100.0 * (len(y) - 1)
    i = h.astype(int)
    exact = i == h
    j = np.minimum(i + 1, len(y) - 1)
    below, above = j - h, h - i
    with np.errstate(invalid="ignore", divide="ignore"):  # exact steps (0/0 at the end) are not used
        interpolated = (y[i] * below + y[j] * above) / (below + above)
    return np.unique(np.where(exact, y[i], interpolated))


def equal_interval_bins(values: np.ndarray, k: int) -> np.ndarray:
    """Upper class bounds of ``k`` classes of equal width, as ``mapclassify.EqualInterval``::

        width = (max - min) / k,  bounds = min + width, min + 2 width, ..., max

    Parameters
    ----------
    values : finite numbers, no NaN, not all equal.
    k : number of classes, >= 1.
    """
    y = np.asarray(values, dtype=float).ravel()
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if y.size == 0 or np.isnan(y).any() or y.min() == y.max():
        raise ValueError("values must be numbers without NaN and not all equal")
    lo, hi = y.min(), y.max()
    width = (hi - lo) / k
    cuts = np.arange(lo + width, hi + width, width)
    if len(cuts) > k:  # arange may overshoot by one step
        cuts = cuts[:k]
    cuts[-1] = hi
    return cuts


def bin_values(values: np.ndarray, bins: np.ndarray) -> np.ndarray:
    """Class of each value for increasing upper bounds ``bins`` (as mapclassify's ``bin1d``)::

        class(x) = j  where  bins[j-1] < x <= bins[j]   (class 0: x <= bins[0])

    Values above the last bound (none when it is the maximum) get the last class.
    """
    y = np.asarray(values, dtype=float).ravel()
    return np.minimum(np.searchsorted(np.asarray(bins, dtype=float), y, side="left"), len(bins) - 1)
