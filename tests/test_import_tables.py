"""Importing indicator tables: Swedish exports just work, everything else is a located problem."""

from __future__ import annotations

import io
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datapackage.importers import ImportResult, read_indicator_table
from datapackage.tables import (
    CellKind,
    parse_flag,
    parse_swedish_number,
    parse_year,
    sniff_delimiter,
)
from model import columns as c
from model.problems import Problem
from model.registry import REGISTRY


def _errors(result: ImportResult) -> list[Problem]:
    return [p for p in result.problems if p.is_error]


def _read(text: str, name: str = "data.csv", encoding: str = "utf-8", **kwargs) -> ImportResult:
    return read_indicator_table(text.encode(encoding), name, **kwargs)


def _one_error(result: ImportResult) -> Problem:
    errors = _errors(result)
    assert len(errors) == 1, [p.describe("en") for p in result.problems]
    return errors[0]


# ---------------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "kind", "value"),
    [
        ("12,5", CellKind.NUMBER, 12.5),
        ("12.5", CellKind.NUMBER, 12.5),
        ("1 234", CellKind.NUMBER, 1234.0),
        ("1\u00a0234,5", CellKind.NUMBER, 1234.5),
        ("1\u202f234", CellKind.NUMBER, 1234.0),
        ("1.234,5", CellKind.NUMBER, 1234.5),
        ("1,234.5", CellKind.NUMBER, 1234.5),
        ("1,234", CellKind.NUMBER, 1.234),  # a single comma is a decimal comma
        ("1.234.567", CellKind.NUMBER, 1234567.0),
        ("\u221212,5", CellKind.NUMBER, -12.5),
        ("12,5 %", CellKind.NUMBER, 12.5),
        ("1e3", CellKind.NUMBER, 1000.0),
        (7, CellKind.NUMBER, 7.0),
        (0.25, CellKind.NUMBER, 0.25),
        ("..", CellKind.SUPPRESSED, None),
        ("", CellKind.MISSING, None),
        ("  ", CellKind.MISSING, None),
        ("-", CellKind.MISSING, None),
        ("NA", CellKind.MISSING, None),
        (None, CellKind.MISSING, None),
        (float("nan"), CellKind.MISSING, None),
        ("abc", CellKind.INVALID, None),
        ("12,5,3", CellKind.INVALID, None),
        ("inf", CellKind.INVALID, None),
        (float("inf"), CellKind.INVALID, None),
        (True, CellKind.INVALID, None),
    ],
)
def test_parse_swedish_number(cell, kind, value):
    parsed = parse_swedish_number(cell)
    assert parsed.kind is kind
    if value is None:
        assert parsed.value is None
    else:
        assert math.isclose(parsed.value, value)


@pytest.mark.parametrize(
    ("cell", "year"),
    [("2023", 2023), (2023, 2023), (2023.0, 2023), (" 2023 ", 2023), ("2023,5", None),
     ("23", None), ("3023", None), ("tjugo", None), ("", None), (None, None)],
)
def test_parse_year(cell, year):
    assert parse_year(cell) == year


@pytest.mark.parametrize(
    ("cell", "flag"),
    [("1", True), (1, True), ("ja", True), ("..", True), ("0", False), ("nej", False),
     ("", False), (None, False), ("kanske", None)],
)
def test_parse_flag(cell, flag):
    assert parse_flag(cell) is flag


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [(["a;b;c"], ";"), (["a,b,c"], ","), (["a\tb"], "\t"), (['"Titel, med komma"', "a;b"], ";"),
     (["a;b,c;d"], ";"), (["ensam"], ",")],
)
def test_sniff_delimiter(lines, delimiter):
    assert sniff_delimiter(lines) == delimiter


# ---------------------------------------------------------------------------------------------------
# Real Swedish exports just work
# ---------------------------------------------------------------------------------------------------

SWEDISH_WIDE = (
    "Områdeskod;År;UVAS;Trångboddhet;Folkmängd\r\n"
    "1280C1010;2023;12,5;..;1 234\r\n"
    "1280C1020;2023;7,0;-;\u00a0987\r\n"
)


def test_swedish_excel_csv_in_cp1252_reads_as_tidy_rows():
    result = _read(SWEDISH_WIDE, encoding="cp1252")
    assert result.ok, [p.describe("en") for p in result.problems]
    table = result.value
    assert tuple(table.columns) == c.INDICATOR_TABLE_COLUMNS
    assert len(table) == 6
    rows = table.set_index([c.AREA_ID, c.INDICATOR])
    assert rows.loc[("1280C1010", "uvas"), c.VALUE] == 12.5
    assert rows.loc[("1280C1010", "befolkning"), c.VALUE] == 1234
    assert rows.loc[("1280C1020", "befolkning"), c.VALUE] == 987
    suppressed = rows.loc[("1280C1010", "trangboddhet")]
    assert bool(suppressed[c.SUPPRESSED])
    assert math.isnan(suppressed[c.VALUE])
    missing = rows.loc[("1280C1020", "trangboddhet")]
    assert not bool(missing[c.SUPPRESSED])
    assert math.isnan(missing[c.VALUE])
    assert set(table[c.LEVEL]) == {"deso"}  # inferred from SCB's DeSO code pattern
    assert table[c.YEAR].dtype == "int64"
    assert table[c.SUPPRESSED].dtype == bool
    # cp1252 is accepted, with a note saying so
    assert any("cp1252" in p.message_en for p in result.problems if not p.is_error)


def test_utf8_with_bom_and_english_names_and_level_parameter():
    text = "\ufeffarea_id,year,Young people neither working nor studying (NEET),Overcrowding\n" \
           "A,2022,10.5,3\nB,2022,11,4\n"
    result = _read(text, level="stadsdel")
    assert result.ok, [p.describe("en") for p in result.problems]
    assert set(result.value[c.INDICATOR]) == {"uvas", "trangboddhet"}
    assert set(result.value[c.LEVEL]) == {"stadsdel"}
    assert not result.problems


@pytest.mark.parametrize("body", [
    "område;år;UVAS\nSöderkulla;2022;10,5\n".encode("cp1252"),  # cp1252 throughout, behind a BOM
    "område;år;UVAS\n".encode() + "Söderkulla;2022;10,5\n".encode("cp1252"),  # mixed
])
def test_a_bom_before_cp1252_lines_reads_the_letters_right(body):
    result = read_indicator_table(b"\xef\xbb\xbf" + body, "blandad.csv", level="x")
    assert result.ok, [p.describe("en") for p in result.problems]
    assert list(result.value[c.AREA_ID]) == ["Söderkulla"]
    notes = [p.message_sv for p in result.problems if not p.is_error]
    assert any("Windows-1252" in n for n in notes)
    assert not any("Ã" in p.describe("sv") or "ï»¿" in p.describe("sv") for p in result.problems)


def test_long_format_with_swedish_headers_counts_and_suppression():
    text = (
        "områdeskod;nivå;år;indikator;värde;täljare;nämnare;sekretess\n"
        "A;stadsdel;2023;uvas;12,5;25;200;0\n"
        "B;stadsdel;2023;Ekonomiskt bistånd;..;;;1\n"
        "C;stadsdel;2023;ekonomiskt_bistand;;;;\n"
    )
    result = _read(text)
    assert result.ok, [p.describe("en") for p in result.problems]
    table = result.value.set_index(c.AREA_ID)
    assert table.loc["A", c.NUMERATOR] == 25
    assert table.loc["A", c.DENOMINATOR] == 200
    assert table.loc["B", c.INDICATOR] == "ekonomiskt_bistand"
    assert table.loc["B", c.SUPPRESSED]
    assert not table.loc["C", c.SUPPRESSED]
    assert math.isnan(table.loc["C", c.VALUE])
    assert set(table[c.LEVEL]) == {"stadsdel"}


def test_title_lines_above_the_header_are_skipped_with_a_note():
    text = '"Andel unga, Malmö"\n\nområdeskod;år;uvas\nA;2023;5\n'
    result = _read(text, level="x")
    assert result.ok
    note = next(p for p in result.problems if not p.is_error)
    assert note.row == 3


def test_excel_sep_line_names_the_separator():
    result = _read("sep=;\narea_id;year;uvas\nA;2023;5,5\n", level="x")
    assert result.ok
    assert result.value[c.VALUE].tolist() == [5.5]


def test_xlsx_workbook_reads_like_csv():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Rapport"])
    sheet.append([])
    sheet.append(["do_kod", "år", "Behörighet till yrkesprogram"])
    sheet.append([24407, 2023, 81.5])
    sheet.append([24408, 2023.0, "76,7"])
    sheet.append([24409, 2023, "abc"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_indicator_table(buffer.getvalue(), "skolor.xlsx")
    problem = _one_error(result)
    assert (problem.row, problem.column) == (6, "Behörighet till yrkesprogram")
    assert result.value is None
    # the same workbook without the bad row is accepted, with ids as text and level from do_kod
    sheet.delete_rows(6)
    buffer = io.BytesIO()
    book.save(buffer)
    ok = read_indicator_table(buffer.getvalue(), "skolor.xlsx")
    assert ok.ok
    assert ok.value[c.AREA_ID].tolist() == ["24407", "24408"]
    assert set(ok.value[c.LEVEL]) == {"delomrade"}


# ---------------------------------------------------------------------------------------------------
# Problems, each with file, row and column
# ---------------------------------------------------------------------------------------------------


def test_unknown_indicator_column_lists_valid_ids():
    problem = _one_error(_read("area_id;year;uvas;grönska\nA;2023;1;2\n", level="x"))
    assert (problem.file, problem.row, problem.column) == ("data.csv", 1, "grönska")
    for ident in REGISTRY.ids:
        assert ident in problem.message_sv
        assert ident in problem.message_en


def test_unknown_indicator_value_in_long_table_names_its_first_row():
    text = "area_id;year;indicator;value\nA;2023;uvas;1\nB;2023;grönska;2\nC;2023;grönska;3\n"
    problem = _one_error(_read(text, level="x"))
    assert (problem.row, problem.column) == (3, "indicator")
    assert "lag_inkomststandard" in problem.message_en


def test_non_numeric_share_out_of_range_and_implausible_year():
    text = (
        "area_id;år;uvas;befolkning\n"
        "A;2023;abc;10\n"
        "B;2023;120;10\n"
        "C;2023;5;-3\n"
        "D;23;5;10\n"
    )
    result = _read(text, level="x")
    assert result.value is None
    assert not result.ok
    where = {(p.row, p.column) for p in _errors(result)}
    assert where == {(2, "uvas"), (3, "uvas"), (4, "befolkning"), (5, "år")}
    messages = " ".join(p.message_en for p in _errors(result))
    assert "not a number" in messages
    assert "0–100" in messages
    assert "plausible year" in messages
    assert all(p.message_sv and p.message_sv != p.message_en for p in result.problems)


def test_duplicate_area_year_indicator_names_both_rows():
    text = "area_id,year,indicator,value\nA,2023,uvas,1\nB,2023,uvas,2\nA,2023,UVAS,3\n"
    problem = _one_error(_read(text, level="x"))
    assert problem.row == 4
    assert "row 2" in problem.message_en
    assert "rad 2" in problem.message_sv


def test_missing_id_column_names_found_and_expected_columns():
    problem = _one_error(_read("kommun;år;uvas\nMalmö;2023;5\n"))
    assert "'kommun'" in problem.message_en
    assert "områdeskod" in problem.message_en


def test_missing_year_column():
    problem = _one_error(_read("area_id;uvas\nA;5\n", level="x"))
    assert "year" in problem.message_en
    assert problem.row == 1


def test_truncated_last_row_says_so():
    problem = _one_error(_read("area_id;year;uvas;trangboddhet\nA;2023;1;2\nB;2023;1", level="x"))
    assert problem.row == 3
    assert "truncated" in problem.message_en
    assert "avkortad eller skadad" in problem.message_sv


def test_unclosed_quote_is_truncated_or_damaged():
    problem = _one_error(_read('area_id;year;uvas\nA;2023;"1\n', level="x"))
    assert "truncated or damaged" in problem.message_en


def test_decimal_commas_in_a_comma_separated_file_get_a_hint():
    problem = _one_error(_read("area_id,year,uvas\nA,2023,12,5\nB,2023,3\n", level="x"))
    assert problem.row == 2
    assert "semicolons" in problem.message_en


def test_shares_given_as_fractions_get_a_note():
    result = _read("area_id;year;uvas\nA;2023;0,1\nB;2023;0,2\nC;2023;0,15\n", level="x")
    assert result.ok
    assert any("fractions" in p.message_en for p in result.problems)


def test_suppressed_row_with_a_value_drops_the_value_with_a_note():
    text = "area_id;year;indicator;value;suppressed\nA;2023;uvas;4;1\n"
    result = _read(text, level="x")
    assert result.ok
    assert math.isnan(result.value[c.VALUE].iloc[0])
    assert result.problems[0].row == 2


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (b"", "data.csv", "empty"),
        (b"area_id;year;uvas\n", "data.csv", "no data rows"),
        (b"\n\n", "data.csv", "empty"),
        (b"area_id;year;uvas\n", "data.xls", ".xlsx"),
        (b"area_id;year;uvas\n", "data.pdf", "cannot be read as a table"),
        (b"PK\x03\x04garbage", "data.xlsx", "Excel workbook"),
        (b"\x00\x01\x02", "data.csv", "not a text"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(data, name, fragment):
    result = read_indicator_table(data, name)
    assert result.value is None
    assert fragment in _one_error(result).message_en


def test_many_problems_of_one_kind_are_capped():
    rows = "".join(f"A{i};2023;x\n" for i in range(30))
    result = _read("area_id;year;uvas\n" + rows, level="x")
    errors = _errors(result)
    assert len(errors) == 21
    assert "10 more" in errors[-1].message_en


def test_input_bytes_are_not_mutated_and_result_is_new():
    data = bytearray(SWEDISH_WIDE.encode())
    before = bytes(data)
    read_indicator_table(bytes(data), "a.csv")
    assert bytes(data) == before


# ---------------------------------------------------------------------------------------------------
# Never raise
# ---------------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a.doc"]))
def test_random_bytes_never_raise(data, name):
    result = read_indicator_table(data, name)
    assert isinstance(result, ImportResult)
    assert result.ok or result.value is None
    assert all(isinstance(p, Problem) for p in result.problems)


_CSV_ALPHABET = st.sampled_from([*list('area_idyr;,.\t"\n 0123456789-åäö'), "..", "uvas", "år"])


@settings(max_examples=80, deadline=None)
@given(text=st.lists(_CSV_ALPHABET, max_size=80).map("".join))
def test_random_csv_text_never_raises(text):
    result = read_indicator_table(("area_id;year;uvas\n" + text).encode(), "a.csv")
    assert result.ok or result.value is None
    if result.value is not None:
        assert tuple(result.value.columns) == c.INDICATOR_TABLE_COLUMNS


# ---------------------------------------------------------------------------------------------------
# Real data beside the repository
# ---------------------------------------------------------------------------------------------------


@pytest.mark.real_data
def test_real_scb_table_is_refused_with_located_problems(real_data_dir: Path):
    path = real_data_dir / "scb_regso_malmo" / "malmo_regso_eligibility_upper_secondary_2023.csv"
    result = read_indicator_table(path.read_bytes(), path.name)
    assert result.value is None
    assert {p.column for p in _errors(result)} >= {"eligible_upper_sec_pct"}


@pytest.mark.real_data
def test_real_scb_table_renamed_to_an_indicator_is_accepted(real_data_dir: Path):
    path = real_data_dir / "scb_regso_malmo" / "malmo_regso_eligibility_upper_secondary_2023.csv"
    source = pd.read_csv(path, dtype=str)
    renamed = source.rename(columns={"eligible_upper_sec_pct": "Behörighet till yrkesprogram"})
    csv_text = renamed.drop(columns=["eligible_higher_ed_pct"]).to_csv(index=False, sep=";")
    result = read_indicator_table(csv_text.encode("cp1252"), "behorighet.csv")
    assert result.ok, [p.describe("en") for p in result.problems]
    assert set(result.value[c.LEVEL]) == {"regso"}
    assert len(result.value) == len(source)
    assert result.value[c.VALUE].notna().sum() == source["eligible_upper_sec_pct"].notna().sum()


def test_xlsx_formulas_without_saved_values_are_named_not_silently_empty():
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["område", "år", "uvas"])
    sheet.append(["A", 2023, 12.5])
    sheet.append(["B", 2023, "=B2*0+7"])  # openpyxl writes no cached value for a formula
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_indicator_table(buffer.getvalue(), "formler.xlsx", level="x")
    notes = [p for p in result.problems if not p.is_error]
    assert any("C3" in p.message_sv and "formler utan sparat värde" in p.message_sv for p in notes)
