"""What a person sees: every page of the app, run headless with Streamlit's AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

APP = "../app.py"
TIMEOUT = 60


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation):
    """Every AppTest here reruns app.py like a server (see tests/conftest.py)."""


def text_of(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.info, at.warning, at.error, at.success) for e in kind]
    parts += [t.value for t in at.title] + [s.value for s in at.subheader]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def demo_app(monkeypatch) -> AppTest:
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def test_app_opens_on_the_demo_city_labelled_as_demo(demo_app):
    at = demo_app.run()
    assert not at.exception
    assert at.title[0].value == "Översikt"
    assert at.session_state["package"] == "demo"
    assert "Demodata – fiktiv stad" in text_of(at) + "".join(w.value for w in at.sidebar.warning)
    labels = [m.label for m in at.metric]
    assert "Hela staden" in labels
    assert "Källa: fiktiva demodata" in text_of(at)


def test_overview_shows_legend_key_figures_and_values_for_every_area(demo_app):
    at = demo_app.run()
    assert any("Teckenförklaring" in m.value for m in at.markdown)
    legend = next(m.value for m in at.markdown if "Mörkare" in m.value)
    assert "Mörkare = större behov" in legend
    table = at.dataframe[0].value
    assert len(table) == 200
    assert table["Kod"].is_unique


@pytest.mark.parametrize("indicator", [
    "uvas", "behorighet_yrkesprogram", "trangboddhet", "ekonomiskt_bistand", "lag_inkomststandard",
])
def test_every_programme_indicator_maps_at_every_level(demo_app, indicator):
    at = demo_app.run()
    at.selectbox(key="overview_indicator").set_value(indicator).run()
    assert not at.exception
    for level in ("stadsdel", "stadsomrade"):
        at.selectbox(key="level").set_value(level).run()
        assert not at.exception
        assert len(at.dataframe[0].value) in {40, 5}
    assert at.query_params["indicator"] == [indicator] or at.query_params["indicator"] == indicator


def test_year_and_classification_change_without_errors(demo_app):
    at = demo_app.run()
    at.selectbox(key="year").set_value(2015).run()
    at.selectbox(key="overview_scheme").set_value("fisher_jenks").run()
    at.number_input(key="overview_k").set_value(7).run()
    assert not at.exception
    assert at.session_state["year"] == 2015


def test_english_switch_translates_the_page(demo_app):
    at = demo_app.run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert "Whole city" in [m.label for m in at.metric]


def test_state_is_read_from_the_url(demo_app):
    demo_app.query_params.update({"level": "stadsdel", "year": "2018", "lang": "en",
                                  "indicator": "trangboddhet"})
    at = demo_app.run()
    assert not at.exception
    assert at.session_state["level"] == "stadsdel"
    assert at.session_state["year"] == 2018
    assert at.session_state["overview_indicator"] == "trangboddhet"
    assert at.title[0].value == "Overview"


def test_data_page_lists_levels_and_indicator_status(demo_app):
    at = demo_app.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    levels = at.dataframe[0].value
    assert list(levels["Områden"]) == ["200", "40", "5", "1"]  # as shown
    indicators = at.dataframe[1].value
    assert "Unga som varken arbetar eller studerar (UVAS)" in set(indicators["Indikator"])
    assert at.button(key="data_upload_check").disabled  # nothing chosen yet


@pytest.fixture
def malmo_app(malmo_package, monkeypatch) -> AppTest:
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(malmo_package.path))
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


@pytest.mark.real_data
def test_app_opens_on_the_real_malmo_package_with_honest_labels(malmo_app, malmo_package):
    at = malmo_app.run()
    assert not at.exception
    assert at.session_state["package"] == malmo_package.path.name
    assert "Källa: SCB" in text_of(at)
    assert not any("Demodata" in w.value for w in at.sidebar.warning)
    at.selectbox(key="level").set_value("regso").run()
    at.selectbox(key="year").set_value(2023).run()
    at.selectbox(key="overview_indicator").set_value("ekonomiskt_bistand").run()
    assert not at.exception
    assert "nettoinkomst" in text_of(at)  # measured differently: said where it is shown
    assert len(at.dataframe[0].value) == 91
    at.selectbox(key="overview_indicator").set_value("trangboddhet").run()
    assert not at.exception
    assert "finns inte" in text_of(at).lower()


@pytest.mark.real_data
def test_data_page_on_malmo_marks_missing_indicators(malmo_app):
    at = malmo_app.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    table = at.dataframe[1].value
    status = dict(zip(table["Indikator"], table["Status"], strict=True))
    assert status["Trångboddhet"] == "Saknas"


def test_the_chosen_indicator_survives_a_visit_to_another_page(demo_app):
    at = demo_app.run()
    at.selectbox(key="overview_indicator").set_value("trangboddhet").run()
    at.switch_page("pages/data.py").run()
    at.switch_page("pages/oversikt.py").run()
    assert not at.exception
    assert at.session_state["overview_indicator"] == "trangboddhet"
