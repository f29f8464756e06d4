"""Robusthet: how sure is the proposal? Rank bands and selection probabilities under other reasonable
weights and methods, what moves the ranks most, and weights derived from the data — for analysts and
the steering group before money is committed."""

from __future__ import annotations

import dataclasses

import altair as alt
import pandas as pd
import streamlit as st

from indicators import columns as c
from indicators.index import AGGREGATIONS, NORMALISATIONS
from indicators.robustness import (
    EQUAL_AFTER_CORRELATION_EN,
    EQUAL_AFTER_CORRELATION_SV,
    PCA_WEIGHTS_EN,
    PCA_WEIGHTS_SV,
    equal_after_correlation_weights,
    pca_weights,
    rank_uncertainty,
    sensitivity,
)
from indicators.scenario import area_inputs
from ui.format import number
from ui.maps import area_map, legend_html
from ui.persist import store
from ui.proposals import choose_proposal
from ui.state import lang, page_selection, t

BANDS = (  # probability of being in the proposal -> colour (light = never, dark = always)
    (0.0, 0.05, "#ffffcc"), (0.05, 0.5, "#a1dab4"), (0.5, 0.95, "#41b6c4"), (0.95, 1.01, "#253494"))
TOP_AREAS = 40

selection = page_selection()
if selection is None:
    st.stop()
package, manifest, registry = selection.package, selection.package.manifest, selection.package.registry
package_key = st.session_state.get("package", "demo")

st.title(t("page_robustness"))
st.caption(t("robustness_intro"))
if manifest.demo:
    st.info(t("demo_banner"), icon="🧪")

chosen = choose_proposal(selection, store(), package_key, "robust_proposal")
scenario = chosen.scenario
weights = {k: w for k, w in scenario.weights if w > 0}
ids = tuple(weights)
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
    result = rank_uncertainty(
        inputs[list(ids)], directions, weights, draws=draws, concentration=concentration,
        normalisation=scenario.normalisation, aggregation=scenario.aggregation,
        normalisations=tuple(NORMALISATIONS) if vary_methods else None,
        aggregations=tuple(AGGREGATIONS) if vary_methods else None,
        rule=scenario.rule, youth=inputs["youth"], seed=0)
table = result.table.join(package.areas_at(scenario.level).set_index(c.AREA_ID)[[c.NAME]])
sure = int((table["p_selected"] >= 0.95).sum())
unsure = int(((table["p_selected"] > 0.05) & (table["p_selected"] < 0.95)).sum())
figures = st.columns(3)
figures[0].metric(t("robust_sure"), sure, help=t("robust_sure_help"))
figures[1].metric(t("robust_unsure"), unsure, help=t("robust_unsure_help"))
figures[2].metric(t("robust_in_point"), int(table["point_selected"].sum()))

st.subheader(t("robust_bands"))
st.caption(t("robust_bands_explained"))
top = table.dropna(subset=["median_rank"]).sort_values(["median_rank", "point_rank"]).head(TOP_AREAS)
chart_data = top.reset_index()[[c.NAME, "median_rank", "rank_p05", "rank_p95", "p_selected"]]
base = alt.Chart(chart_data).encode(y=alt.Y(f"{c.NAME}:N", sort=list(chart_data[c.NAME]),
                                            title=None))
band = base.mark_rule(strokeWidth=3, color="#888888").encode(
    x=alt.X("rank_p05:Q", title=t("robust_rank_axis"), scale=alt.Scale(reverse=False)),
    x2="rank_p95:Q")
point = base.mark_circle(size=80).encode(
    x="median_rank:Q",
    color=alt.Color("p_selected:Q", title=t("robust_p_selected"),
                    scale=alt.Scale(domain=[0, 1], range=["#ffffcc", "#253494"])),
    tooltip=[f"{c.NAME}:N", alt.Tooltip("median_rank:Q", format=".0f"),
             alt.Tooltip("rank_p05:Q", format=".0f"), alt.Tooltip("rank_p95:Q", format=".0f"),
             alt.Tooltip("p_selected:Q", format=".0%")])
st.altair_chart((band + point).properties(height=max(240, 16 * len(chart_data))), width="stretch")

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

st.subheader(t("robust_sensitivity"))
sens = sensitivity(inputs[list(ids)], directions, weights, draws=min(draws, 2_000),
                   concentration=concentration, normalisation=scenario.normalisation,
                   aggregation=scenario.aggregation, seed=0)
st.dataframe(pd.DataFrame({
    t("robust_choice"): sens[f"explanation_{'en' if lang() == 'en' else 'sv'}"],
    t("robust_mean_change"): sens["mean_abs_rank_change"].round(1),
}), hide_index=True, width="stretch")

st.subheader(t("robust_data_weights"))
pca = pca_weights(inputs[list(ids)], directions)
eq = equal_after_correlation_weights(inputs[list(ids)], directions)
st.dataframe(pd.DataFrame({
    t("col_indicator"): [registry.get(i).short(lang()) for i in ids],
    t("robust_chosen"): [f"{100 * weights[i] / sum(weights.values()):.0f} %" for i in ids],
    t("robust_pca"): [f"{100 * pca.get(i, 0):.0f} %" for i in ids],
    t("robust_equal_corr"): [f"{100 * eq.get(i, 0):.0f} %" for i in ids],
}), hide_index=True, width="stretch")
st.caption(PCA_WEIGHTS_EN if lang() == "en" else PCA_WEIGHTS_SV)
st.caption(EQUAL_AFTER_CORRELATION_EN if lang() == "en" else EQUAL_AFTER_CORRELATION_SV)
st.caption(manifest.attribution)
