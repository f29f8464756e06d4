"""Blev det skillnad? on Uppföljning and on one insats, as people use them (Streamlit AppTest, demo).

The demo declares an example effort with a planted effect on UVAS (-2 percentage points from 2021 in
eight small areas); the section must offer it and show a clear decrease.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from datapackage.store import read_package
from persistence import Insats, open_store

APP = "../app.py"
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation, monkeypatch):
    """Every AppTest here reruns app.py like a server (see tests/conftest.py), on the demo."""
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)


def open_page(path: str, lang: str = "sv") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    return "\n".join([*(m.value for m in at.markdown), *(m.value for m in at.caption),
                      *(m.value for m in at.warning), *(m.value for m in at.info)])


def test_followup_offers_the_planted_example_and_shows_a_clear_decrease() -> None:
    at = open_page("pages/uppfoljning.py")
    assert any(h.value == "Blev det skillnad?" for h in at.subheader)
    group = at.radio(key="follow_effect_group")
    assert group.options[0].startswith("Förslaget som följs upp")
    example = next(o for o in group.options if "planterad effekt i demodata" in o)
    assert "Ungdomslyftet" in example
    group.set_value("example_0").run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Tydlig minskning" in shown
    assert "Områdesstatistik kan inte följa människor som flyttar" in shown
    assert "planterad effekt på \u22122,0 procentenheter" in shown  # a real minus sign
    assert at.selectbox(key="follow_effect_indicator").value == "uvas"
    table = next(df.value for df in at.dataframe if "Effekt (procentenheter)" in df.value.columns)
    assert list(table["År"]) == ["2021", "2022", "2023", "2024", "2025"]
    assert not any("nan" in str(v).lower() or "None" in str(v) for v in table.to_numpy().ravel())
    weights = next(df.value for df in at.dataframe if "Vikt" in df.value.columns)
    assert not weights["Område"].str.fullmatch(r"K\d{4}").any()  # names, not ids
    assert len(at.get("vega_lite_chart")) >= 6

    at.radio(key="follow_effect_method").set_value("did").run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Tydlig minskning" in shown
    assert "Parallella trender före start" in shown


def test_followup_gives_an_evaluation_plan_before_the_start() -> None:
    at = open_page("pages/uppfoljning.py")
    at.selectbox(key="follow_start").set_value(2027).run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Utvärderingsplan före start" in shown
    assert "2030: " in shown
    assert "2035: " in shown
    assert "procentenheter (4 år efter start, 12 år före)" in shown


def test_the_section_in_english() -> None:
    at = open_page("pages/uppfoljning.py", lang="en")
    assert any(h.value == "Did it make a difference?" for h in at.subheader)
    at.radio(key="follow_effect_group").set_value("example_0").run()
    assert not at.exception, at.exception
    assert "Clear decrease" in texts(at)


def test_one_insats_gets_the_section_for_its_areas_and_start() -> None:
    planted = read_package(DEMO).manifest.example_insatser[0]
    open_store().save_insats(Insats("demo", "Ungdomslyftet", "arbetsmarknads- och socialnämnden",
                                    planted.level, planted.area_ids, planted.start_year))
    at = open_page("pages/insatser.py")
    assert any(h.value == "Blev det skillnad?" for h in at.subheader)
    group = at.radio(key="ins_effect_group")
    assert group.value == "own"
    assert group.options[0].startswith("Insatsens områden (8 områden, start 2021)")
    assert "Tydlig minskning" in texts(at)


@pytest.mark.real_data
def test_on_malmo_the_short_area_series_are_refused_honestly(malmo_package, monkeypatch) -> None:
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(malmo_package.path))
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.selectbox(key="level").set_value("regso").run()
    at.switch_page("pages/uppfoljning.py").run()
    at.selectbox(key="follow_start").set_value(2023).run()
    assert not at.exception, at.exception
    assert any(h.value == "Blev det skillnad?" for h in at.subheader)
    assert "För få år med data före start 2023: 0 år, minst 3 behövs" in texts(at)
    assert "Tydlig" not in texts(at)
