"""The proposal the pages follow: the one currently made on Områdesval, at the sidebar's level and year.

Uppföljning, Robusthet, Möte and the funding split on Insatser all follow the same proposal: the
choices made on Områdesval in this session (weights, methods, rule — the state its link carries) at the
level and year the sidebar shows. A person may instead choose a saved scenario, explicitly; one made at
another level or year switches the sidebar to it and says so. The choice is shared by all pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass

import streamlit as st

from indicators.scenario import Scenario, equal_weights, scenario_from_query
from persistence import Store
from services.scenario import ScenarioResult, evaluate_scenario
from ui.loaders import contiguity, dissolved_geometries
from ui.persist import attempt
from ui.state import Selection, labels_for, lang, t

#: The choice meaning "the proposal currently made on Områdesval".
CURRENT = ""
CHOICE_KEY = "proposal_choice"
_SAVED_CHOICE = "proposal_choice_saved"
_NOTE = "proposal_choice_note"


@dataclass(frozen=True)
class ChosenProposal:
    name: str
    scenario: Scenario
    result: ScenarioResult
    saved: bool  # a scenario saved in the store (rather than the current Områdesval proposal)

    @property
    def selected_ids(self) -> list[str]:
        return list(self.result.index.index[self.result.index["selected"]])


def current_scenario(selection: Selection) -> Scenario:
    """The Områdesval choices of this session (or of the link, or the default) at the sidebar's
    level and year."""
    index_ids = selection.package.registry.index_ids
    default = Scenario(selection.level, selection.year, equal_weights(index_ids))
    made = st.session_state.get("choose_scenario")
    if made is None:
        made, _notes = scenario_from_query(dict(st.query_params), default, index_ids)
    return dataclasses.replace(made, level=selection.level, year=selection.year, name="")


def saved_scenarios(db: Store | None, package_key: str,
                    level_ids: Collection[str] | None = None) -> dict[str, Scenario]:
    """Scenarios saved for this package by anyone (and, without a database, in this session) — only
    those made for one of ``level_ids`` when given (Områdesval lists the others, to be removed)."""
    saved: dict[str, Scenario] = {}
    if db is not None:
        saved = {s.name: s.scenario
                 for s in attempt(lambda: db.list_scenarios(package_key), write=False) or []}
    for name, scenario in st.session_state.get("scenarios", {}).items():
        saved.setdefault(name, scenario)
    if level_ids is not None:
        saved = {name: s for name, s in saved.items() if s.level in level_ids}
    return saved


def _switch_view(saved: dict[str, Scenario]) -> None:
    """Widget callback: a saved scenario made at another level or year moves the sidebar to it."""
    name = st.session_state[CHOICE_KEY]
    st.session_state[_SAVED_CHOICE] = name
    scenario = saved.get(name)
    if scenario is None:
        return
    if (scenario.level, scenario.year) != (st.session_state.get("level"),
                                           st.session_state.get("year")):
        st.session_state["level"], st.session_state["year"] = scenario.level, scenario.year
        st.session_state[_NOTE] = (name, scenario.level, scenario.year)


def choose_proposal(selection: Selection, db: Store | None,
                    in_sidebar: bool = False) -> ChosenProposal:
    """The proposal this page follows, with a selectbox to choose a saved scenario instead (one
    choice shared by every page)."""
    package = selection.package
    saved = saved_scenarios(db, selection.package_key, package.manifest.level_ids)
    # A saved scenario at another level or year than the sidebar's is not followed silently.
    previous = st.session_state.get(CHOICE_KEY, st.session_state.get(_SAVED_CHOICE, CURRENT))
    if previous != CURRENT and (previous not in saved or (
            saved[previous].level, saved[previous].year) != (selection.level, selection.year)):
        if previous in saved:
            st.session_state[_NOTE] = ("back", previous)
        previous = CURRENT
    st.session_state[CHOICE_KEY] = previous
    options = [CURRENT, *saved]
    where = st.sidebar if in_sidebar else st
    name = where.selectbox(
        t("followup_proposal"), options, key=CHOICE_KEY, on_change=_switch_view, args=(saved,),
        format_func=labels_for(options, lambda o: t("proposal_current") if o == CURRENT else t(
            "proposal_saved_label", name=o,
            level=package.manifest.level(saved[o].level).name(lang())
            if saved[o].level in package.manifest.level_ids else saved[o].level,
            year=saved[o].year)))
    st.session_state[_SAVED_CHOICE] = name
    note = st.session_state.pop(_NOTE, None)
    if note and note[0] == "back":
        where.caption(t("proposal_back_to_current", name=note[1]))
    elif note:
        where.caption(t("proposal_switched", name=note[0],
                        level=package.manifest.level(note[1]).name(lang()), year=note[2]))
    scenario = current_scenario(selection) if name == CURRENT else saved[name]
    level = scenario.level
    result = evaluate_scenario(package, scenario,
                               graph=contiguity(selection.cache_key, level, package.areas_at(level)),
                               dissolved=dissolved_geometries(selection.cache_key, level))
    if name == CURRENT:
        st.query_params.update(scenario.to_query())
    return ChosenProposal(t("proposal_current") if name == CURRENT else name, scenario, result,
                          name != CURRENT)
