"""Cells that are safe to open in a spreadsheet: text never runs as a formula (CSV/formula injection).

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a tab or carriage return at the start can smuggle one in. Following OWASP's advice on CSV
injection, every *text* cell starting with one of those characters gets a leading apostrophe, which
spreadsheets show as plain text; numbers stay numbers (a negative number is not text and is written as
it is). Use `safe_cell` on single values and `safe_table` on a DataFrame before writing any CSV a person
may open in a spreadsheet; `restore_cell` undoes it when such a file is read back.

For XLSX, write text with the string type and "quote prefix" style instead (openpyxl:
``cell.data_type = "s"``, ``cell.quotePrefix = True``); `is_risky` says which text cells need it.

Pure: no I/O, no Streamlit.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

#: First characters that make a spreadsheet read a text cell as a formula (OWASP).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: What `safe_cell` puts in front of such text.
QUOTE = "'"


def is_risky(value: object) -> bool:
    """True for text a spreadsheet could run as a formula (it starts with one of `FORMULA_STARTS`)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """``value`` as it may be written to a CSV for a spreadsheet.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``;
    everything else — numbers (negative ones too), None, dates, other text — is returned unchanged.

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://x","klicka")')
    '\\'=HYPERLINK("http://x","klicka")'
    >>> safe_cell(-5)
    -5
    >>> safe_cell("-5")
    "'-5"
    """
    return QUOTE + value if is_risky(value) else value


def restore_cell(value: Any) -> Any:
    """The inverse of `safe_cell` for a cell read back from such a CSV: ``'=…`` becomes ``=…``."""
    if isinstance(value, str) and value.startswith(QUOTE) and is_risky(value[1:]):
        return value[1:]
    return value


def _safe_labels(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return index.set_levels([_safe_labels(level) for level in index.levels])
    if index.dtype == object or pd.api.types.is_string_dtype(index.dtype):
        return index.map(safe_cell)
    return index


def safe_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells, column names and index labels are `safe_cell`; numeric
    columns are untouched (so they are still written as numbers).

    Raises
    ------
    TypeError
        When ``frame`` is not a DataFrame.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"safe_table needs a pandas DataFrame, got {type(frame).__name__}")
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype) \
                or isinstance(column.dtype, pd.CategoricalDtype):
            out[name] = column.astype(object).map(safe_cell)
    out.columns = _safe_labels(out.columns)
    out.index = _safe_labels(out.index)
    return out
