"""The upload section of the Data page: check a city's own files, then use them in this session.

A refused upload changes nothing: the package already loaded stays in use.
"""

from __future__ import annotations

import hashlib
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
from i18n.catalogue import translate
from model import columns as c
from model.problems import Problem
from ui.plain_text import plain
from ui.state import UPLOAD_KEY, Selection, labels_for, lang, t

UPLOAD_TYPES = [s.lstrip(".") for s in (*GEOMETRY_SUFFIXES, *TABLE_SUFFIXES)]
NEW_LEVEL = "__new__"


_LETTERS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def level_id(name: str) -> str:
    """A clean id for a level name: "Egna områden" → ``egna_omraden``."""
    ident = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower().translate(_LETTERS)).strip("_")
    return ident or "uppladdad"


def upload_key(selection: Selection, files: list[tuple[str, bytes]], level: str,
               label: str) -> str:
    """What identifies an upload: the package it joins and the files' content, never a counter.

    Two visitors uploading different files get different keys, so nothing cached for one (web map
    geometry, contiguity) is ever served to the other; the same files give the same key.
    """
    digest = hashlib.sha256(selection.cache_key.encode())
    for name, data in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    digest.update(level.encode() + b"\0" + label.encode())
    return digest.hexdigest()[:16]


def _check(selection: Selection, files: list, target: str, new_name: str, label: str) -> dict:
    package = selection.package
    level = level_id(new_name) if target == NEW_LEVEL else target
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
    contents = [(f.name, f.getvalue()) for f in files]
    label = label.strip() or translate("upload_default_source", lang(),
                                       files=", ".join(f.name for f in files))
    return {"report": report, "problems": problems, "level": level, "level_name": new_name,
            "files": [f.name for f in files], "label": label,
            "key": upload_key(selection, contents, level, label)}


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
        source_label=checked["label"])
    st.session_state["upload_key"] = checked["key"]
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
                             key="data_upload_files", help=t("upload_files_help"))
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
    label = st.text_input(
        t("upload_source"), key="data_upload_source", help=t("upload_source_help"),
        placeholder=t("upload_default_source", files=", ".join(f.name for f in files or []) or "…"))
    if st.button(t("upload_validate"), key="data_upload_check", disabled=not files):
        st.session_state["data_checked"] = _check(selection, files, target, new_name, label)
    if st.session_state.get("package") == UPLOAD_KEY:
        st.info(t("upload_in_use", name=t("uploaded_package")))
    checked = st.session_state.get("data_checked")
    if not checked:
        return
    # One result per check: refused with every reason, or accepted with its notes — never both.
    problems: list[Problem] = checked["problems"]
    errors = [p for p in problems if p.is_error]
    notes = [p for p in problems if not p.is_error]
    if errors:
        st.error(t("upload_refused") + "\n\n" +
                 "\n".join(f"- {_escape_md(p.describe(lang()))}" for p in errors))
    else:
        st.success(t("upload_accepted_as", label=plain(checked["label"])))
    if notes:
        st.info(t("upload_warnings") + "\n\n" +
                "\n".join(f"- {_escape_md(p.describe(lang()))}" for p in notes))
    st.text(checked["report"].file_lines(lang()))
    if not errors:
        st.button(t("upload_use"), key="data_upload_use", on_click=_use,
                  args=(selection, checked), type="primary")


def _escape_md(text: str) -> str:
    """Problems quote file contents (names, values): show them as text, never as markup."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~$])", r"\\\1", text)
