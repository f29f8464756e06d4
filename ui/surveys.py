"""The survey section of the Data page: young people's own answers, per area, as indicators.

A refused file changes nothing: the package already loaded stays in use. Small groups (fewer than the
chosen minimum of respondents) are suppressed by the importer and never shown, not even as counts.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from datapackage.survey_indicators import SurveyTexts, with_survey
from datapackage.surveys import (
    MIN_RESPONDENTS,
    SurveyImport,
    SurveyIssue,
    read_survey_table,
)
from i18n.catalogue import translate
from i18n.format import number
from model import columns as c
from model.problems import Problem
from model.registry import Direction, Role
from ui.imports import upload_key
from ui.state import UPLOAD_KEY, Selection, labels_for, lang, t
from ui.tables import show_table

SURVEY_TYPES = ["csv", "txt", "xlsx"]
ROLES = (Role.DESCRIPTIVE.value, Role.FOLLOW_UP.value, Role.INDEX.value)
DIRECTIONS = (Direction.HIGHER_IS_BETTER.value, Direction.HIGHER_IS_WORSE.value)
_CHECKED = "data_survey_checked"


def survey_problem(filename: str, issue: SurveyIssue) -> Problem:
    """An importer's code and parameters in words, both languages, for the shared problem list."""
    def words(language: str) -> str:
        params = dict(issue.params)
        if "role" in params:
            params["role"] = translate(f"survey_role_{params['role']}", language)
        return translate(f"survey_{issue.code}", language, **params)

    return Problem(filename, words("sv"), words("en"), row=issue.row, column=issue.column,
                   severity=issue.severity)


def survey_texts() -> SurveyTexts:
    """The words of an imported question's definition and note, from the catalogue."""
    return SurveyTexts(translate("survey_definition", "sv"), translate("survey_definition", "en"),
                       translate("survey_note", "sv"), translate("survey_note", "en"))


def _direction_key(indicator_id: str) -> str:
    return f"data_survey_direction_{indicator_id}"


def _use(selection: Selection, survey: SurveyImport, level: str) -> None:
    """Button callback: add the questions to the session's package and show the first of them.

    The choices are read from the widgets' state, which holds them as the person left them.
    """
    state = st.session_state
    directions = {q.indicator_id: Direction(state[_direction_key(q.indicator_id)])
                  for q in survey.questions}
    source = str(state.get("data_survey_source", "")).strip() or translate(
        "survey_default_source", lang(), file=survey.filename)
    package = with_survey(selection.package, survey, level=level,
                          role=Role(state.get("data_survey_role", Role.DESCRIPTIVE.value)),
                          directions=directions, source=source, texts=survey_texts())
    uploaded = state.get("data_survey_file")
    content = uploaded.getvalue() if uploaded is not None else survey.filename.encode()
    st.session_state["uploaded_package"] = package
    st.session_state["upload_key"] = upload_key(selection, [(survey.filename, content)], level,
                                                source)
    st.session_state["package"] = UPLOAD_KEY
    st.session_state["level"] = level
    st.session_state["year"] = max(survey.years)
    st.session_state["overview_indicator"] = survey.questions[0].indicator_id
    st.session_state.pop(_CHECKED, None)
    st.session_state["data_survey_used"] = True


def _escape_md(text: str) -> str:
    """Problems quote file contents: show them as text, never as markup."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~$])", r"\\\1", text)


def survey_section(selection: Selection) -> None:
    """Upload, check and use a survey file (see `datapackage.surveys` for the layout)."""
    manifest = selection.package.manifest
    st.subheader(t("survey_heading"))
    st.caption(t("survey_help"))
    st.code(t("survey_example"), language=None)
    if st.session_state.pop("data_survey_used", False):
        st.success(t("survey_in_use", name=t("uploaded_package")))
    file = st.file_uploader(t("survey_file"), type=SURVEY_TYPES, key="data_survey_file")
    levels = [lv.id for lv in manifest.map_levels]
    level = st.selectbox(t("survey_level"), levels,
                         index=levels.index(selection.level) if selection.level in levels else 0,
                         key="data_survey_level",
                         format_func=labels_for(levels, lambda lv: manifest.level(lv).name(lang())))
    minimum = st.number_input(t("survey_min"), min_value=1, max_value=1000, value=MIN_RESPONDENTS,
                              step=1, key="data_survey_min")
    if st.button(t("survey_check"), key="data_survey_check", disabled=file is None):
        area_ids = selection.package.areas_at(level)[c.AREA_ID].astype(str)
        st.session_state[_CHECKED] = (level, read_survey_table(
            file.getvalue(), file.name, area_ids=area_ids, level=level,
            min_respondents=int(minimum)))
    if _CHECKED not in st.session_state:
        return
    checked_level, survey = st.session_state[_CHECKED]
    problems = [*survey.read_problems,
                *(survey_problem(survey.filename, issue) for issue in survey.issues)]
    errors = [p for p in problems if p.is_error]
    notes = [p for p in problems if not p.is_error]
    if not survey.ok:
        st.error(t("survey_refused"))
        st.markdown("\n".join(f"- {_escape_md(p.describe(lang()))}" for p in errors))
    else:
        years = survey.years
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        st.success(t("survey_accepted", questions=len(survey.questions),
                     rows=number(len(survey.table), lang(), 0), years=span))
    if notes:
        st.warning(t("upload_warnings") + "\n\n" +
                   "\n".join(f"- {_escape_md(p.describe(lang()))}" for p in notes))
    if not survey.ok:
        return
    show_table(pd.DataFrame({
        t("survey_col_question"): [q.label for q in survey.questions],
        t("survey_col_rows"): [q.rows for q in survey.questions],
        t("survey_col_suppressed"): [q.suppressed for q in survey.questions],
    }), hide_index=True)
    st.radio(t("survey_role"), ROLES, key="data_survey_role",
             format_func=labels_for(ROLES, lambda r: t(f"survey_role_{r}")))
    directions: dict[str, str] = {}
    for question in survey.questions:
        given = question.direction.value if question.direction is not None else None
        choice = st.radio(t("survey_direction", label=question.label), DIRECTIONS,
                          index=None if given is None else DIRECTIONS.index(given), horizontal=True,
                          key=_direction_key(question.indicator_id),
                          format_func=labels_for(DIRECTIONS, lambda d: t(
                              "higher_better" if d == Direction.HIGHER_IS_BETTER.value
                              else "higher_worse")))
        if choice is not None:
            directions[question.indicator_id] = choice
    st.text_input(t("survey_source"), value=t("survey_default_source", file=survey.filename),
                  key="data_survey_source")
    missing = [q for q in survey.questions if q.indicator_id not in directions]
    if missing:
        st.info(t("survey_direction_needed"))
    st.button(t("survey_use"), key="data_survey_use", type="primary", disabled=bool(missing),
              on_click=_use, args=(selection, survey, checked_level))
