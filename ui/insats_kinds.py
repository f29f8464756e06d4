"""Insats kinds and partners on the pages: labels, the list filter, the editor of one insats's kind and
partners, the funding split's note on what it counts, and the map of where the kinds overlap.

Called from pages/insatser.py (and available to the meeting view: `kind_filter`, `kinds_map`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from access.roles import SAVE_INSATS
from indicators.insats_kinds import (
    INSATS_KINDS,
    NO_KIND,
    PARTNER_KINDS,
    FundingInput,
    funding_assignments,
    kinds_per_area,
)
from model import columns as c
from persistence import Insats, Store
from ui.history import conflict_view, flash
from ui.identity import person_for_write
from ui.maps import area_map, legend_html
from ui.persist import Draft, attempt
from ui.plain_text import plain
from ui.state import Selection, labels_for, lang, t

#: The editor of an insats's kind and partners (widget keys ``ins_kinds_*``).
KINDS_EDITOR = Draft("ins_kinds", {"kind": lambda i: i.kind, "partners": lambda i: list(i.partners)})

#: Map colours per overlap (ColorBrewer Set2-like, distinguishable in print and for most colour
#: vision): one kind alone, two together, all three.
OVERLAP_COLOURS: dict[str, str] = {
    "kraftsamlande": "#1b9e77",
    "core_mission": "#7570b3",
    "local_development": "#e6ab02",
    "kraftsamlande+core_mission": "#66a61e",
    "kraftsamlande+local_development": "#d95f02",
    "core_mission+local_development": "#e7298a",
    "kraftsamlande+core_mission+local_development": "#a6761d",
    NO_KIND: "#f2f2f2",
}


def kind_label(kind: str) -> str:
    return t(f"insats_kind_{kind}")


def partner_label(partner: str) -> str:
    return t(f"partner_{partner}")


def overlap_label(code: str) -> str:
    """'Kraftsamlande insats + lokal utveckling', or 'Ingen insats'."""
    if code == NO_KIND:
        return t("insats_kinds_none")
    words = [kind_label(k) for k in code.split("+")]
    return " + ".join([words[0], *(w[:1].lower() + w[1:] for w in words[1:])])


def kinds_text(field: str, value: Any) -> str | None:
    """A stored insats's kind or partners in words (for history and conflicts); None for other
    fields."""
    if field == "kind" and value in INSATS_KINDS:
        return kind_label(value)
    if field == "partners" and isinstance(value, list | tuple):
        return ", ".join(partner_label(p) for p in value if p in PARTNER_KINDS) or "–"
    return None


def kind_filter(insatser: Sequence[Insats], key: str) -> list[Insats]:
    """A choice of kinds (all by default); the insatser of the chosen kinds."""
    chosen = st.multiselect(t("insats_kinds_filter"), list(INSATS_KINDS), default=list(INSATS_KINDS),
                            key=key, format_func=labels_for(INSATS_KINDS, kind_label))
    kept = [i for i in insatser if i.kind in chosen]
    if len(kept) < len(insatser):
        st.caption(t("insats_kinds_filtered", shown=len(kept), total=len(insatser)))
    return kept


def insats_kind_line(insats: Insats) -> str:
    """'Lokal utveckling · partner: skola, boende' (plain text)."""
    partners = ", ".join(partner_label(p) for p in insats.partners) or t("insats_partners_none")
    return plain(f"{kind_label(insats.kind)} · {t('insats_partners')}: {partners}")


def kind_editor(db: Store, insats: Insats) -> None:
    """Edit one insats's kind and partners (a versioned save; a stale save shows both)."""
    base = KINDS_EDITOR.start(insats.id, insats)
    st.caption(insats_kind_line(insats))
    with st.expander(t("insats_kinds_edit"),
                     expanded=KINDS_EDITOR.dirty() or KINDS_EDITOR.conflict() is not None):
        st.caption(t("insats_kinds_help"))
        st.radio(t("insats_kind"), list(INSATS_KINDS), key=KINDS_EDITOR.widget("kind"),
                 format_func=labels_for(INSATS_KINDS, kind_label))
        st.multiselect(t("insats_partners"), list(PARTNER_KINDS), key=KINDS_EDITOR.widget("partners"),
                       format_func=labels_for(PARTNER_KINDS, partner_label))
        if st.button(t("insats_kinds_save"), key="ins_kinds_save", type="primary"):
            person = person_for_write("ins_kinds_save", action=SAVE_INSATS)
            typed = KINDS_EDITOR.typed()
            saved = person and attempt(lambda: db.save_insats(replace(
                base, kind=typed["kind"], partners=tuple(typed["partners"] or ())), user=person),
                write=True, on_conflict=KINDS_EDITOR.conflicted)
            if saved:
                KINDS_EDITOR.saved(saved)
                flash(t("insats_changes_saved", name=saved.name))
                st.rerun()
        conflict_view(KINDS_EDITOR, {"kind": t("insats_kind"), "partners": t("insats_partners")},
                      "ins_kinds", lambda f, v: kinds_text(f, v) or "–")


def _frame(insatser: Sequence[Insats]) -> pd.DataFrame:
    return pd.DataFrame({"board": [i.board for i in insatser], "kind": [i.kind for i in insatser],
                         "area_level": [i.area_level for i in insatser],
                         "area_ids": [tuple(i.area_ids) for i in insatser]})


def funding_input(insatser: Sequence[Insats], level: str) -> FundingInput:
    """What the funding split counts (only kraftsamlande insatser at ``level``)."""
    return funding_assignments(_frame(insatser), level)


def funding_note(counted: FundingInput) -> None:
    """Says that the split counts only kraftsamlande insatser, and what it left out."""
    st.caption(t("funding_kinds_counted", n=counted.counted))
    left = [t(f"funding_left_out_{code}", n=n) for code, n in counted.left_out.items()]
    if left:
        st.caption(t("funding_left_out", items="; ".join(left)))


def kinds_map(selection: Selection, insatser: Sequence[Insats], level: str, key: str) -> pd.DataFrame:
    """The areas of ``level`` coloured by which kinds of insatser work there; returns the table
    (`indicators.insats_kinds.kinds_per_area`)."""
    areas = selection.package.areas_at(level)
    table = kinds_per_area(_frame(insatser), areas[c.AREA_ID], level)
    st.caption(t("insats_kinds_map_help", level=selection.package.manifest.level(level).name(lang())))
    present = [code for code in OVERLAP_COLOURS if code in set(table["overlap"])]
    map_col, legend_col = st.columns([3, 1])
    with map_col:
        area_map(dataclasses.replace(selection, level=level), key,
                 table["overlap"].map(OVERLAP_COLOURS), [t("insats_kinds_map_legend"),
                                                        t("insats_kinds_map_count")],
                 pd.DataFrame({"overlap": [overlap_label(o) for o in table["overlap"]],
                               "n": table["n_insatser"].astype(str)}, index=table.index),
                 height=460)
    with legend_col:
        counts = table["overlap"].value_counts()
        st.markdown(legend_html(t("insats_kinds_map_legend"), t("insats_kinds_map_sub"), [
            (OVERLAP_COLOURS[code], overlap_label(code), int(counts[code])) for code in present]),
            unsafe_allow_html=True)
    return table


def kinds_map_section(selection: Selection, insatser: Sequence[Insats], key: str) -> None:
    """The kinds map under its heading, at the level most insatser use (a choice when several)."""
    manifest = selection.package.manifest
    levels = [lv for lv in manifest.level_ids if any(i.area_level == lv for i in insatser)]
    if not levels:
        return
    st.subheader(t("insats_kinds_map"))
    default = selection.level if selection.level in levels else max(
        levels, key=lambda lv: sum(i.area_level == lv for i in insatser))
    level = default
    if len(levels) > 1:
        level = st.selectbox(t("insats_kinds_map_level"), levels, index=levels.index(default),
                             key=f"{key}_level", format_func=labels_for(
                                 levels, lambda lv: manifest.level(lv).name(lang())))
    kinds_map(selection, insatser, level, key)
