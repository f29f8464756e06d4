"""Numbers with their units for display; the formatting itself is `i18n.numbers` (one formatter)."""

from __future__ import annotations

from i18n.numbers import number, percent
from model.registry import Indicator, Unit

__all__ = ["area_label", "indicator_value", "number", "percent"]


def area_label(code: str, name: object) -> str:
    """An area by name and code, e.g. "Holma (1280C1430)"; names that already hold the code (SCB's
    DeSO names, "1280C1430 (Holma)") are shown as they are."""
    text = "" if name is None or name != name else str(name)
    if not text or text == code:
        return str(code)
    return text if str(code) in text else f"{text} ({code})"


def indicator_value(value: float | None, indicator: Indicator, lang: str) -> str:
    """A value with its unit, e.g. ``12,3 %`` or ``3 412`` (persons)."""
    if indicator.unit is Unit.PERSONS:
        return number(value, lang, 0)
    decimals = 1 if indicator.unit is Unit.PERCENT else 2
    text = number(value, lang, decimals)
    return text if text == "–" else f"{text} {indicator.unit.symbol}"
