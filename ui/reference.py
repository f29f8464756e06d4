"""Categorical references on the maps (e.g. SCB's områdestyp) and a proposal set beside them."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from datapackage.manifest import Classification
from datapackage.store import DataPackage
from geo.land import clip_to_land
from geo.webmap import outline_layer
from indicators.index import RANK
from indicators.reference import compare_with_reference
from indicators.scenario import SELECTED
from model import columns as c
from services.scenario import ScenarioResult
from ui.state import Selection, lang, t
from ui.tables import show_table

#: Outline colours of the focus categories, darkest for the most challenged (dashed on the maps).
FOCUS_COLOURS = ("#6a3d9a", "#b15928", "#1f78b4")


def reference_outlines(package: DataPackage, classification: Classification,
                       year: int) -> gpd.GeoDataFrame:
    """The focus categories' areas (at the classification's own level), one row per category,
    cut to land, with ``name`` ("Typ 1: …") and ``attrs["title"]`` for the export legend."""
    level = package.classification_levels(classification.id)[0]
    categories = package.classification_at(classification.id, level, year)
    areas = package.areas_at(level).set_index(c.AREA_ID)
    focus = [code for code in classification.focus if (categories == code).any()]
    shapes = []
    for code in focus:
        members = areas.loc[categories.index[categories == code].intersection(areas.index)]
        shapes.append({c.NAME: f"{code}: {classification.category(code).name(lang())}",
                       "geometry": members.geometry.union_all()})
    out = clip_to_land(gpd.GeoDataFrame(shapes, geometry="geometry", crs=areas.crs), package.land)
    out.attrs["title"] = t("reference_layer_title", name=classification.name(lang()),
                           year=categories.attrs.get("year", year))
    return out


def reference_layers(references: list[gpd.GeoDataFrame]) -> list[folium.GeoJson]:
    """Dashed outlines for the web map, one colour per focus category, named in the tooltip."""
    layers = []
    for reference in references:
        for i in range(len(reference)):
            layers.append(outline_layer(reference.iloc[[i]], c.NAME, reference.attrs["title"],
                                        colour=FOCUS_COLOURS[i % len(FOCUS_COLOURS)],
                                        dash="8 5"))
    return layers


def reference_choices(package: DataPackage, year: int, key_prefix: str) -> list[gpd.GeoDataFrame]:
    """A checkbox per classification with focus categories; the outlines of those switched on."""
    chosen = []
    for classification in package.manifest.classifications:
        if not classification.focus or not package.classification_levels(classification.id):
            continue
        label = t("reference_show", name=classification.name(lang()),
                  types=", ".join(classification.focus))
        if st.checkbox(label, key=f"{key_prefix}_reference_{classification.id}",
                       help=classification.note(lang())):
            chosen.append(reference_outlines(package, classification, year))
    return chosen


def _names(frame: pd.DataFrame, names: pd.Series, classification: Classification,
           with_rank: bool) -> pd.DataFrame:
    out = {t("col_area"): [str(names.get(a, a)) for a in frame.index],
           t("col_code"): list(frame.index),
           t("reference_type"): [classification.category(k).name(lang()) if pd.notna(k) else
                                 t("reference_no_type") for k in frame[c.CATEGORY]]}
    if with_rank:
        out[t("col_rank")] = [int(r) if pd.notna(r) else None for r in frame["rank"]]
    return pd.DataFrame(out)


def reference_section(selection: Selection, result: ScenarioResult) -> None:
    """How the proposal relates to each classification with focus categories, by area name."""
    package, level = selection.package, result.scenario.level
    for classification in package.manifest.classifications:
        if not classification.focus:
            continue
        categories = package.classification_for(classification.id, level, result.scenario.year)
        st.subheader(t("reference_heading", name=classification.name(lang())))
        if categories.empty:
            st.info(t("reference_not_at_level", name=classification.name(lang()),
                      level=package.manifest.level(level).name(lang())))
            continue
        index = result.index
        comparison = compare_with_reference(index[SELECTED], index[RANK], categories,
                                            classification.focus)
        focus = ", ".join(classification.focus)
        caption = t("reference_caption", name=classification.name(lang()), types=focus,
                    year=categories.attrs.get("year", result.scenario.year))
        if "from_level" in categories.attrs:
            caption += " " + t("reference_inherited", level=package.manifest.level(
                categories.attrs["from_level"]).name(lang()))
        st.caption(f"{caption} {classification.attribution}")
        figures = st.columns(3)
        figures[0].metric(t("reference_in_both", types=focus), len(comparison.in_both),
                          help=t("reference_of_focus", n=comparison.n_focus, types=focus))
        figures[1].metric(t("reference_left_out", types=focus), len(comparison.left_out))
        figures[2].metric(t("reference_outside", types=focus), len(comparison.outside_focus))
        names = index[c.NAME]
        for heading, frame, with_rank in (
                (t("reference_left_out_list", types=focus), comparison.left_out, True),
                (t("reference_outside_list", types=focus), comparison.outside_focus, True),
                (t("reference_in_both_list", types=focus), comparison.in_both, True)):
            if len(frame):
                st.markdown(f"**{heading}**")
                show_table(_names(frame, names, classification, with_rank), hide_index=True,
                             width="stretch")
