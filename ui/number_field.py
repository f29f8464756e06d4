"""A number a person types, read exactly in Swedish or English style ("55,5", "55.5", "1 234,5").

Streamlit's number input drops a decimal comma ("55,5" became 555); every number a person types on a
page that stores it goes through `number_field` instead: what cannot be read is refused in words,
and what will be stored is shown under the field before anything is saved.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from i18n.numbers import number, parse_number
from ui.plain_text import plain
from ui.state import lang, t


def exact_text(value: float, language: str) -> str:
    """``value`` with the decimals it has (at most six), e.g. 55.5 → "55,5", 2e6 → "2 000 000"."""
    text = number(value, language, 6)
    point = "." if language == "en" else ","
    return text.rstrip("0").rstrip(point) if point in text else text


def number_field(label: str, key: str, *, default: float | None = None, minimum: float | None = None,
                 whole: bool = False, required: bool = True, help: str | None = None,
                 where: Any = None) -> float | None:
    """A text field read as a number; None while it is empty or cannot be read (the reason shown).

    Parameters
    ----------
    label, key, help : the widget's label, session-state key and help text.
    default : the number shown the first time (in the page's language).
    minimum : the smallest number accepted (e.g. 0 for money).
    whole : only whole numbers (e.g. a count).
    required : when False an empty field is no error (returns None quietly).
    where : the container to draw in (a column); the page by default.
    """
    box = where if where is not None else st
    if key not in st.session_state and default is not None:
        st.session_state[key] = exact_text(default, lang())
    text = box.text_input(label, key=key, help=help, placeholder=t("number_placeholder"))
    if not text.strip():
        if required:
            box.caption(t("number_empty"))
        return None
    parsed = parse_number(text, lang())
    if not parsed.ok:
        box.error(t(f"number_{parsed.code}", text=plain(text[:40])))
        return None
    value = float(parsed.value)
    if minimum is not None and value < minimum:
        box.error(t("number_below_minimum", minimum=exact_text(minimum, lang())))
        return None
    if whole and value != round(value):
        box.error(t("number_not_whole", text=plain(text[:40])))
        return None
    box.caption(t("number_stored_as", value=exact_text(value, lang())))
    return value


def typed_text(key: str) -> str:
    """What the person has typed in the field ``key`` (stripped; "" when nothing)."""
    value = st.session_state.get(key)
    return value.strip() if isinstance(value, str) else ""
