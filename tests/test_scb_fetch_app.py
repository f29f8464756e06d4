"""The fetch button on "Data och import" (AppTest, recorded SCB answers through the mocked transport):
choose a kommun by name, see the plan, fetch in the background, open the result; offline and
cancelled fetches write nothing."""

from __future__ import annotations

import pytest
import responses
from streamlit.testing.v1 import AppTest

from datapackage.catalog import DEMO_PACKAGE
from datapackage.scb.job import CANCELLED, DONE, FAILED, RUNNING
from tests.fixtures.scb.fake_scb import FakeScb
from ui.scb_fetch import JOB, duration, kommun_matches

QUICK = {"maxValues": 150000, "maxCalls": 1000, "timeWindow": 1}


@pytest.fixture
def env(tmp_path, monkeypatch, app_test_navigation):
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("KRAFTSAMLA_DATA_DIR", str(data))
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(DEMO_PACKAGE))
    monkeypatch.setenv("KRAFTSAMLA_CACHE", str(tmp_path / "cache"))
    return data


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def _data_page() -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=120).run()
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception
    return at


def _choose_malmo(at: AppTest) -> AppTest:
    at.text_input(key="data_scb_query").input("malm").run()
    assert at.selectbox(key="data_scb_kommun").value == "1280"
    return at


def _finish(at: AppTest, timeout: float = 120) -> object:
    job = at.session_state[JOB]
    job.join(timeout)
    state = job.snapshot()
    at.run()
    assert not at.exception, at.exception
    return state


def test_the_kommun_search():
    assert [k.name for k in kommun_matches("malm")] == ["Malmö"]
    assert [k.name for k in kommun_matches("LUND")][:1] == ["Lund"]
    assert kommun_matches("1480")[0].name == "Göteborg"
    assert len(kommun_matches("")) == 290
    assert kommun_matches("xyz") == []
    assert duration(12.4, "sv") == "12 s"
    assert duration(400, "en") == "7 min"


def test_plan_fetch_and_open_the_package(env, rsps):
    FakeScb(config=QUICK).install(rsps)
    at = _choose_malmo(_data_page())
    captions = " ".join(c.value for c in at.caption)
    assert "DeSO- och RegSO-gränser, SCB:s nyckel DeSO 2018–2025 och 6 tabeller" in captions
    assert "ungefär" in captions
    plan = next(df.value for df in at.dataframe if "Frågor" in df.value.columns)
    assert "TAB6586" in set(plan["Tabell"])
    assert str(env / "malmo_scb") in captions
    at.button(key="data_scb_start").click().run()
    assert not at.exception, at.exception
    state = _finish(at)
    assert state.status == DONE, (state.error, state.problems)
    assert any("Klart: Malmö" in s.value for s in at.success)
    assert (env / "malmo_scb" / "manifest.json").is_file()
    assert [p.name for p in env.iterdir()] == ["malmo_scb"]  # nothing half-written beside it
    at.button(key="data_scb_open").click().run()
    assert not at.exception, at.exception
    assert at.session_state["package"] == "malmo_scb"
    assert at.sidebar.selectbox(key="package").value == "malmo_scb"
    names = [df.value for df in at.dataframe if "Hämtad" in df.value.columns]
    assert "TAB6586" in set(names[0]["Tabell"])  # the page now shows the fetched package
    for page in ("pages/oversikt.py", "pages/omradesval.py", "pages/uppfoljning.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)


def test_offline_gives_the_clis_message_and_writes_nothing(env, rsps):
    # no answers registered: every request fails to connect, as offline
    at = _choose_malmo(_data_page())
    at.button(key="data_scb_start").click().run()
    state = _finish(at, timeout=180)
    assert state.status == FAILED
    errors = " ".join(e.value for e in at.error)
    assert "Kunde inte nå SCB (geodata.scb.se)" in errors
    assert "Kontrollera nätverket och försök igen" in errors
    assert list(env.iterdir()) == []


def test_cancel_stops_the_fetch_and_writes_nothing(env, rsps):
    # SCB allows two calls per minute here: the fetch waits on the rate limit until cancelled.
    fake = FakeScb(config={"maxValues": 150000, "maxCalls": 2, "timeWindow": 60}).install(rsps)
    at = _choose_malmo(_data_page())
    at.button(key="data_scb_start").click().run()
    assert at.session_state[JOB].snapshot().status == RUNNING
    bars = at.get("progress")
    assert len(bars) == 1
    assert bars[0].proto.text.startswith(("Hämtar", "Startar"))
    at.button(key="data_scb_cancel").click().run()
    state = _finish(at, timeout=30)
    assert state.status == CANCELLED
    assert any("Hämtningen avbröts" in w.value for w in at.warning)
    assert list(env.iterdir()) == []
    assert fake.calls() < 10
    at.button(key="data_scb_dismiss").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="data_scb_query").value == "malm"  # the choice is kept
    assert at.selectbox(key="data_scb_kommun").value == "1280"
    assert at.button(key="data_scb_start").label == "Hämta data för Malmö"
