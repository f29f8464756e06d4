"""Parts of Uppföljning: the whole city's own series first, then the proposed areas' series.

The whole-city series (e.g. Kolada's, 10–30 years) carry a real trend even where the area statistics
have one or two years; the page leads with them, each labelled with its definition and source.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from datapackage.store import DataPackage
from i18n.format import indicator_value, number
from indicators.progress import CITY, PROPOSED, REST, observed_trend, required_path, status_table
from indicators.targets import CHECKPOINTS, Target, TargetError, resolve_target
from model.registry import PROGRAMME_IDS
from ui.charts import followup_chart
from ui.plain_text import plain
from ui.state import lang, t

#: Years of a whole-city series the trend is read from.
TREND_WINDOW = 5


def status_pill(label: str, colour: str, prefix: str = "") -> str:
    """A status as a coloured pill that does not break across lines (HTML; the label is ours)."""
    text = f"{prefix}: {label}" if prefix else label
    dark = colour.lower() in ("#0072b2", "#d55e00", "#e69f00", "#999999")
    return (f"<span style='background:{colour};color:{'white' if dark else '#1a1a1a'};"
            f"padding:.15em .6em;border-radius:.8em;font-weight:600;white-space:nowrap'>"
            f"{text}</span>")


def target_marks(target: Target, rest_baseline: float | None) -> tuple[pd.DataFrame, pd.Series | None]:
    """The checkpoints' target values (year, value) and the straight path to the last one."""
    points = []
    for year in CHECKPOINTS:
        try:
            points.append((year, resolve_target(target, year, rest_baseline)))
        except TargetError:
            continue
    marks = pd.DataFrame(points, columns=["year", "value"])
    if not points:
        return marks, None
    last_year, last_value = points[-1]
    years = list(range(target.baseline_year, last_year + 1))
    return marks, required_path(target.baseline_year, target.baseline_value, last_year, last_value,
                                years)


def city_indicators(package: DataPackage) -> list[str]:
    """Programme indicators (UVAS first) whose whole-city series has at least two years."""
    return [i for i in PROGRAMME_IDS if i in package.registry
            and len(package.city_series(i)) >= 2]


def trend_text(series: pd.Series, unit: str) -> str:
    """E.g. "−0,3 procentenheter per år 2018–2022" from the last `TREND_WINDOW` years."""
    recent = series.dropna().sort_index().iloc[-TREND_WINDOW:]
    change = observed_trend(series, TREND_WINDOW)
    if len(recent) < 2 or change != change:
        return ""
    points = unit == "%"
    return t("trend_per_year", change=number(change, lang(), 2),
             unit=t("percentage_points") if points else unit,
             first=int(recent.index[0]), last=int(recent.index[-1]))


def city_section(package: DataPackage, targets: Mapping[str, Target],
                 boards: Mapping[str, str]) -> None:
    """The whole city's series, UVAS first, with each one's definition, source, trend and status
    against the city's own targets (only saved targets have a status)."""
    ids = city_indicators(package)
    if not ids:
        return
    manifest, registry = package.manifest, package.registry
    st.subheader(t("followup_city_heading"))
    st.caption(t("followup_city_intro", level=manifest.level(manifest.city_level).name(lang())))
    directions = {i: registry.get(i).direction for i in ids}
    series = {i: package.city_series(i) for i in ids}
    statuses = {year: status_table(series, {i: targets[i] for i in ids if i in targets},
                                   directions, year, lang=lang()).set_index("indicator")
                for year in CHECKPOINTS}
    for ident in ids:
        indicator, values = registry.get(ident), series[ident]
        chart_col, side = st.columns([3, 1])
        with side:
            st.markdown(f"**{indicator.name(lang())}**")
            latest_year = int(values.index[-1])
            st.metric(t("latest_value"), indicator_value(values.iloc[-1], indicator, lang()),
                      help=str(latest_year))
            st.caption(f"{latest_year} · {trend_text(values, indicator.unit.symbol)}")
            if ident in targets:
                for year in CHECKPOINTS:
                    row = statuses[year].loc[ident]
                    st.markdown(status_pill(row["label"], row["colour"], str(year)),
                                unsafe_allow_html=True)
                if boards.get(ident):
                    st.caption(t("responsible_board_is", board=plain(boards[ident])))
            else:
                st.caption(t("no_target_yet"))
        with chart_col:
            marks, path = (target_marks(targets[ident], None) if ident in targets
                           else (None, None))
            frame = pd.DataFrame({CITY: values})
            st.altair_chart(followup_chart(
                frame, {CITY: t("group_city")}, f"{indicator.short(lang())} "
                f"({indicator.unit.symbol})", path, marks, t("required_path"), t("target_value")),
                width="stretch")
            note = manifest.entry(ident).at(manifest.city_level).note(lang())
            source = manifest.entry(ident).source
            st.caption(" · ".join(part for part in (note, source) if part))


def one_year_text(frame: pd.DataFrame, indicator, year: int) -> str:
    """The values of a series that has only one year: "Ett år – ingen trend ännu: föreslagna
    områden 24,6 %, övriga staden 14,9 % (2023)"."""
    return t("followup_one_year_values", year=year,
             proposed=indicator_value(frame.loc[year, PROPOSED], indicator, lang()),
             rest=indicator_value(frame.loc[year, REST], indicator, lang()))
