"""Uppföljning: do UVAS and the index indicators move in the proposed areas, against the 2030 and 2035
targets — for the steering group at each checkpoint and for analysts who set the targets."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import columns as c
from indicators.progress import (
    CITY,
    PROPOSED,
    REST,
    group_series,
    required_path,
    status_table,
)
from indicators.registry import PROGRAMME_IDS
from indicators.selection import describe
from indicators.targets import (
    CHECKPOINTS,
    CLOSE_GAP,
    TARGET_KINDS,
    CheckpointTarget,
    Target,
    TargetError,
    default_baseline_year,
    describe_target,
    resolve_target,
)
from persistence import IndicatorTargets, TargetCheckpoint
from ui.charts import followup_chart, small_multiples
from ui.effects import effect_section
from ui.format import number
from ui.persist import attempt, store
from ui.proposals import choose_proposal
from ui.state import labels_for, lang, page_selection, t

DEFAULT_KINDS = {2030: (CLOSE_GAP, 25.0), 2035: (CLOSE_GAP, 50.0)}
MAX_SMALL_MULTIPLES = 24

selection = page_selection()
if selection is None:
    st.stop()
package, manifest, registry = selection.package, selection.package.manifest, selection.package.registry
package_key = selection.package_key

st.title(t("page_followup"))
st.caption(t("followup_intro"))
if manifest.demo:
    st.info(t("demo_banner"), icon="🧪")
db = store()

# --- which proposal is followed up ----------------------------------------------------------------
chosen = choose_proposal(selection, db)
name, scenario, result = chosen.name, chosen.scenario, chosen.result
level = scenario.level
selected_ids = chosen.selected_ids
st.caption(t("followup_proposal_is", n=len(selected_ids),
             level=manifest.level(level).name(lang()), year=scenario.year,
             rule=describe(scenario.selection_rule, lang())))
if not selected_ids:
    st.info(t("no_proposals"))
    st.stop()

# --- series per indicator ---------------------------------------------------------------------------
population = package.population_at(level, scenario.year)
weights = population.get(c.AGE_TOTAL) if not population.empty else None
ids = [i for i in (*PROGRAMME_IDS, *(x.id for x in manifest.extra_indicators if x.id in registry))
       if package.years_for(i, level)]
series = {i: group_series(package.indicators, level, i, selected_ids, weights=weights,
                          is_share=registry.get(i).is_share) for i in ids}
missing = [registry.get(i).short(lang()) for i in PROGRAMME_IDS if i not in series]
if missing:
    st.warning(t("followup_missing", names=", ".join(missing),
                 level=manifest.level(level).name(lang())))
if not series:
    st.stop()

# --- targets ---------------------------------------------------------------------------------------
st.subheader(t("targets"))
all_years = sorted({int(y) for s in series.values() for y in s.index})
# Default: efforts that started five years before the latest data, so there is a pace to judge.
default_start = max(all_years[0] + 1, max(all_years) - 4)
start_year = int(st.number_input(t("start_year"), min_value=all_years[0] + 1, max_value=2035,
                                 value=min(default_start, 2035), step=1, key="follow_start"))
stored = {}
if db is not None:
    stored = {x.indicator_id: x for x in attempt(lambda: db.list_targets(package_key)) or []}
boards = [b.name_sv for b in (attempt(db.list_boards) or [])] if db is not None else []


def default_row(ident: str) -> dict:
    years = [y for y in series[ident].index if pd.notna(series[ident].loc[y, PROPOSED])]
    try:
        base_year = default_baseline_year(years, start_year)
    except (TargetError, ValueError):
        base_year = years[0] if years else all_years[0]
    base_value = series[ident].loc[base_year, PROPOSED] if base_year in series[ident].index else None
    row = {"baseline_year": int(base_year), "baseline_value": base_value, "board": None}
    for year, (kind, amount) in DEFAULT_KINDS.items():
        row[f"kind_{year}"], row[f"amount_{year}"] = kind, amount
    return row


rows = []
for ident in series:
    row = default_row(ident)
    if ident in stored:
        saved_targets = stored[ident]
        row.update(baseline_year=saved_targets.baseline_year,
                   baseline_value=saved_targets.baseline_value,
                   board=getattr(saved_targets, "responsible_board", None))
        for point in saved_targets.checkpoints:
            row[f"kind_{point.year}"], row[f"amount_{point.year}"] = point.kind, point.amount
    rows.append({"indicator": ident, "name": registry.get(ident).short(lang()), **row})
editor_frame = pd.DataFrame(rows).set_index("indicator")
kind_labels = {k: t(f"target_kind_{k}") for k in TARGET_KINDS}
edited = st.data_editor(
    editor_frame, key="follow_targets_editor", width="stretch", hide_index=True,
    disabled=["name"],
    column_config={
        "name": st.column_config.TextColumn(t("col_indicator")),
        "baseline_year": st.column_config.NumberColumn(t("baseline_year"), format="%d", step=1),
        "baseline_value": st.column_config.NumberColumn(t("baseline_value"), format="%.2f"),
        "board": st.column_config.SelectboxColumn(t("responsible_board"), options=boards),
        **{f"kind_{y}": st.column_config.SelectboxColumn(
            t("target_kind_year", year=y), options=list(TARGET_KINDS), required=True,
            help=" · ".join(f"{k}: {v}" for k, v in kind_labels.items()))
           for y in CHECKPOINTS},
        **{f"amount_{y}": st.column_config.NumberColumn(t("target_amount_year", year=y),
                                                        format="%.1f") for y in CHECKPOINTS},
    })
st.caption(t("target_kinds_explained"))


def targets_from(frame: pd.DataFrame) -> tuple[dict[str, Target], list[str]]:
    """Targets from the editor; problems (per indicator) instead of exceptions."""
    out, problems = {}, []
    for ident, row in frame.iterrows():
        try:
            if row["baseline_value"] is None or pd.isna(row["baseline_value"]):
                raise TargetError("Basvärde saknas.", "The baseline value is missing.")
            out[ident] = Target(ident, int(row["baseline_year"]), float(row["baseline_value"]),
                                tuple((y, CheckpointTarget(row[f"kind_{y}"], float(row[f"amount_{y}"])))
                                      for y in CHECKPOINTS))
        except (TargetError, TypeError, ValueError) as exc:
            message = exc.message_sv if lang() == "sv" and hasattr(exc, "message_sv") else str(exc)
            problems.append(f"{registry.get(ident).short(lang())}: {message}")
    return out, problems


targets, problems = targets_from(edited)
for problem in problems:
    st.error(problem)
if db is not None and st.button(t("targets_save"), key="follow_targets_save", disabled=bool(problems)):
    def save_all() -> int:
        with db.batch(user=None) as batch:
            for ident, target in targets.items():
                previous = stored.get(ident)
                batch.save_targets(IndicatorTargets(
                    package_key, ident, target.baseline_year, target.baseline_value, start_year,
                    tuple(TargetCheckpoint(y, p.kind, p.amount) for y, p in target.checkpoints),
                    scenario_name=name if chosen.saved else None,
                    responsible_board=edited.loc[ident, "board"] or None,
                    version=previous.version if previous else 0))
        return len(targets)

    if attempt(save_all) is not None:
        st.success(t("targets_saved", n=len(targets)))

# --- status for the steering group ------------------------------------------------------------------
st.subheader(t("status_heading"))
checkpoint = st.radio(t("checkpoint"), CHECKPOINTS, horizontal=True, key="follow_checkpoint")
directions = {i: registry.get(i).direction for i in targets}
table = status_table(series, targets, directions, checkpoint, lang=lang())
if len(table):
    shown = pd.DataFrame({
        t("col_indicator"): [registry.get(i).short(lang()) for i in table[c.INDICATOR]],
        t("col_status"): table["label"],
        t("latest_value"): [f"{number(v, lang())} ({int(y)})" if pd.notna(y) else "–"
                            for v, y in zip(table["latest_value"], table["latest_year"], strict=True)],
        t("target_value"): [number(v, lang()) for v in table["target_value"]],
        t("required_pace"): [number(v, lang(), 2) for v in table["required_annual_change"]],
        t("observed_pace"): [number(v, lang(), 2) for v in table["observed_annual_change"]],
        t("responsible_board"): [edited.loc[i, "board"] or "–" for i in table[c.INDICATOR]],
    })
    colours = dict(zip(table["label"], table["colour"], strict=True))
    st.dataframe(shown.style.map(
        lambda v: f"background-color: {colours[v]}; color: white; font-weight: 600"
        if v in colours else "", subset=[t("col_status")]), hide_index=True, width="stretch")
    st.download_button(t("download_csv"), shown.to_csv(index=False, sep=";").encode("utf-8-sig"),
                       file_name=f"kraftsamla_status_{checkpoint}.csv", mime="text/csv",
                       key="follow_status_download")
    st.caption(t("status_explained"))

# --- one chart per indicator ------------------------------------------------------------------------
st.subheader(t("followup_series"))
group_labels = {PROPOSED: t("group_proposed"), REST: t("group_rest"), CITY: t("group_city")}
status_by_id = dict(zip(table[c.INDICATOR], zip(table["label"], table["colour"], strict=True),
                        strict=True)) if len(table) else {}
for ident, frame in series.items():
    indicator = registry.get(ident)
    st.markdown(f"##### {indicator.name(lang())}")
    note = manifest.entry(ident).at(level).note(lang())
    if note:
        st.caption(note)
    target = targets.get(ident)
    marks, path = None, None
    if target is not None:
        rest_base = frame.loc[target.baseline_year, REST] if target.baseline_year in frame.index \
            else None
        points = []
        for year in CHECKPOINTS:
            try:
                points.append((year, resolve_target(target, year, rest_base)))
            except TargetError:
                continue
        marks = pd.DataFrame(points, columns=["year", "value"])
        if points:
            last_year, last_value = points[-1]
            years = list(range(target.baseline_year, last_year + 1))
            path = required_path(target.baseline_year, target.baseline_value, last_year, last_value,
                                 years)
            st.caption(" · ".join(describe_target(target, y, lang(), indicator.unit.symbol)
                                  for y, _ in points))
    if ident in status_by_id:
        label, colour = status_by_id[ident]
        st.markdown(f"<span style='background:{colour};color:white;padding:.15em .6em;"
                    f"border-radius:.8em;font-weight:600'>{checkpoint}: {label}</span>",
                    unsafe_allow_html=True)
    st.altair_chart(followup_chart(frame, group_labels, f"{indicator.short(lang())} "
                                   f"({indicator.unit.symbol})", path, marks,
                                   t("required_path"), t("target_value")), width="stretch")
st.caption(manifest.attribution)

# --- per area ---------------------------------------------------------------------------------------
st.subheader(t("followup_per_area"))
small_id = st.selectbox(t("indicator"), list(series), key="follow_small_indicator",
                        format_func=labels_for(series, lambda i: registry.get(i).name(lang())))
rows = package.indicators[(package.indicators[c.LEVEL] == level)
                          & (package.indicators[c.INDICATOR] == small_id)
                          & package.indicators[c.AREA_ID].isin(selected_ids)]
if rows[c.YEAR].nunique() < 2:
    st.info(t("followup_one_year"))
else:
    names = package.areas_at(level).set_index(c.AREA_ID)[c.NAME]
    ranked = list(result.index.loc[selected_ids].sort_values("rank").index[:MAX_SMALL_MULTIPLES])
    long = rows[rows[c.AREA_ID].isin(ranked)].assign(name=lambda d: d[c.AREA_ID].map(names))
    if len(selected_ids) > MAX_SMALL_MULTIPLES:
        st.caption(t("followup_first_n", n=MAX_SMALL_MULTIPLES))
    st.altair_chart(small_multiples(long[["name", c.YEAR, c.VALUE]].rename(
        columns={c.YEAR: "year", c.VALUE: "value"}), registry.get(small_id).unit.symbol))
if db is None:
    st.caption(t("store_unavailable_hint"))

effect_section(selection, level, dict.fromkeys(selected_ids, start_year), key="follow_effect")
