"""Whole-city figures: the city's own value first, then honest aggregates of the areas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.summary import CityMethod, city_figure


def frame(values, num=None, den=None) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({
        "value": values,
        "numerator": num if num is not None else [np.nan] * n,
        "denominator": den if den is not None else [np.nan] * n,
    }, index=[f"A{i}" for i in range(n)])


def test_the_city_series_wins_when_present():
    fig = city_figure(frame([10.0, 20.0]), city_value=8.1)
    assert fig.value == 8.1
    assert fig.method is CityMethod.CITY_LEVEL


def test_shares_are_summed_from_numerators_and_denominators():
    # 10/100 and 30/100 -> 40/200 = 20 %, not the mean of 10 % and 30 % weighted otherwise
    fig = city_figure(frame([10.0, 30.0], [10, 30], [100, 100]))
    assert fig.value == pytest.approx(20.0)
    assert fig.method is CityMethod.SUMS
    fig = city_figure(frame([10.0, 30.0], [10, 90], [100, 300]))
    assert fig.value == pytest.approx(25.0)


def test_population_weights_are_used_without_counts():
    weights = pd.Series([3000, 1000], index=["A0", "A1"])
    fig = city_figure(frame([10.0, 30.0]), weights)
    assert fig.value == pytest.approx(15.0)
    assert fig.method is CityMethod.WEIGHTED


def test_unweighted_mean_is_the_last_resort_and_says_so():
    fig = city_figure(frame([10.0, 30.0, np.nan]))
    assert fig.value == pytest.approx(20.0)
    assert fig.method is CityMethod.MEAN


def test_counts_are_summed_and_nothing_gives_none():
    assert city_figure(frame([100.0, 250.0]), is_share=False).value == 350.0
    assert city_figure(frame([np.nan, np.nan])) is None
