"""Quantile and equal-interval classes computed with numpy equal mapclassify's, on tiny data."""

from __future__ import annotations

import warnings

import mapclassify
import numpy as np
import pytest

from geo.classify import bin_values, classify, equal_interval_bins, quantile_bins

CASES = [
    ([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5),
    ([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3),
    ([0.5, 0.5, 0.5, 2, 9, 9, 9, 9.5], 4),  # ties collapse classes
    ([3.2, -1.0, 7.7, 0.0, 12.25, 5.5, 5.5], 7),
    ([10.0, 20.0], 2),
    (list(np.random.default_rng(1).normal(20, 5, 209)), 5),
    (list(np.random.default_rng(2).gamma(2, 3, 6000)), 6),
]


@pytest.mark.parametrize(("values", "k"), CASES)
def test_quantile_classes_equal_mapclassify(values, k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        theirs = mapclassify.Quantiles(np.asarray(values), k=k)
    bins = quantile_bins(np.asarray(values), k)
    np.testing.assert_array_equal(bins, theirs.bins)
    np.testing.assert_array_equal(bin_values(np.asarray(values), bins), theirs.yb)


@pytest.mark.parametrize(("values", "k"), CASES)
def test_equal_interval_classes_equal_mapclassify(values, k):
    theirs = mapclassify.EqualInterval(np.asarray(values), k=k)
    bins = equal_interval_bins(np.asarray(values), k)
    np.testing.assert_array_equal(bins, theirs.bins)
    np.testing.assert_array_equal(bin_values(np.asarray(values), bins), theirs.yb)


def test_by_hand():
    # percentiles 25, 50, 75, 100 of 1..5: h = 1, 2, 3, 4 -> exact order statistics
    assert quantile_bins(np.array([5.0, 1, 3, 2, 4]), 4).tolist() == [2.0, 3.0, 4.0, 5.0]
    # p = 50 of 1, 2: h = 0.5 -> 1.5
    assert quantile_bins(np.array([1.0, 2.0]), 2).tolist() == [1.5, 2.0]
    assert equal_interval_bins(np.array([0.0, 10.0]), 4).tolist() == [2.5, 5.0, 7.5, 10.0]
    assert bin_values(np.array([0.0, 2.5, 2.6, 10.0]), np.array([2.5, 5.0, 10.0])).tolist() == \
        [0, 0, 1, 2]


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="k must be"):
        quantile_bins(np.array([1.0, 2.0]), 0)
    with pytest.raises(ValueError, match="NaN"):
        quantile_bins(np.array([1.0, np.nan]), 2)
    with pytest.raises(ValueError, match="not all equal"):
        equal_interval_bins(np.array([1.0, 1.0]), 2)


def test_classify_does_not_import_mapclassify_for_quantiles():
    import subprocess
    import sys

    code = ("import sys, pandas as pd; from geo.classify import classify; "
            "classify(pd.Series([1.0, 2, 3, 4, 5]), 'quantiles', k=3); "
            "classify(pd.Series([1.0, 2, 3, 4, 5]), 'equal_interval', k=3); "
            "print('mapclassify' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_fisher_jenks_still_from_mapclassify():
    values = np.array([1.0, 1.1, 1.2, 5.0, 5.1, 9.0, 9.2, 9.3])
    result = classify(__import__("pandas").Series(values), "fisher_jenks", k=3)
    assert result.counts == (3, 2, 3)
