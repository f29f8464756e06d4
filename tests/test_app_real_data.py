"""Every page on real data opens on something true and useful (issue "Verkliga data först").

Run on the real Malmö package and on a package built by ``fetch-scb`` from recorded SCB answers: each
page opens with its defaults on values (at least 80 % of the areas on Översikt and Områdesval), a
non-empty proposal, and never states a share for an indicator that is absent at that level and year.
"""

from __future__ import annotations

import re

import pytest
import responses
from streamlit.testing.v1 import AppTest

from tests.test_app import text_of

APP = "../app.py"
PAGES = ("pages/oversikt.py", "pages/omradesval.py", "pages/robusthet.py", "pages/uppfoljning.py",
         "pages/insatser.py", "pages/data.py", "pages/mote.py")
INDEX_NAMES = {"behorighet_yrkesprogram": "Behörighet yrkesprogram", "trangboddhet": "Trångboddhet",
               "ekonomiskt_bistand": "Ekonomiskt bistånd",
               "lag_inkomststandard": "Låg inkomststandard"}


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation):
    """Every AppTest here reruns app.py like a server (see tests/conftest.py)."""


@pytest.fixture(scope="module")
def scb_package_path(tmp_path_factory):
    """A package built by ``python -m cli fetch-scb`` from the recorded answers, offline."""
    from cli import fetch_scb
    from cli.__main__ import main
    from tests.fixtures.scb.fake_scb import FakeScb
    from tests.test_scb_client import FakeClock

    out = tmp_path_factory.mktemp("scb") / "malmo-scb"
    clock, fetch_scb.CLOCK = fetch_scb.CLOCK, FakeClock()
    try:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            FakeScb().install(mock)
            code = main(["fetch-scb", "--kommun", "1280", str(out), "--cache",
                         str(tmp_path_factory.mktemp("cache"))])
    finally:
        fetch_scb.CLOCK = clock
    assert code == 0
    return out


@pytest.fixture(params=["malmo", "scb"])
def real_app(request, monkeypatch):
    path = (request.getfixturevalue("malmo_package").path if request.param == "malmo"
            else request.getfixturevalue("scb_package_path"))
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(path))
    return AppTest.from_file(APP, default_timeout=120)


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _shares_stated(text: str) -> set[str]:
    """Indicators the text gives a percentage share, e.g. "Behörighet yrkesprogram 50 %"."""
    return {ident for ident, name in INDEX_NAMES.items()
            if re.search(rf"{re.escape(name)} \d+\s?%", text)}


def _map_levels(at: AppTest) -> list[str]:
    from datapackage.catalog import discover_packages

    ref = next(r for r in discover_packages() if r.key == at.session_state["package"])
    from datapackage.store import read_package

    return [lv.id for lv in read_package(ref.path).manifest.map_levels]


def _areas(at: AppTest) -> range:
    from datapackage.catalog import discover_packages
    from datapackage.store import read_package

    ref = next(r for r in discover_packages() if r.key == at.session_state["package"])
    return range(len(read_package(ref.path).areas_at(at.session_state["level"])))


def _areas_with_values(at: AppTest) -> tuple[int, int]:
    with_values, total = (int(x) for x in _metric(at, "Områden med värde").split(" / "))
    return with_values, total


@pytest.mark.real_data
def test_overview_opens_on_values_at_every_level(real_app):
    at = real_app.run()
    assert not at.exception, at.exception
    with_values, total = _areas_with_values(at)
    assert with_values >= 0.8 * total
    # The year list offers only years with data and says how many index indicators each has.
    for option in at.selectbox(key="year").options:
        assert re.fullmatch(r"\d{4} · \d av 4 indikatorer", option), option
    for level in _map_levels(at):
        at.selectbox(key="level").set_value(level).run()
        assert not at.exception, at.exception
        with_values, total = _areas_with_values(at)
        assert with_values >= 0.8 * total, (level, at.session_state["year"])


@pytest.mark.real_data
def test_the_default_level_and_year_have_the_most_index_indicators(real_app, malmo_package):
    at = real_app.run()
    year_label = at.selectbox(key="year").options[at.selectbox(key="year").index]
    counts = [int(re.search(r"· (\d) av", o).group(1)) for o in at.selectbox(key="year").options]
    assert int(re.search(r"· (\d) av", year_label).group(1)) == max(counts)
    if at.session_state["package"] == malmo_package.path.name:
        # Malmö publishes most per RegSO (UVAS, eligibility, assistance in 2023), not per DeSO.
        assert (at.session_state["level"], at.session_state["year"]) == ("regso", 2023)


@pytest.mark.real_data
def test_omradesval_opens_on_scores_and_a_proposal_and_states_only_present_shares(real_app):
    at = real_app.run()
    at.switch_page("pages/omradesval.py").run()
    assert not at.exception, at.exception
    selected, scored = (int(x) for x in _metric(at, "Valda områden").split(" / "))
    assert selected > 0
    assert scored >= 0.8 * len(at.session_state["choose_scenario"].weights and _areas(at))
    assert int(_metric(at, "Föreslagna områden")) > 0
    text = text_of(at)
    made_of = next(c.value for c in at.caption if c.value.startswith("Index av:"))
    absent_part = made_of.split("Saknas på nivån:")[1] if "Saknas på nivån:" in made_of else ""
    stated = _shares_stated(made_of)
    for ident, name in INDEX_NAMES.items():
        if name in absent_part:
            assert ident not in stated, made_of
    assert "Trångboddhet" not in {n for i, n in INDEX_NAMES.items() if i in stated}
    assert "Inget område har" not in text


@pytest.mark.real_data
def test_no_page_states_a_share_for_an_absent_indicator(real_app):
    at = real_app.run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        text = text_of(at)
        # Trångboddhet exists at no area level of either package: it is never given a share.
        assert "trangboddhet" not in _shares_stated(text), page
        for frame in at.dataframe:
            shown = frame.value.to_string()
            assert not re.search(r"Trångboddhet\s+\d+\s?%", shown), page


@pytest.mark.real_data
def test_malmo_proposal_is_set_beside_scbs_area_types(malmo_package, monkeypatch):
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(malmo_package.path))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/omradesval.py").run()
    assert not at.exception, at.exception
    assert any(s.value == "Förslaget och SCB:s områdestyp" for s in at.subheader)
    in_both = int(_metric(at, "Typ 1, 2 i förslaget"))
    left_out = int(_metric(at, "Typ 1, 2 utanför förslaget"))
    assert in_both + left_out == 30  # Malmö 2023: 20 areas of type 1 and 10 of type 2
    at.checkbox(key="choose_reference_scb_omradestyp").check().run()
    assert not at.exception, at.exception
    at.selectbox(key="level").set_value("deso").run()
    assert not at.exception, at.exception
    assert "Typen finns per RegSO" in text_of(at)


@pytest.mark.real_data
def test_followup_pages_follow_the_current_proposal_at_the_sidebar_level(malmo_package,
                                                                         monkeypatch):
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(malmo_package.path))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/omradesval.py").run()
    at.slider(key="choose_w_ekonomiskt_bistand").set_value(0.0).run()
    current = at.session_state["choose_scenario"]
    for page in ("pages/uppfoljning.py", "pages/robusthet.py", "pages/mote.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert at.selectbox(key="proposal_choice").value == ""
    assert current.weight_map["ekonomiskt_bistand"] == 0.0
    at.switch_page("pages/uppfoljning.py").run()
    assert "på nivån RegSO (2023)" in text_of(at)
    assert at.query_params["w"] == current.to_query()["w"]  # the link carries the proposal
