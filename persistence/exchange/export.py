"""Export of a package's insatser, indicators and reported values: an XLSX workbook or CSV files (as
Swedish Excel reads them). Text from people never becomes a formula (`indicators.spreadsheet`): CSV text
cells starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return get a leading apostrophe (read
back without it by the import), and XLSX text cells are always written as text with Excel's quote
prefix."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from typing import Any

from indicators.spreadsheet import safe_cell
from persistence.exchange.columns import (
    INDICATOR_FIELDS,
    INDIKATORER,
    INSATS_FIELDS,
    INSATSER,
    RAPPORTERAT,
    REPORT_FIELDS,
)
from persistence.exchange.kinds import export_cells
from persistence.store import Store


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(UTC).isoformat()


def export_tables(store: Store, package_key: str) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The three tables of a package's insatser: sheet name → (headers, rows of plain values)."""
    with store.reading(("Insatserna kunde inte läsas", "The insatser could not be read")) as batch:
        insatser = batch.list_insatser(package_key)
        indicators = batch.list_indicators(package_key)
        reports = batch.list_reported_values(package_key)
    by_id = {i.id: i for i in insatser}
    indicator_by_id = {i.id: i for i in indicators}
    rows_insatser = [[i.id, i.name, i.board, i.area_level, ", ".join(i.area_ids), i.start_year,
                      i.budget_sek, i.description, *export_cells(i), i.version] for i in insatser]
    rows_indicators = [[i.id, by_id[i.insats_id].name, i.name, i.kind, i.unit, i.direction,
                        i.baseline_year, i.baseline_value, i.target_2030, i.target_2035, i.version]
                       for i in indicators]
    rows_reports = []
    for r in reports:
        indicator = indicator_by_id[r.indicator_id]
        rows_reports.append([by_id[indicator.insats_id].name, indicator.name, r.year, r.value,
                             r.numerator, r.denominator, r.note, r.reported_by, _iso(r.reported_at)])
    return {
        INSATSER: ([f.header for f in INSATS_FIELDS], rows_insatser),
        INDIKATORER: ([f.header for f in INDICATOR_FIELDS], rows_indicators),
        RAPPORTERAT: ([f.header for f in REPORT_FIELDS], rows_reports),
    }


def export_insatser(store: Store, package_key: str) -> bytes:
    """An XLSX workbook with the sheets insatser, indikatorer and rapporterat (see module doc)."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, rows) in export_tables(store, package_key).items():
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):  # text stays text: never a formula or an error value
                    cell.data_type = "s"
                    cell.quotePrefix = True
        sheet.freeze_panes = "A2"
        for i, header in enumerate(headers):
            width = max([len(str(header)), *(len(str(r[i] or "")) for r in rows[:200])])
            sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = min(width + 2, 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    """Numbers with a decimal comma and no needless decimals; None as empty; text that a spreadsheet
    would run as a formula with a leading apostrophe (`indicators.spreadsheet.safe_cell`)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value).replace(".", ",")
    if isinstance(value, str):
        return safe_cell(value)
    return str(value)


def export_insatser_csv(store: Store, package_key: str) -> dict[str, bytes]:
    """Three CSV files (``insatser.csv``, ``indikatorer.csv``, ``rapporterat.csv``) as Swedish Excel
    reads them: ``;``-separated, decimal comma, UTF-8 with byte-order mark."""
    files = {}
    for name, (headers, rows) in export_tables(store, package_key).items():
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows([_csv_cell(v) for v in row] for row in rows)
        files[f"{name}.csv"] = text.getvalue().encode("utf-8-sig")
    return files


def export_insatser_zip(store: Store, package_key: str) -> bytes:
    """The CSV export as one zip file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in export_insatser_csv(store, package_key).items():
            archive.writestr(name, data)
    return out.getvalue()
