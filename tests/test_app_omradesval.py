"""Områdesval as a person uses it: sliders, rules, links, scenarios (Streamlit AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from persistence import open_store

APP = "../app.py"
PAGE = "pages/omradesval.py"


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation):
    """Every AppTest here reruns app.py like a server (see tests/conftest.py)."""


def ranking_of(at: AppTest):
    return next(df.value for df in at.dataframe if {"Rang", "Tiondel"} <= set(df.value.columns))


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.fixture
def page(monkeypatch) -> AppTest:
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["identity_person"] = "Anna Andersson"  # who saves (ui/identity.py)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_the_page_ranks_every_area_and_proposes_the_top_decile(page):
    ranking = ranking_of(page)
    assert len(ranking) == 200
    assert list(ranking["Rang"][:3]) == ["1", "2", "3"]  # as shown
    assert metric(page, "Valda områden") == "20 / 200"
    assert page.query_params["rule"] == ["top-decile"] or page.query_params["rule"] == "top-decile"


def test_moving_a_slider_changes_the_ranking(page):
    before = list(ranking_of(page).index[:20])
    page.slider(key="choose_w_behorighet_yrkesprogram").set_value(0.0).run()
    page.slider(key="choose_w_lag_inkomststandard").set_value(0.2).run()
    assert not page.exception
    after = list(ranking_of(page).index[:20])
    assert after != before
    columns = ranking_of(page).columns
    assert not any("Behörighet" in col for col in columns)  # a zero weight leaves the index


def test_all_weights_zero_is_a_clear_message_not_a_crash(page):
    for ident in ("behorighet_yrkesprogram", "trangboddhet", "ekonomiskt_bistand",
                  "lag_inkomststandard"):
        page.slider(key=f"choose_w_{ident}").set_value(0.0).run()
    assert not page.exception
    assert any("Alla vikter är noll" in e.value for e in page.error)


@pytest.mark.parametrize(("kind", "param", "selected"), [
    ("top-n", 7.0, "7 / 200"), ("threshold", 50.0, None), ("cover-youth", 30.0, None),
    ("cover-neet", 30.0, None)])
def test_every_rule_proposes(page, kind, param, selected):
    page.selectbox(key="choose_rule_kind").set_value(kind).run()
    page.number_input(key="choose_rule_param").set_value(param).run()
    assert not page.exception
    if selected:
        assert metric(page, "Valda områden") == selected
    assert int(metric(page, "Föreslagna områden")) >= 1


def test_the_link_reproduces_the_choices(monkeypatch):
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"level": "stadsdel", "year": "2019", "norm": "percentile_rank",
                            "agg": "geometric", "rule": "top-n:5",
                            "w": "behorighet_yrkesprogram:0.5,trangboddhet:0,"
                                 "ekonomiskt_bistand:1,lag_inkomststandard:0.25"})
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.session_state["level"] == "stadsdel"
    assert at.session_state["year"] == 2019
    assert at.session_state["choose_norm"] == "percentile_rank"
    assert at.session_state["choose_agg"] == "geometric"
    assert at.session_state["choose_w_trangboddhet"] == 0.0
    assert at.session_state["choose_w_lag_inkomststandard"] == 0.25
    assert metric(at, "Valda områden") == "5 / 40"


def test_a_broken_link_says_what_it_ignored(monkeypatch):
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"w": "gronyta:2", "rule": "best:3"})
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert "gronyta" in notes


def test_save_and_compare_scenarios(page):
    page.text_input(key="choose_scenario_name").set_value("Bara behörighet").run()
    page.button(key="choose_scenario_save").click().run()
    assert not page.exception
    assert "Bara behörighet" in [s.name for s in open_store().list_scenarios("demo")]
    for ident in ("trangboddhet", "ekonomiskt_bistand", "lag_inkomststandard"):
        page.slider(key=f"choose_w_{ident}").set_value(0.0).run()
    page.selectbox(key="choose_compare_b").set_value("Bara behörighet").run()
    assert not page.exception
    labels = [m.label for m in page.metric]
    assert {"Tillkommer i B", "Faller bort i B", "Med i båda"} <= set(labels)
    # the saved preset brings its weights back
    page.selectbox(key="choose_preset").set_value("Bara behörighet").run()
    assert page.session_state["choose_w_trangboddhet"] == 1.0


def test_a_saved_scenario_is_shared_with_the_next_session(page, monkeypatch):
    page.slider(key="choose_w_trangboddhet").set_value(0.4).run()
    page.text_input(key="choose_scenario_name").set_value("Styrgruppen mars").run()
    page.button(key="choose_scenario_save").click().run()
    other = AppTest.from_file(APP, default_timeout=60).run()  # another person, another session
    other.switch_page(PAGE).run()
    other.selectbox(key="choose_preset").set_value("Styrgruppen mars").run()
    assert not other.exception
    assert other.session_state["choose_w_trangboddhet"] == 0.4


def test_an_unreachable_database_is_a_message_and_choices_stay(monkeypatch):
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)
    monkeypatch.setenv("KRAFTSAMLA_DATABASE_URL",
                       "postgresql+psycopg://nobody:x@127.0.0.1:1/none?connect_timeout=1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("Databasen kan inte nås" in e.value for e in at.error)
    at.text_input(key="choose_scenario_name").set_value("Bara i sessionen").run()
    at.button(key="choose_scenario_save").click().run()
    assert not at.exception
    assert "Bara i sessionen" in at.session_state["scenarios"]


@pytest.mark.real_data
def test_malmo_deso_says_which_indicators_are_missing(malmo_package, monkeypatch):
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(malmo_package.path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    at.selectbox(key="level").set_value("deso").run()
    assert at.session_state["year"] == 2024  # the latest year the index can be computed
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "Behörighet" in warning
    assert "DeSO" in warning
    assert len(ranking_of(at)) == 209
    at.selectbox(key="choose_rule_kind").set_value("cover-neet").run()
    assert not at.exception  # UVAS is not published per DeSO: a message, not a crash
    at.selectbox(key="level").set_value("regso").run()
    at.selectbox(key="year").set_value(2023).run()
    at.selectbox(key="choose_rule_kind").set_value("top-decile").run()
    assert not at.exception
    assert any("Rangkorrelation mellan index och UVAS" in cap.value for cap in at.caption)


def test_choices_survive_a_visit_to_another_page(page):
    page.slider(key="choose_w_trangboddhet").set_value(0.35).run()
    page.selectbox(key="choose_norm").set_value("z_score").run()
    page.switch_page("pages/oversikt.py").run()
    page.switch_page(PAGE).run()
    assert not page.exception
    assert page.session_state["choose_w_trangboddhet"] == 0.35
    assert page.session_state["choose_norm"] == "z_score"


def test_data_derived_weight_presets(page):
    page.selectbox(key="choose_preset").set_value("Huvudkomponent (PCA)").run()
    assert not page.exception
    weights = [page.session_state[f"choose_w_{i}"] for i in (
        "behorighet_yrkesprogram", "trangboddhet", "ekonomiskt_bistand", "lag_inkomststandard")]
    assert sum(weights) == pytest.approx(1, abs=0.11)  # PCA weights sum to 1, on a 0.05 grid
    assert len(set(weights)) > 1  # not simply equal weights


@pytest.mark.parametrize(("query", "expected_note"), [
    ({"w": "behorighet_yrkesprogram:5"}, "ligger utanför 0–1 och sattes till 1,00"),
    ({"w": "behorighet_yrkesprogram:1e308"}, "ligger utanför 0–1"),
    ({"year": "9" * 5000}, "är inget årtal"),
    ({"rule": "top-n:999999"}, "sattes till 10\u00a0000"),
    ({"level": "planet", "package": "x" * 300}, "Länkens level=\"planet\" är okänd"),
    ({"rule": "top-n:abc", "norm": "<b>x</b>"}, "är okänd"),
])
def test_a_tampered_link_is_clamped_or_dropped_with_a_note(monkeypatch, query, expected_note):
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    arrival = [w.value for w in at.sidebar.warning]  # the sidebar reads package, level and year
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    notes = " ".join([*arrival, *(w.value for w in at.warning)])
    assert expected_note in notes, notes
    assert all(len(w.value) < 400 for w in at.warning)  # quoted values are cut short
    assert ranking_of(at) is not None
