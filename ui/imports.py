"""The upload section of the Data page: check a city's own files, then use them in this session.

A refused upload changes nothing: the package already loaded stays in use.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from datapackage.importers import (
    GEOMETRY_SUFFIXES,
    TABLE_SUFFIXES,
    ValidationReport,
    unmatched_id_problems,
    validate_inputs,
)
from datapackage.merge import with_upload
from datapackage.problems import Problem
from indicators import columns as c
from ui.state import UPLOAD_KEY, Selection, labels_for, lang, t
from ui.text import translate

UPLOAD_TYPES = [s.lstrip(".") for s in (*GEOMETRY_SUFFIXES, *TABLE_SUFFIXES)]
NEW_LEVEL = "__new__"


def _level_id(name: str) -> str:
    ident = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_")
    return ident or "uppladdad"


def _check(selection: Selection, files: list, target: str, new_name: str) -> dict:
    package = selection.package
    level = _level_id(new_name) if target == NEW_LEVEL else target
    report: ValidationReport = validate_inputs(
        [(f.name, f.getvalue()) for f in files], package.registry, level=level)
    problems: list[Problem] = list(report.problems)
    if target == NEW_LEVEL:
        if not report.geometries and report.ok:
            problems.append(_problem(", ".join(f.name for f in files), "upload_needs_geometry"))
        if level in package.manifest.level_ids:
            problems.append(_problem(new_name, "upload_level_exists", level=level))
    elif report.geometries:
        problems.append(_problem(", ".join(report.geometries), "upload_geometry_needs_new_level"))
    else:
        # A table for an existing level: its ids must match that level's areas.
        for name, table in report.tables.items():
            problems += unmatched_id_problems(table, [package.areas_at(level)], name)
    return {"report": report, "problems": problems, "level": level, "level_name": new_name,
            "files": [f.name for f in files]}


def _problem(file: str, key: str, **values: object) -> Problem:
    return Problem(file, translate(key, "sv", **values), translate(key, "en", **values))


def _use(selection: Selection, checked: dict) -> None:
    """Button callback: merge the accepted files and switch the picker to them."""
    report: ValidationReport = checked["report"]
    areas = next(iter(report.geometries.values()), None)
    tables = list(report.tables.values())
    table = pd.concat(tables, ignore_index=True) if tables else None
    st.session_state["uploaded_package"] = with_upload(
        selection.package, checked["level"], areas=areas, table=table,
        level_name=checked["level_name"] if areas is not None else None,
        source_name=", ".join(checked["files"]))
    st.session_state["upload_id"] = st.session_state.get("upload_id", 0) + 1
    st.session_state["package"] = UPLOAD_KEY
    if areas is not None:
        st.session_state["level"] = checked["level"]
    if table is not None and not table.empty:
        # Show what was uploaded: its latest year and its first indicator.
        st.session_state["year"] = int(table[c.YEAR].max())
        st.session_state["overview_indicator"] = str(table[c.INDICATOR].iloc[0])
    st.session_state.pop("data_checked", None)


def import_section(selection: Selection) -> None:
    st.subheader(t("import_heading"))
    st.caption(t("import_help"))
    files = st.file_uploader(t("upload_files"), type=UPLOAD_TYPES, accept_multiple_files=True,
                             key="data_upload_files")
    manifest = selection.package.manifest
    options = [NEW_LEVEL, *manifest.level_ids]
    target = st.radio(
        t("sidebar_level"), options, horizontal=True, key="data_upload_target",
        format_func=labels_for(options, lambda o: t("upload_new_level") if o == NEW_LEVEL
                               else manifest.level(o).name(lang())))
    new_name = ""
    if target == NEW_LEVEL:
        new_name = st.text_input(t("upload_level"), value=t("upload_default_level_name"),
                                 key="data_upload_level_name")
    if st.button(t("upload_validate"), key="data_upload_check", disabled=not files):
        st.session_state["data_checked"] = _check(selection, files, target, new_name)
    if st.session_state.get("package") == UPLOAD_KEY:
        st.info(t("upload_in_use", name=t("uploaded_package")))
    checked = st.session_state.get("data_checked")
    if not checked:
        return
    problems: list[Problem] = checked["problems"]
    errors = [p for p in problems if p.is_error]
    notes = [p for p in problems if not p.is_error]
    if errors:
        st.error(t("upload_refused"))
        st.markdown("\n".join(f"- {_escape_md(p.describe(lang()))}" for p in errors))
    else:
        st.success(t("upload_accepted"))
    if notes:
        st.warning(t("upload_warnings") + "\n\n" +
                   "\n".join(f"- {_escape_md(p.describe(lang()))}" for p in notes))
    st.text(checked["report"].summary(lang()))
    if not errors:
        st.button(t("upload_use"), key="data_upload_use", on_click=_use,
                  args=(selection, checked), type="primary")


def _escape_md(text: str) -> str:
    """Problems quote file contents (names, values): show them as text, never as markup."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~$])", r"\\\1", text)
