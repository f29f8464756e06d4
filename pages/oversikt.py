"""Översikt: one indicator per area on a map, with legend, key figures and values — for everyone."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.classify import SCHEMES, classify
from i18n.format import indicator_value, number
from indicators.summary import CityMethod, city_figure
from model import columns as c
from model.registry import Direction
from ui.exports import map_downloads
from ui.maps import area_map, legend_html, overlay_choices, titled_overlay
from ui.plain_text import plain
from ui.reference import reference_choices, reference_layers
from ui.state import labels_for, lang, offer_nearest_year, page_selection, t
from ui.tables import show_table

METHOD_TEXT = {
    CityMethod.CITY_LEVEL: "source_city_level",
    CityMethod.SUMS: "source_sums",
    CityMethod.WEIGHTED: "source_weighted",
    CityMethod.MEAN: "source_mean",
}


selection = page_selection()
if selection is None:
    st.stop()
package, level, year = selection.package, selection.level, selection.year
manifest, registry = package.manifest, package.registry
level_name = manifest.level(level).name(lang())

st.title(t("page_overview"))
st.caption(t("overview_intro"))
if manifest.demo:
    st.info(t("demo_banner"), icon="🧪")

available = package.indicator_ids() or registry.ids
indicator_ids = [i for i in available if i in registry]
at_level = package.years_with_values(level, indicator_ids)
here = at_level.get(year, ())
on_level = {i for ids in at_level.values() for i in ids}


def opening_indicator() -> str:
    """The first indicator (in registry order, so UVAS first) with values here: the page opens on
    data."""
    return here[0] if here else indicator_ids[0]


# The widget's value is forgotten while another page is shown; the saved copy brings it back.
wanted = st.session_state.get("overview_indicator",
                              st.session_state.get("overview_indicator_saved",
                                                   st.query_params.get("indicator")))
moved_level = st.session_state.get("overview_indicator_level") not in (None, level)
switched_from = None
if wanted not in indicator_ids or ("overview_indicator" not in st.session_state
                                   and wanted not in here):
    wanted = opening_indicator()
elif moved_level and wanted not in on_level:
    # A level change never lands on an indicator that this level does not have at all.
    switched_from, wanted = wanted, opening_indicator()
st.session_state["overview_indicator"] = wanted
st.session_state["overview_indicator_level"] = level
controls = st.columns([2, 2, 1, 2])
indicator_id = controls[0].selectbox(
    t("indicator"), indicator_ids, key="overview_indicator",
    format_func=labels_for(indicator_ids, lambda i: registry.get(i).name(lang()) + (
        "" if i in on_level else f" – {t('absent_at_level')}")))
scheme = controls[1].selectbox(t("classification"), list(SCHEMES), key="overview_scheme",
                               format_func=labels_for(SCHEMES, lambda s: t(f"scheme_{s}")))
k = controls[2].number_input(t("classes"), min_value=3, max_value=7, value=5,
                             key="overview_k")
tiles = controls[3].toggle(t("background_tiles"), value=False, key="overview_tiles")
st.query_params["indicator"] = indicator_id
st.session_state["overview_indicator_saved"] = indicator_id
indicator = registry.get(indicator_id)
if switched_from is not None and switched_from != indicator_id:
    st.info(t("indicator_switched", old=registry.get(switched_from).name(lang()), level=level_name,
              new=indicator.name(lang())))

availability = manifest.entry(indicator_id).at(level)
status_text = t("demo_label") if manifest.demo else t(f"status_{availability.status}")
note = availability.note(lang())
st.markdown(f"**{indicator.name(lang())}** · {level_name} · {year} · {status_text}")
if note:
    (st.warning if availability.status != "real" else st.caption)(note)

frame = package.indicator_frame(level, year, indicator_id)
if frame[c.VALUE].notna().sum() == 0:
    years = [y for y, ids in at_level.items() if indicator_id in ids]
    levels = [manifest.level(lv).name(lang()) for lv in manifest.level_ids
              if package.years_for(indicator_id, lv)]
    message = t("no_values", indicator=indicator.name(lang()), level=level_name, year=year)
    if years:
        message += " " + t("available_years", years=", ".join(map(str, years)))
    if levels:
        message += " " + t("available_levels", levels=", ".join(levels))
    offer_nearest_year(message, years, year, "overview_nearest_year")

classification = classify(frame[c.VALUE], scheme=scheme, k=int(k),
                          higher_is_worse=indicator.direction is Direction.HIGHER_IS_WORSE)
class_labels = [
    f"{number(lo, lang())}–{number(hi, lang())}"
    for lo, hi in zip(classification.lower, classification.upper, strict=True)
]
frame = frame.assign(
    fill=classification.colour_of(),
    value_label=[indicator_value(v, indicator, lang()) if not s else t("col_suppressed")
                 for v, s in zip(frame[c.VALUE], frame[c.SUPPRESSED], strict=True)],
)

map_col, side_col = st.columns([5, 2])
with map_col:
    overlays = overlay_choices(package, "overview")
    references = reference_choices(package, year, "overview")
    area_map(selection, "overview_map", frame["fill"], [t("col_code"), indicator.short(lang())],
             pd.DataFrame({"code": frame.index, "value": frame["value_label"]}, index=frame.index),
             overlays=overlays, extra=reference_layers(references), tiles=tiles)
    st.caption(f"{manifest.attribution} · {t('definition')}: {indicator.definition(lang())}")
    map_downloads(
        "overview_export", package.areas_at(level), frame[c.VALUE], title=indicator.name(lang()),
        subtitle=f"{level_name} · {year}", legend_title=indicator.short(lang()),
        unit=indicator.unit.symbol, attribution=manifest.attribution, demo=manifest.demo,
        file_stem=f"kraftsamla_{indicator_id}_{level}_{year}", scheme=scheme,
        higher_is_worse=indicator.direction is Direction.HIGHER_IS_WORSE,
        overlays=[*(titled_overlay(package, o) for o in overlays), *references],
        land=package.land,
        notes=(note, f"{t('definition')}: {indicator.definition(lang())}"))

with side_col:
    st.markdown(f"#### {t('legend')}")
    no_data = int((classification.classes == -1).sum())
    direction = t("higher_better" if indicator.direction is Direction.HIGHER_IS_BETTER
                  else "higher_worse")
    st.markdown(legend_html(
        f"{indicator.short(lang())} ({indicator.unit.symbol})",
        f"{direction}. {t('legend_darker')}. {t('legend_counts')}",
        [(colour, label, count) for colour, label, count in zip(
            classification.colours, class_labels, classification.counts, strict=True)],
        no_data), unsafe_allow_html=True)
    st.markdown(f"#### {t('key_figures')}")
    population = package.population_at(level, year)
    weights = population.get(c.AGE_TOTAL) if not population.empty else None
    figure = city_figure(frame, weights, package.city_value(year, indicator_id),
                         is_share=indicator.is_share)
    if figure is not None:
        city_help = t("city_value_help", source=t(METHOD_TEXT[figure.method]))
        if figure.method is CityMethod.CITY_LEVEL and manifest.city_level:
            city_help += " " + manifest.entry(indicator_id).at(manifest.city_level).note(lang())
        partial = figure.method is not CityMethod.CITY_LEVEL and manifest.level(level).source
        counted = int(frame[c.VALUE].notna().sum())
        st.metric(t("city_value_partial" if partial else "city_value"),
                  indicator_value(figure.value, indicator, lang()), help=city_help)
        if figure.method is not CityMethod.CITY_LEVEL:
            st.caption(t("city_value_from_areas_partial" if partial else "city_value_from_areas",
                         n=counted))
    present = frame[frame[c.VALUE].notna()]
    if not present.empty:
        low, high = present[c.VALUE].idxmin(), present[c.VALUE].idxmax()
        st.metric(t("lowest_area"), indicator_value(present.loc[low, c.VALUE], indicator, lang()),
                  help=plain(present.loc[low, c.NAME]))
        st.metric(t("highest_area"),
                  indicator_value(present.loc[high, c.VALUE], indicator, lang()),
                  help=plain(present.loc[high, c.NAME]))
    st.metric(t("areas_with_data"), f"{len(present)} / {len(frame)}",
              help=t("suppressed_count", n=int(frame[c.SUPPRESSED].sum())))
    if not population.empty:
        st.metric(t("population"), number(population[c.AGE_TOTAL].sum(), lang(), 0))
        youth = manifest.youth_age_group
        if youth in population.columns:
            st.metric(t("youth", band=manifest.youth_band), number(population[youth].sum(), lang(), 0))

st.subheader(t("values_table"))
table = pd.DataFrame({
    t("col_code"): frame.index,
    t("col_area"): frame[c.NAME].to_numpy(),
    f"{indicator.short(lang())} ({indicator.unit.symbol})": frame[c.VALUE].round(2).to_numpy(),
    t("col_numerator"): frame[c.NUMERATOR].to_numpy(),
    t("col_denominator"): frame[c.DENOMINATOR].to_numpy(),
    t("col_suppressed"): frame[c.SUPPRESSED].to_numpy(),
    t("col_class"): (classification.classes + 1).replace(0, pd.NA).to_numpy(),
})
show_table(table, hide_index=True, width="stretch")
st.download_button(
    t("download_csv"),
    table.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig"),
    file_name=f"kraftsamla_{indicator_id}_{level}_{year}.csv",
    mime="text/csv",
    key="overview_download",
)
st.caption(manifest.attribution)
