"""The one number formatter and parser (i18n.numbers): what people read and what they type."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from i18n.numbers import MINUS, integer, number, parse_number, percent


@pytest.mark.parametrize(("value", "lang", "decimals", "expected"), [
    (15.4, "sv", 1, "15,4"),
    (15.4, "en", 1, "15.4"),
    (1.0, "sv", 2, "1,00"),
    (10_000_000, "sv", 2, "10\u00a0000\u00a0000,00"),
    (10_000_000, "en", 0, "10,000,000"),
    (-0.13, "sv", 2, f"{MINUS}0,13"),
    (-0.13, "en", 2, "-0.13"),
    (-0.001, "sv", 1, "0,0"),  # never "−0,0"
    (None, "sv", 1, "–"),
    (math.nan, "en", 1, "–"),
    (pd.NA, "sv", 1, "–"),
])
def test_number(value, lang, decimals, expected):
    assert number(value, lang, decimals) == expected


def test_percent_and_integer():
    assert percent(0.375, "sv") == "38 %"
    assert percent(0.5, "en", 1) == "50.0 %"
    assert percent(None, "sv") == "–"
    assert integer(3412.4, "sv") == "3\u00a0412"


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("55,5", "sv", 55.5), ("55.5", "sv", 55.5), ("55,5", "en", 55.5),
    ("1 234,5", "sv", 1234.5), ("1\u00a0234,5", "sv", 1234.5), ("1\u202f234,5", "sv", 1234.5),
    ("1,234.5", "en", 1234.5), ("1.234,5", "sv", 1234.5), ("1.000.000", "sv", 1_000_000),
    ("1,234", "sv", 1.234), ("1,234", "en", 1234), ("0,125", "en", 0.125),
    (f"{MINUS}3", "sv", -3), ("-3", "sv", -3), ("+2", "en", 2), ("12,5 %", "sv", 12.5),
    (".5", "en", 0.5),
])
def test_parse_reads_swedish_and_english(text, lang, expected):
    parsed = parse_number(text, lang)
    assert parsed.ok
    assert parsed.value == pytest.approx(expected)


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty"), ("   ", "empty"), ("abc", "not_a_number"), ("1e308", "not_a_number"),
    ("--3", "not_a_number"), ("1,2,3", "not_a_number"), ("1.2.3", "not_a_number"),
    ("1,5.5,5", "not_a_number"), ("12 %%", "not_a_number"), ("nan", "not_a_number"),
    ("inf", "not_a_number"),
])
def test_parse_refuses_with_a_reason(text, code):
    parsed = parse_number(text)
    assert not parsed.ok
    assert parsed.code == code


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.sampled_from(["sv", "en"]),
       st.integers(min_value=0, max_value=3))
def test_what_is_shown_reads_back_as_the_same_number(value, lang, decimals):
    shown = number(value, lang, decimals)
    assert parse_number(shown, lang).value == pytest.approx(round(value, decimals), abs=1e-9)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_many_numbers_read_as_one_number_at_a_time(lang, decimals):
    import random

    from i18n.numbers import number, numbers

    random.seed(decimals)
    values = [random.uniform(-1e7, 1e7) * random.choice([1, 1e-3, 1e-6]) for _ in range(2000)]
    values += [0.05, 2.675, -0.04, 1234.5, -1234567.25, float("nan"), None, 0, -0.0]
    assert numbers(values, lang, decimals) == [number(v, lang, decimals) for v in values]


def test_a_table_for_people_has_words_and_local_numbers():
    import pandas as pd

    from ui.tables import for_people

    frame = pd.DataFrame({"Andel": [12.25, None], "Antal": [1234.0, 5.0], "Sekretess": [True, False],
                          "Namn": ["Holma", None]})
    shown = for_people(frame, "sv")
    assert list(shown["Andel"]) == ["12,2", "–"]
    assert list(shown["Antal"]) == ["1\u00a0234", "5"]
    assert list(shown["Sekretess"]) == ["Ja", "Nej"]
    assert list(shown["Namn"]) == ["Holma", "–"]
    assert list(for_people(frame, "en", {"Andel": 2})["Andel"]) == ["12.25", "–"]
    mixed = for_people(pd.DataFrame({"Klass": pd.Series([1, pd.NA, 2.5], dtype=object)}), "sv")
    assert list(mixed["Klass"]) == ["1", "–", "2,5"]
