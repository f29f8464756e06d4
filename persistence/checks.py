"""Checks of the values handed to the store, each refusing with `InvalidDataError` (Swedish and
English message naming the field)."""

from __future__ import annotations

import math
import numbers

from datapackage.tables import PLAUSIBLE_YEARS
from persistence.errors import InvalidDataError

MAX_NAME_LENGTH = 200


def is_number(value: object) -> bool:
    """True for a finite real number (not a bool)."""
    return not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value)


def check_year(value: object, what_sv: str, what_en: str, optional: bool = False) -> None:
    """Refuse anything but a whole year in `PLAUSIBLE_YEARS` (None too, when ``optional``)."""
    if value is None and optional:
        return
    low, high = PLAUSIBLE_YEARS
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
        raise InvalidDataError(f"{what_sv} måste vara ett årtal mellan {low} och {high}, fick {value!r}.",
                               f"{what_en} must be a year between {low} and {high}, got {value!r}.")


def check_number(value: object, what_sv: str, what_en: str, optional: bool = False,
                 minimum: float | None = None, strict: bool = False) -> None:
    """Refuse anything but a finite number (None too, when ``optional``), at least ``minimum``
    (above it when ``strict``)."""
    if value is None and optional:
        return
    if not is_number(value):
        raise InvalidDataError(f"{what_sv} måste vara ett tal, fick {value!r}.",
                               f"{what_en} must be a number, got {value!r}.")
    if minimum is not None and (value < minimum or (strict and value == minimum)):
        relation_sv, relation_en = ("större än", "greater than") if strict else ("minst", "at least")
        raise InvalidDataError(f"{what_sv} måste vara {relation_sv} {minimum:g}, fick {value!r}.",
                               f"{what_en} must be {relation_en} {minimum:g}, got {value!r}.")


def check_name(value: object, what_sv: str, what_en: str) -> None:
    """Refuse empty or over-long names."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidDataError(f"{what_sv} får inte vara tomt.", f"{what_en} must not be empty.")
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidDataError(f"{what_sv} får vara högst {MAX_NAME_LENGTH} tecken.",
                               f"{what_en} may be at most {MAX_NAME_LENGTH} characters.")


def check_choice(value: object, valid: tuple[str, ...], what_sv: str, what_en: str) -> None:
    """Refuse a value that is not one of ``valid``; the message lists the valid ones."""
    if value not in valid:
        listed = ", ".join(valid)
        raise InvalidDataError(f"Okänd {what_sv} {value!r}. Giltiga: {listed}.",
                               f"Unknown {what_en} {value!r}. Valid: {listed}.")
