"""The one number formatter and parser, on Babel's locale data.

Swedish (``sv``): decimal comma, a non-breaking space between thousands, a real minus sign (U+2212):
``−1 234,5``. English (``en``): ``-1,234.5``. A missing value (None, NaN, pandas NA) is an en dash, never
"None" or "nan".

`parse_number` reads what a person types in either language ("55,5", "55.5", "1 234,5", "−3") and
refuses, with a reason code, what it cannot read; nothing is guessed silently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal

LOCALES = {"sv": "sv_SE", "en": "en_GB"}
MISSING = "–"
MINUS = "\u2212"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA/NaT (anything that is not a finite or infinite number)."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def number(value: object, lang: str, decimals: int = 1) -> str:
    """``value`` with exactly ``decimals`` decimals, grouped in thousands, in the language's style."""
    if is_missing(value):
        return MISSING
    rounded = round(float(value), decimals)  # type: ignore[arg-type]
    if rounded == 0:
        rounded = 0.0  # no "−0,0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(rounded, format=pattern, locale=LOCALES.get(lang, "sv_SE"))
    return text.replace("-", MINUS) if lang != "en" else text


def numbers(values: Iterable[object], lang: str, decimals: int = 1) -> list[str]:
    """`number` for many values at once (a table column): the same text, without Babel per value."""
    group, point = ("\u00a0", ",") if lang != "en" else (",", ".")
    out = []
    for value in values:
        if is_missing(value):
            out.append(MISSING)
            continue
        rounded = round(float(value), decimals)  # type: ignore[arg-type]
        text = f"{rounded if rounded != 0 else 0.0:,.{decimals}f}"
        if lang != "en":
            text = text.replace(",", "\0").replace(".", point).replace("\0", group).replace("-", MINUS)
        out.append(text)
    return out


def percent(share: object, lang: str, decimals: int = 0) -> str:
    """A share 0–1 as a percentage, e.g. ``0.375`` → ``38 %`` (a space before %, as both languages'
    style guides for official statistics write it)."""
    if is_missing(share):
        return MISSING
    return f"{number(100 * float(share), lang, decimals)} %"  # type: ignore[arg-type]


def integer(value: object, lang: str) -> str:
    """A count: no decimals, grouped in thousands."""
    return number(value, lang, 0)


@dataclass(frozen=True)
class ParsedNumber:
    """What `parse_number` read: ``value`` or, when it could not, a reason ``code``."""

    value: float | None
    code: str = ""  # "" when read; "empty" or "not_a_number" otherwise

    @property
    def ok(self) -> bool:
        return self.value is not None


def parse_number(text: str, lang: str = "sv") -> ParsedNumber:
    """A number typed in Swedish or English style; the page shows what it read before saving.

    Accepted in both languages: ``55,5`` and ``55.5``, spaces between thousands (``1 234,5``), both
    separators with the last one as the decimal mark (``1,234.5``, ``1.234,5``), repeated separators
    between groups of three (``1.000.000``), ``−3``/``-3``/``+2`` and a trailing ``%``. A lone comma
    before exactly three digits is a thousands separator in English (``1,234`` = 1234) and a decimal
    comma in Swedish (``1,234`` = 1,234). Refused: empty text (``empty``) and anything else
    (``not_a_number``), e.g. ``1e308``, ``12 %%``, ``--3``.
    """
    raw = _SPACES.sub("", str(text or "").strip()).replace(MINUS, "-").removesuffix("%")
    if not raw:
        return ParsedNumber(None, "empty")
    commas, dots = raw.count(","), raw.count(".")
    if commas and dots:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if raw.count(decimal_mark) > 1:
            return ParsedNumber(None, "not_a_number")
        raw = raw.replace(group_mark, "").replace(decimal_mark, ".")
    elif commas == 1 and not dots:
        whole, fraction = raw.lstrip("+-").split(",")
        thousands = lang == "en" and len(fraction) == 3 and whole[:1] not in ("", "0")
        raw = raw.replace(",", "" if thousands else ".")
    elif commas + dots > 1:
        mark = "," if commas else "."
        if not all(len(part) == 3 for part in raw.split(mark)[1:]):
            return ParsedNumber(None, "not_a_number")
        raw = raw.replace(mark, "")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", raw):
        return ParsedNumber(None, "not_a_number")
    try:
        value = float(Decimal(raw))
    except (InvalidOperation, ValueError):
        return ParsedNumber(None, "not_a_number")
    return ParsedNumber(value) if math.isfinite(value) else ParsedNumber(None, "not_a_number")
