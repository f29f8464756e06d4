"""Young people's participation on the pages: one insats's record (shown and edited, on Insatser) and
the summary per board and for the whole effort (on Uppföljning, and for the meeting view).

Counts below 5 are never shown as counts (`indicators.participation.shown_count`): "färre än 5".
The meeting view (pages/mote.py) can call `participation_summary_section(selection)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from access.roles import REPORT_VALUE
from indicators.participation import (
    AGE_RANGE,
    LEVELS,
    METHODS,
    PHASES,
    Participation,
    ParticipationError,
)
from persistence import Insats, Store
from reports.participation_words import (
    DISABILITY,
    NO,
    UNKNOWN,
    YES,
    count_text,
    issue_text,
    level_text,
    record_lines,
    summary_table,
)
from ui.history import conflict_view, flash
from ui.identity import person_for_write
from ui.persist import Draft, attempt, store
from ui.plain_text import plain
from ui.state import Selection, labels_for, lang, t


def _field(record: Participation | None, name: str, default: Any) -> Any:
    return default if record is None else getattr(record, name)


#: The participation editor (widget keys ``ins_part_*``); "recorded" off means no record.
PART_EDITOR = Draft("ins_part", {
    "recorded": lambda i: i.participation is not None,
    "phases": lambda i: list(_field(i.participation, "phases", ())),
    "methods": lambda i: list(_field(i.participation, "methods", ())),
    "level": lambda i: _field(i.participation, "level", 1),
    "young_people": lambda i: _field(i.participation, "young_people", None),
    "age_from": lambda i: _field(i.participation, "age_from", None),
    "age_to": lambda i: _field(i.participation, "age_to", None),
    "disabilities": lambda i: DISABILITY[_field(i.participation, "disabilities_reached", None)],
    "what_changed": lambda i: _field(i.participation, "what_changed", ""),
})


def participation_view(insats: Insats) -> None:
    """One insats's participation record as text (what changed is shown as plain text)."""
    record = insats.participation
    st.markdown(f"**{t('participation_title')}**")
    if record is None:
        st.caption(t("participation_none"))
        return
    st.dataframe(pd.DataFrame(record_lines(record, lang()), columns=[t("participation_col_what"),
                                                                     t("participation_col_value")]),
                 hide_index=True, width="stretch")
    if record.what_changed:
        st.caption(t("participation_field_what_changed"))
        st.text(record.what_changed)


def participation_text(field: str, value: Any) -> str | None:
    """A stored participation (history, conflicts) in words; None for other fields."""
    if field != "participation":
        return None
    if not value:
        return t("participation_none")
    try:
        record = Participation.from_dict(value)
    except (ParticipationError, TypeError, KeyError):
        return "–"
    return "; ".join(f"{label}: {text}" for label, text in record_lines(record, lang()))


def _draft_text(field: str, value: Any) -> str:
    """A value of the participation editor in words (for the conflict view)."""
    if value is None or value == [] or value == "":
        return "–"
    if field == "recorded":
        return t("participation_disabilities_yes" if value else "participation_disabilities_no")
    if field == "disabilities":
        return t(f"participation_disabilities_{value}")
    if field == "phases":
        return ", ".join(t(f"participation_phase_{p}") for p in value)
    if field == "methods":
        return ", ".join(t(f"participation_method_{m}") for m in value)
    if field == "level":
        return level_text(int(value), lang())
    if field == "young_people":
        return count_text(value, lang())
    return plain(str(value))


def _record_from(typed: Mapping[str, Any]) -> Participation | None:
    if not typed["recorded"]:
        return None
    disabilities = {YES: True, NO: False}.get(typed["disabilities"])
    whole = {k: None if typed[k] is None else int(typed[k]) for k in ("young_people", "age_from",
                                                                      "age_to")}
    return Participation(tuple(typed["phases"] or ()), tuple(typed["methods"] or ()),
                         int(typed["level"]), whole["young_people"], whole["age_from"],
                         whole["age_to"], disabilities, typed["what_changed"] or "")


def participation_editor(db: Store, insats: Insats) -> None:
    """Show and edit how young people took part in ``insats`` (a versioned save)."""
    base = PART_EDITOR.start(insats.id, insats)
    participation_view(insats)
    with st.expander(t("participation_edit"),
                     expanded=PART_EDITOR.dirty() or PART_EDITOR.conflict() is not None):
        st.caption(t("participation_help"))
        st.checkbox(t("participation_recorded"), key=PART_EDITOR.widget("recorded"))
        st.multiselect(t("participation_field_phases"), list(PHASES), key=PART_EDITOR.widget("phases"),
                       format_func=labels_for(PHASES, lambda p: t(f"participation_phase_{p}")))
        st.multiselect(t("participation_field_methods"), list(METHODS),
                       key=PART_EDITOR.widget("methods"),
                       format_func=labels_for(METHODS, lambda m: t(f"participation_method_{m}")))
        st.radio(t("participation_field_level"), list(LEVELS), key=PART_EDITOR.widget("level"),
                 format_func=labels_for(LEVELS, lambda v: level_text(int(v), lang())))
        cols = st.columns(3)
        cols[0].number_input(t("participation_field_young_people"), min_value=0, step=1,
                             key=PART_EDITOR.widget("young_people"),
                             help=t("participation_count_help"))
        cols[1].number_input(t("participation_age_from"), *AGE_RANGE, step=1,
                             key=PART_EDITOR.widget("age_from"))
        cols[2].number_input(t("participation_age_to"), *AGE_RANGE, step=1,
                             key=PART_EDITOR.widget("age_to"))
        st.radio(t("participation_field_disabilities_reached"), [UNKNOWN, YES, NO], horizontal=True,
                 key=PART_EDITOR.widget("disabilities"),
                 format_func=labels_for([UNKNOWN, YES, NO],
                                        lambda v: t(f"participation_disabilities_{v}")))
        st.text_area(t("participation_field_what_changed"), key=PART_EDITOR.widget("what_changed"))
        if st.button(t("participation_save"), key="ins_part_save", type="primary"):
            try:
                record = _record_from(PART_EDITOR.typed())
            except ParticipationError as exc:
                st.error(issue_text(exc, lang()))
            else:
                person = person_for_write("ins_part_save", action=REPORT_VALUE, board=insats.board)
                saved = person and attempt(lambda: db.save_insats(replace(base, participation=record),
                                                                  user=person),
                                           write=True, on_conflict=PART_EDITOR.conflicted)
                if saved:
                    PART_EDITOR.saved(saved)
                    flash(t("insats_changes_saved", name=saved.name))
                    st.rerun()
        conflict_view(PART_EDITOR, {f: t(f"participation_field_{f}") for f in PART_EDITOR.fields},
                      "ins_part", _draft_text)


# --- the summary --------------------------------------------------------------------------------------


def participation_summary_section(selection: Selection) -> None:
    """A small section: per board and for the whole effort, the share of insatser where young people
    took part in design and in decisions (Shier level ≥ 4). Reads the shared store; says so when it
    cannot. The meeting view can call it as it is."""
    st.subheader(t("participation_summary_title"))
    db = store(reading=True)
    if db is None:
        return
    read = attempt(lambda: (db.list_insatser(selection.package_key), db.list_boards()), write=False)
    if read is None:
        return
    insatser, boards = read
    if not insatser:
        st.info(t("participation_summary_empty"))
        return
    board_label = {b.name_sv: b.name(lang()) for b in boards}
    st.caption(t("participation_summary_help"))
    table = summary_table(insatser, board_label, lang())
    # A plain table: drawn at once (projector, report screenshots), one row per board and the whole.
    st.table(table.set_index(table.columns[0]))
