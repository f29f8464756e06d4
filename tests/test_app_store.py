"""The shared store as people use it (Streamlit AppTest, each test on its own database): a stale save is
refused with the other person's value shown and what this person typed kept; replacing a scenario asks
first; history and restore; undoable deletes; saved scenarios this package cannot use are listed and
removable; a read failure says it could not read."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from i18n.numbers import number
from indicators.scenario import Scenario
from indicators.selection import describe, parse_rule
from persistence import INSATS, Insats, InsatsIndicator, open_store
from ui.plain_text import plain

APP = "../app.py"
INSATSER, OMRADESVAL = "pages/insatser.py", "pages/omradesval.py"


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation, monkeypatch):
    """Every AppTest here reruns app.py like a server (see tests/conftest.py), on the demo."""
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)


def open_page(path: str, person: str | None = "Anna") -> AppTest:
    """``path`` in a new session whose person has stated their name (or not, with None)."""
    at = AppTest.from_file(APP, default_timeout=90)
    if person is not None:
        at.session_state["identity_person"] = person
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def shown_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.info, at.warning, at.error, at.success) for e in kind]
    return "\n".join(str(p) for p in parts)


def table_with(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _insats(store, budget: float = 1_000_000.0, by: str = "Cia") -> Insats:
    return store.save_insats(Insats("demo", "Läxhjälp", "grundskolenämnden", "smaomrade", ("K0001",),
                                    2025, budget, "Start"), user=by)


# ---------------------------------------------------------------------------------------------------
# Insatser
# ---------------------------------------------------------------------------------------------------


def test_a_stale_insats_edit_is_refused_with_the_others_value_shown_and_mine_kept():
    store = open_store()
    insats = _insats(store)
    anna, bo = open_page(INSATSER, "Anna"), open_page(INSATSER, "Bo")  # both see version 1
    anna.text_input(key="ins_edit_budget_sek").input("2 000 000")
    anna.button(key="ins_edit_save").click().run()
    assert not anna.exception
    assert (store.get_insats(insats.id).budget_sek, store.get_insats(insats.id).updated_by) == (
        2_000_000.0, "Anna")

    bo.text_area(key="ins_edit_description").set_value("Bos text")
    bo.button(key="ins_edit_save").click().run()  # Bo's page was built from version 1
    assert not bo.exception
    assert store.get_insats(insats.id).description == "Start"  # nothing of Bo's written
    assert "Någon annan har sparat samma sak" in shown_text(bo)
    table = table_with(bo, "Det du skrev").set_index("Uppgift")
    [theirs] = [c for c in table.columns if c.startswith("Sparat nu (av Anna")]
    assert table.loc["Budget (kr/år)", theirs] == number(2_000_000, "sv", 0)
    assert table.loc["Budget (kr/år)", "Det du skrev"] == number(1_000_000, "sv", 0)
    assert (table.loc["Beskrivning", theirs], table.loc["Beskrivning", "Det du skrev"]) == (
        "Start", "Bos text")
    assert bo.text_area(key="ins_edit_description").value == "Bos text"  # what Bo typed is kept

    bo.button(key="ins_edit_keep_mine").click().run()  # Bo's change on top of Anna's
    assert bo.text_input(key="ins_edit_budget_sek").value == number(2_000_000, "sv", 0)
    bo.button(key="ins_edit_save").click().run()
    saved = store.get_insats(insats.id)
    assert (saved.budget_sek, saved.description, saved.version, saved.updated_by) == (
        2_000_000.0, "Bos text", 3, "Bo")


def test_a_write_without_a_name_asks_for_it_and_keeps_the_input():
    store = open_store()
    insats = _insats(store)
    at = open_page(INSATSER, person=None)
    at.text_area(key="ins_edit_description").set_value("Ny text")
    at.button(key="ins_edit_save").click().run()
    assert "Skriv ditt namn" in shown_text(at)
    assert store.get_insats(insats.id).version == 1  # not saved
    assert at.text_area(key="ins_edit_description").value == "Ny text"
    at.text_input(key="identity_name").set_value("Dan").run()
    at.button(key="ins_edit_save").click().run()
    assert (store.get_insats(insats.id).description, store.get_insats(insats.id).updated_by) == (
        "Ny text", "Dan")


def test_history_is_shown_and_an_earlier_version_restored():
    store = open_store()
    insats = _insats(store, by="Cia")
    store.save_insats(replace(insats, budget_sek=3_000_000.0), user="Dan")
    at = open_page(INSATSER, "Eva")
    history = table_with(at, "Vem")
    assert list(history["Vem"]) == ["Dan", "Cia"]
    assert list(history["Ändring"]) == ["Ändrad", "Skapad"]
    assert "Budget (kr/år)" in history["Vad"].iloc[0]
    at.selectbox(key="ins_history_restore_pick").set_value(1)
    at.button(key="ins_history_restore").click().run()
    assert not at.exception
    restored = store.get_insats(insats.id)
    assert (restored.budget_sek, restored.version, restored.updated_by) == (1_000_000.0, 3, "Eva")
    assert store.history(INSATS, insats.key)[-1].action == "restore"
    assert "Version 1 är återställd" in shown_text(at)


def test_an_insats_removed_in_the_ui_can_be_brought_back():
    store = open_store()
    insats = _insats(store)
    indicator = store.save_indicator(InsatsIndicator(insats.id, "Deltagare", "output"), user="Cia")
    at = open_page(INSATSER, "Bo")
    at.button(key="ins_delete").click().run()
    assert not at.exception
    assert store.get_insats(insats.id) is None
    assert "'Läxhjälp' är borttagen." in shown_text(at)
    at.button(key="ins_undo").click().run()
    assert store.get_insats(insats.id) is not None
    assert [i.id for i in store.list_indicators("demo")] == [indicator.id]  # back with its indicator
    assert [(e.action, e.changed_by) for e in store.history(INSATS, insats.key)][-2:] == [
        ("delete", "Bo"), ("restore", "Bo")]


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_insatser_says_it_could_not_read_when_the_database_is_down(monkeypatch):
    monkeypatch.setenv("KRAFTSAMLA_DATABASE_URL",
                       f"postgresql+psycopg://nobody:x@127.0.0.1:{_closed_port()}/none")
    at = open_page(INSATSER)
    errors = " ".join(e.value for e in at.error)
    assert "kan inte läsas" in errors
    assert "Inga insatser" not in shown_text(at)  # never claims that nothing is registered


def test_insatser_says_it_could_not_read_when_reading_fails_later():
    store = open_store()
    _insats(store)
    at = open_page(INSATSER)
    with store.engine.begin() as conn:  # the database breaks after the page was opened
        conn.exec_driver_sql("DROP TABLE reported_values")
    at.run()
    assert not at.exception
    assert "Det gick inte att läsa" in " ".join(e.value for e in at.error)
    assert "Det gick inte att spara" not in shown_text(at)
    assert "Inga insatser" not in shown_text(at)


# ---------------------------------------------------------------------------------------------------
# Områdesval: scenarios
# ---------------------------------------------------------------------------------------------------


def _steering(store, by: str = "Cia"):
    return store.save_scenario("demo", Scenario(level="stadsdel", year=2019, name="Styrgruppen",
                                                weights=(("trangboddhet", 1.0),)), user=by)


def test_replacing_a_scenario_asks_first_naming_it():
    store = open_store()
    _steering(store)
    at = open_page(OMRADESVAL, "Anna")
    at.text_input(key="choose_scenario_name").set_value("Styrgruppen").run()
    assert "Det finns redan ett scenario med det namnet" in shown_text(at)
    at.button(key="choose_scenario_save").click().run()
    question = " ".join(w.value for w in at.warning)
    assert "Ersätta scenariot" in question
    for detail in ("Styrgruppen", "2019", "Cia"):
        assert detail in question
    assert "Någon annan har ändrat samma sak" not in shown_text(at)  # a name clash is not a conflict
    assert store.get_scenario("demo", "Styrgruppen").version == 1  # nothing replaced yet
    at.button(key="choose_replace_yes").click().run()
    assert not at.exception
    replaced = store.get_scenario("demo", "Styrgruppen")
    assert (replaced.version, replaced.updated_by) == (2, "Anna")
    assert replaced.scenario.level == at.session_state["level"]
    assert "är ersatt" in shown_text(at)


def test_a_stale_scenario_replace_is_refused_with_the_others_scenario_shown():
    store = open_store()
    first = _steering(store)
    bo = open_page(OMRADESVAL, "Bo")
    bo.text_input(key="choose_scenario_name").set_value("Styrgruppen").run()
    bo.button(key="choose_scenario_save").click().run()  # asked about version 1
    store.save_scenario("demo", replace(first.scenario, rule="top-n:3"), expected_version=1,
                        user="Anna")  # meanwhile
    bo.button(key="choose_replace_yes").click().run()
    assert not bo.exception
    assert store.get_scenario("demo", "Styrgruppen").scenario.rule == "top-n:3"  # Anna's kept
    assert "efter att du fick frågan" in " ".join(w.value for w in bo.warning)
    table = table_with(bo, "Dina val").set_index("Uppgift")
    [theirs] = [c for c in table.columns if c.startswith("Sparat nu (av Anna")]
    anna_rule = describe(parse_rule("top-n:3"), "sv")
    assert table.loc["Urval", theirs] == anna_rule
    assert table.loc["Urval", "Dina val"] != anna_rule
    bo.button(key="choose_replace_yes").click().run()  # "Ersätt ändå", knowing Anna's
    replaced = store.get_scenario("demo", "Styrgruppen")
    assert (replaced.version, replaced.updated_by) == (3, "Bo")


def test_a_scenario_for_a_level_the_package_lacks_is_listed_and_removable():
    store = open_store()
    store.save_scenario("demo", Scenario(level="niv_a", year=2024, name="Från en uppladdning",
                                         weights=(("trangboddhet", 1.0),)), user="Eva")
    at = open_page(OMRADESVAL, "Anna")  # no ManifestError
    assert "Från en uppladdning" in shown_text(at)
    assert plain("niv_a") in shown_text(at)  # shown as text, not markdown
    assert "Från en uppladdning" not in at.selectbox(key="choose_preset").options
    at.button(key="choose_remove_0").click().run()
    assert not at.exception
    assert store.get_scenario("demo", "Från en uppladdning") is None
    at.button(key="choose_undo").click().run()  # removing is undoable
    assert store.get_scenario("demo", "Från en uppladdning").updated_by == "Anna"
    followup = open_page("pages/uppfoljning.py")  # the other pages do not trip over it either
    assert "Från en uppladdning" not in followup.selectbox(key="proposal_choice").options
