"""Class breaks for choropleth maps, by scheme name (mapclassify), and colour-blind-safe palettes.

Schemes are looked up by name, like mapclassify's own registry; an unknown name raises an error that lists
the valid ones. Palettes run from light (least need) to dark (greatest need) so that maps read the same way
for every indicator and print legibly in greyscale.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

#: Scheme name -> mapclassify class. Names are what the UI and the URL use.
SCHEMES: dict[str, type] = {
    "quantiles": mapclassify.Quantiles,
    "fisher_jenks": mapclassify.FisherJenks,
    "equal_interval": mapclassify.EqualInterval,
}

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
    with warnings.catch_warnings():
        # mapclassify warns that numba is absent; the pure-Python Fisher-Jenks is fast enough for
        # the few hundred areas of a city, and larger layers use its sampled variant.
        warnings.simplefilter("ignore", UserWarning)
        if scheme == "fisher_jenks" and len(present) > FISHER_JENKS_SAMPLE_ABOVE:
            binning = mapclassify.FisherJenksSampled(
                present.to_numpy(), k=k_eff, pct=FISHER_JENKS_SAMPLE_ABOVE / len(present))
        else:
            binning = SCHEMES[scheme](present.to_numpy(), k=k_eff)
    upper_bounds = tuple(float(b) for b in binning.bins)
    lower_bounds = (float(present.min()), *upper_bounds[:-1])
    yb = pd.Series(binning.yb, index=present.index)
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
