"""Insatser: the register of kraftsamlande insatser per board, each insats's own indicators and
reported values with the same status logic, import/export, and the funding split — for the city office
and the boards."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from access.roles import ADD_BOARD, IMPORT, REPORT_VALUE, SAVE_INDICATOR, SAVE_INSATS
from datapackage.tables import PLAUSIBLE_YEARS
from i18n.format import number
from indicators.funding import FundingError, FundingParameters, split_funding
from indicators.progress import progress_status
from indicators.scenario import SELECTED
from indicators.spreadsheet import safe_table
from indicators.targets import CHECKPOINTS
from model import columns as c
from model.registry import Direction
from persistence import (
    DIRECTIONS,
    INDICATOR,
    INDICATOR_KINDS,
    INSATS,
    REPORTED_VALUE,
    Insats,
    InsatsIndicator,
    ReportedValue,
    export_insatser,
    export_insatser_zip,
    import_insatser,
)
from ui.access import permitted
from ui.demo_insatser import demo_seed_offer
from ui.effects import effect_section
from ui.history import (
    conflict_view,
    delete_button,
    deleted_view,
    flash,
    history_view,
    undo_notice,
    value_text,
)
from ui.identity import person_for_write
from ui.insats_kinds import (  # helper 'part': insats kinds, partners, the kinds map
    funding_input,
    funding_note,
    kind_editor,
    kind_filter,
    kind_label,
    kinds_map_section,
    kinds_text,
)
from ui.number_field import exact_text, number_field, typed_text
from ui.participation import participation_editor, participation_text
from ui.persist import Draft, attempt, store
from ui.plain_text import plain
from ui.proposals import choose_proposal
from ui.state import labels_for, lang, page_selection, t
from ui.tables import show_table

#: The insats editor: each field and how it is read from a stored insats (widget keys ``ins_edit_*``).
EDITOR = Draft("ins_edit", {
    "name": lambda i: i.name, "board": lambda i: i.board, "area_ids": lambda i: list(i.area_ids),
    "start_year": lambda i: int(i.start_year),
    "budget_sek": lambda i: exact_text(i.budget_sek, lang()) if i.budget_sek else "",
    "description": lambda i: i.description})

selection = page_selection()
if selection is None:
    st.stop()
package, manifest = selection.package, selection.package.manifest
package_key = selection.package_key

st.title(t("page_insatser"))
st.caption(t("insatser_intro"))
if manifest.demo:
    st.info(t("demo_banner"), icon="🧪")
db = store(reading=True)
if db is None:
    st.stop()
undo_notice(db, "ins")

boards = attempt(db.list_boards, write=False)
read = attempt(lambda: (db.list_insatser(package_key), db.list_indicators(package_key),
                        db.list_reported_values(package_key)), write=False)
if boards is None or read is None:  # never claim that nothing is registered when it could not be read
    st.info(t("insatser_not_read"))
    st.stop()
insatser, indicators, every_report = read
latest_reports = {(r.indicator_id, r.year): r for r in every_report}  # in reporting order: last wins
reports = sorted(latest_reports.values(), key=lambda r: (r.indicator_id, r.year))
board_names = [b.name_sv for b in boards]
board_label = {b.name_sv: b.name(lang()) for b in boards}

# --- the register, per board -------------------------------------------------------------------------
st.session_state.setdefault("ins_board", st.query_params.get("board", ""))
if st.session_state["ins_board"] not in ["", *board_names]:
    st.session_state["ins_board"] = ""
board = st.selectbox(t("board"), ["", *board_names], key="ins_board",
                     format_func=labels_for(["", *board_names],
                                            lambda b: t("all_boards") if b == "" else board_label[b]))
st.query_params["board"] = board
shown = [i for i in insatser if board in ("", i.board)]
shown = kind_filter(shown, "ins_kind_filter")  # helper 'part': filter by kind of insats
per_insats = pd.Series([i.insats_id for i in indicators]).value_counts()
if shown:
    show_table(pd.DataFrame({
        t("col_insats"): [i.name for i in shown],
        t("responsible_board"): [board_label.get(i.board, i.board) for i in shown],
        t("insats_kind"): [kind_label(i.kind) for i in shown],
        t("col_areas"): [len(i.area_ids) for i in shown],
        t("col_start_year"): [str(i.start_year) for i in shown],  # a year, not "2 024"
        t("budget"): [number(i.budget_sek, lang(), 0) if i.budget_sek is not None else "–"
                      for i in shown],
        t("col_indicators"): [int(per_insats.get(i.id, 0)) for i in shown],
    }), hide_index=True, width="stretch")
    totals = pd.Series({board_label.get(b, b): sum(i.budget_sek or 0 for i in shown if i.board == b)
                        for b in {i.board for i in shown}})
    st.caption(t("budget_per_board", text=" · ".join(
        f"{plain(k)}: {t('amount_sek', amount=number(v, lang(), 0))}"
        for k, v in totals.sort_values(ascending=False).items())))
else:
    st.info(t("no_insatser"))
demo_seed_offer(db, selection, insatser)  # helper 'part': demo packages only, when none are stored
deleted_view(db, package_key, INSATS, "ins_deleted", lambda d: d.get("name", "–"))

# --- one insats ---------------------------------------------------------------------------------------
areas = package.areas_at(selection.level)
area_names = areas.set_index(c.AREA_ID)[c.NAME]
if shown:
    st.subheader(t("one_insats"))
    by_name = {i.name: i for i in shown}
    st.session_state.setdefault("ins_pick", st.query_params.get("insats", next(iter(by_name))))
    if st.session_state["ins_pick"] not in by_name:
        st.session_state["ins_pick"] = next(iter(by_name))
    insats = by_name[st.selectbox(t("col_insats"), list(by_name), key="ins_pick")]
    st.query_params["insats"] = insats.name
    st.markdown(plain(f"{insats.name} · {board_label.get(insats.board, insats.board)} · "
                      f"{t('col_start_year')} {insats.start_year} · {t('budget')} "
                      + (t("amount_sek", amount=number(insats.budget_sek, lang(), 0))
                         if insats.budget_sek else "–")))
    if insats.description:
        st.markdown(plain(insats.description))
    st.caption(plain(t("insats_areas", level=manifest.level(insats.area_level).name(lang())
                        if insats.area_level in manifest.level_ids else insats.area_level, names=", ".join(
        str(area_names.get(a, a)) for a in insats.area_ids))))

    def insats_text(field: str, value: object) -> str:
        """A stored insats field in words: board and area names instead of ids."""
        worded = kinds_text(field, value) or participation_text(field, value)  # helper 'part'
        if worded is not None:
            return worded
        if field == "board":
            return board_label.get(value, str(value))
        if field == "area_ids" and isinstance(value, list | tuple):
            return ", ".join(str(area_names.get(a, a)) for a in value) or "–"
        return value_text(field, value)

    # Edit: the version this editor was built from travels with the edit (see ui.persist.Draft).
    base = EDITOR.start(insats.id, insats)
    with st.expander(t("insats_edit"), expanded=EDITOR.dirty() or EDITOR.conflict() is not None):
        level_ids = (list(package.areas_at(insats.area_level)[c.AREA_ID])
                     if insats.area_level in manifest.level_ids else [])
        edit_names = (package.areas_at(insats.area_level).set_index(c.AREA_ID)[c.NAME]
                      if level_ids else pd.Series(dtype=str))
        area_options = list(dict.fromkeys([*level_ids, *base.area_ids,
                                           *st.session_state.get(EDITOR.widget("area_ids"), [])]))
        st.text_input(t("col_insats"), key=EDITOR.widget("name"))
        st.selectbox(t("responsible_board"), board_names, key=EDITOR.widget("board"),
                     format_func=labels_for(board_names, board_label.__getitem__))
        st.multiselect(t("col_areas"), area_options, key=EDITOR.widget("area_ids"),
                       format_func=labels_for(area_options,
                                              lambda a: f"{edit_names.get(a, a)} ({a})"))
        edit_cols = st.columns(2)
        edit_cols[0].number_input(t("col_start_year"), *PLAUSIBLE_YEARS, step=1,
                                  key=EDITOR.widget("start_year"))
        budget = number_field(t("budget"), EDITOR.widget("budget_sek"), minimum=0, required=False,
                              where=edit_cols[1])
        budget_unreadable = budget is None and bool(typed_text(EDITOR.widget("budget_sek")))
        st.text_area(t("description"), key=EDITOR.widget("description"))
        if st.button(t("insats_save_changes"), key="ins_edit_save", type="primary",
                     disabled=budget_unreadable):
            person = person_for_write("ins_edit_save", action=SAVE_INSATS)
            typed = EDITOR.typed()
            saved = person and attempt(lambda: db.save_insats(replace(
                base, name=typed["name"], board=typed["board"], area_ids=tuple(typed["area_ids"]),
                start_year=int(typed["start_year"]), budget_sek=budget or None,
                description=typed["description"]), user=person),
                write=True, on_conflict=EDITOR.conflicted)
            if saved:
                EDITOR.saved(saved)
                flash(t("insats_changes_saved", name=plain(saved.name)))
                st.rerun()
        conflict_view(EDITOR, {f: t(f"history_field_{f}") for f in EDITOR.fields}, "ins_edit",
                      insats_text)
        delete_button(t("insats_delete"), "ins_delete",
                      lambda person: db.delete_insats(insats.id, expected_version=base.version,
                                                      user=person),
                      kind=INSATS, key=insats.key, name=insats.name)
    # --- helper 'part': kind, partners and young people's participation of this insats -----------
    kind_editor(db, insats)
    participation_editor(db, insats)
    # --- end helper 'part' --------------------------------------------------------------------------
    own = [x for x in indicators if x.insats_id == insats.id]
    latest: dict[str, list[ReportedValue]] = {}
    for report in reports:
        latest.setdefault(report.indicator_id, []).append(report)
    rows = []
    for ind in own:
        values = sorted(latest.get(ind.id, []), key=lambda r: r.year)
        last = values[-1] if values else None
        statuses = []
        for year, target in zip(CHECKPOINTS, (ind.target_2030, ind.target_2035), strict=True):
            if target is None or ind.baseline_value is None or last is None:
                statuses.append(t("status_no_target") if target is None else "–")
                continue
            result = progress_status(ind.baseline_year, ind.baseline_value, last.year, last.value,
                                     year, target, Direction(ind.direction))
            statuses.append(result.label(lang()))
        rows.append({
            t("col_indicator"): ind.name, t("indicator_kind"): t(f"kind_{ind.kind}"),
            t("baseline_value"): f"{number(ind.baseline_value, lang())} ({ind.baseline_year})"
            if ind.baseline_value is not None else "–",
            t("latest_value"): f"{number(last.value, lang())} ({last.year})" if last else "–",
            "2030": statuses[0], "2035": statuses[1],
        })
    if rows:
        show_table(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.info(t("no_insats_indicators"))
    own_reports = [r for r in every_report if any(r.indicator_id == x.id for x in own)]
    if own:
        remove_cols = st.columns(2)
        with remove_cols[0]:
            doomed = st.selectbox(t("indicator_delete_pick"), [x.id for x in own], key="ins_del_ind_pick",
                                  format_func=labels_for([x.id for x in own],
                                                         lambda i: next(x.name for x in own if x.id == i)))
            gone = next(x for x in own if x.id == doomed)
            delete_button(t("indicator_delete"), "ins_del_ind",
                          lambda person: db.delete_indicator(doomed, expected_version=gone.version,
                                                             user=person),
                          kind=INDICATOR, key=gone.key, name=gone.name, board=insats.board)
        if own_reports:
            with remove_cols[1]:
                report_ids = [r.id for r in reversed(own_reports)]
                names = {x.id: x.name for x in own}
                labels = {r.id: t("report_label", indicator=names[r.indicator_id], year=r.year,
                                  value=number(r.value, lang(), 2), who=r.reported_by or "–")
                          for r in own_reports}
                doomed_report = st.selectbox(t("report_delete_pick"), report_ids, key="ins_del_rep_pick",
                                             format_func=labels.__getitem__)
                delete_button(t("report_delete"), "ins_del_rep",
                              lambda person: db.delete_reported_value(doomed_report, user=person),
                              kind=REPORTED_VALUE, key=str(doomed_report), name=labels[doomed_report],
                              board=insats.board)
    deleted_view(db, package_key, INDICATOR, "ins_deleted_ind", lambda d: d.get("name", "–"),
                 lambda d: next((i.board for i in insatser if i.id == d.get("insats_id")), None))
    history_view(db, INSATS, insats.key, insats.version, "ins_history", insats_text)
    effect_section(selection, insats.area_level, dict.fromkeys(insats.area_ids, insats.start_year),
                   key="ins_effect", own_label="effect_group_insats")

    report_col, indicator_col = st.columns(2)
    with report_col, st.container(border=True):
        st.markdown(f"**{t('report_value')}**")
        pick = st.selectbox(t("col_indicator"), [x.id for x in own], key="ins_report_indicator",
                            format_func=labels_for([x.id for x in own],
                                                   lambda i: next(x.name for x in own if x.id == i)))
        year = st.number_input(t("sidebar_year"), 1990, 2100, value=selection.year, step=1,
                               key="ins_report_year")
        value = number_field(t("col_value"), "ins_report_value")
        note = st.text_input(t("note"), key="ins_report_note")
        if st.button(t("report_save"), key="ins_report_save", disabled=not own or value is None) \
                and pick and value is not None:
            person = person_for_write("ins_report", action=REPORT_VALUE, board=insats.board)
            if person and attempt(lambda: db.report_value(ReportedValue(pick, int(year), float(value),
                                                                        note=note), user=person),
                                  write=True) is not None:
                flash(t("report_saved"))
                st.rerun()
    with indicator_col, st.container(border=True):
        st.markdown(f"**{t('add_indicator')}**")
        ind_name = st.text_input(t("col_indicator"), key="ins_new_ind_name")
        kind = st.selectbox(t("indicator_kind"), list(INDICATOR_KINDS), key="ins_new_ind_kind",
                            format_func=labels_for(INDICATOR_KINDS, lambda k: t(f"kind_{k}")))
        direction = st.selectbox(t("direction"), list(DIRECTIONS), key="ins_new_ind_dir",
                                 format_func=labels_for(DIRECTIONS,
                                                        lambda d: t(d.replace("higher_is_", "higher_"))))
        unit = st.text_input(t("unit"), value="%", key="ins_new_ind_unit")
        base_cols = st.columns(2)
        base_year = base_cols[0].number_input(t("baseline_year"), 1990, 2100, value=insats.start_year,
                                              key="ins_new_ind_base_year")
        base_value = number_field(t("baseline_value"), "ins_new_ind_base_value", required=False,
                                  where=base_cols[1])
        target_cols = st.columns(2)
        t2030 = number_field(t("target_amount_year", year=2030), "ins_new_ind_2030", required=False,
                             where=target_cols[0])
        t2035 = number_field(t("target_amount_year", year=2035), "ins_new_ind_2035", required=False,
                             where=target_cols[1])
        unreadable = any(v is None and typed_text(k) for v, k in (
            (base_value, "ins_new_ind_base_value"), (t2030, "ins_new_ind_2030"),
            (t2035, "ins_new_ind_2035")))
        if st.button(t("add_indicator"), key="ins_new_ind_save", disabled=unreadable) \
                and ind_name.strip() and not unreadable:
            person = person_for_write("ins_new_ind", action=SAVE_INDICATOR, board=insats.board)
            created = person and attempt(lambda: db.save_indicator(InsatsIndicator(
                insats.id, ind_name, kind=kind, unit=unit, direction=direction,
                baseline_year=int(base_year) if base_value is not None else None,
                baseline_value=base_value, target_2030=t2030, target_2035=t2035), user=person),
                write=True)
            if created:
                flash(t("indicator_saved", name=plain(created.name)))
                st.rerun()

# --- a new insats -----------------------------------------------------------------------------------
with st.expander(t("new_insats")):
    new_name = st.text_input(t("col_insats"), key="ins_new_name")
    new_board = st.selectbox(t("responsible_board"), board_names, key="ins_new_board",
                             format_func=board_label.__getitem__)
    new_areas = st.multiselect(t("col_areas"), list(area_names.index), key="ins_new_areas",
                               format_func=labels_for(area_names.index, lambda a: f"{area_names[a]} ({a})"))
    cols = st.columns(2)
    new_start = cols[0].number_input(t("col_start_year"), 1990, 2100, value=selection.year, step=1,
                                     key="ins_new_start")
    new_budget = number_field(t("budget"), "ins_new_budget", minimum=0, required=False, where=cols[1])
    new_description = st.text_area(t("description"), key="ins_new_description")
    new_budget_unreadable = new_budget is None and bool(typed_text("ins_new_budget"))
    if st.button(t("insats_save"), key="ins_new_save", disabled=new_budget_unreadable):
        if not new_name.strip():
            st.error(t("insats_name_missing"))
        elif person := person_for_write("ins_new", action=SAVE_INSATS):
            created = attempt(lambda: db.save_insats(Insats(
                package_key, new_name, new_board, selection.level, tuple(new_areas),
                int(new_start), new_budget or None, new_description), user=person), write=True)
            if created is not None:
                flash(t("insats_saved", name=plain(created.name)))
                st.rerun()

with st.expander(t("new_board")), st.form("ins_board_form", clear_on_submit=False):
    st.caption(t("new_board_help"))
    board_sv = st.text_input(t("board_name_sv"), key="ins_board_sv")
    board_en = st.text_input(t("board_name_en"), key="ins_board_en")
    if st.form_submit_button(t("board_save")) and board_sv.strip() and permitted(ADD_BOARD):
        added = attempt(lambda: db.add_board(board_sv.strip(), board_en.strip()), write=True)
        if added is not None:
            flash(t("board_saved", name=plain(added.name_sv)))
            st.rerun()

# --- import and export ------------------------------------------------------------------------------
st.subheader(t("insatser_exchange"))
ex_cols = st.columns(2)
exported = attempt(lambda: export_insatser(db, package_key), write=False)
if exported is not None:
    ex_cols[0].download_button(t("export_xlsx"), exported, file_name=f"insatser_{package_key}.xlsx",
                               mime="application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet", key="ins_export")
exported_csv = attempt(lambda: export_insatser_zip(db, package_key), write=False)
if exported_csv is not None:
    ex_cols[0].download_button(t("export_csv_zip"), exported_csv,
                               file_name=f"insatser_{package_key}_csv.zip", mime="application/zip",
                               key="ins_export_csv")
upload = ex_cols[1].file_uploader(t("import_insatser"), type=["xlsx", "csv", "zip"],
                                  key="ins_import_file")
if upload is not None and ex_cols[1].button(t("import_run"), key="ins_import_run") \
        and (person := person_for_write("ins_import", action=IMPORT)):
    known = {lv: list(package.areas_at(lv)[c.AREA_ID]) for lv in manifest.level_ids}
    report = attempt(lambda: import_insatser(upload.getvalue(), upload.name, db, package_key,
                                             areas=known, user=person), write=True)
    if report is not None:
        (st.success if report.accepted else st.error)(report.summary(lang()))
        for problem in report.problems:
            st.markdown(f"- {plain(problem.describe(lang()))}")

# --- funding ----------------------------------------------------------------------------------------
st.subheader(t("funding"))
st.caption(t("funding_explained"))
chosen = choose_proposal(selection, db)
scenario, result = chosen.scenario, chosen.result
f_cols = st.columns(3)
total = number_field(t("funding_total"), "ins_fund_total", default=10_000_000.0, minimum=0,
                     where=f_cols[0])
alpha = f_cols[1].slider(t("funding_alpha"), 0.0, 3.0, 1.0, 0.25, key="ins_fund_alpha",
                         help=t("funding_alpha_help"))
floor = number_field(t("funding_floor"), "ins_fund_floor", default=0.0, minimum=0, where=f_cols[2])
if total is None or floor is None:
    st.stop()  # the field says what it could not read
counted = funding_input(insatser, scenario.level)  # helper 'part': only kraftsamlande insatser
funding_note(counted)
assignments = counted.assignments
try:
    split = split_funding(assignments, result.index[["youth", "score", SELECTED]],
                          FundingParameters(total, alpha, floor))
except FundingError as exc:
    st.error(t("funding_error", reason=str(exc)))
    split = None
if split is not None and len(split):
    table = pd.DataFrame({
        t("responsible_board"): [board_label.get(b, b) for b in split.index],
        t("col_areas"): split["areas"].astype(int),
        t("youth", band=manifest.youth_band): split["youth"].round(0),
        t("funding_claim"): split["claim"].round(1),
        t("funding_share"): (100 * split["share"]).round(1),
        t("funding_amount"): split["amount"].round(0),
    })
    show_table(table, hide_index=True, width="stretch")
    st.download_button(t("download_csv"),
                       safe_table(table).to_csv(index=False, sep=";").encode("utf-8-sig"),
                       file_name="kraftsamla_fordelning.csv", mime="text/csv", key="ins_fund_download")
elif split is not None:
    elsewhere = sorted({i.area_level for i in insatser if i.area_level != scenario.level})
    if elsewhere:
        st.info(t("funding_other_level", n=sum(i.area_level != scenario.level for i in insatser),
                  levels=", ".join(manifest.level(lv).name(lang()) if lv in manifest.level_ids
                                   else lv for lv in elsewhere),
                  level=manifest.level(scenario.level).name(lang())))
    else:
        st.info(t("funding_no_insatser"))

# --- helper 'part': where the kinds of insatser meet ---------------------------------------------------
kinds_map_section(selection, insatser, "ins_kinds_map")
