"""Tables as a person reads them: numbers in the language's style, yes/no in words, no "None".

Streamlit's grid draws numbers with a decimal point whatever the page's language and missing cells as
"None"; every table a page shows goes through `for_people` first (downloads keep their own formats,
see `ui.downloads`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st
from pandas.api import types

from i18n.catalogue import translate
from i18n.numbers import MISSING, numbers
from ui.state import lang


def _decimals_for(column: pd.Series) -> int:
    """Whole numbers (counts, ranks, years) without decimals; other numbers with one."""
    finite = column.dropna()
    return 0 if finite.empty or bool((finite == finite.round()).all()) else 1


def for_people(frame: pd.DataFrame, lang: str,
               decimals: int | Mapping[str, int] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` whose cells are the text a person should read.

    Parameters
    ----------
    frame : the table; its index is kept.
    lang : "sv" or "en".
    decimals : for number columns — one count for all, a mapping column → count (others chosen
        automatically), or None: whole-number columns without decimals, others with one.
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if types.is_bool_dtype(values):
            words = {True: translate("yes", lang), False: translate("no", lang)}
            out[column] = [MISSING if v is None or v != v else words[bool(v)] for v in values]
        elif types.is_numeric_dtype(values):
            wanted = decimals.get(column) if isinstance(decimals, Mapping) else decimals
            count = _decimals_for(values) if wanted is None else wanted
            out[column] = numbers(values, lang, count)
        else:
            out[column] = [_cell(v, lang) for v in values]
    return out


def _cell(value: object, lang: str) -> str:
    """One cell of a mixed column as text (a number in the language's style, yes/no in words)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return MISSING
    if isinstance(value, bool):
        return translate("yes" if value else "no", lang)
    if isinstance(value, int | float) or types.is_number(value):
        whole = float(value) == round(float(value))
        return numbers([value], lang, 0 if whole else 1)[0]
    return str(value)


def show_table(frame: pd.DataFrame, decimals: int | Mapping[str, int] | None = None,
               **kwargs) -> None:
    """`st.dataframe` of `for_people(frame)` in the page's language (keyword arguments passed on)."""
    st.dataframe(for_people(frame, lang(), decimals), **kwargs)
