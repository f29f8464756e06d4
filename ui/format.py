"""Numbers with their units for display; the formatting itself is `i18n.numbers` (one formatter)."""

from __future__ import annotations

from i18n.numbers import number, percent
from indicators.registry import Indicator, Unit

__all__ = ["indicator_value", "number", "percent"]


def indicator_value(value: float | None, indicator: Indicator, lang: str) -> str:
    """A value with its unit, e.g. ``12,3 %`` or ``3 412`` (persons)."""
    if indicator.unit is Unit.PERSONS:
        return number(value, lang, 0)
    decimals = 1 if indicator.unit is Unit.PERCENT else 2
    text = number(value, lang, decimals)
    return text if text == "–" else f"{text} {indicator.unit.symbol}"
