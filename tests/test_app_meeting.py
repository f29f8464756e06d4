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


def meeting(lang: str = "sv") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_stepping_through_every_view():
    store = open_store()
    store.save_targets(IndicatorTargets("demo", "uvas", 2020, 14.0, 2021,
                                        (TargetCheckpoint(2030, "close_gap", 25.0),),
                                        responsible_board="arbetsmarknads- och socialnämnden"))
    store.save_insats(Insats("demo", "Läxhjälp", "grundskolenämnden", "smaomrade", ("K0194",),
                             2024, 1e6))
    at = meeting()
    titles = [at.title[0].value]
    cards = " ".join(m.value for m in at.markdown)
    assert "Unga som varken arbetar eller studerar (UVAS)" in cards
    assert "Trångboddhet" in cards
    for _ in range(3):
        at.button(key="meeting_next").click().run()
        assert not at.exception
        titles.append(at.title[0].value)
    assert titles == ["Läget i staden", "Förslaget", "Rör det sig?", "Insatserna"]
    assert at.button(key="meeting_next").disabled
    text = " ".join(m.value for m in at.markdown)
    assert "grundskolenämnden" in text
    at.button(key="meeting_prev").click().run()
    assert "arbetsmarknads- och socialnämnden" in " ".join(m.value for m in at.markdown)


def test_meeting_mode_in_english_and_without_targets():
    at = meeting("en")
    assert at.title[0].value == "The city today"
    at.button(key="meeting_next").click().run()
    assert at.title[0].value == "The proposal"
    at.button(key="meeting_next").click().run()
    assert any("No targets are set yet" in i.value for i in at.info)


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
