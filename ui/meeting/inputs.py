"""What the Möte page shows, gathered once per run: the proposal followed (shared with the other pages),
saved targets, insatser and meeting notes from the shared store, and — cached per package and
scenario — the selection probabilities (Robusthet's Monte Carlo) and the map image."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import streamlit as st

from datapackage.store import DataPackage
from persistence import Store
from reports.meeting.slides import MeetingInputs, proposal_map, selection_probability
from services.scenario import ScenarioResult
from ui.persist import attempt
from ui.proposals import choose_proposal
from ui.state import Selection, lang

#: Monte Carlo draws for the meeting's selection probabilities (Robusthet offers 1 000–20 000).
DRAWS = 1_000


def _scenario_key(result: ScenarioResult) -> str:
    return json.dumps(result.scenario.to_dict(), sort_keys=True, ensure_ascii=False)


@st.cache_data(show_spinner=False, max_entries=16)
def _probability(cache_key: str, scenario_key: str, draws: int, _package: DataPackage,
                 _result: ScenarioResult) -> pd.Series | None:
    return selection_probability(_package, _result, draws)


@st.cache_data(show_spinner=False, max_entries=16)
def _map(cache_key: str, scenario_key: str, language: str, _package: DataPackage,
         _result: ScenarioResult) -> bytes:
    return proposal_map(_package, _result, "", language)


def meeting_inputs(selection: Selection, db: Store | None, today: date) -> MeetingInputs:
    """The meeting's inputs for this run (the proposal chooser sits in the hidden sidebar: the
    proposal is the one chosen on the other pages)."""
    package, key = selection.package, selection.package_key
    chosen = choose_proposal(selection, db, in_sidebar=True)
    result = chosen.result
    stored = (attempt(lambda: db.list_targets(key), write=False) or []) if db is not None else []
    insatser = attempt(lambda: db.list_insatser(key), write=False) if db is not None else None
    notes = (attempt(lambda: db.list_meeting_notes(key), write=False) or []) if db is not None else []
    scenario_key = _scenario_key(result)
    probability = _probability(selection.cache_key, scenario_key, DRAWS, package, result)
    png = _map(selection.cache_key, scenario_key, lang(), package, result)
    return MeetingInputs(package, result, chosen.name,
                         {(x.scope, x.indicator_id): x for x in stored}, insatser, notes,
                         probability, DRAWS, png, today.year, today.isoformat(), lang())
