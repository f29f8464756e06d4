"""Tables people download and open in a spreadsheet.

Swedish: semicolon-separated, decimal comma, Swedish headers, UTF-8 with a byte-order mark (so Excel on
a Swedish desktop opens it right); English: comma-separated, decimal point. Text cells that a
spreadsheet would run as a formula are neutralised; numbers stay numbers.
"""

from __future__ import annotations

import pandas as pd

from indicators.spreadsheet import safe_table


def people_csv(frame: pd.DataFrame, lang: str, index: bool = False) -> bytes:
    """``frame`` as CSV bytes for a person in language ``lang`` (see the module doc)."""
    sep, decimal = (",", ".") if lang == "en" else (";", ",")
    return safe_table(frame).to_csv(index=index, sep=sep, decimal=decimal).encode("utf-8-sig")
