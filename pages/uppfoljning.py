"""Uppföljning: is the city and are the proposed areas moving towards the 2030 and 2035 targets — for
the steering group at each checkpoint and for the analysts and the city office who set the targets."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n.format import number
from indicators.progress import PROPOSED, REST, group_series, status_table
from indicators.selection import describe
from indicators.targets import CHECKPOINTS
from model import columns as c
from model.registry import PROGRAMME_IDS
from ui.charts import followup_chart, small_multiples
from ui.downloads import people_csv
from ui.effects import effect_section
from ui.followup import city_indicators, city_section, one_year_text, status_pill, target_marks
from ui.participation import participation_summary_section  # helper 'part'
from ui.persist import attempt, store
from ui.proposals import choose_proposal
from ui.state import labels_for, lang, page_selection, t
from ui.targets_editor import Baselines, target_editor, to_target

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
db = store(reading=True)

# --- which proposal is followed up ----------------------------------------------------------------
chosen = choose_proposal(selection, db)
scenario, result, level = chosen.scenario, chosen.result, chosen.scenario.level
selected_ids = chosen.selected_ids
st.caption(t("followup_proposal_is", n=len(selected_ids), level=manifest.level(level).name(lang()),
             year=scenario.year, rule=describe(scenario.selection_rule, lang())))

stored = attempt(lambda: db.list_targets(package_key), write=False) if db is not None else None
stored_by = {(x.scope, x.indicator_id): x for x in stored or []}
boards = [b.name_sv for b in (attempt(db.list_boards, write=False) or [])] if db is not None else []


def saved_targets(scope: str) -> dict:
    return {ident: to_target(ident, record) for (s, ident), record in stored_by.items()
            if s == scope and ident in registry}


# --- 1. the whole city, where the long series are ----------------------------------------------------
city_ids = city_indicators(package)
city_section(package, saved_targets("city"),
             {i: x.responsible_board for (s, i), x in stored_by.items() if s == "city"})

# --- 2. the proposed areas ----------------------------------------------------------------------------
population = package.population_at(level, scenario.year)
weights = population.get(c.AGE_TOTAL) if not population.empty else None
area_ids = [i for i in (*PROGRAMME_IDS, *(x.id for x in manifest.extra_indicators if x.id in registry))
            if package.years_for(i, level)]
series = {i: group_series(package.indicators, level, i, selected_ids, weights=weights,
                          is_share=registry.get(i).is_share) for i in area_ids} if selected_ids else {}
st.subheader(t("followup_proposal_heading"))
if not selected_ids:
    st.info(t("no_proposals"))
missing = [registry.get(i).short(lang()) for i in PROGRAMME_IDS if i not in series]
if missing and selected_ids:
    st.caption(t("followup_missing", names=", ".join(missing),
                 level=manifest.level(level).name(lang())))
proposal_targets = saved_targets("proposal")
statuses = {year: status_table(series, {i: proposal_targets[i] for i in series
                                        if i in proposal_targets},
                               {i: registry.get(i).direction for i in series}, year, lang=lang())
            .set_index(c.INDICATOR) for year in CHECKPOINTS}
group_labels = {PROPOSED: t("group_proposed"), REST: t("group_rest"), "city": t("group_city")}
for ident, frame in series.items():
    indicator = registry.get(ident)
    st.markdown(f"##### {indicator.name(lang())}")
    note = manifest.entry(ident).at(level).note(lang())
    years_with_values = frame[PROPOSED].dropna()
    if ident in proposal_targets:
        pills = [status_pill(statuses[y].loc[ident, "label"], statuses[y].loc[ident, "colour"],
                             str(y)) for y in CHECKPOINTS]
        st.markdown(" ".join(pills), unsafe_allow_html=True)
    if len(years_with_values) == 1:
        st.markdown(one_year_text(frame, indicator, int(years_with_values.index[0])))
    elif len(years_with_values) >= 2:
        target = proposal_targets.get(ident)
        rest_base = frame[REST].get(target.baseline_year) if target is not None else None
        marks, path = target_marks(target, rest_base) if target is not None else (None, None)
        st.altair_chart(followup_chart(frame, group_labels, f"{indicator.short(lang())} "
                                       f"({indicator.unit.symbol})", path, marks,
                                       t("required_path"), t("target_value")), width="stretch")
    if note:
        st.caption(note)

# --- 3. targets ---------------------------------------------------------------------------------------
st.subheader(t("targets"))
start_year = int(st.selectbox(t("start_year"), list(range(2020, 2031)), index=5,
                              key="follow_start", help=t("start_year_help")))
if db is None:
    st.caption(t("store_unavailable_hint"))
else:
    scopes = [s for s, ok in (("proposal", bool(series)), ("city", bool(city_ids))) if ok]
    if scopes:
        scope = st.segmented_control(t("target_scope"), scopes, key="follow_scope",
                                     default=scopes[0], format_func=labels_for(
                                         scopes, lambda s: t(f"target_scope_{s}")))
        scope = scope or scopes[0]
        ids = list(series) if scope == "proposal" else city_ids
        for ident in sorted(ids, key=lambda i: (i != "uvas", ids.index(i))):
            indicator = registry.get(ident)
            if scope == "proposal":
                frame = series[ident]
                baselines = Baselines(frame[PROPOSED].dropna().to_dict(), frame[REST].to_dict())
            else:
                baselines = Baselines(package.city_series(ident).to_dict())
            with st.container(border=True):
                st.markdown(f"**{indicator.name(lang())}**")
                target_editor(db, package_key, indicator, scope, baselines,
                              stored_by.get((scope, ident)), boards, start_year,
                              chosen.name if chosen.saved else None)

# --- 4. status for the steering group (saved targets only) ------------------------------------------
st.subheader(t("status_heading"))
checkpoint = st.radio(t("checkpoint"), CHECKPOINTS, horizontal=True, key="follow_checkpoint")
city_series = {i: package.city_series(i) for i in city_ids}
rows = []
for scope, groups, targets in (("city", city_series, saved_targets("city")),
                               ("proposal", series, proposal_targets)):
    table = status_table(groups, {i: targets[i] for i in groups if i in targets},
                         {i: registry.get(i).direction for i in groups}, checkpoint, lang=lang())
    for _, row in table.iterrows():
        ident = row[c.INDICATOR]
        indicator = registry.get(ident)
        rows.append({
            t("col_indicator"): indicator.short(lang()),
            t("target_applies_to"): t(f"target_scope_{scope}"),
            t("col_status"): row["label"],
            t("baseline_value"): f"{number(row['baseline_value'], lang())} ({row['baseline_year']})",
            t("latest_value"): f"{number(row['latest_value'], lang())} ({int(row['latest_year'])})"
            if pd.notna(row["latest_year"]) else "–",
            t("target_value"): number(row["target_value"], lang()),
            t("required_pace"): number(row["required_annual_change"], lang(), 2),
            t("observed_pace"): number(row["observed_annual_change"], lang(), 2),
            t("responsible_board"): stored_by[(scope, ident)].responsible_board or "–",
            "_uvas_first": (ident != "uvas", scope != "city"),
            "_colour": row["colour"],
        })
if rows:
    shown = pd.DataFrame(rows).sort_values("_uvas_first", kind="stable")
    colours = dict(zip(shown[t("col_status")], shown["_colour"], strict=False))
    shown = shown.drop(columns=["_uvas_first", "_colour"])
    st.dataframe(shown.style.map(
        lambda v: f"background-color: {colours[v]}; font-weight: 600" if v in colours else "",
        subset=[t("col_status")]), hide_index=True, width="stretch")
    st.download_button(t("download_csv"), people_csv(shown, lang()),
                       file_name=f"kraftsamla_status_{checkpoint}.csv", mime="text/csv",
                       key="follow_status_download")
    st.caption(t("status_explained"))
else:
    st.info(t("status_no_targets"))

# --- 5. per area --------------------------------------------------------------------------------------
multi_year = [i for i, frame in series.items() if frame[PROPOSED].dropna().size >= 2]
if multi_year:
    st.subheader(t("followup_per_area"))
    small_id = st.selectbox(t("indicator"), multi_year, key="follow_small_indicator",
                            format_func=labels_for(multi_year, lambda i: registry.get(i).name(lang())))
    rows_here = package.indicators[(package.indicators[c.LEVEL] == level)
                                   & (package.indicators[c.INDICATOR] == small_id)
                                   & package.indicators[c.AREA_ID].isin(selected_ids)]
    names = package.areas_at(level).set_index(c.AREA_ID)[c.NAME]
    ranked = list(result.index.loc[selected_ids].sort_values("rank").index[:MAX_SMALL_MULTIPLES])
    long = rows_here[rows_here[c.AREA_ID].isin(ranked)].assign(name=lambda d: d[c.AREA_ID].map(names))
    if len(selected_ids) > MAX_SMALL_MULTIPLES:
        st.caption(t("followup_first_n", n=MAX_SMALL_MULTIPLES))
    st.altair_chart(small_multiples(long[["name", c.YEAR, c.VALUE]].rename(
        columns={c.YEAR: "year", c.VALUE: "value"}), registry.get(small_id).unit.symbol))

if selected_ids:
    effect_section(selection, level, dict.fromkeys(selected_ids, start_year), key="follow_effect")

# --- helper 'part': young people's participation in the insatser (issue 21) ----------------------------
participation_summary_section(selection)

st.caption(manifest.attribution)
