"""Robusthet as people use it (Streamlit AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from i18n.numbers import parse_number

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


def test_hot_spots_and_regions_compared_with_the_rule():
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("pages/robusthet.py").run()
    assert not at.exception, at.exception
    subheaders = [s.value for s in at.subheader]
    assert "Heta och kalla områden" in subheaders
    assert "Regioner i stället för enskilda områden" in subheaders
    assert any("Morans I" in m.value for m in at.markdown)
    metrics = {m.label: m.value for m in at.metric}
    regions_at_300 = int(metrics["Regioner"])
    assert int(metrics["Föreslagna regioner"]) >= 1
    assert metrics["Samma unga som regelförslaget"].endswith("%")
    members = next(df.value for df in at.dataframe if "Ingående områden" in df.value.columns)
    assert all(parse_number(v).value >= 300 for v in members["Unga"])  # as shown: "1 234"
    # A higher floor gives fewer, larger regions; the stricter hot-spot cut-off still renders.
    at.select_slider(key="regions_floor").set_value(1_000).run()
    at.toggle(key="hot_fdr").set_value(True).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Regioner"]) < regions_at_300
    members = next(df.value for df in at.dataframe if "Ingående områden" in df.value.columns)
    assert all(parse_number(v).value >= 1_000 for v in members["Unga"])


def test_hot_spots_and_regions_in_english():
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/robusthet.py").run()
    assert not at.exception
    subheaders = [s.value for s in at.subheader]
    assert "Hot and cold spots" in subheaders
    assert "Regions instead of single areas" in subheaders
    assert any("Moran's I" in m.value for m in at.markdown)
