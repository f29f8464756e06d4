"""Whole-city figures for one indicator: the city's own value when the package has one, else an honest
aggregate of the areas, saying how it was computed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np
import pandas as pd

from model import columns as c


class CityMethod(Enum):
    CITY_LEVEL = "city_level"  # the package's whole-city row
    SUMS = "sums"  # 100 * sum(numerator) / sum(denominator)
    WEIGHTED = "weighted"  # population-weighted mean of area values
    MEAN = "mean"  # unweighted mean (no weights known)


@dataclass(frozen=True)
class CityFigure:
    value: float
    method: CityMethod


def city_figure(values: pd.DataFrame, weights: pd.Series | None = None,
                city_value: float | None = None, is_share: bool = True) -> CityFigure | None:
    """The whole-city value of an indicator.

    Parameters
    ----------
    values : area rows with ``value`` and, where known, ``numerator`` and ``denominator``.
    weights : population per area (same index) for a weighted mean, or None.
    city_value : the package's own whole-city value, used first when given.
    is_share : numerators and denominators are summed only for shares (percent).

    Returns None when no area has a value.
    """
    if city_value is not None and np.isfinite(city_value):
        return CityFigure(float(city_value), CityMethod.CITY_LEVEL)
    present = values[values[c.VALUE].notna()]
    if present.empty:
        return None
    if not is_share:
        return CityFigure(float(present[c.VALUE].sum()), CityMethod.SUMS)
    num, den = present.get(c.NUMERATOR), present.get(c.DENOMINATOR)
    if num is not None and den is not None and num.notna().all() and den.notna().all() \
            and den.sum() > 0:
        return CityFigure(float(100.0 * num.sum() / den.sum()), CityMethod.SUMS)
    if weights is not None:
        w = weights.reindex(present.index)
        if w.notna().all() and w.sum() > 0:
            return CityFigure(float(np.average(present[c.VALUE], weights=w)), CityMethod.WEIGHTED)
    return CityFigure(float(present[c.VALUE].mean()), CityMethod.MEAN)
