"""Uppföljning and Insatser as people use them (Streamlit AppTest, each test on its own database)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from i18n.numbers import parse_number
from persistence import Insats, open_store

APP = "../app.py"


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation, monkeypatch):
    """Every AppTest here reruns app.py like a server (see tests/conftest.py), on the demo."""
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)


def open_page(path: str, person: str = "Anna Andersson") -> AppTest:
    """The page in a new session whose person has stated their name (recorded with every save)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["identity_person"] = person
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _save_proposal_targets(package_key: str = "demo") -> None:
    from persistence import IndicatorTargets, TargetCheckpoint

    db = open_store()
    for ident in ("uvas", "behorighet_yrkesprogram", "trangboddhet", "ekonomiskt_bistand",
                  "lag_inkomststandard"):
        db.save_targets(IndicatorTargets(package_key, ident, 2021, 20.0, 2022, (
            TargetCheckpoint(2030, "close_gap", 25.0), TargetCheckpoint(2035, "close_gap", 50.0))),
            user="Test")


def test_followup_shows_status_only_for_saved_targets_uvas_first():
    at = open_page("pages/uppfoljning.py")
    assert not any("Status" in df.value.columns for df in at.dataframe)
    assert any("Inga mål är sparade" in i.value for i in at.info)
    _save_proposal_targets()
    at = open_page("pages/uppfoljning.py")
    status = next(df.value for df in at.dataframe if "Status" in df.value.columns)
    assert list(status["Indikator"]) == ["UVAS", "Behörighet yrkesprogram", "Trångboddhet",
                                         "Ekonomiskt bistånd", "Låg inkomststandard"]
    assert set(status["Gäller"]) == {"De föreslagna områdena"}
    labels = {"Målet nått", "I rätt takt", "Behöver öka takten", "Begränsad förbättring",
              "Går åt fel håll", "För osäkert att säga", "Ett år – ingen trend ännu",
              "Uppgift saknas"}
    assert set(status["Status"]) <= labels
    assert len(at.get("vega_lite_chart")) >= 5
    at.radio(key="follow_checkpoint").set_value(2035).run()
    assert not at.exception


def test_one_target_typed_in_swedish_is_saved_alone_with_its_board_and_survives_a_restart():
    at = open_page("pages/uppfoljning.py")
    at.selectbox(key="tgt_proposal_uvas_kind").set_value("relative").run()
    at.text_input(key="tgt_proposal_uvas_amount_2030").input("−20").run()
    at.text_input(key="tgt_proposal_uvas_amount_2035").input("−35,5").run()
    board = at.selectbox(key="tgt_proposal_uvas_board")
    board.set_value(board.options[1]).run()
    assert any("Sparas som" in cap.value and "2035:" in cap.value for cap in at.caption)
    next(b for b in at.button if b.key == "tgt_proposal_uvas_save").click().run()
    assert not at.exception, at.exception
    assert any("Målet för UVAS är sparat" in s.value for s in at.success)
    saved = {x.indicator_id: x for x in open_store().list_targets("demo")}
    assert set(saved) == {"uvas"}  # only what the person changed is written
    uvas = saved["uvas"]
    assert (uvas.at(2030).kind, uvas.at(2030).amount) == ("relative", -20.0)
    assert uvas.at(2035).amount == -35.5
    assert uvas.responsible_board
    assert uvas.updated_by == "Anna Andersson"
    again = open_page("pages/uppfoljning.py")  # a new session reads what was saved
    status = next(df.value for df in again.dataframe if "Status" in df.value.columns)
    assert list(status["Indikator"]) == ["UVAS"]


def test_an_unreadable_number_is_named_and_nothing_is_saved():
    at = open_page("pages/uppfoljning.py")
    at.text_input(key="tgt_proposal_uvas_amount_2030").input("tjugo").run()
    assert any("\"tjugo\" kan inte läsas som ett tal" in e.value for e in at.error)
    assert next(b for b in at.button if b.key == "tgt_proposal_uvas_save").disabled
    assert open_store().list_targets("demo") == []


def test_a_stale_target_save_is_refused_with_the_other_persons_value_shown():
    first = open_page("pages/uppfoljning.py", "Anna Andersson")
    second = open_page("pages/uppfoljning.py", "Bo Berg")  # built before Anna saves
    first.text_input(key="tgt_proposal_uvas_amount_2030").input("−10").run()
    next(b for b in first.button if b.key == "tgt_proposal_uvas_save").click().run()
    second.text_input(key="tgt_proposal_uvas_amount_2030").input("−30").run()
    next(b for b in second.button if b.key == "tgt_proposal_uvas_save").click().run()
    assert not second.exception, second.exception
    assert any("sparat" in w.value.lower() or "ändrat" in w.value.lower() for w in second.warning)
    conflict = next(df.value for df in second.dataframe if "Det du skrev" in df.value.columns)
    assert "−10" in conflict.to_string() or "-10" in conflict.to_string()
    assert second.text_input(key="tgt_proposal_uvas_amount_2030").value == "−30"  # kept
    saved = open_store().get_targets("demo", "uvas")
    assert saved.at(2030).amount == -10.0  # Anna's value was not overwritten
    assert saved.updated_by == "Anna Andersson"


def test_followup_in_english():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/uppfoljning.py").run()
    assert not at.exception
    assert at.title[0].value == "Follow-up"


def test_register_an_insats_add_an_indicator_report_and_see_status_and_funding():
    at = open_page("pages/insatser.py")
    assert any("Inga insatser" in i.value for i in at.info)
    at.text_input(key="ins_new_name").set_value("Läxhjälp Kustad")
    at.selectbox(key="ins_new_board").set_value("grundskolenämnden")
    areas = list(at.multiselect(key="ins_new_areas").options)[:3]
    at.multiselect(key="ins_new_areas").set_value([a.split("(")[-1].rstrip(")") for a in areas])
    at.text_input(key="ins_new_budget").input("2 000 000,50").run()
    assert any(c.value == "Sparas som 2\u00a0000\u00a0000,5" for c in at.caption)
    button(at, "Spara insatsen").click().run()
    assert not at.exception
    assert [(i.name, i.budget_sek) for i in open_store().list_insatser("demo")] == [
        ("Läxhjälp Kustad", 2_000_000.5)]

    at = open_page("pages/insatser.py")
    register = at.dataframe[0].value
    assert list(register["Insats"]) == ["Läxhjälp Kustad"]
    assert list(register["Startår"]) == ["2025"]  # a year, not "2 025"
    at.text_input(key="ins_new_ind_name").set_value("Deltagare som klarar målen")
    at.text_input(key="ins_new_ind_base_value").input("55,5")  # a Swedish decimal, stored exactly
    at.text_input(key="ins_new_ind_2030").input("60")
    at.text_input(key="ins_new_ind_2035").input("70.5").run()  # an English one too
    assert any(c.value == "Sparas som 55,5" for c in at.caption)
    button(at, "Lägg till indikator").click().run()
    assert not at.exception
    [indicator] = open_store().list_indicators("demo")
    assert (indicator.baseline_value, indicator.target_2030, indicator.target_2035) == (55.5, 60.0, 70.5)
    at = open_page("pages/insatser.py")
    at.number_input(key="ins_report_year").set_value(2026)
    at.text_input(key="ins_report_value").input("tjugo").run()
    assert any("\"tjugo\" kan inte läsas som ett tal" in e.value for e in at.error)
    assert next(b for b in at.button if b.key == "ins_report_save").disabled
    at.text_input(key="ins_report_value").input("57,25").run()
    button(at, "Spara värdet").click().run()
    assert not at.exception
    assert [r.value for r in open_store().list_reported_values("demo")] == [57.25]
    at = open_page("pages/insatser.py")
    indicators = at.dataframe[1].value
    assert indicators["2030"].iloc[0] in {"I rätt takt", "Behöver öka takten", "Begränsad förbättring"}


def test_funding_split_follows_the_boards_insatser():
    store = open_store()
    store.save_insats(Insats("demo", "A", "grundskolenämnden", "smaomrade",
                             ("K0194", "K0184"), 2024, 1e6))
    store.save_insats(Insats("demo", "B", "fritidsnämnden", "smaomrade", ("K0001",), 2024, 1e6))
    at = open_page("pages/insatser.py")
    split = next(df.value for df in at.dataframe if "Belopp (kr)" in df.value.columns)
    amounts = [parse_number(v).value for v in split["Belopp (kr)"]]  # as shown: "2 500 000"
    assert sum(amounts) == pytest.approx(10_000_000, rel=1e-6)
    top = split.iloc[0]
    assert top["Ansvarig nämnd"] == "grundskolenämnden"  # it works in the proposed areas
    at.text_input(key="ins_fund_floor").input("6 000 000").run()
    assert any("går inte att räkna ut" in e.value for e in at.error)  # floors exceed the total


def test_a_new_board_can_be_added():
    at = open_page("pages/insatser.py")
    at.text_input(key="ins_board_sv").set_value("stadsbyggnadsnämnden")
    button(at, "Spara nämnden").click().run()
    assert not at.exception
    assert "stadsbyggnadsnämnden" in [b.name_sv for b in open_store().list_boards()]
    at = open_page("pages/insatser.py")
    assert "stadsbyggnadsnämnden" in at.selectbox(key="ins_board").options
