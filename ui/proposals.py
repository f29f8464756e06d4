"""Picking the proposal a page works on: the Områdesval choices of this session, the scenarios saved
for everyone, or the default (equal weights, top decile). Shared by Uppföljning, Möte and Insatser."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from indicators.scenario import Scenario, ScenarioResult, equal_weights, evaluate_scenario
from persistence import Store
from ui.loaders import contiguity
from ui.persist import attempt
from ui.state import Selection, t


@dataclass(frozen=True)
class ChosenProposal:
    name: str
    scenario: Scenario
    result: ScenarioResult
    saved: bool  # a scenario saved in the store (rather than this session's or the default)

    @property
    def selected_ids(self) -> list[str]:
        return list(self.result.index.index[self.result.index["selected"]])


def proposal_candidates(selection: Selection, db: Store | None, package_key: str
                        ) -> tuple[dict[str, Scenario], set[str]]:
    """Scenarios to choose from, in order, and the names of those saved in the store."""
    saved = {}
    if db is not None:
        saved = {s.name: s.scenario for s in attempt(lambda: db.list_scenarios(package_key)) or []}
    candidates: dict[str, Scenario] = {}
    if "choose_scenario" in st.session_state:
        candidates[t("scenario_current")] = st.session_state["choose_scenario"]
    candidates.update(saved)
    candidates.setdefault(t("followup_default_proposal"), Scenario(
        selection.level, selection.year, equal_weights(selection.package.registry.index_ids)))
    return candidates, set(saved)


def choose_proposal(selection: Selection, db: Store | None, package_key: str, key: str,
                    in_sidebar: bool = False) -> ChosenProposal:
    """A selectbox of the candidates and the chosen scenario, evaluated on the package."""
    candidates, saved = proposal_candidates(selection, db, package_key)
    where = st.sidebar if in_sidebar else st
    name = where.selectbox(t("followup_proposal"), list(candidates), key=key)
    scenario = candidates[name]
    package, level = selection.package, scenario.level
    result = evaluate_scenario(package, scenario,
                               graph=contiguity(selection.cache_key, level, package.areas_at(level)))
    return ChosenProposal(name, scenario, result, name in saved)
