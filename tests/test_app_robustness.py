"""Robusthet as people use it (Streamlit AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

APP = "../app.py"


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation, monkeypatch):
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)


def test_rank_bands_probabilities_sensitivity_and_data_weights():
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("pages/robusthet.py").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["I förslaget med de valda vikterna"]) == 20
    assert 0 < int(metrics["Säkra områden"]) <= 20
    assert len(at.get("vega_lite_chart")) >= 1
    weights = next(df.value for df in at.dataframe if "Huvudkomponent (PCA)" in df.value.columns)
    assert len(weights) == 4
    at.toggle(key="robust_methods").set_value(True).run()
    assert not at.exception


def test_robustness_in_english():
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/robusthet.py").run()
    assert not at.exception
    assert at.title[0].value == "Robustness"
