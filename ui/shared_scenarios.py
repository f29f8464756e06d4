"""Saving Områdesval's choices as a scenario everyone can use: ask before replacing one (naming it, its
level, year and author), refuse a stale replace with the other person's scenario shown beside yours,
list saved scenarios this package cannot use (another level, or unreadable) with a remove button, and
show a scenario's history.

The version the person saw travels with the save: the question "replace?" remembers the version it
described, and "Ersätt" saves against that version.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from access.roles import SAVE_SCENARIO
from datapackage.manifest import Manifest
from i18n.format import number
from indicators.scenario import Scenario
from indicators.selection import describe
from persistence import SCENARIO, ConflictError, NameTakenError, SavedScenario, Store, UnreadableScenario
from ui.history import delete_button, deleted_view, history_view, value_text, when_text, who_text
from ui.identity import person_for_write
from ui.persist import attempt
from ui.plain_text import plain
from ui.state import labels_for, lang, t
from ui.tables import show_table

_ASK = "choose_replace"
Stored = SavedScenario | UnreadableScenario


def level_name(manifest: Manifest, level: str) -> str:
    return manifest.level(level).name(lang()) if level in manifest.level_ids else level


def described(record: Stored, manifest: Manifest) -> dict[str, Any]:
    """What the question "replace?" says about a saved scenario."""
    scenario = record.scenario if isinstance(record, SavedScenario) else None
    return {"name": record.name,
            "level": level_name(manifest, scenario.level) if scenario else t("history_unreadable"),
            "year": scenario.year if scenario else "–", "author": who_text(record.updated_by),
            "when": when_text(record.updated_at)}


def scenario_parts(scenario: Scenario | None, manifest: Manifest, labels: Mapping[str, str]) -> list[str]:
    """Level, year, selection, weights and methods of a scenario in words (no ids)."""
    if scenario is None:
        return [t("history_unreadable")] * 5
    weights = ", ".join(f"{labels.get(ident, ident)} {number(w, lang(), 2)}"
                        for ident, w in scenario.weights if w)
    try:
        rule = describe(scenario.selection_rule, lang())
    except ValueError:
        rule = scenario.rule
    return [level_name(manifest, scenario.level), str(scenario.year), rule, weights,
            f"{t(f'norm_{scenario.normalisation}')}, {t(f'agg_{scenario.aggregation}')}"]


def _history_text(manifest: Manifest, labels: Mapping[str, str]) -> Callable[[str, Any], str]:
    def text_of(field: str, value: Any) -> str:
        if field == "scenario" and isinstance(value, Mapping):
            try:
                return " · ".join(scenario_parts(Scenario.from_dict(value), manifest, labels))
            except (KeyError, TypeError, ValueError):
                return t("history_unreadable")
        return value_text(field, value)

    return text_of


def _ask(named: Scenario, record: Stored, manifest: Manifest) -> None:
    """Remember the question (and the version it describes) until the person answers it."""
    st.session_state[_ASK] = {"scenario": named, "version": record.version,
                              "about": described(record, manifest), "conflict": None}


def save_controls(db: Store | None, package_key: str, scenario: Scenario, stored: dict[str, Stored],
                  manifest: Manifest, labels: Mapping[str, str]) -> Scenario | None:
    """The name field and "Spara scenario"; returns the scenario when it was saved (to the store, or
    to this session when there is no database)."""
    cols = st.columns([3, 1])
    name = cols[0].text_input(t("scenario_name"), key="choose_scenario_name",
                              placeholder=t("scenario_name_hint")).strip()
    existing = stored.get(name)
    if existing is not None and st.session_state.get(_ASK) is None:
        cols[0].caption(plain(t("scenario_exists_hint", **described(existing, manifest))))
    named = dataclasses.replace(scenario, name=name) if name else scenario
    if cols[1].button(t("scenario_save"), key="choose_scenario_save", disabled=not name):
        if db is None:
            st.session_state.setdefault("scenarios", {})[name] = named
            st.success(t("scenario_saved", name=plain(name)))
            return named
        if existing is not None:
            _ask(named, existing, manifest)
        elif person := person_for_write("choose_scenario", action=SAVE_SCENARIO):
            def taken(error: NameTakenError) -> None:  # someone saved the name since the page was built
                _ask(named, error.current, manifest)

            if attempt(lambda: db.save_scenario(package_key, named, user=person), write=True,
                       on_name_taken=taken) is not None:
                st.success(t("scenario_saved_shared", name=plain(name)))
                return named
    return _answer(db, package_key, manifest, labels) if db is not None else None


def _answer(db: Store, package_key: str, manifest: Manifest, labels: Mapping[str, str]) -> Scenario | None:
    """The open question "replace?", or the refused replace beside what is saved now."""
    ask = st.session_state.get(_ASK)
    if ask is None:
        return None
    named: Scenario = ask["scenario"]
    conflict = ask["conflict"]
    if conflict is None:
        st.warning(plain(t("scenario_replace_ask", **ask["about"])))
    else:
        current, _message = conflict
        st.warning(plain(t("scenario_replace_stale", name=named.name)))
        saved_label = (t("conflict_removed") if current is None else t(
            "conflict_theirs", who=who_text(current.updated_by), when=when_text(current.updated_at)))
        theirs = getattr(current, "scenario", None) if current is not None else None
        show_table(pd.DataFrame({
            t("conflict_field"): [t(f"scenario_field_{f}") for f in ("level", "year", "rule",
                                                                      "weights", "methods")],
            saved_label: scenario_parts(theirs, manifest, labels) if current is not None else ["–"] * 5,
            t("scenario_yours"): scenario_parts(named, manifest, labels)}), hide_index=True,
            width="stretch")
    cols = st.columns([1, 1, 3])
    yes = cols[0].button(t("scenario_replace_yes") if conflict is None else t("scenario_replace_anyway"),
                         key="choose_replace_yes", type="primary")
    cols[1].button(t("scenario_replace_no"), key="choose_replace_no",
                   on_click=lambda: st.session_state.pop(_ASK, None))
    if not yes:
        return None
    person = person_for_write("choose_replace", action=SAVE_SCENARIO)
    if not person:
        return None
    version = ask["version"] if conflict is None else (
        conflict[0].version if conflict[0] is not None else 0)

    def stale(error: ConflictError) -> None:
        ask["conflict"] = (error.current, error.message(lang()))

    def taken(error: NameTakenError) -> None:  # removed, then saved again by someone meanwhile
        ask["conflict"] = (error.current, error.message(lang()))

    saved = attempt(lambda: db.save_scenario(package_key, named, expected_version=version, user=person),
                    write=True, on_conflict=stale, on_name_taken=taken)
    if saved is None:
        if ask["conflict"] is not None:
            st.rerun()  # show the refused replace beside what is saved now
        return None
    st.session_state.pop(_ASK, None)
    st.success(t("scenario_replaced", name=plain(named.name)))
    return named


def not_usable(db: Store, package_key: str, records: list[SavedScenario],
               unreadable: list[UnreadableScenario], manifest: Manifest) -> None:
    """Saved scenarios this package cannot use (made for a level it does not have, or unreadable),
    each with a remove button (undoable) — never an error."""
    elsewhere = [r for r in records if r.scenario.level not in manifest.level_ids]
    if not elsewhere and not unreadable:
        return
    with st.expander(t("scenarios_not_usable", n=len(elsewhere) + len(unreadable))):
        for i, record in enumerate([*elsewhere, *unreadable]):
            cols = st.columns([5, 1])
            if isinstance(record, SavedScenario):
                line = t("scenario_other_level", name=record.name, level=record.scenario.level,
                         author=who_text(record.updated_by))
            else:
                line = t("scenario_unreadable", name=record.name, author=who_text(record.updated_by))
            cols[0].markdown(plain(line))
            with cols[1]:
                delete_button(t("scenario_remove"), f"choose_remove_{i}",
                              lambda person, record=record: db.delete_scenario(
                                  package_key, record.name, expected_version=record.version,
                                  user=person),
                              kind=SCENARIO, key=record.key, name=record.name)


def history(db: Store, package_key: str, usable: dict[str, SavedScenario], manifest: Manifest,
            labels: Mapping[str, str]) -> None:
    """Pick a saved scenario: its history (restore an earlier version) and a remove button; removed
    scenarios can be brought back."""
    if usable:
        names = list(usable)
        cols = st.columns([3, 1])
        pick = cols[0].selectbox(t("scenario_history_pick"), names, key="choose_history_pick",
                                 format_func=labels_for(names, str))
        record = usable[pick]
        with cols[1]:
            delete_button(t("scenario_remove"), "choose_history_remove",
                          lambda person: db.delete_scenario(package_key, record.name,
                                                            expected_version=record.version,
                                                            user=person),
                          kind=SCENARIO, key=record.key, name=record.name)
        history_view(db, SCENARIO, record.key, record.version, "choose_history",
                     _history_text(manifest, labels))
    deleted_view(db, package_key, SCENARIO, "choose_deleted", lambda d: d.get("name", "–"))
