"""Sentences built from results and the text catalogue, shared by pages, exports and reports.

Pure: no streamlit. Each function takes the language and returns text.
"""

from __future__ import annotations

from i18n.catalogue import translate
from i18n.format import percent
from model.registry import IndicatorRegistry
from services.scenario import ScenarioResult


def index_composition(result: ScenarioResult, registry: IndicatorRegistry, lang: str) -> str:
    """What the index is made of here: each present indicator with its effective share, then the
    weighted indicators that are absent at this level and year (they get no share), e.g.
    "Behörighet yrkesprogram 50 %, Ekonomiskt bistånd 50 % · saknas på nivån: Trångboddhet".
    """
    shares = result.effective_weights
    parts = [f"{registry.get(i).short(lang)} {percent(w, lang)}" for i, w in shares.items()]
    text = ", ".join(parts) if parts else translate("index_none_present", lang)
    if result.missing_ids:
        absent = ", ".join(registry.get(i).short(lang) for i in result.missing_ids)
        text += " · " + translate("absent_list", lang, names=absent)
    return text
