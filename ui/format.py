"""Number formatting for display: Swedish decimal comma and thin-space thousands separators."""

from __future__ import annotations

import math

from indicators.registry import Indicator, Unit


def number(value: float | None, lang: str, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\u202f").replace(".", ",")


def percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """A share 0–1 as a percentage, e.g. ``0.375`` → ``38 %``."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{number(100 * share, lang, decimals)} %"


def indicator_value(value: float | None, indicator: Indicator, lang: str) -> str:
    """A value with its unit, e.g. ``12,3 %`` or ``3 412 pers.``."""
    if indicator.unit is Unit.PERSONS:
        return f"{number(value, lang, 0)}"
    decimals = 1 if indicator.unit is Unit.PERCENT else 2
    text = number(value, lang, decimals)
    return text if text == "–" else f"{text} {indicator.unit.symbol}"
