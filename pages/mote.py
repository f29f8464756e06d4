"""Möte: a presentation view for the steering group on a projector — large type, few controls, the key
figures and the map first, stepped through one view at a time."""

from __future__ import annotations

import dataclasses
import html

import pandas as pd
import streamlit as st

from geo.classify import classify
from indicators import columns as c
from indicators.progress import group_series, status_table
from indicators.registry import PROGRAMME_IDS
from indicators.selection import describe
from indicators.summary import city_figure
from indicators.targets import target_from_dict
from ui.format import indicator_value, number
from ui.maps import area_map, legend_html, proposal_outlines
from ui.persist import attempt, store
from ui.proposals import choose_proposal
from ui.state import lang, page_selection, t
from ui.tables import show_table

STEPS = ("meeting_step_city", "meeting_step_proposal", "meeting_step_followup",
         "meeting_step_insatser")
LARGE_TYPE = """<style>
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] td { font-size: 1.35rem; }
[data-testid="stMetricValue"] { font-size: 3rem; }
[data-testid="stMetricLabel"] p { font-size: 1.25rem; }
</style>"""

selection = page_selection()
if selection is None:
    st.stop()
package, manifest, registry = selection.package, selection.package.manifest, selection.package.registry
package_key = selection.package_key
st.markdown(LARGE_TYPE, unsafe_allow_html=True)



def go(delta: int) -> None:
    """Button callback: move before the rerun, so the buttons are drawn for the new step."""
    current = st.session_state.get("meeting_step", 0)
    st.session_state["meeting_step"] = min(max(current + delta, 0), len(STEPS) - 1)


step = st.session_state.setdefault("meeting_step", 0)
nav = st.columns([3, 5, 3])
nav[0].button(t("meeting_previous"), key="meeting_prev", disabled=step == 0, width="stretch",
              on_click=go, args=(-1,))
nav[2].button(t("meeting_next"), key="meeting_next", disabled=step == len(STEPS) - 1,
              width="stretch", on_click=go, args=(1,))
nav[1].markdown(f"<div style='text-align:center;font-size:1.1rem'>{step + 1} / {len(STEPS)} · "
                f"{t(STEPS[step])}</div>", unsafe_allow_html=True)
st.title(t(STEPS[step]))
if manifest.demo:
    st.info(t("demo_banner"), icon="🧪")

db = store()
chosen = choose_proposal(selection, db, in_sidebar=True)
scenario, result, level = chosen.scenario, chosen.result, chosen.scenario.level
selected_ids = chosen.selected_ids

if STEPS[step] == "meeting_step_city":
    year = selection.year
    ids = [i for i in PROGRAMME_IDS if i in registry]
    columns = st.columns(3)
    for n, ident in enumerate(ids):
        indicator = registry.get(ident)
        years = package.years_for(ident, manifest.city_level or level) or package.years_for(ident, level)
        shown_year = max([y for y in years if y <= year], default=None) if years else None
        figure = None
        if shown_year is not None:
            frame = package.indicator_frame(level, shown_year, ident)
            figure = city_figure(frame, None, package.city_value(shown_year, ident),
                                 is_share=indicator.is_share)
        value = indicator_value(figure.value, indicator, lang()) if figure else "–"
        columns[n % 3].markdown(
            f"<div style='border:1px solid #ddd;border-radius:.6rem;padding:1rem;margin-bottom:1rem'>"
            f"<div style='font-size:1.3rem'>{html.escape(indicator.name(lang()))}</div>"
            f"<div style='font-size:3.2rem;font-weight:700'>{html.escape(value)}</div>"
            f"<div style='color:#555'>{shown_year or '–'}</div></div>", unsafe_allow_html=True)
    st.caption(manifest.attribution)

elif STEPS[step] == "meeting_step_proposal":
    st.markdown(f"**{describe(scenario.selection_rule, lang())}** · "
                f"{manifest.level(level).name(lang())} · {scenario.year}")
    classification = classify(result.index["score"], "quantiles", 5)
    extra = proposal_outlines(result.proposals, package)
    map_col, side = st.columns([3, 1])
    with map_col:
        values = pd.DataFrame({"score": [number(v, lang()) for v in result.index["score"]]},
                              index=result.index.index)
        area_map(dataclasses.replace(selection, level=level), "meeting_map",
                 classification.colour_of(), [t("col_score")], values, extra=extra, height=620)
    with side:
        st.metric(t("selected_areas"), len(selected_ids))
        st.metric(t("proposals"), len(result.proposals))
        st.metric(t("youth_covered"), f"{number(100 * result.coverage.youth_share, lang())} %")
        labels = [f"{number(lo, lang(), 0)}–{number(hi, lang(), 0)}"
                  for lo, hi in zip(classification.lower, classification.upper, strict=True)]
        st.markdown(legend_html(t("index_title"), t("index_legend_sub"), list(zip(
            classification.colours, labels, classification.counts, strict=True))),
            unsafe_allow_html=True)
    if len(result.proposals):
        show_table(pd.DataFrame({
            t("col_proposal"): result.proposals["proposal_id"],
            t("col_area"): result.proposals["name_en" if lang() == "en" else c.NAME],
            t("youth", band=manifest.youth_band): result.proposals["youth"].round(0),
            "UVAS (%)": result.proposals["uvas"].round(1),
        }), hide_index=True, width="stretch")

elif STEPS[step] == "meeting_step_followup":
    stored = attempt(lambda: db.list_targets(package_key, scope="proposal"),
                     write=False) if db is not None else None
    targets = {x.indicator_id: target_from_dict(x.target_dict()) for x in stored or []}
    boards = {x.indicator_id: x.responsible_board for x in stored or []}
    if not targets:
        st.info(t("meeting_no_targets"))
    else:
        series = {i: group_series(package.indicators, level, i, selected_ids,
                                  is_share=registry.get(i).is_share)
                  for i in targets if package.years_for(i, level)}
        checkpoint = st.radio(t("checkpoint"), (2030, 2035), horizontal=True,
                              key="meeting_checkpoint")
        table = status_table(series, {i: targets[i] for i in series},
                             {i: registry.get(i).direction for i in series}, checkpoint, lang=lang())
        for _, row in table.iterrows():
            cols = st.columns([3, 2, 2, 3])
            cols[0].markdown(f"**{registry.get(row[c.INDICATOR]).short(lang())}**")
            cols[1].markdown(f"<span style='background:{row['colour']};color:white;padding:.2em .7em;"
                             f"border-radius:.8em;font-weight:600'>{row['label']}</span>",
                             unsafe_allow_html=True)
            cols[2].markdown(f"{number(row['latest_value'], lang())} → {number(row['target_value'], lang())}")
            cols[3].markdown(boards.get(row[c.INDICATOR]) or "–")

else:  # insatser
    insatser = attempt(lambda: db.list_insatser(package_key), write=False) if db is not None else None
    if insatser is None and db is not None:
        pass  # could not be read: attempt said so; never claim that none are registered
    elif not insatser:
        st.info(t("no_insatser"))
    else:
        frame = pd.DataFrame([{"board": i.board, "budget": i.budget_sek or 0} for i in insatser])
        summary = frame.groupby("board").agg(n=("board", "size"), budget=("budget", "sum"))
        for board, row in summary.sort_values("budget", ascending=False).iterrows():
            cols = st.columns([3, 1, 2])
            cols[0].markdown(f"**{board}**")
            cols[1].markdown(t("meeting_n_insatser", n=int(row["n"])))
            cols[2].markdown(f"{number(row['budget'], lang(), 0)} kr")
