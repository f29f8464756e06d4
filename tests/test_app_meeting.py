"""Meeting mode: a projector view stepped through one view at a time, in Swedish and English."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from persistence import IndicatorTargets, Insats, TargetCheckpoint, open_store

APP = "../app.py"
PAGE = "pages/mote.py"


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation, monkeypatch):
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)


def meeting(lang: str = "sv", step: str | None = None, name: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    if name:
        at.session_state["identity_person"] = name
    at.run()
    if step is not None:
        at.query_params["steg"] = step
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def slide(at: AppTest) -> str:
    """The step shown (its HTML)."""
    shown = [h.proto.body for h in at.get("html") if "<div class='km-slide'" in h.proto.body]
    assert len(shown) == 1
    return shown[0]


def test_stepping_through_every_view_with_the_step_in_the_link():
    store = open_store()
    store.save_targets(IndicatorTargets("demo", "uvas", 2020, 14.0, 2021,
                                        (TargetCheckpoint(2030, "close_gap", 25.0),),
                                        responsible_board="arbetsmarknads- och socialnämnden"))
    store.save_insats(Insats("demo", "Läxhjälp", "grundskolenämnden", "smaomrade", ("K0194",),
                             2024, 1e6))
    at = meeting()
    html = slide(at)
    assert "UVAS mot målen 2030 och 2035" in html
    assert "Hela staden" in html
    assert at.query_params["steg"] == "1"
    assert at.button(key="meeting_prev").disabled
    titles = ["UVAS mot målen 2030 och 2035"]
    for _ in range(4):
        at.button(key="meeting_next").click().run()
        assert not at.exception
        titles.append(slide(at).split("<h1>")[1].split("</h1>")[0])
    assert titles == ["UVAS mot målen 2030 och 2035", "Var förslaget ligger och varför",
                      "Mål och status per indikator", "Insatser per nämnd", "Beslut"]
    assert at.query_params["steg"] == "5"
    assert at.button(key="meeting_next").disabled
    at.button(key="meeting_prev").click().run()
    html = slide(at)
    assert "grundskolenämnden" in html
    assert "1 insats<" in html  # never "1 insatser"
    at.button(key="meeting_prev").click().run()
    assert "arbetsmarknads- och socialnämnden" in slide(at)
    assert [b.label for b in at.get("download_button")] == ["Utskick (PDF)"]


def test_a_link_opens_a_step_and_nonsense_opens_the_first():
    assert "Var förslaget ligger och varför" in slide(meeting(step="2"))
    assert "UVAS mot målen" in slide(meeting(step="99999999999999999999"))
    assert "UVAS mot målen" in slide(meeting(step="x"))


def test_meeting_mode_in_english_and_without_targets():
    at = meeting("en", step="3")
    html = slide(at)
    assert "Targets and status per indicator" in html
    assert "No targets are saved yet" in html


def test_a_decision_is_recorded_with_who_and_shown_as_text_in_step_five():
    at = meeting(step="2", name="Anna Andersson")
    at.text_area(key="meeting_note_text").input("Godkänt <b>nu</b> **fetstil**")
    at.text_input(key="meeting_note_present").input("Anna, Bo")
    at.button(key="meeting_note_save").click().run()
    assert not at.exception
    saved = open_store().list_meeting_notes("demo")
    assert [(n.step, n.kind, n.text, n.present, n.updated_by) for n in saved] == [
        (2, "decision", "Godkänt <b>nu</b> **fetstil**", "Anna, Bo", "Anna Andersson")]
    assert at.text_area(key="meeting_note_text").value == ""
    at.query_params["steg"] = "5"
    at.run()
    html = slide(at)
    assert "Godkänt &lt;b&gt;nu&lt;/b&gt; **fetstil**" in html  # escaped: shown as typed
    assert "<b>nu</b>" not in html


def test_without_a_name_nothing_is_saved_and_the_name_is_asked_for():
    at = meeting(step="5")
    at.radio(key="meeting_note_kind").set_value("question")
    at.text_area(key="meeting_note_text").input("Ska vi byta nivå?")
    at.button(key="meeting_note_save").click().run()
    assert open_store().list_meeting_notes("demo") == []
    assert any("namn" in w.value for w in at.warning)
    assert at.text_area(key="meeting_note_text").value == "Ska vi byta nivå?"  # kept


def test_every_map_page_offers_image_downloads_and_saved_scenarios_a_report_pack():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["identity_person"] = "Anna Andersson"  # who saves the scenario
    at.run()
    labels = [b.label for b in at.get("download_button")]
    assert "Ladda ner kartan" in labels
    at.switch_page("pages/omradesval.py").run()
    at.text_input(key="choose_scenario_name").set_value("Mars").run()
    at.button(key="choose_scenario_save").click().run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "Ladda ner kartan" in labels
    assert "Ladda ner rapportpaketet (PDF)" in labels
    at.selectbox(key="choose_export_format").set_value("svg").run()
    assert not at.exception
