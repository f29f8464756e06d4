"""Reading an exchange file into tables: an XLSX workbook's sheets, a CSV file, or a zip of CSV files;
headers matched to `persistence.exchange.columns` (problems name the file, row and column)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from datapackage.tables import archive_problems, normalize_header, read_csv_cells
from indicators.spreadsheet import restore_cell
from model.problems import Problem, Severity, errors
from persistence.exchange.columns import FIELDS, TABLE_NAMES


@dataclass
class SheetTable:
    """One sheet or CSV file: where it came from, its headers and data rows keyed by field."""

    kind: str
    file: str  # the label used in problems, e.g. "insatser.xlsx/indikatorer"
    columns: dict[str, str]  # field key -> header as written in the file
    rows: list[tuple[int, dict[str, Any]]]  # (spreadsheet row, field key -> cell)


def problem(file: str, sv: str, en: str, row: int | None = None, column: str | None = None,
             warning: bool = False) -> Problem:
    return Problem(file, sv, en, row=row, column=column,
                   severity=Severity.WARNING if warning else Severity.ERROR)


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def table_kind(name: str) -> str | None:
    norm = normalize_header(PurePosixPath(name).stem)
    for kind, names in TABLE_NAMES.items():
        if norm in names:
            return kind
    return None


def _kind_from_headers(header: Sequence[Any]) -> str | None:
    norms = {normalize_header(h) for h in header}
    scores = {kind: sum(1 for f in fields if f.required and norms & set(f.aliases))
              for kind, fields in FIELDS.items()}
    best = max(scores, key=lambda k: scores[k])
    required = sum(1 for f in FIELDS[best] if f.required)
    return best if scores[best] == required else None


def _to_table(kind: str | None, cells: list[list[Any]], file: str) -> tuple[SheetTable | None, list[Problem]]:
    first = next((i for i, row in enumerate(cells) if any(not is_blank(c) for c in row)), None)
    if first is None:
        return None, [problem(file, "Tabellen är tom.", "The table is empty.", warning=True)]
    header = ["" if h is None else str(h).replace("\ufeff", "").strip() for h in cells[first]]
    kind = kind or _kind_from_headers(header)
    if kind is None:
        return None, [problem(
            file, "Det går inte att se om tabellen innehåller insatser, indikatorer eller rapporterade "
            "värden. Döp filen till insatser.csv, indikatorer.csv eller rapporterat.csv.",
            "It is not clear whether the table holds insatser, indicators or reported values. Name the "
            "file insatser.csv, indikatorer.csv or rapporterat.csv.", row=first + 1)]
    fields = FIELDS[kind]
    problems: list[Problem] = []
    columns: dict[str, str] = {}
    index: dict[str, int] = {}
    for i, head in enumerate(header):
        norm = normalize_header(head)
        match = next((f for f in fields if norm in f.aliases), None)
        if match is None:
            if head:
                problems.append(problem(file, "Kolumnen känns inte igen och används inte.",
                                         "The column is not recognised and is not used.",
                                         row=first + 1, column=head, warning=True))
            continue
        if match.key in columns:
            problems.append(problem(
                file, f"Kolumnerna '{columns[match.key]}' och '{head}' betyder samma sak; behåll en.",
                f"Columns '{columns[match.key]}' and '{head}' mean the same; keep one.",
                row=first + 1, column=head))
            continue
        columns[match.key] = head
        index[match.key] = i
    expected = ", ".join(f.header for f in fields)
    for f in fields:
        if f.required and f.key not in columns:
            problems.append(problem(
                file, f"Kolumnen '{f.header}' saknas. Kolumner som läses: {expected}.",
                f"The column '{f.header}' is missing. Columns read: {expected}.",
                row=first + 1, column=f.header))
    rows = []
    for r, row in enumerate(cells[first + 1:], start=first + 2):
        if all(is_blank(c) for c in row):
            continue
        rows.append((r, {key: row[i] if i < len(row) else None for key, i in index.items()}))
    return SheetTable(kind, file, columns, rows), problems


def _read_xlsx(data: bytes, filename: str) -> tuple[list[SheetTable], list[Problem]]:
    import warnings

    import openpyxl

    not_xlsx = problem(
        filename, "Filen kan inte läsas som Excel-arbetsbok (.xlsx); spara den på nytt som .xlsx.",
        "The file cannot be read as an Excel workbook (.xlsx); save it again as .xlsx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unsafe = archive_problems(archive, filename)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return [], [not_xlsx]
    if unsafe:
        return [], unsafe
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheets = [(sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)])
                      for sheet in book.worksheets]
            book.close()
    except Exception:  # openpyxl raises many types for damaged workbooks; all mean the same here
        return [], [not_xlsx]
    tables, problems = [], []
    for title, cells in sheets:
        kind = table_kind(title)
        label = f"{filename}/{title}"
        if kind is None:
            if any(not is_blank(c) for row in cells for c in row):
                problems.append(problem(
                    label, "Bladet används inte: bladen som läses heter insatser, indikatorer och "
                    "rapporterat.", "The sheet is not used: the sheets read are called insatser, "
                    "indikatorer and rapporterat.", warning=True))
            continue
        table, found = _to_table(kind, cells, label)
        problems += found
        if table is not None:
            tables.append(table)
    if not tables and not errors(problems):
        problems.append(problem(
            filename, "Arbetsboken har inget blad som heter insatser, indikatorer eller rapporterat.",
            "The workbook has no sheet called insatser, indikatorer or rapporterat."))
    return tables, problems


def _read_csv(data: bytes, filename: str, label: str) -> tuple[list[SheetTable], list[Problem]]:
    cells, problems = read_csv_cells(data, label)
    if cells is None:
        return [], problems
    cells = [[restore_cell(cell) for cell in row] for row in cells]  # '=… written by our CSV export
    table, found = _to_table(table_kind(filename), cells, label)
    return ([table] if table else []), problems + found


def _read_zip(data: bytes, filename: str) -> tuple[list[SheetTable], list[Problem]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unsafe = archive_problems(archive, filename)
            if unsafe:
                return [], unsafe
            members = [(m, archive.read(m)) for m in archive.namelist()
                       if m.lower().endswith(".csv") and not m.startswith("__MACOSX")]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return [], [problem(filename, "Zip-filen kan inte öppnas.", "The zip file cannot be opened.")]
    if not members:
        return [], [problem(filename, "Zip-filen innehåller inga CSV-filer.",
                             "The zip file holds no CSV files.")]
    tables, problems = [], []
    for member, body in members:
        found_tables, found = _read_csv(body, member, f"{filename}/{member}")
        tables += found_tables
        problems += found
    return tables, problems


def read_tables(data: bytes, filename: str) -> tuple[list[SheetTable], list[Problem]]:
    """The tables in an XLSX workbook, a CSV file or a zip of CSV files."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data, filename)
    if suffix in (".csv", ".txt"):
        return _read_csv(data, filename, filename)
    if suffix == ".zip":
        return _read_zip(data, filename)
    return [], [problem(
        filename, f"Filtypen {suffix or '(ingen)'} kan inte läsas. Använd Excel (.xlsx), CSV (.csv) "
        "eller en zip-fil med CSV-filer.",
        f"The file type {suffix or '(none)'} cannot be read. Use Excel (.xlsx), CSV (.csv) or a zip "
        "file of CSV files.")]

