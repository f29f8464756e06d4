"""Sign-in and roles as people meet them (Streamlit AppTest with ``st.user`` seeded as Streamlit's
sign-in would set it, and an ``[auth]`` section in the secrets): a refused write says which role it
needs and never reaches the store, a rapportör reports only for its board, the history records the
signed-in person, an administratör gives roles in the app, and local mode says there is no sign-in.
The real sign-in through a provider's login page is tested in tests/browser/test_sign_in_roles.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from access.roles import ANALYST, REPORTER
from i18n.numbers import number
from persistence import REPORTED_VALUE, Insats, InsatsIndicator, RoleGrant, open_store
from tests.browser.oidc import TEST_USERS

APP = "../app.py"
INSATSER, OMRADESVAL, UPPFOLJNING, ROLLER = ("pages/insatser.py", "pages/omradesval.py",
                                             "pages/uppfoljning.py", "pages/roller.py")
SCHOOL, LEISURE = "grundskolenämnden", "fritidsnämnden"
SECRETS = {
    "auth": {"redirect_uri": "http://127.0.0.1:1/oauth2callback", "cookie_secret": "x" * 64,
             "client_id": "kraftsamla", "client_secret": "not-a-secret",
             "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration"},
    "roles": {"groups": {"kraftsamla-lasare": "läsare", "kraftsamla-analytiker": "analytiker",
                         "kraftsamla-rapportor-fritidsnamnden": "rapportör:fritidsnämnden",
                         "kraftsamla-samordnare": "samordnare",
                         "kraftsamla-administrator": "administratör"}},
}


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation, monkeypatch):
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)
    monkeypatch.delenv("KRAFTSAMLA_REQUIRE_SIGN_IN", raising=False)


def user(sub: str) -> dict:
    """``st.user`` of a signed-in test user (the claims the provider fixture gives)."""
    return {**next(u for u in TEST_USERS if u["sub"] == sub), "is_logged_in": True}


def open_page(path: str, claims: dict | None, *, insats: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets.update(SECRETS)
    at.user = claims if claims is not None else {"is_logged_in": False}
    at.run()
    if path:
        if insats is not None:
            at.query_params["insats"] = insats
        at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.info, at.warning, at.error, at.success) for e in kind]
    # As a person reads it: markdown escapes and the invisible word joiner that breaks autolinks gone.
    return "\n".join(str(p) for p in parts).replace("\\", "").replace("\u2060", "")


def sidebar_text(at: AppTest) -> str:
    parts = [c.value for c in at.sidebar.caption] + [i.value for i in at.sidebar.info]
    # As a person reads it: markdown escapes and the invisible word joiner that breaks autolinks gone.
    return "\n".join(str(p) for p in parts).replace("\\", "").replace("\u2060", "")


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _insats_with_indicator(board: str) -> tuple[Insats, InsatsIndicator]:
    store = open_store()
    insats = store.save_insats(Insats("demo", f"Läxhjälp {board}", board, "smaomrade", ("K0001",), 2025),
                               user="Cia")
    return insats, store.save_indicator(InsatsIndicator(insats.id, "Deltagare", "output"), user="Cia")


def _report(at: AppTest, value: float) -> AppTest:
    at.number_input(key="ins_report_year").set_value(2026)
    at.text_input(key="ins_report_value").input(number(value, "sv", 2)).run()  # typed as in Swedish
    button(at, "Spara värdet").click().run()
    assert not at.exception, at.exception
    return at


def test_local_mode_says_there_is_no_sign_in_and_lets_a_named_person_save():
    _insats_with_indicator(SCHOOL)
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["identity_person"] = "Anna"
    at.run()
    assert "Lokalt läge – ingen inloggning" in sidebar_text(at)
    at.switch_page(INSATSER).run()
    _report(at, 47.0)
    assert [r.reported_by for r in open_store().list_reported_values("demo")] == ["Anna"]


def test_a_deployment_that_requires_sign_in_refuses_writes_without_it(monkeypatch):
    monkeypatch.setenv("KRAFTSAMLA_REQUIRE_SIGN_IN", "1")
    _insats_with_indicator(SCHOOL)
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["identity_person"] = "Anna"
    at.run()
    assert "inloggning är inte konfigurerad: ingenting kan sparas" in sidebar_text(at)
    at.switch_page(INSATSER).run()
    _report(at, 47.0)
    assert "sparar bara ändringar från inloggade personer" in shown(at)
    assert open_store().list_reported_values("demo") == []


def test_with_sign_in_configured_a_visitor_sees_only_the_sign_in_page():
    _insats_with_indicator(SCHOOL)
    at = open_page("", None)
    assert [b.label for b in at.button] == ["Logga in"]
    assert "Logga in med ditt konto i staden" in shown(at)
    assert not at.dataframe
    at.switch_page(INSATSER).run()  # a deep link shows the same page
    assert not at.exception
    assert [b.label for b in at.button] == ["Logga in"]
    assert not at.dataframe


def test_a_lasare_reads_but_every_write_is_refused_with_the_role_it_needs():
    _insats_with_indicator(SCHOOL)
    at = open_page(INSATSER, user("lars.lasare"))
    assert "Inloggad som Lars Läsare (lars.lasare@malmo.test)" in sidebar_text(at)
    assert "Roller: läsare" in sidebar_text(at)
    assert "Läxhjälp grundskolenämnden" in list(at.dataframe[0].value["Insats"])  # reads everything
    _report(at, 47.0)
    assert "Det här kräver rollen rapportör för grundskolenämnden eller samordnare." in shown(at)
    at.text_area(key="ins_edit_description").set_value("Ny text")
    at.button(key="ins_edit_save").click().run()
    assert "Det här kräver rollen samordnare." in shown(at)
    at.text_input(key="ins_board_sv").set_value("stadsbyggnadsnämnden")
    button(at, "Spara nämnden").click().run()
    store = open_store()
    assert store.list_reported_values("demo") == []
    assert store.list_insatser("demo")[0].version == 1
    assert "stadsbyggnadsnämnden" not in [b.name_sv for b in store.list_boards()]

    at = open_page(OMRADESVAL, user("lars.lasare"))
    at.text_input(key="choose_scenario_name").set_value("Styrgruppen").run()
    at.button(key="choose_scenario_save").click().run()
    assert "Det här kräver rollen analytiker eller samordnare." in shown(at)
    assert store.list_scenarios("demo") == []


def test_the_write_path_itself_refuses_whatever_the_page_shows():
    """person_for_write is the server-side check: called directly for a write, a läsare gets None."""
    script = '''
import streamlit as st
from access.roles import SAVE_TARGETS
from ui.identity import person_for_write
st.session_state["who"] = person_for_write("probe", action=SAVE_TARGETS)
'''
    at = AppTest.from_string(script, default_timeout=30)
    at.secrets.update(SECRETS)
    at.user = user("lars.lasare")
    at.run()
    assert at.session_state["who"] is None
    assert [e.value for e in at.error] == ["Det här kräver rollen samordnare. Ingenting har sparats."]
    at.user = user("sam.samordnare")
    at.run()
    assert at.session_state["who"] == "Sam Samordnare (sam.samordnare@malmo.test)"


def test_a_rapportor_reports_for_its_board_only_and_history_records_who():
    _insats_with_indicator(LEISURE)
    school, _ = _insats_with_indicator(SCHOOL)
    at = open_page(INSATSER, user("rut.rapportor"), insats="Läxhjälp fritidsnämnden")
    assert "Roller: rapportör för fritidsnämnden" in sidebar_text(at)
    _report(at, 12.0)
    store = open_store()
    [report] = store.list_reported_values("demo")
    assert (report.value, report.reported_by) == (12.0, "Rut Rapportör (rut.rapportor@malmo.test)")
    assert store.history(REPORTED_VALUE, report.key)[-1].changed_by == \
        "Rut Rapportör (rut.rapportor@malmo.test)"

    at = open_page(INSATSER, user("rut.rapportor"), insats=school.name)
    _report(at, 13.0)
    assert "Det här kräver rollen rapportör för grundskolenämnden eller samordnare." in shown(at)
    assert len(store.list_reported_values("demo")) == 1


def test_a_samordnare_saves_targets_insatser_and_boards():
    _insats_with_indicator(SCHOOL)
    at = open_page(INSATSER, user("sam.samordnare"))
    at.text_input(key="ins_board_sv").set_value("stadsbyggnadsnämnden")
    button(at, "Spara nämnden").click().run()
    _report(at, 47.0)
    store = open_store()
    assert "stadsbyggnadsnämnden" in [b.name_sv for b in store.list_boards()]
    assert [r.reported_by for r in store.list_reported_values("demo")] == [
        "Sam Samordnare (sam.samordnare@malmo.test)"]


def test_only_an_administrator_sees_roller_and_a_role_given_there_takes_effect():
    _insats_with_indicator(SCHOOL)
    at = open_page("", user("sam.samordnare"))
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(ROLLER)  # not among the samordnare's pages
    page = AppTest.from_file(f"../{ROLLER}", default_timeout=60)  # the page script run on its own
    page.secrets.update(SECRETS)
    page.user = user("sam.samordnare")
    page.run()
    assert "Det här kräver rollen administratör." in shown(page)
    assert not page.text_input

    admin = open_page(ROLLER, user("ada.admin"))
    admin.text_input(key="roles_person").set_value("Lars.Lasare@malmo.test")
    admin.selectbox(key="roles_role").set_value(REPORTER)
    admin.selectbox(key="roles_board").set_value(SCHOOL)
    button(admin, "Ge rollen").click().run()
    assert not admin.exception
    [grant] = open_store().list_role_grants()
    assert (grant.person, grant.role, grant.board, grant.updated_by) == (
        "lars.lasare@malmo.test", REPORTER, SCHOOL, "Ada Administratör (ada.admin@malmo.test)")
    assert "lars.lasare@malmo.test har fått rollen rapportör för grundskolenämnden." in shown(admin)

    lars = open_page(INSATSER, user("lars.lasare"))
    assert "rapportör för grundskolenämnden" in sidebar_text(lars)
    _report(lars, 50.0)
    assert [r.reported_by for r in open_store().list_reported_values("demo")] == [
        "Lars Läsare (lars.lasare@malmo.test)"]

    admin = open_page(ROLLER, user("ada.admin"))
    admin.button(key="roles_remove").click().run()
    assert open_store().list_role_grants() == []
    admin.button(key="roles_undo").click().run()  # undo brings it back, a new version
    assert [g.version for g in open_store().list_role_grants()] == [3]


def test_a_wrong_group_mapping_is_named_and_gives_no_role():
    store = open_store()
    store.grant_role(RoleGrant("anna.analytiker@malmo.test", ANALYST), user="Ada")
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets.update({**SECRETS, "roles": {"groups": {"kraftsamla-analytiker": "chef"}}})
    at.user = user("anna.analytiker")
    at.run()
    assert not at.exception
    assert "gruppen kraftsamla-analytiker är kopplad till 'chef'" in shown(at)
    assert "Roller: analytiker" in sidebar_text(at)  # the role given in the app still counts
