"""Exports are safe to open in a spreadsheet: text never becomes a formula (OWASP CSV injection), numbers
stay numbers; the insatser exports (CSV and XLSX) hold no formula from people's text and import back
unchanged. Store tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from indicators.spreadsheet import FORMULA_STARTS, is_risky, restore_cell, safe_cell, safe_table
from persistence import (
    Insats,
    InsatsIndicator,
    ReportedValue,
    Store,
    export_insatser,
    export_insatser_csv,
    export_insatser_zip,
    import_insatser,
)
from tests.stores import PKG, snapshot

HYPERLINK = '=HYPERLINK("http://evil.example/x","klicka")'
CALC = "+cmd|' /C calc'!A0"


@pytest.mark.parametrize(("value", "expected"), [
    (HYPERLINK, "'" + HYPERLINK),
    (CALC, "'" + CALC),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("-5", "'-5"),  # text that looks like a number is still text
    (-5, -5),  # a negative number is a number
    (-5.25, -5.25),
    (0, 0),
    (None, None),
    ("Läxhjälp = stöd", "Läxhjälp = stöd"),  # only the first character counts
    ("", ""),
    ("'already quoted", "'already quoted"),
])
def test_safe_cell(value, expected) -> None:
    assert safe_cell(value) == expected
    assert restore_cell(safe_cell(value)) == value


def test_every_formula_start_is_neutralised() -> None:
    for start in FORMULA_STARTS:
        assert is_risky(f"{start}x")
        assert safe_cell(f"{start}x") == f"'{start}x"
    assert not is_risky(5)
    assert restore_cell("'plain") == "'plain"  # only our own apostrophe is taken away


def test_safe_table_keeps_numbers_and_quotes_text_headers_and_labels() -> None:
    frame = pd.DataFrame({"note": [HYPERLINK, "ok", None], "value": [-5, 2.5, 1.0],
                          "=sum": ["x", "y", "z"]}, index=pd.Index([CALC, "B", "C"], name="area"))
    safe = safe_table(frame)
    assert list(safe["note"].iloc[:2]) == ["'" + HYPERLINK, "ok"]
    assert pd.isna(safe["note"].iloc[2])
    assert safe["value"].tolist() == [-5.0, 2.5, 1.0]
    assert pd.api.types.is_float_dtype(safe["value"])
    assert list(safe.columns) == ["note", "value", "'=sum"]
    assert list(safe.index) == ["'" + CALC, "B", "C"]
    assert frame.loc[CALC, "note"] == HYPERLINK  # the input is not changed
    text = safe.to_csv(sep=";")
    assert ";-5.0;" in text
    assert "'=HYPERLINK" in text
    with pytest.raises(TypeError):
        safe_table([1, 2])  # type: ignore[arg-type]


def _hostile(store: Store) -> Insats:
    insats = store.save_insats(Insats(PKG, "=1+1", "kulturnämnden", "deso", ("A",), 2026, 100.0,
                                      HYPERLINK))
    indicator = store.save_indicator(InsatsIndicator(insats.id, CALC, "output", "@antal"))
    store.report_value(ReportedValue(indicator.id, 2026, -5.0, note="-5", reported_by="@bo"))
    return insats


def test_csv_export_neutralises_text_and_keeps_negative_numbers(store: Store) -> None:
    _hostile(store)
    files = export_insatser_csv(store, PKG)
    rows = {name: list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
            for name, body in files.items()}
    insats_row, indicator_row, report_row = (rows[n][1] for n in files)
    assert insats_row[1] == "'=1+1"
    assert insats_row[7] == "'" + HYPERLINK
    assert (indicator_row[2], indicator_row[4]) == ("'" + CALC, "'@antal")
    assert report_row[3] == "-5"  # the value: a number, written as it is
    assert (report_row[6], report_row[7]) == ("'-5", "'@bo")  # the note and reporter: text
    for body in files.values():
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                assert not cell.startswith("-") or cell.lstrip("-").replace(",", "").isdigit(), cell


def test_xlsx_export_holds_no_formula_from_text(store: Store) -> None:
    _hostile(store)
    book = openpyxl.load_workbook(io.BytesIO(export_insatser(store, PKG)))  # formulas as formulas
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
                    texts.append(cell.value)
    assert HYPERLINK in texts  # shown as the text the person wrote
    assert "=1+1" in texts
    value = next(c for c in book["rapporterat"][2] if c.column_letter == "D")
    assert (value.value, value.data_type) == (-5, "n")


def test_hostile_exports_import_back_unchanged(store: Store) -> None:
    _hostile(store)
    before = snapshot(store)
    for data, name in ((export_insatser(store, PKG), "insatser.xlsx"),
                       (export_insatser_zip(store, PKG), "insatser.zip")):
        result = import_insatser(data, name, store, PKG)
        assert result.accepted, [p.describe("en") for p in result.problems]
        assert result.unchanged == 3
        assert snapshot(store) == before
    with zipfile.ZipFile(io.BytesIO(export_insatser_zip(store, PKG))) as archive:
        assert b"'=HYPERLINK" in archive.read("insatser.csv")
