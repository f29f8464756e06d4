"""SCB's DeSO 2018–2025 key: found on the DeSO page, read tolerantly (CSV or XLSX), and the code
rule when it cannot be had – the package says which was used."""

from __future__ import annotations

import io

import pytest
import responses
from openpyxl import Workbook

from datapackage.scb.build import build_scb_package
from datapackage.scb.carry import CorrespondenceError
from datapackage.scb.client import ScbClient
from datapackage.scb.deso_key import DESO_PAGE_URL, find_key_link, key_from_code_rule, parse_key
from model import columns as c
from tests.fixtures.scb.fake_scb import FIXTURES, FakeScb
from tests.test_scb_client import FakeClock

PAGE = DESO_PAGE_URL


@pytest.mark.parametrize(("html", "expected"), [
    ('<a href="/files/nyckel_deso2018_deso2025.xlsx">Nyckel</a>',
     "https://www.scb.se/files/nyckel_deso2018_deso2025.xlsx"),
    ('<a class="x" href="https://www.scb.se/a/b.csv">Koppling DeSO 2018 – DeSO 2025</a>',
     "https://www.scb.se/a/b.csv"),
    # the boundaries (zip) and a file about something else are not the key
    ('<a href="/deso_2025.zip">DeSO 2018 och 2025</a><a href="/regso.xlsx">RegSO 2025</a>', None),
    # a key named in words is preferred to a file that only mentions the years
    ('<a href="/x/deso-2018-2025-statistik.xlsx">DeSO</a>'
     '<a href="/y/f.xlsx">Förändringar DeSO 2018 till DeSO 2025</a>', "https://www.scb.se/y/f.xlsx"),
    ("<p>no links</p>", None),
])
def test_the_key_link_on_scbs_page(html, expected):
    assert find_key_link(html, PAGE) == expected


def test_a_csv_key_with_a_title_line_and_suffixed_codes():
    text = ("Nyckel DeSO 2018 – DeSO 2025\n"
            "Kommun;DeSO-kod 2018;DeSO_kod_2025;RegSO 2020;RegSO 2025\n"
            "1280;1280C1170;1280C1171_DeSO2025;1280R002;1280R002_RegSO2025\n"
            "1280;1280C1170;1280C1172;1280R002;1280R002\n"
            ";;;;\n")
    pairs = parse_key(text.encode("utf-8"))
    assert pairs.to_dict("records") == [
        {"old": "1280C1170", "new": "1280C1171", "regso_old": "1280R002", "regso_new": "1280R002"},
        {"old": "1280C1170", "new": "1280C1172", "regso_old": "1280R002", "regso_new": "1280R002"}]


def test_an_xlsx_key_without_regso_columns():
    book = Workbook()
    sheet = book.active
    sheet.append(["DeSO 2025", "Namn", "DeSO 2018"])  # columns in another order
    sheet.append(["1883A0030", "Karlskoga", "1883A0010"])
    sheet.append(["1883A0030", "Karlskoga", "1883A0020"])
    buffer = io.BytesIO()
    book.save(buffer)
    pairs = parse_key(buffer.getvalue())
    assert list(pairs.columns) == ["old", "new"]
    assert pairs.to_dict("records") == [{"old": "1883A0010", "new": "1883A0030"},
                                        {"old": "1883A0020", "new": "1883A0030"}]


def test_a_file_that_is_not_a_key_is_refused():
    with pytest.raises(CorrespondenceError, match="DeSO 2018"):
        parse_key(b"a;b\n1;2\n")


def test_the_code_rule():
    pairs = key_from_code_rule(["1280C1170", "1280C1230"], ["1280C1171", "1280C1172", "1280C1230",
                                                          "1280C9991"])
    assert pairs.to_dict("records") == [
        {"old": "1280C1170", "new": "1280C1171"}, {"old": "1280C1170", "new": "1280C1172"},
        {"old": "1280C1230", "new": "1280C1230"}]  # 1280C9991 has no 2018 code of either form


def _build(change=None, **options):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake = FakeScb().install(rsps)
        if change:
            change(fake)
        return build_scb_package("1280", ScbClient(FakeClock()), **options)


@pytest.mark.parametrize("missing", ["page", "key"])
def test_without_the_key_the_code_rule_carries_the_years_and_says_so(missing):
    build = _build(lambda fake: fake.missing.add(missing))
    package = build.package
    source = {s["id"]: s for s in package.manifest.sources}["DeSO 2018–2025"]
    assert source["status"] == "missing"
    assert any(p.file == "SCB nyckel DeSO 2018–2025" and "kodregel" in p.message("sv")
               for p in build.problems)
    note = package.manifest.entry("lag_inkomststandard").at("deso").note_sv
    assert "SCB:s kodregel (nyckeln kunde inte hämtas)" in note
    # The split DeSO still get their years (the code rule finds the same parts here).
    assert package.indicator_values("deso", 2022, "lag_inkomststandard").loc[
        "1280C1171", c.VALUE] == 37.0
    # RegSO: without the key's RegSO columns the codes are matched by the same code, and said so.
    assert "samma kod" in package.manifest.entry("lag_inkomststandard").at("regso").note_sv


def test_a_key_given_as_a_file(tmp_path):
    key = tmp_path / "nyckel.csv"
    key.write_bytes((FIXTURES / "nyckel_deso2018_deso2025.csv").read_bytes())
    build = _build(lambda fake: fake.missing.add("page"), deso_key=str(key))
    source = {s["id"]: s for s in build.package.manifest.sources}["DeSO 2018–2025"]
    assert source["status"] == "ok"
    assert source["url"] == str(key)
    assert "SCB:s nyckel DeSO 2018–2025" in build.package.manifest.entry(
        "befolkning").at("deso").note_sv


def test_an_old_code_the_key_does_not_reach_is_left_out_and_counted(tmp_path):
    key = tmp_path / "nyckel.csv"
    lines = (FIXTURES / "nyckel_deso2018_deso2025.csv").read_text("utf-8").splitlines()
    key.write_text("\n".join(line for line in lines if "1280C1440" not in line), "utf-8")
    package = _build(deso_key=str(key)).package
    note = package.manifest.entry("lag_inkomststandard").at("deso")
    assert "1 områdeskoder i tabellen når inget område i 2025 års gränser (t.ex. 1280C1440)" \
        in note.note_sv
    assert "reach no area in the 2025 boundaries (e.g. 1280C1440)" in note.note_en
    assert package.years_for("lag_inkomststandard", "deso") == tuple(range(2011, 2025))
    parts = package.indicators[package.indicators[c.AREA_ID] == "1280C1441"]
    assert set(parts[c.YEAR]) == {2024}  # nothing is invented for the parts of the unreached code
