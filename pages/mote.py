"""Möte: the steering group's meeting on a projector — full screen, one step a screen, stepped with
the arrow keys or a clicker, the step in the link (``?steg=2``), a handout of the same steps as a PDF,
and the decisions recorded per step."""

from __future__ import annotations

from datetime import date

import streamlit as st

from reports.meeting.handout import HandoutInfo, handout_pdf
from reports.meeting.model import STEP_KEYS
from reports.meeting.slides import slides
from ui.meeting.inputs import meeting_inputs
from ui.meeting.notes import flash, record_note
from ui.meeting.render import key_script, slide_html, stylesheet
from ui.persist import store
from ui.state import lang, page_selection, t

STEP_PARAM = "steg"

selection = page_selection()
if selection is None:
    st.stop()
st.html(f"<style>{stylesheet()}</style>")
with st.container(key="meeting_keys"):
    st.html(f"<script>{key_script()}</script>", unsafe_allow_javascript=True)


def current_step() -> int:
    """The step in the link (1–5); anything else is the first step."""
    text = str(st.query_params.get(STEP_PARAM, "1"))
    return min(max(int(text), 1), len(STEP_KEYS)) if text.isdigit() and len(text) < 3 else 1


def go(delta: int) -> None:
    """Button callback (also pressed by the arrow keys): move, and put the step in the link."""
    step = min(max(current_step() + delta, 1), len(STEP_KEYS))
    st.query_params[STEP_PARAM] = str(step)


step = current_step()
st.query_params[STEP_PARAM] = str(step)
today = date.today()
db = store(reading=True)
inputs = meeting_inputs(selection, db, today)
shown = slides(inputs)

nav = st.container(key="meeting_nav")
cols = nav.columns([1.6, 0.8, 0.8, 3.2, 1.5, 1.8], vertical_alignment="center")
cols[0].page_link("pages/oversikt.py", label=t("meeting_back"))
cols[1].button("◀", key="meeting_prev", disabled=step == 1, on_click=go, args=(-1,),
               help=t("meeting_keys_hint"), width="stretch")
cols[2].button("▶", key="meeting_next", disabled=step == len(STEP_KEYS), on_click=go, args=(1,),
               help=t("meeting_keys_hint"), width="stretch")
with cols[4]:
    record_note(db, selection.package_key, step, list(inputs.notes), today)
info = HandoutInfo(package=selection.package.manifest.name, scenario=inputs.scenario_label,
                   date_text=today.isoformat(), source=selection.package.manifest.attribution,
                   lang=lang())
cols[5].download_button(t("meeting_handout"), data=lambda: handout_pdf(shown, info),
                        file_name=f"kraftsamla_mote_{today.isoformat()}.pdf", mime="application/pdf",
                        key="meeting_handout", width="stretch", on_click="ignore")
saved = flash()
if saved:
    st.toast(saved)
where = " · ".join(part for part in (
    t("meeting_step_of", n=step, total=len(STEP_KEYS)), inputs.scenario_label,
    t("meeting_demo") if selection.package.manifest.demo else "") if part)
st.html(slide_html(shown[step - 1], where))
