"""The fetch button on "Data och import": real data for any kommun from SCB, without the command line.

Choose a kommun (name search over the embedded list of 290), see what will be fetched and roughly how
long, fetch with a progress bar (tables and parts done, time left), cancel, and open the result. The
fetch is `datapackage.scb.job.FetchJob` – the same code as ``python -m cli fetch-scb`` – on a
background thread; the page polls it with a fragment, so it stays usable. The package is written
atomically to ``data/<kommun>_scb`` (``$KRAFTSAMLA_DATA_DIR`` when set) and then appears in the
package picker. Offline or cancelled: the CLI's message, and nothing is written.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import streamlit as st

from access.roles import IMPORT
from datapackage.catalog import packages_dir
from datapackage.scb.client import default_cache_dir
from datapackage.scb.endpoints import Endpoints
from datapackage.scb.job import (
    CANCELLED,
    DONE,
    RUNNING,
    FetchJob,
    JobState,
    package_folder_name,
    plan_fetch,
    writable_target,
)
from datapackage.scb.kommuner import Kommun, find_kommun, kommuner
from i18n.catalogue import translate, with_language
from ui.access import permitted
from ui.loaders import load_package
from ui.state import labels_for, lang, t
from ui.tables import show_table

KEY = "data_scb"
JOB = f"{KEY}_job"
POLL_SECONDS = 0.5


def kommun_matches(query: str) -> list[Kommun]:
    """Kommuner whose name contains ``query`` (any case; all when empty), names first that start
    with it, then alphabetically."""
    needle = query.strip().casefold()
    found = [Kommun(code, name) for code, name in kommuner().items()
             if needle in name.casefold() or needle == code]
    return sorted(found, key=lambda k: (not k.name.casefold().startswith(needle), k.name))


def duration(seconds: float, language: str) -> str:
    """Seconds in words: ``45 s`` under a minute and a half, else whole minutes (rounded up)."""
    if seconds < 90:
        return translate("scb_duration_seconds", language, n=max(1, round(seconds)))
    return translate("scb_duration_minutes", language, n=math.ceil(seconds / 60))


def step_text(state: JobState, language: str) -> str:
    """The progress bar's text: the current step and, once it can be told, the time left."""
    event = state.progress
    text = (translate(f"scb_progress_{event.code}", language, **with_language(dict(event.params),
                                                                             language))
            if event is not None else translate("scb_fetch_starting", language))
    left = state.seconds_left
    if left is not None:
        text += translate("scb_fetch_time_left", language, duration=duration(left, language))
    return text.strip()


def scb_fetch_section() -> None:
    """The section: a running or finished fetch, else the choice of kommun and the plan."""
    st.subheader(t("scb_fetch_heading"))
    st.caption(t("scb_fetch_help"))
    job: FetchJob | None = st.session_state.get(JOB)
    if job is not None:
        if job.snapshot().status == RUNNING:
            _progress()
        else:
            _result(job)
        return
    # Widgets not drawn while a fetch ran lost their state: bring back the last choice.
    last = st.session_state.get(f"{KEY}_last")
    if last is not None and f"{KEY}_query" not in st.session_state:
        st.session_state[f"{KEY}_query"], st.session_state[f"{KEY}_kommun"] = last
    query = st.text_input(t("scb_fetch_search"), key=f"{KEY}_query", help=t("scb_fetch_search_help"))
    matches = kommun_matches(query)
    if not matches:
        st.info(t("scb_fetch_no_match", query=query))
        return
    codes = [k.code for k in matches]
    names = {k.code: k.name for k in matches}
    if st.session_state.get(f"{KEY}_kommun") not in codes:
        st.session_state[f"{KEY}_kommun"] = codes[0]
    code = st.selectbox(t("scb_fetch_kommun"), codes, key=f"{KEY}_kommun",
                        format_func=labels_for(codes, lambda c: f"{names[c]} ({c})"))
    kommun = find_kommun(code)
    plan = plan_fetch(kommun, date.today().year)
    st.caption(t("scb_fetch_plan", tables=len(plan.tables), requests=plan.requests,
                 duration=duration(plan.seconds, lang())))
    show_table(pd.DataFrame({
        t("scb_col_table"): [p.table_id for p in plan.tables],
        t("scb_col_what"): [with_language({"what_sv": p.what_sv, "what_en": p.what_en},
                                          lang())["what"] for p in plan.tables],
        t("scb_col_years"): [f"{p.first_year}–{p.last_year}" for p in plan.tables],
        t("scb_col_requests"): [p.requests for p in plan.tables],
    }), hide_index=True)
    out = packages_dir() / package_folder_name(kommun)
    if not writable_target(out):
        st.warning(t("scb_not_a_package_folder", path=str(out)))
        return
    st.caption(t("scb_fetch_target", path=str(out)))
    st.button(t("scb_fetch_start", kommun=kommun.name), key=f"{KEY}_start", type="primary",
              on_click=_start, args=(kommun, out))


def _start(kommun: Kommun, out) -> None:
    if not permitted(IMPORT):  # a fetched package is shared by every session: samordnare only
        return
    st.session_state[f"{KEY}_last"] = (st.session_state.get(f"{KEY}_query", ""), kommun.code)
    st.session_state[JOB] = FetchJob(kommun, out, Endpoints.from_env(),
                                     {"cache_dir": default_cache_dir()}).start()


def _cancel() -> None:
    job: FetchJob | None = st.session_state.get(JOB)
    if job is not None:
        job.cancel()
        st.session_state[f"{KEY}_cancelling"] = True


@st.fragment(run_every=POLL_SECONDS)
def _progress() -> None:
    """Redrawn every `POLL_SECONDS` while the fetch runs; the whole page reruns when it ends."""
    job: FetchJob | None = st.session_state.get(JOB)
    if job is None:
        return
    state = job.snapshot()
    if state.status != RUNNING:
        st.rerun(scope="app")
    st.info(t("scb_fetch_running", kommun=job.kommun.name))
    st.progress(state.fraction, text=step_text(state, lang()))
    if st.session_state.get(f"{KEY}_cancelling"):
        st.caption(t("scb_fetch_cancelling"))
    else:
        st.button(t("scb_fetch_cancel"), key=f"{KEY}_cancel", on_click=_cancel)


def _result(job: FetchJob) -> None:
    state = job.snapshot()
    st.session_state.pop(f"{KEY}_cancelling", None)
    if state.status == DONE and state.path is not None:
        load_package.clear()  # a package fetched again into the same folder is read afresh
        package_name = state.path.name
        st.success(t("scb_fetch_done", name=job.kommun.name, calls=state.calls,
                     duration=duration(state.elapsed, lang())))
        st.button(t("scb_fetch_open"), key=f"{KEY}_open", type="primary", on_click=_open,
                  args=(package_name,))
    elif state.status == CANCELLED:
        st.warning(t("scb_fetch_cancelled"))
    else:
        st.error(t("scb_fetch_failed"))
        if state.error is not None:
            code, params = state.error
            st.error(t(code, **params))
    if state.problems:
        with st.expander(t("scb_fetch_notes"), expanded=state.status != DONE):
            for problem in state.problems:
                st.text(problem.describe(lang()))
    st.button(t("scb_fetch_dismiss"), key=f"{KEY}_dismiss", on_click=_dismiss)


def _open(package_name: str) -> None:
    st.session_state.pop(JOB, None)
    st.session_state["package"] = package_name


def _dismiss() -> None:
    st.session_state.pop(JOB, None)
