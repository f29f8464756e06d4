"""The effect chart: treated and counterfactual lines, the start marked (checked via ``to_dict``)."""

from __future__ import annotations

import pandas as pd

from ui.effect_charts import effect_chart


def test_effect_chart_draws_two_lines_and_marks_the_start() -> None:
    series = pd.DataFrame({"treated": [10.0, 11.0, 8.0], "counterfactual": [10.0, 11.0, 10.5],
                           "comparison": [7.0, 7.5, 7.4]},
                          index=pd.Index([2020, 2021, 2022], name="year"))
    spec = effect_chart(series, {"treated": "Insatsområdena", "counterfactual": "Syntetisk kontroll"},
                        "År", "UVAS (%)", 2021, "Start").to_dict()
    lines, rule, text = spec["layer"]
    assert lines["mark"]["type"] == "line"
    assert lines["encoding"]["color"]["scale"]["domain"] == ["Insatsområdena", "Syntetisk kontroll"]
    assert lines["encoding"]["y"]["title"] == "UVAS (%)"
    assert rule["mark"]["type"] == "rule"
    assert text["mark"]["type"] == "text"
    data = spec["datasets"]
    values = [row for rows in data.values() for row in rows]
    assert {"x": 2020.5, "label": "Start"} in values  # the rule sits between the last year before
    groups = {row["group"] for row in values if "group" in row}
    assert groups == {"Insatsområdena", "Syntetisk kontroll"}  # the comparison column is not drawn
    assert len([row for row in values if "group" in row]) == 6
