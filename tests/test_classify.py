"""Class breaks for maps: named schemes, missing values, colours ordered by need."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.classify import NEED_PALETTE, NO_DATA_COLOUR, SCHEMES, UnknownSchemeError, classify


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_every_area_gets_a_class_and_missing_ones_get_no_data(scheme):
    values = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9, np.nan], index=list("abcdefghij"))
    result = classify(values, scheme, k=3)
    assert result.classes["j"] == -1
    assert (result.classes.drop("j") >= 0).all()
    assert sum(result.counts) == 9
    assert result.colour_of()["j"] == NO_DATA_COLOUR
    assert result.upper[-1] == 9.0
    assert result.lower[0] == 1.0


def test_quantiles_split_evenly():
    result = classify(pd.Series(range(10), dtype=float), "quantiles", k=5)
    assert result.counts == (2, 2, 2, 2, 2)


def test_darkest_colour_marks_greatest_need_in_either_direction():
    values = pd.Series([10.0, 20, 30, 40, 50])
    worse = classify(values, "equal_interval", k=5, higher_is_worse=True).colour_of()
    better = classify(values, "equal_interval", k=5, higher_is_worse=False).colour_of()
    darkest = NEED_PALETTE[5][-1]
    assert worse.iloc[-1] == darkest  # high share of e.g. UVAS is the greatest need
    assert better.iloc[0] == darkest  # low eligibility is the greatest need


def test_constant_and_empty_inputs_do_not_fail():
    assert classify(pd.Series([5.0, 5.0, 5.0]), "fisher_jenks").counts == (3,)
    assert classify(pd.Series([np.nan, np.nan]), "quantiles").counts == ()


def test_fewer_distinct_values_than_classes_shrinks_the_legend():
    result = classify(pd.Series([1.0, 1, 2, 2, 3]), "quantiles", k=7)
    assert len(result.colours) == len(result.counts) <= 3
    assert all(n > 0 for n in result.counts)


def test_unknown_scheme_lists_the_valid_ones():
    with pytest.raises(UnknownSchemeError, match=r"quantiles.*fisher_jenks.*equal_interval"):
        classify(pd.Series([1.0, 2.0]), "jenks")
