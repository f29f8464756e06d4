"""``python -m cli fetch-scb --check``: the catalogue against recorded table descriptions, per table,
with exit codes 0 (all match), 1 (a table differs or is gone) and 3 (SCB unreachable)."""

from __future__ import annotations

import copy

import pytest
import responses

from cli import fetch_scb
from cli.__main__ import main
from datapackage.scb.catalogue import CATALOGUE
from datapackage.scb.check import CHANGED, MATCH, MISSING, check_catalogue
from datapackage.scb.client import ScbClient
from tests.fixtures.scb.fake_scb import FakeScb
from tests.test_scb_client import FakeClock

UVAS = "AA/AA0003/AA0003H/IntGr8RegSOKON1N"
POPULATION = "BE/BE0101/BE0101Y/FolkmDesoAldKon"
AREA_TYPES = "AA/AA0003/AA0003X/IntGr5Socio"


@pytest.fixture(autouse=True)
def _fake_clock(monkeypatch):
    monkeypatch.setattr(fetch_scb, "CLOCK", FakeClock())


def _years(meta: dict, first: int, last: int) -> dict:
    meta = copy.deepcopy(meta)
    for variable in meta["variables"]:
        if variable["code"] == "Tid":
            variable["values"] = variable["valueTexts"] = [str(y) for y in range(first, last + 1)]
    return meta


@pytest.fixture
def fake():
    """SCB with descriptions of every table over the years the catalogue expects."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        scb = FakeScb().install(rsps)
        for spec in CATALOGUE:
            scb.meta_overrides[spec.path] = _years(scb.meta(spec.path), spec.first_year,
                                                   spec.last_known_year)
        yield scb


def _check(tmp_path, *extra):
    return main(["fetch-scb", "--check", "--cache", str(tmp_path / "cache"), *extra])


def test_every_table_matches_and_only_descriptions_are_asked_for(fake, tmp_path, capsys):
    assert _check(tmp_path, "--kommun", "1280") == 0
    out = capsys.readouterr().out
    for spec in CATALOGUE:
        assert f"OK        {spec.table_id} (" in out
    assert "Alla 6 tabeller stämmer med katalogen." in out
    assert "år 2007–2023" in out
    assert fake.calls("POST") == 0  # no data, descriptions only
    assert fake.calls("GET") == 1 + len(CATALOGUE)  # the config and one description per table


def _rename(path, old, new):
    def change(fake):
        for variable in fake.meta_overrides[path]["variables"]:
            if variable["code"] == old:
                variable["code"] = new
    return change


def _content_gone(path, code):
    def change(fake):
        contents = next(v for v in fake.meta_overrides[path]["variables"]
                        if v["code"] == "ContentsCode")
        i = contents["values"].index(code)
        contents["values"][i] = "00000XXX"
        contents["valueTexts"][i] = "Något annat"
    return change


def _shorter(path, last):
    def change(fake):
        fake.meta_overrides[path] = _years(fake.meta_overrides[path], 2010, last)
    return change


@pytest.mark.parametrize(("change", "table_id", "status", "words"), [
    (_rename(UVAS, "Kon", "Sex"), "IntGr8RegSOKON1N", CHANGED, ["Variabeln Kon saknas", "Sex"]),
    (_content_gone(AREA_TYPES, "000008IU"), "TAB6586", CHANGED, ["Innehållet 000008IU finns inte"]),
    (_shorter(POPULATION, 2022), "FolkmDesoAldKon", CHANGED,
     ["senaste år är 2022", "känner till 2024"]),
    (lambda fake: fake.missing.add(UVAS), "IntGr8RegSOKON1N", MISSING, ["SAKNAS", "404"]),
], ids=["renamed variable", "content code gone", "years gone", "table gone"])
def test_a_mismatch_is_reported_per_table_with_exit_code_1(fake, tmp_path, capsys, change,
                                                           table_id, status, words):
    change(fake)
    assert _check(tmp_path) == 1
    out = capsys.readouterr().out
    for word in words:
        assert word in out
    assert f"Stämmer inte: {table_id}." in out
    checks = {c.spec.table_id: c for c in check_catalogue(ScbClient(FakeClock()))}
    assert checks[table_id].status == status
    assert all(c.status == MATCH for t, c in checks.items() if t != table_id)


def test_years_published_after_the_catalogue_are_news_not_a_mismatch(fake, tmp_path, capsys):
    fake.meta_overrides[POPULATION] = _years(fake.meta_overrides[POPULATION], 2010, 2025)
    assert _check(tmp_path, "--lang", "en") == 0
    out = capsys.readouterr().out
    assert "years published since the catalogue was written: 2025" in out


def test_the_kommuns_areas_are_checked_when_a_kommun_is_given(fake, tmp_path, capsys):
    assert _check(tmp_path, "--kommun", "0180") == 1  # the recorded descriptions hold Malmö only
    assert "inga områden för kommunen 0180" in capsys.readouterr().out


def test_unreachable_scb_exits_3(tmp_path, capsys):
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        assert _check(tmp_path) == 3  # every request fails to connect
    assert "Kunde inte nå SCB (api.scb.se)" in capsys.readouterr().err
