"""Insats kinds, partners and young people's participation as people use them (AppTest): the demo's
example insatser, the kind filter and editor, the participation record with the small-group rule, the
funding note, the kinds map, and the summary on Uppföljning — on the demo and the real Malmö package."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from datapackage.store import read_package
from indicators.participation import Participation
from persistence import Insats, open_store

APP = "../app.py"
INSATSER, FOLLOWUP = "pages/insatser.py", "pages/uppfoljning.py"


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation, monkeypatch):
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)


def open_page(path: str, lang: str = "sv") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["identity_person"] = "Anna"
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def shown_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [x.value for x in at.text]
    parts += [e.value for kind in (at.info, at.warning, at.error, at.success) for e in kind]
    return "\n".join(str(p) for p in parts)


def table_with(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def summary(at: AppTest):
    """The participation summary (a plain table indexed by board)."""
    return next(x.value for x in at.table if "Unga med i utformningen" in x.value.columns)


def seeded_demo() -> AppTest:
    at = open_page(INSATSER)
    at.button(key="ins_demo_seed").click().run()
    assert not at.exception, at.exception
    return at


def test_demo_insatser_kinds_filter_editor_and_funding_note():
    at = seeded_demo()
    table = table_with(at, "Typ av insats")
    assert set(table["Typ av insats"]) == {"Kraftsamlande insats", "Lokal utveckling",
                                           "Förstärkning av grunduppdraget"}
    text = shown_text(at)
    assert "Fördelningen räknar bara kraftsamlande insatser" in text
    assert "Var typerna av insatser möts" in [h.value for h in at.subheader]
    # Filter: lokal utveckling only.
    at.multiselect(key="ins_kind_filter").set_value(["local_development"]).run()
    assert list(table_with(at, "Typ av insats")["Insats"]) == ["Trygga stråk (exempel)"]
    assert "1 av 4 insatser visas (valda typer)." in shown_text(at)
    assert "Region/polis" in shown_text(at)  # partners of the insats shown
    # Edit the kind and partners of that insats.
    at.radio(key="ins_kinds_kind").set_value("core_mission")
    at.multiselect(key="ins_kinds_partners").set_value(["business"])
    at.button(key="ins_kinds_save").click().run()
    assert not at.exception, at.exception
    saved = open_store().insats_named("demo", "Trygga stråk (exempel)")
    assert (saved.kind, saved.partners) == ("core_mission", ("business",))


def test_participation_record_shown_with_the_small_group_rule_and_edited():
    at = seeded_demo()
    at.selectbox(key="ins_pick").set_value("Kvällsöppen fritidsgård (exempel)").run()
    record = table_with(at, "Svar")
    answers = dict(zip(record["Uppgift"], record["Svar"], strict=True))
    assert answers["Antal unga"] == "färre än 5"
    assert answers["Nivå (Shiers trappa)"] == "2 – får stöd att uttrycka sina åsikter"
    assert "3" not in answers["Antal unga"]
    assert "Öppettiderna förlängdes på fredagar." in [x.value for x in at.text]
    # A bad record is refused with a message naming the field; nothing is saved.
    at.number_input(key="ins_part_age_from").set_value(18)
    at.number_input(key="ins_part_age_to").set_value(14)
    at.button(key="ins_part_save").click().run()
    assert any("lägre än åldern från" in e.value for e in at.error)
    # A good one is saved (text with markup stays text).
    at.number_input(key="ins_part_age_to").set_value(20)
    at.radio(key="ins_part_level").set_value(5)
    at.multiselect(key="ins_part_phases").set_value(["design"])
    at.text_area(key="ins_part_what_changed").input("**Nya** <b>tider</b>")
    at.button(key="ins_part_save").click().run()
    assert not at.exception, at.exception
    stored = open_store().insats_named("demo", "Kvällsöppen fritidsgård (exempel)").participation
    assert (stored.level, stored.phases, stored.age_from, stored.age_to) == (5, ("design",), 18, 20)
    assert "**Nya** <b>tider</b>" in [x.value for x in at.text]


def test_followup_summary_on_the_demo():
    seeded_demo()
    at = open_page(FOLLOWUP)
    assert "Ungas delaktighet i insatserna" in [h.value for h in at.subheader]
    rows = dict(summary(at).iterrows())
    # By hand: 4 insatser; design in the example and Läxhjälp (2/4); decisions (level ≥ 4) only the
    # example (1/4); young people 14 + 3 + 40 = 57.
    whole = rows["Hela kraftsamlingen"]
    assert (whole["Insatser"], whole["Unga med i utformningen"], whole["Unga med i beslut (nivå ≥ 4)"],
            whole["Antal unga"]) == ("4", "50 %", "25 %", "57")
    assert rows["fritidsnämnden"]["Antal unga"] == "färre än 5"
    assert rows["tekniska nämnden"]["Antal unga"] == "–"  # no participation recorded: not known


def test_followup_summary_in_english_without_insatser():
    at = open_page(FOLLOWUP, "en")
    assert "Young people's participation in the insatser" in [h.value for h in at.subheader]
    assert any("No insatser are registered yet." in i.value for i in at.info)


@pytest.mark.real_data
def test_malmo_insatser_and_followup(malmo_package, monkeypatch):
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(malmo_package.path))
    at = open_page(INSATSER)
    key = at.session_state["package"]
    deso = list(read_package(malmo_package.path).areas_at("deso")["area_id"][:6])
    store = open_store()
    store.save_insats(Insats(key, "Sommarjobb", "arbetsmarknads- och socialnämnden", "deso",
                             tuple(deso[:4]), 2026, 1e6, partners=("business",),
                             participation=Participation(("design",), ("youth_council",), 4, 4)))
    store.save_insats(Insats(key, "Parkupprustning", "tekniska nämnden", "deso", tuple(deso[2:]),
                             2026, kind="local_development"))
    at = open_page(INSATSER)
    assert set(table_with(at, "Typ av insats")["Typ av insats"]) == {"Kraftsamlande insats",
                                                                    "Lokal utveckling"}
    assert "Var typerna av insatser möts" in [h.value for h in at.subheader]
    assert "Fördelningen räknar bara kraftsamlande insatser" in shown_text(at)
    at = open_page(FOLLOWUP)
    whole = summary(at).loc["Hela kraftsamlingen"]
    assert (whole["Unga med i utformningen"], whole["Unga med i beslut (nivå ≥ 4)"],
            whole["Antal unga"]) == ("50 %", "50 %", "färre än 5")
