"""Insatser: the register of kraftsamlande insatser per board, each insats's own indicators and
reported values with the same status logic, import/export, and the funding split — for the city office
and the boards."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import columns as c
from indicators.funding import BOARD, FundingError, FundingParameters, split_funding
from indicators.progress import progress_status
from indicators.registry import Direction
from indicators.scenario import SELECTED
from indicators.targets import CHECKPOINTS
from persistence import (
    DIRECTIONS,
    INDICATOR_KINDS,
    Insats,
    InsatsIndicator,
    ReportedValue,
    export_insatser,
    export_insatser_zip,
    import_insatser,
)
from ui.effects import effect_section
from ui.format import number
from ui.persist import attempt, store
from ui.proposals import choose_proposal
from ui.state import labels_for, lang, page_selection, t

selection = page_selection()
if selection is None:
    st.stop()
package, manifest = selection.package, selection.package.manifest
package_key = selection.package_key

st.title(t("page_insatser"))
st.caption(t("insatser_intro"))
if manifest.demo:
    st.info(t("demo_banner"), icon="🧪")
db = store()
if db is None:
    st.stop()

boards = attempt(db.list_boards) or []
board_names = [b.name_sv for b in boards]
board_label = {b.name_sv: b.name(lang()) for b in boards}
insatser = attempt(lambda: db.list_insatser(package_key)) or []
indicators = attempt(lambda: db.list_indicators(package_key)) or []
reports = attempt(lambda: db.list_reported_values(package_key, latest_only=True)) or []

# --- the register, per board -------------------------------------------------------------------------
st.session_state.setdefault("ins_board", st.query_params.get("board", ""))
if st.session_state["ins_board"] not in ["", *board_names]:
    st.session_state["ins_board"] = ""
board = st.selectbox(t("board"), ["", *board_names], key="ins_board",
                     format_func=labels_for(["", *board_names],
                                            lambda b: t("all_boards") if b == "" else board_label[b]))
st.query_params["board"] = board
shown = [i for i in insatser if board in ("", i.board)]
per_insats = pd.Series([i.insats_id for i in indicators]).value_counts()
if shown:
    st.dataframe(pd.DataFrame({
        t("col_insats"): [i.name for i in shown],
        t("responsible_board"): [board_label.get(i.board, i.board) for i in shown],
        t("col_areas"): [len(i.area_ids) for i in shown],
        t("col_start_year"): [i.start_year for i in shown],
        t("budget"): [number(i.budget_sek, lang(), 0) if i.budget_sek is not None else "–"
                      for i in shown],
        t("col_indicators"): [int(per_insats.get(i.id, 0)) for i in shown],
    }), hide_index=True, width="stretch")
    totals = pd.Series({board_label.get(b, b): sum(i.budget_sek or 0 for i in shown if i.board == b)
                        for b in {i.board for i in shown}})
    st.caption(t("budget_per_board", text=" · ".join(
        f"{k}: {number(v, lang(), 0)} kr" for k, v in totals.sort_values(ascending=False).items())))
else:
    st.info(t("no_insatser"))

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
    st.markdown(f"**{insats.name}** · {board_label.get(insats.board, insats.board)} · "
                f"{t('col_start_year')} {insats.start_year} · {t('budget')} "
                f"{number(insats.budget_sek, lang(), 0) if insats.budget_sek else '–'} kr")
    if insats.description:
        st.markdown(insats.description)
    st.caption(t("insats_areas", level=insats.area_level, names=", ".join(
        str(area_names.get(a, a)) for a in insats.area_ids)))
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
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.info(t("no_insats_indicators"))
    effect_section(selection, insats.area_level, dict.fromkeys(insats.area_ids, insats.start_year),
                   key="ins_effect", own_label="effect_group_insats")

    report_col, indicator_col = st.columns(2)
    with report_col, st.form("ins_report_form", clear_on_submit=False):
        st.markdown(f"**{t('report_value')}**")
        pick = st.selectbox(t("col_indicator"), [x.id for x in own], key="ins_report_indicator",
                            format_func=labels_for([x.id for x in own],
                                                   lambda i: next(x.name for x in own if x.id == i)))
        year = st.number_input(t("sidebar_year"), 1990, 2100, value=selection.year, step=1,
                               key="ins_report_year")
        value = st.number_input(t("col_value"), value=0.0, key="ins_report_value")
        note = st.text_input(t("note"), key="ins_report_note")
        if st.form_submit_button(t("report_save"), disabled=not own) and pick:
            saved = attempt(lambda: db.report_value(ReportedValue(pick, int(year), float(value),
                                                                  note=note)))
            if saved is not None:
                st.success(t("report_saved"))
    with indicator_col, st.form("ins_indicator_form", clear_on_submit=False):
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
        base_value = base_cols[1].number_input(t("baseline_value"), value=0.0,
                                               key="ins_new_ind_base_value")
        target_cols = st.columns(2)
        t2030 = target_cols[0].number_input(t("target_amount_year", year=2030), value=0.0,
                                            key="ins_new_ind_2030")
        t2035 = target_cols[1].number_input(t("target_amount_year", year=2035), value=0.0,
                                            key="ins_new_ind_2035")
        if st.form_submit_button(t("add_indicator")) and ind_name.strip():
            created = attempt(lambda: db.save_indicator(InsatsIndicator(
                insats.id, ind_name, kind=kind, unit=unit, direction=direction,
                baseline_year=int(base_year), baseline_value=float(base_value),
                target_2030=float(t2030), target_2035=float(t2035))))
            if created is not None:
                st.success(t("indicator_saved", name=created.name))

# --- a new insats -----------------------------------------------------------------------------------
with st.expander(t("new_insats")), st.form("ins_new_form", clear_on_submit=False):
    new_name = st.text_input(t("col_insats"), key="ins_new_name")
    new_board = st.selectbox(t("responsible_board"), board_names, key="ins_new_board",
                             format_func=board_label.__getitem__)
    new_areas = st.multiselect(t("col_areas"), list(area_names.index), key="ins_new_areas",
                               format_func=labels_for(area_names.index, lambda a: f"{area_names[a]} ({a})"))
    cols = st.columns(2)
    new_start = cols[0].number_input(t("col_start_year"), 1990, 2100, value=selection.year, step=1,
                                     key="ins_new_start")
    new_budget = cols[1].number_input(t("budget"), min_value=0.0, value=0.0, step=100_000.0,
                                      key="ins_new_budget")
    new_description = st.text_area(t("description"), key="ins_new_description")
    if st.form_submit_button(t("insats_save")):
        if not new_name.strip():
            st.error(t("insats_name_missing"))
        else:
            created = attempt(lambda: db.save_insats(Insats(
                package_key, new_name, new_board, selection.level, tuple(new_areas),
                int(new_start), float(new_budget) or None, new_description)))
            if created is not None:
                st.success(t("insats_saved", name=created.name))

with st.expander(t("new_board")), st.form("ins_board_form", clear_on_submit=False):
    st.caption(t("new_board_help"))
    board_sv = st.text_input(t("board_name_sv"), key="ins_board_sv")
    board_en = st.text_input(t("board_name_en"), key="ins_board_en")
    if st.form_submit_button(t("board_save")) and board_sv.strip():
        added = attempt(lambda: db.add_board(board_sv.strip(), board_en.strip()))
        if added is not None:
            st.success(t("board_saved", name=added.name_sv))

# --- import and export ------------------------------------------------------------------------------
st.subheader(t("insatser_exchange"))
ex_cols = st.columns(2)
exported = attempt(lambda: export_insatser(db, package_key))
if exported is not None:
    ex_cols[0].download_button(t("export_xlsx"), exported, file_name=f"insatser_{package_key}.xlsx",
                               mime="application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet", key="ins_export")
exported_csv = attempt(lambda: export_insatser_zip(db, package_key))
if exported_csv is not None:
    ex_cols[0].download_button(t("export_csv_zip"), exported_csv,
                               file_name=f"insatser_{package_key}_csv.zip", mime="application/zip",
                               key="ins_export_csv")
upload = ex_cols[1].file_uploader(t("import_insatser"), type=["xlsx", "csv", "zip"],
                                  key="ins_import_file")
if upload is not None and ex_cols[1].button(t("import_run"), key="ins_import_run"):
    known = {lv: list(package.areas_at(lv)[c.AREA_ID]) for lv in manifest.level_ids}
    report = attempt(lambda: import_insatser(upload.getvalue(), upload.name, db, package_key,
                                             areas=known))
    if report is not None:
        (st.success if report.accepted else st.error)(report.summary(lang()))
        for problem in report.problems:
            st.markdown(f"- {problem.describe(lang())}")

# --- funding ----------------------------------------------------------------------------------------
st.subheader(t("funding"))
st.caption(t("funding_explained"))
chosen = choose_proposal(selection, db)
scenario, result = chosen.scenario, chosen.result
f_cols = st.columns(3)
total = f_cols[0].number_input(t("funding_total"), min_value=0.0, value=10_000_000.0,
                               step=500_000.0, key="ins_fund_total")
alpha = f_cols[1].slider(t("funding_alpha"), 0.0, 3.0, 1.0, 0.25, key="ins_fund_alpha",
                         help=t("funding_alpha_help"))
floor = f_cols[2].number_input(t("funding_floor"), min_value=0.0, value=0.0, step=100_000.0,
                               key="ins_fund_floor")
assignments = pd.DataFrame([(i.board, a) for i in insatser if i.area_level == scenario.level
                            for a in i.area_ids], columns=[BOARD, c.AREA_ID])
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
        t("youth", band=manifest.youth_age_group): split["youth"].round(0),
        t("funding_claim"): split["claim"].round(1),
        t("funding_share"): (100 * split["share"]).round(1),
        t("funding_amount"): split["amount"].round(0),
    })
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(t("download_csv"), table.to_csv(index=False, sep=";").encode("utf-8-sig"),
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
