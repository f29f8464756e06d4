"""Robusthet: how sure is the proposal? Rank bands and selection probabilities under other reasonable
weights and methods, what moves the ranks most, and weights derived from the data — for analysts and
the steering group before money is committed."""

from __future__ import annotations

import dataclasses

import altair as alt
import pandas as pd
import streamlit as st

from geo.hotspots import (
    CLUSTERS,
    HOTSPOTS_EN,
    HOTSPOTS_SV,
    HotspotInputError,
    local_hotspots,
)
from geo.regions import REGIONS_EN, REGIONS_SV, compare_with_rule, regionalise_scenario
from geo.webmap import outline_layer
from i18n.format import number, percent
from indicators.index import SCORE
from indicators.robustness import (
    EQUAL_AFTER_CORRELATION_EN,
    EQUAL_AFTER_CORRELATION_SV,
    PCA_WEIGHTS_EN,
    PCA_WEIGHTS_SV,
    equal_after_correlation_weights,
    pca_weights,
)
from indicators.scenario import SELECTED
from model import columns as c
from reports.wording import index_composition
from services.scenario import area_inputs
from ui.downloads import people_csv
from ui.loaders import robustness, spatial_graph
from ui.maps import area_map, legend_html, on_land
from ui.persist import store
from ui.proposals import choose_proposal
from ui.state import lang, page_selection, t
from ui.tables import show_table

BANDS = (  # probability of being in the proposal -> colour (light = never, dark = always)
    (0.0, 0.05, "#ffffcc"), (0.05, 0.5, "#a1dab4"), (0.5, 0.95, "#41b6c4"), (0.95, 1.01, "#253494"))
HOT_COLOURS = {  # diverging red-blue, colour-blind safe; grey for "nothing to see"
    "hot": "#d7301f", "cold": "#2171b5", "high_among_low": "#fc9272", "low_among_high": "#9ecae1",
    "not_significant": "#f0f0f0", "isolate": "#ffffff", "no_data": "#bdbdbd"}
COMPARE_COLOURS = (("both", "#253494"), ("rule_only", "#41b6c4"), ("regions_only", "#fd8d3c"),
                   ("outside", "#f0f0f0"))
FLOORS = (50, 100, 200, 300, 500, 1_000, 2_000)
PROPOSED_REGION_OUTLINE = "#000000"



def p_value_text(p: float) -> str:
    """A p-value with its comparison sign, as people read it: "= 0,012" or "< 0,001"."""
    return f"= {number(p, lang(), 3)}" if p >= 0.001 else f"< {number(0.001, lang(), 3)}"


selection = page_selection()
if selection is None:
    st.stop()
package, manifest, registry = selection.package, selection.package.manifest, selection.package.registry
package_key = selection.package_key

st.title(t("page_robustness"))
st.caption(t("robustness_intro"))
if manifest.demo:
    st.info(t("demo_banner"), icon="🧪")

chosen = choose_proposal(selection, store())
scenario = chosen.scenario
# Only indicators with values here take part: an absent one would get a share of nothing.
ids = chosen.result.present_ids
if not ids:
    st.info(t("index_no_scores"))
    st.stop()
weights = {k: w for k, w in scenario.weights if k in ids}
absent = chosen.result.missing_ids
st.caption(t("index_made_of", parts=index_composition(chosen.result, registry, lang())))
inputs = area_inputs(package, scenario.level, scenario.year, ids)
directions = {i: registry.get(i).direction for i in ids}

cols = st.columns(3)
draws = int(cols[0].select_slider(t("robust_draws"), [1_000, 2_000, 5_000, 10_000, 20_000],
                                  value=10_000, key="robust_draws"))
concentration = float(cols[1].select_slider(
    t("robust_concentration"), [5, 10, 20, 50, 100, 200, 500], value=50, key="robust_conc",
    help=t("robust_concentration_help")))
vary_methods = cols[2].toggle(t("robust_vary_methods"), value=False, key="robust_methods")

with st.spinner(t("robust_running", n=number(draws, lang(), 0))):
    # Once per scenario and settings (ui.loaders.robustness): a rerun or the language switch is free.
    result, sens = robustness(inputs, directions, selection.cache_key, scenario.level, scenario.year,
                              tuple(ids), tuple(weights.items()), scenario.normalisation,
                              scenario.aggregation, scenario.rule, draws, concentration,
                              vary_methods)
table = result.table.join(package.areas_at(scenario.level).set_index(c.AREA_ID)[[c.NAME]])
sure = int((table["p_selected"] >= 0.95).sum())
unsure = int(((table["p_selected"] > 0.05) & (table["p_selected"] < 0.95)).sum())
figures = st.columns(3)
figures[0].metric(t("robust_sure"), sure, help=t("robust_sure_help"))
figures[1].metric(t("robust_unsure"), unsure, help=t("robust_unsure_help"))
figures[2].metric(t("robust_in_point"), int(table["point_selected"].sum()))

st.subheader(t("robust_bands"))
st.caption(t("robust_bands_explained"))
ranked = table.dropna(subset=["median_rank"]).sort_values(["median_rank", "point_rank"])
chart_data = ranked.reset_index()[[c.NAME, "median_rank", "rank_p05", "rank_p95", "p_selected"]]
# Every area is labelled, in full: the chart scrolls inside its box instead of skipping names.
base = alt.Chart(chart_data).encode(y=alt.Y(
    f"{c.NAME}:N", sort=list(chart_data[c.NAME]), title=None,
    axis=alt.Axis(labelOverlap=False, labelLimit=0, labelFontSize=12)))
band = base.mark_rule(strokeWidth=3, color="#888888").encode(
    x=alt.X("rank_p05:Q", title=t("robust_rank_axis"), axis=alt.Axis(orient="top")),
    x2="rank_p95:Q")
point = base.mark_circle(size=80).encode(
    x="median_rank:Q",
    color=alt.Color("p_selected:Q", title=t("robust_p_selected"),
                    scale=alt.Scale(domain=[0, 1], range=["#ffffcc", "#253494"]),
                    legend=alt.Legend(format="%", orient="top")),
    tooltip=[alt.Tooltip(f"{c.NAME}:N", title=t("col_area")),
             alt.Tooltip("median_rank:Q", format=".0f", title=t("robust_median_rank")),
             alt.Tooltip("rank_p05:Q", format=".0f", title="5 %"),
             alt.Tooltip("rank_p95:Q", format=".0f", title="95 %"),
             alt.Tooltip("p_selected:Q", format=".0%", title=t("robust_p_selected"))])
with st.container(height=min(620, 120 + 18 * len(chart_data))):
    st.altair_chart((band + point).properties(height=18 * len(chart_data)), width="stretch")

st.subheader(t("robust_map"))
st.caption(t("robust_map_explained"))
fills = pd.Series("#d9d9d9", index=table.index)
for low, high, colour in BANDS:
    fills[(table["p_selected"] >= low) & (table["p_selected"] < high)] = colour
map_col, legend_col = st.columns([3, 1])
with map_col:
    area_map(dataclasses.replace(selection, level=scenario.level),
             "robust_map", fills, [t("robust_p_selected"), t("robust_rank_band")],
             pd.DataFrame({"p": [f"{100 * p:.0f} %" for p in table["p_selected"]],
                           "band": [f"{number(a, lang(), 0)}–{number(b, lang(), 0)}"
                                    for a, b in zip(table["rank_p05"], table["rank_p95"],
                                                    strict=True)]}, index=table.index),
             height=460)
with legend_col:
    labels = ["< 5 %", "5–50 %", "50–95 %", "≥ 95 %"]
    counts = [int(((table["p_selected"] >= lo) & (table["p_selected"] < hi)).sum())
              for lo, hi, _ in BANDS]
    st.markdown(legend_html(t("robust_p_selected"), t("robust_map_legend"),
                            [(colour, label, n) for (_, _, colour), label, n in
                             zip(BANDS, labels, counts, strict=True)]), unsafe_allow_html=True)

st.subheader(t("robust_table"))
probabilities = ranked.sort_values(["p_selected", "median_rank"], ascending=[False, True])
probability_table = pd.DataFrame({
    t("col_area"): probabilities[c.NAME].astype(str),
    t("col_code"): probabilities.index.astype(str),
    t("robust_p_selected"): (100 * probabilities["p_selected"]).round(0),
    t("robust_median_rank"): probabilities["median_rank"].round(0),
    t("robust_rank_band"): [f"{number(a, lang(), 0)}–{number(b, lang(), 0)}"
                            for a, b in zip(probabilities["rank_p05"], probabilities["rank_p95"],
                                            strict=True)],
    t("robust_in_point_col"): [t("yes") if v else t("no") for v in probabilities["point_selected"]],
})
show_table(probability_table, {t("robust_p_selected"): 0, t("robust_median_rank"): 0},
           hide_index=True, width="stretch", height=360)
st.download_button(t("download_csv"), people_csv(probability_table, lang()),
                   file_name=f"kraftsamla_sannolikhet_{scenario.level}_{scenario.year}.csv",
                   mime="text/csv", key="robust_download")

# --- spatial structure: hot spots and regions ------------------------------------------------------
level_areas = package.areas_at(scenario.level)
graph = spatial_graph(selection.cache_key, scenario.level, level_areas)
level_selection = dataclasses.replace(selection, level=scenario.level)
index = chosen.result.index
names = level_areas.set_index(c.AREA_ID)[c.NAME]


@st.fragment
def hot_spot_section() -> None:
    """Hot and cold spots; its toggle reruns only this section, not the Monte Carlo above."""
    st.subheader(t("hot_title"))
    explained = HOTSPOTS_EN if lang() == "en" else HOTSPOTS_SV
    st.caption(explained.format(permutations=number(999, lang(), 0)))
    fdr = st.toggle(t("hot_fdr"), value=False, key="hot_fdr", help=t("hot_fdr_help"))
    try:
        hot = local_hotspots(index[SCORE], graph, permutations=999, fdr=fdr, seed=0)
    except HotspotInputError as error:
        st.info(t(f"hot_{error.code}"))
    else:
        how = ("hot_clustered" if hot.global_p < 0.05 and hot.global_i > 0 else
               "hot_dispersed" if hot.global_p < 0.05 else "hot_random")
        st.markdown(t("hot_global", how=t(how), i=number(hot.global_i, lang(), 2),
                      p=p_value_text(hot.global_p)))
        table_hot = hot.table
        map_col, legend_col = st.columns([3, 1])
        with map_col:
            area_map(level_selection, "hot_map", table_hot["cluster"].map(HOT_COLOURS),
                     [t("hot_cluster"), t("col_score"), t("hot_p")],
                     pd.DataFrame({
                         "cluster": [t(f"hot_{k}") for k in table_hot["cluster"]],
                         "score": [number(v, lang(), 1) for v in table_hot["value"]],
                         "p": [number(v, lang(), 3) for v in table_hot["p_value"]],
                     }, index=table_hot.index), height=460)
        with legend_col:
            counts = hot.counts()
            st.markdown(legend_html(
                t("hot_title"), t("hot_legend", p=number(hot.threshold, lang(), 3)),
                [(HOT_COLOURS[k], t(f"hot_{k}"), counts[k]) for k in CLUSTERS if counts[k] or k in
                 ("hot", "cold", "not_significant")]), unsafe_allow_html=True)


@st.fragment
def regions_section() -> None:
    """Regions compared with the rule; the floor slider reruns only this section."""
    st.subheader(t("regions_title"))
    floor = int(st.select_slider(t("regions_floor"), FLOORS, value=300, key="regions_floor",
                                 help=t("regions_floor_help")))
    st.caption((REGIONS_EN if lang() == "en" else REGIONS_SV).format(floor=number(floor, lang(), 0)))
    progress_bar = st.progress(0.0, text=t("regions_running"))
    regions = regionalise_scenario(
        index, graph, min_youth=floor, time_limit_s=2.0,
        progress=lambda done, _stage: progress_bar.progress(min(done, 1.0), text=t("regions_running")))
    progress_bar.empty()
    comparison = compare_with_rule(index[SELECTED], regions.selected, index["youth"])
    figures = st.columns(3)
    figures[0].metric(t("regions_count"), len(regions.regions))
    figures[1].metric(t("regions_proposed"), int(regions.regions["selected"].sum()))
    figures[2].metric(t("regions_overlap"), f"{100 * comparison['overlap']:.0f} %"
                      if comparison["overlap"] == comparison["overlap"] else "–",
                      help=t("regions_overlap_help"))
    if not regions.complete:
        st.warning(t("regions_incomplete", n=regions.below_floor))
    elif regions.below_floor:
        st.info(t("regions_below", n=regions.below_floor))

    status = pd.Series("outside", index=index.index)
    for kind in ("both", "rule_only", "regions_only"):
        status[comparison[kind]] = kind
    proposed = regions.regions[regions.regions["selected"]]
    member_region = regions.assignment
    outlines = []
    if len(proposed):
        chosen_areas = level_areas[level_areas[c.AREA_ID].isin(
            member_region.index[member_region.isin(proposed.index)])]
        shapes = chosen_areas.assign(region=chosen_areas[c.AREA_ID].map(member_region)).dissolve(
            "region").reset_index()
        order_of = proposed["order"]
        shapes["label"] = [f"{t('regions_table_region')} {order_of[r]}" for r in shapes["region"]]
        outlines.append(outline_layer(on_land(shapes, package), "label", t("regions_outline"),
                                      colour=PROPOSED_REGION_OUTLINE, dash=None))
    region_order = regions.regions["order"]
    map_col, legend_col = st.columns([3, 1])
    with map_col:
        area_map(level_selection, "regions_map", status.map(dict(COMPARE_COLOURS)),
                 [t("regions_map_legend"), t("regions_table_region"), t("col_score")],
                 pd.DataFrame({
                     "status": [t(f"regions_{k}") for k in status],
                     "region": [str(region_order.get(r, "–")) for r in member_region.reindex(
                         status.index)],
                     "score": [number(v, lang(), 1) for v in index[SCORE].reindex(status.index)],
                 }, index=status.index), extra=outlines, height=460)
    with legend_col:
        st.markdown(legend_html(
            t("regions_map_legend"), t("regions_outline"),
            [(colour, t(f"regions_{k}"), int((status == k).sum())) for k, colour in COMPARE_COLOURS]),
            unsafe_allow_html=True)
    show_table(pd.DataFrame({
        t("regions_table_region"): proposed["order"],
        t("regions_table_areas"): proposed["n_areas"],
        t("regions_table_youth"): proposed["youth"].round(0).astype(int),
        t("regions_table_score"): proposed["score"].round(1),
        t("regions_table_uvas"): proposed["uvas"].round(1),
        t("regions_table_members"): [", ".join(str(names.get(m, m)) for m in members)
                                     for members in proposed["members"]],
    }).sort_values(t("regions_table_region")), hide_index=True, width="stretch")


hot_spot_section()
regions_section()

st.subheader(t("robust_sensitivity"))
show_table(pd.DataFrame({
    t("robust_choice"): sens[f"explanation_{'en' if lang() == 'en' else 'sv'}"],
    t("robust_mean_change"): sens["mean_abs_rank_change"].round(1),
}), hide_index=True, width="stretch")

st.subheader(t("robust_data_weights"))
pca = pca_weights(inputs[list(ids)], directions)
eq = equal_after_correlation_weights(inputs[list(ids)], directions)
absent_text = t("absent_at_level")
show_table(pd.DataFrame({
    t("col_indicator"): [registry.get(i).short(lang()) for i in (*ids, *absent)],
    t("robust_chosen"): [percent(weights[i] / sum(weights.values()), lang()) for i in ids]
    + [absent_text] * len(absent),
    t("robust_pca"): [percent(pca.get(i, 0), lang()) for i in ids] + [absent_text] * len(absent),
    t("robust_equal_corr"): [percent(eq.get(i, 0), lang()) for i in ids]
    + [absent_text] * len(absent),
}), hide_index=True, width="stretch")
st.caption(PCA_WEIGHTS_EN if lang() == "en" else PCA_WEIGHTS_SV)
st.caption(EQUAL_AFTER_CORRELATION_EN if lang() == "en" else EQUAL_AFTER_CORRELATION_SV)
st.caption(manifest.attribution)
