"""Charts as functions returning `alt.Chart`; pages only call `st.altair_chart`. No streamlit here."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

#: Okabe–Ito colours: distinguishable with colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")


def index_vs_uvas(data: pd.DataFrame, score_title: str, uvas_title: str, name_title: str,
                  selected_title: str) -> alt.Chart:
    """Scatter of the index score (x) against UVAS (y), proposed areas highlighted, with a trend line.

    ``data`` columns: name, score, uvas, selected (bool).
    """
    points = alt.Chart(data).mark_circle(size=70, opacity=0.8).encode(
        x=alt.X("score:Q", title=score_title, scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("uvas:Q", title=uvas_title),
        color=alt.Color("selected:N", title=selected_title,
                        scale=alt.Scale(domain=[False, True], range=["#9e9e9e", OKABE_ITO[0]])),
        tooltip=[alt.Tooltip("name:N", title=name_title),
                 alt.Tooltip("score:Q", title=score_title, format=".1f"),
                 alt.Tooltip("uvas:Q", title=uvas_title, format=".1f")],
    )
    trend = points.transform_regression("score", "uvas").mark_line(color="#333333", strokeDash=[4, 3])
    return (points + trend).properties(height=320)


def correlation_heatmap(corr: pd.DataFrame, labels: dict[str, str], title: str) -> alt.Chart:
    """Correlation matrix as a heatmap with the coefficients written in the cells."""
    long = corr.rename(index=labels, columns=labels).stack().rename("r").reset_index()
    long.columns = ["a", "b", "r"]
    base = alt.Chart(long).encode(
        x=alt.X("a:N", title=None, sort=list(labels.values())),
        y=alt.Y("b:N", title=None, sort=list(labels.values())),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("r:Q", title=title, scale=alt.Scale(scheme="blueorange", domain=[-1, 1])))
    text = base.mark_text(fontSize=13).encode(
        text=alt.Text("r:Q", format=".2f"),
        color=alt.condition("abs(datum.r) > 0.6", alt.value("white"), alt.value("black")))
    return (cells + text).properties(height=300)


def contribution_bars(contributions: pd.DataFrame, labels: dict[str, str], area_title: str,
                      points_title: str) -> alt.Chart:
    """Stacked horizontal bars: each area's score split into its indicators' contributions.

    ``contributions``: index = area name (in rank order), one column per indicator id (score points).
    """
    order = list(contributions.index)
    long = contributions.rename(columns=labels).reset_index(names="area").melt(
        id_vars="area", var_name="indicator", value_name="points")
    long = long[np.isfinite(long["points"])]
    return alt.Chart(long).mark_bar().encode(
        y=alt.Y("area:N", sort=order, title=area_title),
        x=alt.X("sum(points):Q", title=points_title, scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("indicator:N", title=None,
                        scale=alt.Scale(range=list(OKABE_ITO[: len(labels)]))),
        tooltip=["area:N", "indicator:N", alt.Tooltip("points:Q", format=".1f")],
    ).properties(height=max(200, 18 * len(order)))


def followup_chart(series: pd.DataFrame, group_labels: dict[str, str], unit: str,
                   required: pd.Series | None = None, targets: pd.DataFrame | None = None,
                   required_label: str = "", target_label: str = "") -> alt.Chart:
    """Time series of the proposed areas, the rest of the city and the whole city, with the required
    path (dashed) and the checkpoint targets (diamonds).

    ``series``: index = year, one column per group in ``group_labels`` (column -> legend label).
    ``required``: the required path by year; ``targets``: rows (year, value).
    """
    long = series[list(group_labels)].rename(columns=group_labels).rename_axis("year").reset_index()
    long = long.melt(id_vars="year", var_name="group", value_name="value").dropna()
    order = list(group_labels.values())
    colours = [OKABE_ITO[0], OKABE_ITO[3], "#555555"][: len(order)]
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        color=alt.Color("group:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=colours),
                        legend=alt.Legend(orient="top")),
        strokeDash=alt.StrokeDash("group:N", sort=order, legend=None,
                                  scale=alt.Scale(domain=order, range=[[1, 0], [6, 3], [2, 2]])),
        tooltip=["group:N", "year:O", alt.Tooltip("value:Q", format=".1f")],
    )
    layers = [lines]
    if required is not None and required.notna().any():
        path = required.dropna().rename("value").rename_axis("year").reset_index()
        path["what"] = required_label
        layers.append(alt.Chart(path).mark_line(strokeDash=[4, 4], color=OKABE_ITO[5]).encode(
            x="year:O", y="value:Q", tooltip=["what:N", "year:O", alt.Tooltip("value:Q", format=".1f")]))
    if targets is not None and len(targets):
        marks = targets.assign(what=target_label)
        layers.append(alt.Chart(marks).mark_point(shape="diamond", size=160, filled=True,
                                                  color=OKABE_ITO[5]).encode(
            x="year:O", y="value:Q", tooltip=["what:N", "year:O", alt.Tooltip("value:Q", format=".1f")]))
    return alt.layer(*layers).properties(height=260)


def small_multiples(long: pd.DataFrame, unit: str, columns: int = 4) -> alt.Chart:
    """One small line chart per area. ``long`` columns: name, year, value."""
    return alt.Chart(long.dropna()).mark_line(point=True, color=OKABE_ITO[0]).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        tooltip=["name:N", "year:O", alt.Tooltip("value:Q", format=".1f")],
    ).properties(width=150, height=90).facet(facet=alt.Facet("name:N", title=None),
                                             columns=columns)
