"""``python -m cli fetch-scb``: end to end against recorded SCB answers, offline."""

from __future__ import annotations

import json

import pytest
import responses

from cli import fetch_scb
from cli.__main__ import main
from datapackage.store import read_package
from tests.fixtures.scb.fake_scb import FakeScb
from tests.test_scb_client import FakeClock


@pytest.fixture(autouse=True)
def _fake_clock(monkeypatch):
    monkeypatch.setattr(fetch_scb, "CLOCK", FakeClock())


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def _run(out, cache, *extra):
    return main(["fetch-scb", "--kommun", "1280", str(out), "--cache", str(cache), *extra])


def test_fetch_writes_a_package_with_progress(rsps, tmp_path, capsys):
    fake = FakeScb().install(rsps)
    out = tmp_path / "malmo"
    assert _run(out, tmp_path / "cache") == 0
    captured = capsys.readouterr()
    assert "Hämtar tabell 1/6: unga som varken arbetar eller studerar per RegSO " \
        "(IntGr8RegSOKON1N) (del 3/3)" in captured.err
    assert "Malmö – SCB:s öppna data" in captured.out
    assert f"{fake.calls()} anrop till SCB" in captured.out
    package = read_package(out)
    assert package.manifest.entry("uvas").at("regso").status == "real"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_a_re_run_from_the_cache_makes_no_call(rsps, tmp_path, capsys):
    fake = FakeScb().install(rsps)
    out, cache = tmp_path / "malmo", tmp_path / "cache"
    assert _run(out, cache) == 0
    made = fake.calls()
    assert _run(out, cache) == 0  # the same day: everything from the cache
    assert fake.calls() == made
    assert "0 anrop till SCB" in capsys.readouterr().out


def test_offline_leaves_the_existing_package_alone(rsps, tmp_path, capsys):
    FakeScb().install(rsps)
    out, cache = tmp_path / "malmo", tmp_path / "cache"
    assert _run(out, cache) == 0
    before = (out / "manifest.json").read_text("utf-8")
    rsps.reset()  # from now on every request fails to connect, as offline
    capsys.readouterr()
    assert _run(out, cache, "--refresh") == 1
    err = capsys.readouterr().err
    assert "Kunde inte nå SCB (geodata.scb.se): ConnectionError" in err
    assert "Kontrollera nätverket och försök igen" in err
    assert str(cache) in err
    assert (out / "manifest.json").read_text("utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "malmo"]


def test_offline_without_a_package_writes_nothing(rsps, tmp_path, capsys):
    assert _run(tmp_path / "new", tmp_path / "cache", "--lang", "en") == 1
    assert "Could not reach SCB" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_unknown_kommun_fails_before_any_call(rsps, tmp_path, capsys):
    fake = FakeScb().install(rsps)
    assert main(["fetch-scb", "--kommun", "1299", str(tmp_path / "x")]) == 1
    assert "Kommunkoden 1299 finns inte" in capsys.readouterr().err
    assert fake.calls() == 0


def test_refuses_to_replace_a_folder_that_is_not_a_package(rsps, tmp_path, capsys):
    fake = FakeScb().install(rsps)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", "utf-8")
    assert _run(out, tmp_path / "cache") == 1
    assert "inget datapaket" in capsys.readouterr().err
    assert fake.calls() == 0
    assert (out / "notes.txt").read_text("utf-8") == "keep me"


def test_a_missing_table_is_reported_and_the_package_written(rsps, tmp_path, capsys):
    fake = FakeScb().install(rsps)
    fake.missing.add("HE/HE0110/HE0110I/Tab4InkDesoRegso")
    out = tmp_path / "malmo"
    assert _run(out, tmp_path / "cache") == 0
    assert "SCB Tab4InkDesoRegso: Obs: Tabellen finns inte hos SCB (404)" in capsys.readouterr().err
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["indicators"]["lag_inkomststandard"]["status"] == "missing"


def test_the_app_opens_the_fetched_package_and_lists_its_sources(rsps, tmp_path, capsys,
                                                                  app_test_navigation, monkeypatch):
    from streamlit.testing.v1 import AppTest

    FakeScb().install(rsps)
    out = tmp_path / "malmo"
    assert _run(out, tmp_path / "cache") == 0
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(out))
    at = AppTest.from_file("../app.py", default_timeout=90).run()
    assert not at.exception, at.exception
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception
    sources = next(df.value for df in at.dataframe if "Hämtad" in df.value.columns)
    assert "IntGr8RegSOKON1N" in set(sources["Tabell"])
    assert (sources["Hämtad"] != "").all()
    assert any("Källa: SCB" in caption.value for caption in at.caption)
    for page in ("pages/omradesval.py", "pages/robusthet.py", "pages/uppfoljning.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
