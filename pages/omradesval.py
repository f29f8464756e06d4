"""Områdesval: weight the index indicators, rank areas and propose contiguous sub-areas — for analysts
tuning weights and for the steering group deciding where efforts go."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import streamlit as st

from geo.classify import SCHEMES, classify
from i18n.format import area_label, number
from indicators.index import (
    AGGREGATIONS,
    DECILE,
    GEOMETRIC_NOTE_EN,
    GEOMETRIC_NOTE_SV,
    N_INDICATORS,
    NORMALISATIONS,
    RANK,
    SCORE,
    WORST10_ANY,
    contribution_column,
    double_counting_warnings,
    indicator_correlations,
)
from indicators.proposal import proposals_geojson
from indicators.scenario import (
    PROPOSAL_ID,
    SELECTED,
    LinkNote,
    Scenario,
    equal_weights,
    quoted,
    scenario_from_query,
)
from indicators.selection import RULE_KINDS, SelectionInputError, describe
from indicators.targets import target_from_dict
from model import columns as c
from reports.wording import index_composition
from services.scenario import compare_scenarios, evaluate_scenario
from ui import shared_scenarios
from ui.charts import contribution_bars, correlation_heatmap, index_vs_uvas
from ui.downloads import people_csv
from ui.exports import map_downloads
from ui.history import undo_notice
from ui.loaders import contiguity, derived_presets, dissolved_geometries
from ui.maps import area_map, legend_html, overlay_choices, proposal_outlines, titled_overlay
from ui.persist import attempt, store
from ui.reference import reference_choices, reference_layers, reference_section
from ui.state import labels_for, lang, offer_nearest_year, page_selection, t
from ui.tables import show_table

STATUS_COLOURS = {"enters": "#0072B2", "leaves": "#D55E00", "stays": "#555555",
                  "outside": "#eeeeee"}
RULE_DEFAULTS = {"top-n": 10.0, "top-decile": 0.0, "threshold": 60.0, "cover-youth": 25.0,
                 "cover-neet": 25.0}

selection = page_selection()
if selection is None:
    st.stop()
package, level, year = selection.package, selection.level, selection.year
manifest, registry = package.manifest, package.registry
index_ids = registry.index_ids
labels = {i: registry.get(i).short(lang()) for i in registry.ids}


def weight_key(ident: str) -> str:
    return f"choose_w_{ident}"


def rule_text(kind: str, parameter: float) -> str:
    if kind == "top-decile":
        return kind
    return f"{kind}:{int(parameter)}" if kind == "top-n" else f"{kind}:{parameter:g}"


#: The widgets' ranges: a value from a link or a saved scenario outside them is clamped (with a note).
WEIGHT_RANGE = (0.0, 1.0)
RULE_PARAM_RANGE = {"top-n": (1.0, 10_000.0), "threshold": (1.0, 100.0),
                    "cover-youth": (1.0, 100.0), "cover-neet": (1.0, 100.0)}


def apply_scenario(scenario: Scenario) -> list[LinkNote]:
    """Put a scenario's choices into the page's widgets (before they are drawn).

    Values outside a widget's range are clamped to it and returned as notes, never raised.
    """
    notes = []
    for ident, weight in scenario.weights:
        if ident not in index_ids:
            continue
        clamped = min(max(float(weight), WEIGHT_RANGE[0]), WEIGHT_RANGE[1])
        if clamped != weight:
            notes.append(LinkNote("weight_clamped", {"name": labels[ident], "value": quoted(weight),
                                                     "to": number(clamped, lang(), 2)}))
        st.session_state[weight_key(ident)] = clamped
    st.session_state["choose_norm"] = scenario.normalisation
    st.session_state["choose_agg"] = scenario.aggregation
    kind, _, parameter = scenario.rule.partition(":")
    st.session_state["choose_rule_kind"] = kind
    value = float(parameter) if parameter else RULE_DEFAULTS[kind]
    if kind in RULE_PARAM_RANGE:
        low, high = RULE_PARAM_RANGE[kind]
        clamped = min(max(value, low), high)
        if clamped != value:
            notes.append(LinkNote("rule_param_clamped", {"value": quoted(parameter),
                                                         "to": number(clamped, lang(), 0)}))
        value = clamped
    st.session_state["choose_rule_param"] = value
    return notes


def reset_rule_parameter() -> None:
    st.session_state["choose_rule_param"] = RULE_DEFAULTS[st.session_state["choose_rule_kind"]]


def apply_preset() -> None:
    name = st.session_state["choose_preset"]
    saved = st.session_state.get("choose_saved", {})
    data_presets = st.session_state.get("choose_data_presets", {})
    if name in saved:
        apply_scenario(saved[name][0])
    elif name in data_presets:
        current = st.session_state.get("choose_scenario", Scenario(level, year,
                                                                   equal_weights(index_ids)))
        apply_scenario(dataclasses.replace(current, weights=data_presets[name]))
    else:
        apply_scenario(Scenario(level, year, equal_weights(index_ids)))


# --- state from the link, once per session -------------------------------------------------------
default = Scenario(level, year, equal_weights(index_ids))
if "choose_initialised" not in st.session_state:
    from_url, notes = scenario_from_query(dict(st.query_params), default, index_ids)
    if from_url.level != level or from_url.year != year:
        from_url = dataclasses.replace(from_url, level=level, year=year)  # the sidebar decides
    notes += apply_scenario(from_url)
    st.session_state["choose_initialised"] = True
    st.session_state["choose_url_notes"] = notes
elif weight_key(index_ids[0]) not in st.session_state and "choose_scenario" in st.session_state:
    # Streamlit forgets a widget's value while another page is shown; bring the choices back.
    apply_scenario(st.session_state["choose_scenario"])

st.title(t("page_choose"))
st.caption(t("choose_intro"))
if manifest.demo:
    st.info(t("demo_banner"), icon="🧪")
for note in st.session_state.pop("choose_url_notes", []):
    st.warning(t(f"link_{note.code}", **note.params))

# --- choices ---------------------------------------------------------------------------------------
# Saved scenarios are shared by everyone using the deployment (the store); without a database they
# are kept for this session only.
package_key = selection.package_key
db = store()
records = attempt(lambda: db.list_scenarios(package_key), write=False) if db is not None else None
# Scenarios for a level this package lacks are listed (and removable) under Scenarier, never used here.
usable = {r.name: r for r in records or [] if r.scenario.level in manifest.level_ids}
saved_with_version = {name: (r.scenario, r.version) for name, r in usable.items()}
for session_name, session_scenario in st.session_state.get("scenarios", {}).items():
    if session_scenario.level in manifest.level_ids:
        saved_with_version.setdefault(session_name, (session_scenario, 0))
st.session_state["choose_saved"] = saved_with_version
saved = {k: v[0] for k, v in saved_with_version.items()}
# Weights derived from the data at this level and year (see the Robusthet page for what they mean).
labels_by_method = {"pca": t("robust_pca"), "equal_after_correlation": t("robust_equal_corr")}
data_presets = {labels_by_method[name]: tuple(weights.items()) for name, weights in
                derived_presets(package, selection.cache_key, level, year).items()}
st.session_state["choose_data_presets"] = data_presets
preset_names = [t("preset_equal"), *data_presets, *saved]
with st.sidebar:
    st.markdown(f"**{t('page_choose')}**")
    st.selectbox(t("preset"), preset_names, key="choose_preset", on_change=apply_preset)

controls, main = st.columns([2, 5], gap="medium")
with controls:
    st.markdown(f"#### {t('weights')}")
    present_here = set(package.years_with_values(level, index_ids).get(year, ()))
    for ident in index_ids:
        st.session_state.setdefault(weight_key(ident), 1.0)
        label = registry.get(ident).name(lang())
        if ident not in present_here:
            label += f" ({t('absent_at_level')})"
        st.slider(label, 0.0, 1.0, step=0.05, key=weight_key(ident),
                  help=registry.get(ident).definition(lang()))
    st.markdown(f"#### {t('methods')}")
    st.selectbox(t("normalisation"), list(NORMALISATIONS), key="choose_norm",
                 format_func=labels_for(NORMALISATIONS, lambda m: t(f"norm_{m}")))
    st.selectbox(t("aggregation"), list(AGGREGATIONS), key="choose_agg",
                 format_func=labels_for(AGGREGATIONS, lambda m: t(f"agg_{m}")))
    if st.session_state["choose_agg"] == "geometric":
        st.caption(GEOMETRIC_NOTE_EN if lang() == "en" else GEOMETRIC_NOTE_SV)
    st.selectbox(t("rule"), list(RULE_KINDS), key="choose_rule_kind",
                 format_func=labels_for(RULE_KINDS, lambda k: t(f"rule_{k.replace('-', '_')}")),
                 on_change=reset_rule_parameter)
    kind = st.session_state["choose_rule_kind"]
    if kind != "top-decile":
        st.session_state.setdefault("choose_rule_param", RULE_DEFAULTS[kind])
        st.number_input(t(f"rule_param_{kind.replace('-', '_')}"),
                        min_value=RULE_PARAM_RANGE[kind][0], max_value=RULE_PARAM_RANGE[kind][1],
                        step=1.0, key="choose_rule_param")
    scheme = st.selectbox(t("classification"), list(SCHEMES), key="choose_scheme",
                          format_func=labels_for(SCHEMES, lambda s: t(f"scheme_{s}")))
    tiles = st.toggle(t("background_tiles"), value=False, key="choose_tiles")

weights = tuple((i, float(st.session_state[weight_key(i)])) for i in index_ids)
if sum(w for _, w in weights) == 0:
    main.error(t("weights_all_zero"))
    st.stop()
scenario = Scenario(level, year, weights, st.session_state["choose_norm"],
                    st.session_state["choose_agg"],
                    rule_text(kind, float(st.session_state.get("choose_rule_param", 0))))
st.query_params.update(scenario.to_query())
st.session_state["choose_scenario"] = scenario

try:
    result = evaluate_scenario(package, scenario, graph=contiguity(selection.cache_key, level,
                                                                   package.areas_at(level)),
                               dissolved=dissolved_geometries(selection.cache_key, level))
except SelectionInputError as exc:
    main.error(t("rule_cannot_apply", reason=str(exc)))
    st.stop()
index = result.index
scored = index[SCORE].notna().sum()
composition = index_composition(result, registry, lang())
with main:
    st.caption(t("index_made_of", parts=composition) + " · "
               + describe(result.scenario.selection_rule, lang()))
    if result.missing_ids:
        st.warning(t("index_missing_indicators",
                     names=", ".join(labels[i] for i in result.missing_ids),
                     level=manifest.level(level).name(lang())))
    if scored == 0:
        coverage = package.index_coverage(level)
        best = max((len(ids) for ids in coverage.values()), default=0)
        offer_nearest_year(t("index_no_scores"), [y for y, ids in coverage.items()
                                                  if len(ids) == best and best], year,
                           "choose_nearest_year")
        st.stop()

classification = classify(index[SCORE], scheme=scheme, k=5)
fills = classification.colour_of()
tooltip_labels = [t("col_score"), t("col_rank"), t("col_proposal")]
tooltip_values = pd.DataFrame({
    "score": [number(v, lang()) for v in index[SCORE]],
    "rank": [f"{int(r)} / {scored}" if pd.notna(r) else "–" for r in index[RANK]],
    "proposal": index[PROPOSAL_ID],
}, index=index.index)
outlines = proposal_outlines(result.proposals, package)
with main:
    map_col, side_col = st.columns([3, 1])
    with map_col:
        overlays = overlay_choices(package, "choose")
        references = reference_choices(package, year, "choose")
        area_map(selection, "choose_map", fills, tooltip_labels, tooltip_values,
                 overlays=overlays, extra=[*reference_layers(references), *outlines], tiles=tiles)
        st.caption(manifest.attribution)
        map_downloads(
            "choose_export", package.areas_at(level), index[SCORE], title=t("index_title"),
            subtitle=f"{manifest.level(level).name(lang())} · {year} · "
                     f"{describe(result.scenario.selection_rule, lang())}",
            legend_title=t("index_title"), unit="", attribution=manifest.attribution,
            demo=manifest.demo, file_stem=f"kraftsamla_index_{level}_{year}", scheme=scheme,
            proposals=result.proposals, land=package.land,
            overlays=[*(titled_overlay(package, o) for o in overlays), *references],
            notes=(t("index_made_of", parts=composition),))
    with side_col:
        class_labels = [f"{number(lo, lang(), 0)}–{number(hi, lang(), 0)}"
                        for lo, hi in zip(classification.lower, classification.upper, strict=True)]
        st.markdown(f"##### {t('legend')}")
        st.markdown(legend_html(
            t("index_title"), t("index_legend_sub"),
            list(zip(classification.colours, class_labels, classification.counts, strict=True)),
            int((classification.classes == -1).sum())), unsafe_allow_html=True)
    incomplete = int((index[N_INDICATORS] < len(result.weighted_ids)).sum())
    if incomplete:
        st.caption(t("index_incomplete", n=incomplete))
    cov = result.coverage
    figures = st.columns(4)
    figures[0].metric(t("selected_areas"), f"{int(index[SELECTED].sum())} / {scored}")
    figures[1].metric(t("proposals"), len(result.proposals))
    figures[2].metric(t("youth_covered"), f"{number(100 * cov.youth_share, lang())} %",
                      help=t("youth_covered_help", n=number(cov.youth, lang(), 0),
                             band=manifest.youth_band))
    if cov.neet_share == cov.neet_share:  # not NaN: UVAS is known at this level
        figures[3].metric(t("neet_covered"), f"{number(100 * cov.neet_share, lang())} %",
                          help=t("neet_covered_help"))

# --- proposed areas --------------------------------------------------------------------------------
st.subheader(t("proposals"))
if len(result.proposals):
    proposals = result.proposals
    show_table(pd.DataFrame({
        t("col_proposal"): proposals[PROPOSAL_ID],
        t("col_members"): proposals["n_members"],
        t("col_member_areas"): [", ".join(area_label(m, index[c.NAME].get(m)) for m in members)
                                for members in proposals["members"]],
        t("population"): proposals["population"].round(0),
        t("youth", band=manifest.youth_band): proposals["youth"].round(0),
        "UVAS (%)": proposals["uvas"].round(1),
        t("col_mean_index"): proposals["mean_index"].round(1),
    }), hide_index=True, width="stretch", column_config={
        t("col_member_areas"): st.column_config.TextColumn(width="large"),
    })
    # One row per proposed area, by name and code, for a spreadsheet.
    rows = [{t("col_proposal"): pid, t("col_area"): str(index[c.NAME].get(m, m)), t("col_code"): m,
             t("col_score"): round(float(index.at[m, SCORE]), 1), t("col_rank"): int(index.at[m, RANK]),
             "UVAS (%)": index.at[m, "uvas"], t("youth", band=manifest.youth_band):
             index.at[m, "youth"]}
            for pid, members in zip(proposals[PROPOSAL_ID], proposals["members"], strict=True)
            for m in members]
    downloads = st.columns(2)
    stem = f"kraftsamla_forslag_{level}_{year}"
    downloads[0].download_button(t("download_geojson"), proposals_geojson(proposals),
                                 file_name=f"{stem}.geojson", mime="application/geo+json",
                                 key="choose_download_geojson")
    downloads[1].download_button(t("download_proposals_csv"), people_csv(pd.DataFrame(rows), lang()),
                                 file_name=f"{stem}.csv", mime="text/csv",
                                 key="choose_download_csv")
else:
    st.info(t("no_proposals"))

reference_section(selection, result)

# --- ranking ---------------------------------------------------------------------------------------
st.subheader(t("ranking"))
ranked = index[index[SCORE].notna()].sort_values([RANK, SCORE], ascending=[True, False])
ranking = pd.DataFrame({
    t("col_rank"): ranked[RANK].astype(int),
    t("col_area"): ranked[c.NAME],
    t("col_score"): ranked[SCORE].round(1),
    t("col_decile"): ranked[DECILE].astype(int),
    **{f"{labels[i]} ({t('points')})": ranked[contribution_column(i)].round(1)
       for i in result.weighted_ids},
    t("col_n_indicators"): ranked[N_INDICATORS],
    t("col_worst10"): ranked[WORST10_ANY],
    t("col_proposal"): ranked[PROPOSAL_ID],
}, index=ranked.index)
show_table(ranking, width="stretch", height=360)
st.download_button(t("download_csv"), ranking.to_csv(sep=";", decimal=",").encode("utf-8-sig"),
                   file_name=f"kraftsamla_rangordning_{level}_{year}.csv", mime="text/csv",
                   key="choose_download_ranking")
top = ranked.head(20)
st.altair_chart(contribution_bars(
    top.set_index(c.NAME)[[contribution_column(i) for i in result.weighted_ids]].set_axis(
        list(result.weighted_ids), axis=1), labels, t("col_area"), t("points")),
    width="stretch")

# --- UVAS beside the index --------------------------------------------------------------------------
st.subheader(t("index_and_uvas"))
with_uvas = index[index["uvas"].notna() & index[SCORE].notna()]
if len(with_uvas) >= 3:
    # Spearman = Pearson on average ranks (pandas' method="spearman" imports scipy.stats)
    r = with_uvas[SCORE].rank().corr(with_uvas["uvas"].rank())
    st.caption(t("index_uvas_corr", r=number(r, lang(), 2), n=len(with_uvas)))
    st.altair_chart(index_vs_uvas(
        with_uvas.reset_index()[[c.NAME, SCORE, "uvas", SELECTED]].rename(columns={c.NAME: "name"}),
        t("col_score"), "UVAS (%)", t("col_area"), t("col_selected")), width="stretch")
else:
    st.info(t("uvas_missing_here", level=manifest.level(level).name(lang())))

# --- double counting -------------------------------------------------------------------------------
st.subheader(t("double_counting"))
inputs = pd.DataFrame({i: package.indicator_frame(level, year, i)[c.VALUE]
                       for i in (*index_ids, "uvas")})
present = [i for i in inputs if inputs[i].notna().sum() >= 3]
if len(present) >= 2:
    corr = indicator_correlations(inputs[present], {i: registry.get(i).direction for i in present},
                                  score=index[SCORE])
    corr_labels = {**{i: labels[i] for i in present}, SCORE: t("index_title")}
    for warning in double_counting_warnings(corr, [i for i in present if i in index_ids],
                                            registry=registry):
        st.warning(warning.message(lang()))
    st.caption(t("corr_explained"))
    st.altair_chart(correlation_heatmap(corr, corr_labels, "r"), width="stretch")
else:
    st.info(t("corr_too_few"))

# --- scenarios ---------------------------------------------------------------------------------------
st.subheader(t("scenarios"))
if db is not None:
    undo_notice(db, "choose")
    unreadable = attempt(lambda: db.unreadable_scenarios(package_key), write=False) or []
    stored = {**{r.name: r for r in records or []}, **{u.name: u for u in unreadable}}
    shared_scenarios.not_usable(db, package_key, records or [], unreadable, manifest)
else:
    stored = {}
just_saved = shared_scenarios.save_controls(db, package_key, scenario, stored, manifest, labels)
if just_saved is not None:
    saved[just_saved.name] = just_saved
if len(saved) >= 1:
    options = [t("scenario_current"), *saved]
    pick = st.columns(2)
    a_name = pick[0].selectbox("A", options, key="choose_compare_a")
    b_name = pick[1].selectbox("B", options, index=min(1, len(options) - 1), key="choose_compare_b")
    pick_result = {t("scenario_current"): result}

    def result_of(label: str):
        if label not in pick_result:
            s = saved[label]
            areas = package.areas_at(s.level)
            pick_result[label] = evaluate_scenario(
                package, s, graph=contiguity(selection.cache_key, s.level, areas),
                dissolved=dissolved_geometries(selection.cache_key, s.level))
        return pick_result[label]

    a, b = result_of(a_name), result_of(b_name)
    if a.scenario.level != b.scenario.level:
        st.info(t("compare_other_level"))
    else:
        diff = compare_scenarios(a, b)
        counts = diff["status"].value_counts()
        metrics = st.columns(3)
        metrics[0].metric(t("status_enters"), int(counts.get("enters", 0)))
        metrics[1].metric(t("status_leaves"), int(counts.get("leaves", 0)))
        metrics[2].metric(t("status_stays"), int(counts.get("stays", 0)))
        if a.scenario.level == level:
            diff_fills = diff["status"].map(STATUS_COLOURS)
            diff_values = pd.DataFrame({
                "status": [t(f"status_{v}") for v in diff["status"]],
                "shift": [number(v, lang(), 0) for v in diff["rank_shift"]]}, index=diff.index)
            legend = [(STATUS_COLOURS[s], t(f"status_{s}"), int(counts.get(s, 0)))
                      for s in STATUS_COLOURS]
            diff_cols = st.columns([5, 2])
            with diff_cols[0]:
                area_map(selection, "choose_diff_map", diff_fills,
                         [t("col_status"), t("rank_shift")], diff_values, height=420)
            diff_cols[1].markdown(legend_html(t("difference_map"), f"A: {a_name} · B: {b_name}",
                                              legend), unsafe_allow_html=True)
            map_downloads(
                "choose_diff_export", package.areas_at(level), diff["status"],
                title=t("difference_map"), subtitle=f"A: {a_name} · B: {b_name}",
                legend_title=t("col_status"), unit="", attribution=manifest.attribution,
                demo=manifest.demo, file_stem=f"kraftsamla_skillnad_{level}", land=package.land,
                categorical={s: (STATUS_COLOURS[s], t(f"status_{s}")) for s in STATUS_COLOURS})
        changed = diff[diff["status"].isin(["enters", "leaves"]) | (diff["rank_shift"].abs() > 0)]
        # Areas that enter or leave the proposal first, then the largest rank shifts.
        order = pd.DataFrame({"moves": ~changed["status"].isin(["enters", "leaves"]),
                              "shift": -changed["rank_shift"].abs()}, index=changed.index)
        changed = changed.loc[order.sort_values(["moves", "shift"], kind="stable").index]
        show_table(pd.DataFrame({
            t("col_area"): changed[c.NAME],
            t("col_status"): changed["status"].map(lambda s: t(f"status_{s}")),
            f"{t('col_rank')} A": changed["rank_a"],
            f"{t('col_rank')} B": changed["rank_b"],
            t("rank_shift"): changed["rank_shift"],
        }), width="stretch", height=300)
if saved:
    st.markdown(f"##### {t('report_pack')}")
    pack_cols = st.columns([3, 2])
    pack_name = pack_cols[0].selectbox(t("scenario_saved_pick"), list(saved), key="choose_pack_name")
    pack_targets = {}
    if db is not None:
        pack_targets = {x.indicator_id: target_from_dict(x.target_dict())
                        for x in attempt(lambda: db.list_targets(package_key, scope="proposal"),
                                         write=False) or []}

    pack_insatser, pack_boards = [], {}  # helper 'part': the pack's page on young people's participation
    if db is not None:
        pack_insatser = attempt(lambda: db.list_insatser(package_key), write=False) or []
        pack_boards = {b.name_sv: b.name(lang()) for b in attempt(db.list_boards, write=False) or []}

    def pack_pdf() -> bytes:
        from reports.pack import PackInputs, report_pack  # matplotlib: only when clicked

        return report_pack(PackInputs(package, saved[pack_name], pack_targets,
                                      t("report_date", date=date.today().isoformat()), lang(),
                                      insatser=pack_insatser, board_names=pack_boards))

    pack_cols[1].download_button(t("report_pack_download"), pack_pdf,
                                 file_name=f"kraftsamla_rapport_{pack_name}.pdf",
                                 mime="application/pdf", key="choose_pack_download",
                                 icon=":material/download:")
if db is not None:
    shared_scenarios.history(db, package_key, usable, manifest, labels)
st.caption(t("scenario_link_hint"))
