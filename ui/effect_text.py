"""Words for effect estimates: refusals, statuses and units, for the page, the CLI and reports alike.

Pure (no streamlit), so the command line can word the same codes as the page.
"""

from __future__ import annotations

from collections.abc import Mapping

from i18n.catalogue import translate
from indicators.effects import Refusal
from model.registry import Indicator, Unit

#: At most this many ids (or names) are listed in a message.
MAX_LISTED = 10


def listed(values: object, names: Mapping[str, str] | None = None) -> str:
    """A tuple of ids as ``a, b, c`` (names where known; at most `MAX_LISTED`, then ``…``)."""
    if not isinstance(values, tuple | list):
        return str(values)
    shown = [str(names.get(str(v), v)) if names else str(v) for v in values[:MAX_LISTED]]
    return ", ".join(shown) + (" …" if len(values) > MAX_LISTED else "")


def refusal_text(refusal: Refusal, lang: str, names: Mapping[str, str] | None = None) -> str:
    """Why there is no estimate, in ``lang``; area ids are shown by ``names`` where given."""
    params = {key: listed(value, names if key == "ids" else None)
              for key, value in refusal.params.items()}
    return translate(f"effect_refusal_{refusal.code}", lang, **params)


def status_text(status: str, lang: str) -> str:
    """``tydlig minskning`` / ``ingen säker skillnad`` / ``tydlig ökning`` (capitalised)."""
    return translate(f"effect_status_{status}", lang)


def unit_text(indicator: Indicator, lang: str) -> str:
    """The unit of an effect: percentage points for shares, else the indicator's unit symbol."""
    return translate("effect_unit_pp", lang) if indicator.unit is Unit.PERCENT else indicator.unit.symbol
