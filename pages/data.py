"""Data och import: what the data package holds and how real each indicator is; import own files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import columns as c
from ui.imports import import_section
from ui.osm import osm_left_out_section
from ui.plain_text import plain
from ui.scb_fetch import scb_fetch_section
from ui.state import lang, page_selection, t
from ui.surveys import survey_section
from ui.tables import show_table

selection = page_selection()
if selection is None:
    st.stop()
package = selection.package
manifest, registry = package.manifest, package.registry

st.title(t("page_data"))
st.caption(t("data_intro"))
if manifest.demo:
    st.info(t("demo_banner"), icon="🧪")

st.subheader(t("package_contents"))
st.markdown(f"**{plain(manifest.name)}**")
description = manifest.description_en if lang() == "en" and manifest.description_en \
    else manifest.description
if description:
    st.markdown(plain(description))
st.caption(plain(manifest.attribution))

show_table(
    pd.DataFrame({
        t("col_level"): [lv.name(lang()) for lv in manifest.levels],
        t("col_code"): [lv.id for lv in manifest.levels],
        t("col_areas"): [len(package.areas[lv.id]) for lv in manifest.levels],
    }),
    hide_index=True,
)

rows = []
for indicator in registry:
    entry = manifest.entry(indicator.id)
    data = package.indicators[package.indicators[c.INDICATOR] == indicator.id]
    if data.empty and indicator.id not in manifest.indicators:
        continue
    years = sorted(int(y) for y in data[c.YEAR].unique())
    per_level = "; ".join(
        f"{manifest.level(lv).name(lang())}: {t(f'status_{entry.at(lv).status}').lower()}"
        for lv in manifest.level_ids
    )
    notes = [entry.note(lang())] + [
        f"{manifest.level(lv).name(lang())}: {a.note(lang())}"
        for lv, a in entry.levels.items() if a.note(lang())
    ]
    rows.append({
        t("col_indicator"): indicator.name(lang()),
        t("col_role"): t(f"role_{indicator.role.value}"),
        t("col_status"): t("demo_label") if manifest.demo else t(f"status_{entry.status}"),
        t("col_years"): f"{years[0]}–{years[-1]}" if years else "–",
        t("col_levels"): per_level,
        t("col_note"): " ".join(n for n in notes if n),
    })
show_table(pd.DataFrame(rows), hide_index=True, width="stretch")

if manifest.sources:  # packages built by `cli fetch-scb` say where every table came from
    st.subheader(t("sources_title"))
    show_table(pd.DataFrame({
        t("sources_table"): [str(src.get("id", "")) for src in manifest.sources],
        t("sources_name"): [str(src.get("title", "")) for src in manifest.sources],
        t("sources_fetched"): [str(src.get("fetched", "")) for src in manifest.sources],
        t("sources_status"): [str(src.get("status", "ok")) for src in manifest.sources],
        t("sources_url"): [str(src.get("url", "")) for src in manifest.sources],
    }), hide_index=True, width="stretch")

osm_left_out_section(manifest)  # issue 21: what the OpenStreetMap access indicators leave out

with st.expander(t("open_other_package")):
    st.markdown(t("open_other_help"))

import_section(selection)
survey_section(selection)  # issue 21: young people's survey answers per area
scb_fetch_section()
