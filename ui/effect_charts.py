"""The effect chart: the effort's areas against their counterfactual, with the start marked.

A function returning `alt.Chart`; pages only call `st.altair_chart`. No streamlit here.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import OKABE_ITO


def effect_chart(series: pd.DataFrame, labels: dict[str, str], x_title: str, y_title: str,
                 start: int, start_label: str) -> alt.Chart:
    """Lines of the treated group (solid) and its counterfactual (dashed), a rule at the start.

    Parameters
    ----------
    series : index = year or years since the start; the columns named in ``labels``.
    labels : column -> legend label, in legend order (the treated group first).
    x_title, y_title : axis titles.
    start : where the rule goes (the start year, or 0 in years since the start).
    start_label : the rule's label.
    """
    order = list(labels.values())
    long = (series[list(labels)].rename(columns=labels).rename_axis("x").reset_index()
            .melt(id_vars="x", var_name="group", value_name="value").dropna())
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("x:Q", title=x_title, axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
        color=alt.Color("group:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=[OKABE_ITO[0], OKABE_ITO[1]][:len(order)]),
                        legend=alt.Legend(orient="top", labelLimit=0)),
        strokeDash=alt.StrokeDash("group:N", sort=order, legend=None,
                                  scale=alt.Scale(domain=order, range=[[1, 0], [6, 3]][:len(order)])),
        tooltip=["group:N", alt.Tooltip("x:Q", title=x_title, format="d"),
                 alt.Tooltip("value:Q", format=".1f")],
    )
    marker = pd.DataFrame({"x": [start - 0.5], "label": [start_label]})
    rule = alt.Chart(marker).mark_rule(color="#555555", strokeDash=[2, 2]).encode(x="x:Q")
    text = alt.Chart(marker).mark_text(align="left", dx=4, dy=-6, color="#555555").encode(
        x="x:Q", y=alt.value(8), text="label:N")
    return alt.layer(lines, rule, text).properties(height=280)
