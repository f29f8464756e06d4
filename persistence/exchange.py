"""Import and export of insatser, their indicators and reported values as XLSX and CSV.

A workbook has three sheets, a CSV export three files (also offered as one zip):

* **insatser** – id, namn, nämnd, områdesnivå, områden, startår, budget_kr, beskrivning, version
* **indikatorer** – id, insats, namn, typ, enhet, riktning, basår, basvärde, mål_2030, mål_2035, version
* **rapporterat** – insats, indikator, år, värde, täljare, nämnare, kommentar, rapporterad_av,
  rapporterad

Indicators and reports refer to their insats (and indicator) by name. CSV is written as Swedish Excel
reads it (``;``, decimal comma, UTF-8 with byte-order mark); reading accepts the usual variants
(``,``/``;``/tab, decimal point or comma, cp1252) and English headers (``name``, ``board``, ``year``…).

An import is checked in full before anything is written, and written in one transaction: any error
refuses the whole file and nothing changes. Every problem names the file (and sheet), the row as a
spreadsheet shows it (header = row 1) and the column, in Swedish and English (`Problem`). Rows that
match what is stored are left alone, so importing an export again changes nothing. A row carrying a
``version`` older than the stored one is refused (someone changed the insats in the app since the file
was exported); leave ``version`` empty to overwrite on purpose.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from datapackage.problems import Problem, Severity, errors
from datapackage.tables import (
    CellKind,
    archive_problems,
    cap_problems,
    normalize_header,
    parse_swedish_number,
    read_csv_cells,
)
from persistence.errors import ConflictError, InvalidDataError, NotFoundError, PersistenceError
from persistence.records import (
    DIRECTIONS,
    INDICATOR_KINDS,
    PLAUSIBLE_YEARS,
    Insats,
    InsatsIndicator,
    ReportedValue,
)
from persistence.store import Batch, Store

INSATSER, INDIKATORER, RAPPORTERAT = "insatser", "indikatorer", "rapporterat"
SHEETS: tuple[str, ...] = (INSATSER, INDIKATORER, RAPPORTERAT)


@dataclass(frozen=True)
class _Field:
    """One column: internal key, the header written on export, accepted (normalised) headers."""

    key: str
    header: str
    aliases: tuple[str, ...]
    required: bool = False


_INSATS_FIELDS = (
    _Field("id", "id", ("id", "insats_id")),
    _Field("name", "namn", ("namn", "name", "insats", "insatsnamn", "insatsens_namn"), True),
    _Field("board", "nämnd", ("nämnd", "namnd", "ansvarig_nämnd", "ansvarig_namnd", "board",
                              "responsible_board"), True),
    _Field("area_level", "områdesnivå", ("områdesnivå", "omradesniva", "nivå", "niva", "level",
                                         "area_level")),
    _Field("area_ids", "områden", ("områden", "omraden", "områdeskoder", "omradeskoder", "areas",
                                   "area_ids")),
    _Field("start_year", "startår", ("startår", "startar", "start_year", "start"), True),
    _Field("budget_sek", "budget_kr", ("budget_kr", "budget", "budget_sek", "budget_(kr)",
                                       "budget_(sek)", "budget_kronor")),
    _Field("description", "beskrivning", ("beskrivning", "description")),
    _Field("version", "version", ("version",)),
)
_INDICATOR_FIELDS = (
    _Field("id", "id", ("id", "indikator_id", "indicator_id")),
    _Field("insats", "insats", ("insats", "insatsnamn", "insats_namn", "effort"), True),
    _Field("name", "namn", ("namn", "name", "indikator", "indicator", "indikatornamn"), True),
    _Field("kind", "typ", ("typ", "kind", "type", "indikatortyp"), True),
    _Field("unit", "enhet", ("enhet", "unit")),
    _Field("direction", "riktning", ("riktning", "direction"), True),
    _Field("baseline_year", "basår", ("basår", "basar", "baseline_year", "utgångsår")),
    _Field("baseline_value", "basvärde", ("basvärde", "basvarde", "baseline_value", "utgångsvärde")),
    _Field("target_2030", "mål_2030", ("mål_2030", "mal_2030", "target_2030", "mål2030")),
    _Field("target_2035", "mål_2035", ("mål_2035", "mal_2035", "target_2035", "mål2035")),
    _Field("version", "version", ("version",)),
)
_REPORT_FIELDS = (
    _Field("insats", "insats", ("insats", "insatsnamn", "insats_namn", "effort"), True),
    _Field("indicator", "indikator", ("indikator", "indicator", "indikatornamn"), True),
    _Field("year", "år", ("år", "ar", "year"), True),
    _Field("value", "värde", ("värde", "varde", "value"), True),
    _Field("numerator", "täljare", ("täljare", "taljare", "numerator")),
    _Field("denominator", "nämnare", ("nämnare", "namnare", "denominator")),
    _Field("note", "kommentar", ("kommentar", "anmärkning", "note", "comment")),
    _Field("reported_by", "rapporterad_av", ("rapporterad_av", "reported_by", "rapportör")),
    _Field("reported_at", "rapporterad", ("rapporterad", "rapporterad_tid", "reported_at")),
)
_FIELDS: dict[str, tuple[_Field, ...]] = {
    INSATSER: _INSATS_FIELDS, INDIKATORER: _INDICATOR_FIELDS, RAPPORTERAT: _REPORT_FIELDS}
#: Accepted (normalised) sheet and CSV file names per table.
_TABLE_NAMES: dict[str, tuple[str, ...]] = {
    INSATSER: ("insatser", "insats", "efforts", "interventions"),
    INDIKATORER: ("indikatorer", "indikator", "indicators"),
    RAPPORTERAT: ("rapporterat", "rapporterade_värden", "rapporter", "värden", "reported",
                  "reported_values", "values"),
}
#: Swedish and English ways to write an indicator kind or direction in a file.
_KIND_WORDS = {
    "output": "output", "prestation": "output", "prestationsindikator": "output",
    "outcome": "outcome", "effekt": "outcome", "effektindikator": "outcome", "resultat": "outcome",
    "resultatindikator": "outcome", "utfall": "outcome",
}
_DIRECTION_WORDS = {
    "higher_is_better": "higher_is_better", "högre_är_bättre": "higher_is_better",
    "hogre_ar_battre": "higher_is_better", "högre": "higher_is_better", "upp": "higher_is_better",
    "higher_is_worse": "higher_is_worse", "lower_is_better": "higher_is_worse",
    "lägre_är_bättre": "higher_is_worse", "lagre_ar_battre": "higher_is_worse",
    "högre_är_sämre": "higher_is_worse", "lägre": "higher_is_worse", "ned": "higher_is_worse",
}
_AREA_SEPARATORS = re.compile(r"[,;\s]+")
MAX_PROBLEMS_PER_KIND = 20


@dataclass
class ImportReport:
    """What an import did, or why it was refused.

    Attributes
    ----------
    filename : the file as the person named it.
    problems : errors (the import was refused: nothing was written) and warnings.
    insatser_created, insatser_updated, indicators_created, indicators_updated, values_added : counts
        of rows written.
    unchanged : rows that matched what was already stored (not written again).
    """

    filename: str
    problems: list[Problem] = field(default_factory=list)
    insatser_created: int = 0
    insatser_updated: int = 0
    indicators_created: int = 0
    indicators_updated: int = 0
    values_added: int = 0
    unchanged: int = 0

    @property
    def accepted(self) -> bool:
        """True when the file was imported (it has no errors)."""
        return not errors(self.problems)

    def summary(self, lang: str = "sv") -> str:
        """One sentence for the page."""
        if not self.accepted:
            n = len(errors(self.problems))
            return (f"{self.filename} was refused ({n} problems); nothing was saved." if lang == "en"
                    else f"{self.filename} togs inte emot ({n} fel); ingenting sparades.")
        if lang == "en":
            return (f"{self.filename}: {self.insatser_created} insatser added, {self.insatser_updated} "
                    f"updated; {self.indicators_created} indicators added, {self.indicators_updated} "
                    f"updated; {self.values_added} values reported; {self.unchanged} rows unchanged.")
        return (f"{self.filename}: {self.insatser_created} insatser tillagda, {self.insatser_updated} "
                f"ändrade; {self.indicators_created} indikatorer tillagda, {self.indicators_updated} "
                f"ändrade; {self.values_added} värden rapporterade; {self.unchanged} rader oförändrade.")


# ---------------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------------


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
                      i.budget_sek, i.description, i.version] for i in insatser]
    rows_indicators = [[i.id, by_id[i.insats_id].name, i.name, i.kind, i.unit, i.direction,
                        i.baseline_year, i.baseline_value, i.target_2030, i.target_2035, i.version]
                       for i in indicators]
    rows_reports = []
    for r in reports:
        indicator = indicator_by_id[r.indicator_id]
        rows_reports.append([by_id[indicator.insats_id].name, indicator.name, r.year, r.value,
                             r.numerator, r.denominator, r.note, r.reported_by, _iso(r.reported_at)])
    return {
        INSATSER: ([f.header for f in _INSATS_FIELDS], rows_insatser),
        INDIKATORER: ([f.header for f in _INDICATOR_FIELDS], rows_indicators),
        RAPPORTERAT: ([f.header for f in _REPORT_FIELDS], rows_reports),
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
        sheet.freeze_panes = "A2"
        for i, header in enumerate(headers):
            width = max([len(str(header)), *(len(str(r[i] or "")) for r in rows[:200])])
            sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = min(width + 2, 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    """Numbers with a decimal comma and no needless decimals; None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value).replace(".", ",")
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


# ---------------------------------------------------------------------------------------------------
# Reading files into tables
# ---------------------------------------------------------------------------------------------------


@dataclass
class _Table:
    """One sheet or CSV file: where it came from, its headers and data rows keyed by field."""

    kind: str
    file: str  # the label used in problems, e.g. "insatser.xlsx/indikatorer"
    columns: dict[str, str]  # field key -> header as written in the file
    rows: list[tuple[int, dict[str, Any]]]  # (spreadsheet row, field key -> cell)


def _problem(file: str, sv: str, en: str, row: int | None = None, column: str | None = None,
             warning: bool = False) -> Problem:
    return Problem(file, sv, en, row=row, column=column,
                   severity=Severity.WARNING if warning else Severity.ERROR)


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table_kind(name: str) -> str | None:
    norm = normalize_header(PurePosixPath(name).stem)
    for kind, names in _TABLE_NAMES.items():
        if norm in names:
            return kind
    return None


def _kind_from_headers(header: Sequence[Any]) -> str | None:
    norms = {normalize_header(h) for h in header}
    scores = {kind: sum(1 for f in fields if f.required and norms & set(f.aliases))
              for kind, fields in _FIELDS.items()}
    best = max(scores, key=lambda k: scores[k])
    required = sum(1 for f in _FIELDS[best] if f.required)
    return best if scores[best] == required else None


def _to_table(kind: str | None, cells: list[list[Any]], file: str) -> tuple[_Table | None, list[Problem]]:
    first = next((i for i, row in enumerate(cells) if any(not _is_blank(c) for c in row)), None)
    if first is None:
        return None, [_problem(file, "Tabellen är tom.", "The table is empty.", warning=True)]
    header = ["" if h is None else str(h).replace("\ufeff", "").strip() for h in cells[first]]
    kind = kind or _kind_from_headers(header)
    if kind is None:
        return None, [_problem(
            file, "Det går inte att se om tabellen innehåller insatser, indikatorer eller rapporterade "
            "värden. Döp filen till insatser.csv, indikatorer.csv eller rapporterat.csv.",
            "It is not clear whether the table holds insatser, indicators or reported values. Name the "
            "file insatser.csv, indikatorer.csv or rapporterat.csv.", row=first + 1)]
    fields = _FIELDS[kind]
    problems: list[Problem] = []
    columns: dict[str, str] = {}
    index: dict[str, int] = {}
    for i, head in enumerate(header):
        norm = normalize_header(head)
        match = next((f for f in fields if norm in f.aliases), None)
        if match is None:
            if head:
                problems.append(_problem(file, "Kolumnen känns inte igen och används inte.",
                                         "The column is not recognised and is not used.",
                                         row=first + 1, column=head, warning=True))
            continue
        if match.key in columns:
            problems.append(_problem(
                file, f"Kolumnerna '{columns[match.key]}' och '{head}' betyder samma sak; behåll en.",
                f"Columns '{columns[match.key]}' and '{head}' mean the same; keep one.",
                row=first + 1, column=head))
            continue
        columns[match.key] = head
        index[match.key] = i
    expected = ", ".join(f.header for f in fields)
    for f in fields:
        if f.required and f.key not in columns:
            problems.append(_problem(
                file, f"Kolumnen '{f.header}' saknas. Kolumner som läses: {expected}.",
                f"The column '{f.header}' is missing. Columns read: {expected}.",
                row=first + 1, column=f.header))
    rows = []
    for r, row in enumerate(cells[first + 1:], start=first + 2):
        if all(_is_blank(c) for c in row):
            continue
        rows.append((r, {key: row[i] if i < len(row) else None for key, i in index.items()}))
    return _Table(kind, file, columns, rows), problems


def _read_xlsx(data: bytes, filename: str) -> tuple[list[_Table], list[Problem]]:
    import warnings

    import openpyxl

    not_xlsx = _problem(
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
        kind = _table_kind(title)
        label = f"{filename}/{title}"
        if kind is None:
            if any(not _is_blank(c) for row in cells for c in row):
                problems.append(_problem(
                    label, "Bladet används inte: bladen som läses heter insatser, indikatorer och "
                    "rapporterat.", "The sheet is not used: the sheets read are called insatser, "
                    "indikatorer and rapporterat.", warning=True))
            continue
        table, found = _to_table(kind, cells, label)
        problems += found
        if table is not None:
            tables.append(table)
    if not tables and not errors(problems):
        problems.append(_problem(
            filename, "Arbetsboken har inget blad som heter insatser, indikatorer eller rapporterat.",
            "The workbook has no sheet called insatser, indikatorer or rapporterat."))
    return tables, problems


def _read_csv(data: bytes, filename: str, label: str) -> tuple[list[_Table], list[Problem]]:
    cells, problems = read_csv_cells(data, label)
    if cells is None:
        return [], problems
    table, found = _to_table(_table_kind(filename), cells, label)
    return ([table] if table else []), problems + found


def _read_zip(data: bytes, filename: str) -> tuple[list[_Table], list[Problem]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unsafe = archive_problems(archive, filename)
            if unsafe:
                return [], unsafe
            members = [(m, archive.read(m)) for m in archive.namelist()
                       if m.lower().endswith(".csv") and not m.startswith("__MACOSX")]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return [], [_problem(filename, "Zip-filen kan inte öppnas.", "The zip file cannot be opened.")]
    if not members:
        return [], [_problem(filename, "Zip-filen innehåller inga CSV-filer.",
                             "The zip file holds no CSV files.")]
    tables, problems = [], []
    for member, body in members:
        found_tables, found = _read_csv(body, member, f"{filename}/{member}")
        tables += found_tables
        problems += found
    return tables, problems


def read_tables(data: bytes, filename: str) -> tuple[list[_Table], list[Problem]]:
    """The tables in an XLSX workbook, a CSV file or a zip of CSV files."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data, filename)
    if suffix in (".csv", ".txt"):
        return _read_csv(data, filename, filename)
    if suffix == ".zip":
        return _read_zip(data, filename)
    return [], [_problem(
        filename, f"Filtypen {suffix or '(ingen)'} kan inte läsas. Använd Excel (.xlsx), CSV (.csv) "
        "eller en zip-fil med CSV-filer.",
        f"The file type {suffix or '(none)'} cannot be read. Use Excel (.xlsx), CSV (.csv) or a zip "
        "file of CSV files.")]


# ---------------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------------


class _Cells:
    """Reads the cells of one row, collecting a problem (file, row, column) for each bad one."""

    def __init__(self, table: _Table, row: int, cells: dict[str, Any], problems: list[Problem]) -> None:
        self.table, self.row, self.cells, self.problems = table, row, cells, problems

    def fail(self, key: str, sv: str, en: str) -> None:
        self.problems.append(_problem(self.table.file, sv, en, row=self.row,
                                      column=self.table.columns.get(key, key)))

    def raw(self, key: str) -> Any:
        return self.cells.get(key)

    def text(self, key: str, required: bool = False) -> str:
        cell = self.cells.get(key)
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)
        value = "" if cell is None else " ".join(str(cell).split())
        if required and not value:
            self.fail(key, "Cellen är tom men måste fyllas i.", "The cell is empty but must be filled in.")
        return value

    def number(self, key: str, required: bool = False, positive: bool = False,
               non_negative: bool = False) -> float | None:
        cell = self.cells.get(key)
        parsed = parse_swedish_number(cell)
        if parsed.kind is CellKind.MISSING:
            if required:
                self.fail(key, "Värdet saknas.", "The value is missing.")
            return None
        if parsed.kind is not CellKind.NUMBER or parsed.value is None:
            self.fail(key, f"'{cell}' är inte ett tal.", f"'{cell}' is not a number.")
            return None
        if positive and parsed.value <= 0:
            self.fail(key, f"Talet måste vara större än 0, fick {cell}.",
                       f"The number must be greater than 0, got {cell}.")
            return None
        if non_negative and parsed.value < 0:
            self.fail(key, f"Talet får inte vara negativt, fick {cell}.",
                       f"The number must not be negative, got {cell}.")
            return None
        return parsed.value

    def year(self, key: str, required: bool = False) -> int | None:
        cell = self.cells.get(key)
        parsed = parse_swedish_number(cell)
        if parsed.kind is CellKind.MISSING:
            if required:
                self.fail(key, "Årtalet saknas.", "The year is missing.")
            return None
        low, high = PLAUSIBLE_YEARS
        value = parsed.value
        if (parsed.kind is not CellKind.NUMBER or value is None or not value.is_integer()
                or not low <= value <= high):
            self.fail(key, f"'{cell}' är inte ett årtal mellan {low} och {high}.",
                       f"'{cell}' is not a year between {low} and {high}.")
            return None
        return int(value)

    def version(self) -> int | None:
        cell = self.cells.get("version")
        parsed = parse_swedish_number(cell)
        if parsed.kind is CellKind.MISSING:
            return None
        if parsed.kind is not CellKind.NUMBER or not parsed.value or not parsed.value.is_integer() \
                or parsed.value < 1:
            self.fail("version", f"'{cell}' är inte ett versionsnummer (1, 2, 3 …).",
                       f"'{cell}' is not a version number (1, 2, 3 …).")
            return None
        return int(parsed.value)

    def choice(self, key: str, words: Mapping[str, str], valid: Sequence[str]) -> str | None:
        text = self.text(key, required=True)
        if not text:
            return None
        value = words.get(normalize_header(text))
        if value is None:
            listed = ", ".join(valid)
            self.fail(key, f"Okänt värde '{text}'. Giltiga: {listed}.",
                       f"Unknown value '{text}'. Valid: {listed}.")
        return value

    def timestamp(self, key: str) -> datetime | None:
        cell = self.cells.get(key)
        if _is_blank(cell):
            return None
        if isinstance(cell, datetime):
            moment = cell
        else:
            try:
                moment = datetime.fromisoformat(str(cell).strip())
            except ValueError:
                self.fail(key, f"'{cell}' är ingen tidpunkt; skriv t.ex. 2026-03-31T14:05:00+00:00.",
                           f"'{cell}' is not a time; write e.g. 2026-03-31T14:05:00+00:00.")
                return None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# ---------------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------------


class _Refused(Exception):
    """Raised inside the import transaction so that it rolls back."""


@dataclass
class _Plan:
    insatser: list[tuple[int, str, Insats, bool]] = field(default_factory=list)  # row, file, record, new
    indicators: list[tuple[int, str, str, InsatsIndicator, bool]] = field(default_factory=list)
    reports: list[tuple[int, str, str, str, ReportedValue]] = field(default_factory=list)


def import_insatser(data: bytes, filename: str, store: Store, package_key: str, *,
                    areas: Mapping[str, Iterable[str]] | None = None, user: str | None = None,
                    now: datetime | None = None) -> ImportReport:
    """Import insatser, indicators and reported values from an XLSX workbook, a CSV file or a zip of
    CSV files (see the module docstring for the columns).

    Parameters
    ----------
    data, filename : the file's bytes and its name as the person knows it.
    store : where to write.
    package_key : the data package the insatser belong to.
    areas : the package's area ids per level; when given, unknown levels and area ids are refused.
    user : recorded as who changed the rows (and as reporter of values without ``rapporterad_av``).
    now : the time stamped on written rows (UTC now when None).

    Returns
    -------
    ImportReport
        With errors (and nothing written) when anything in the file is wrong.

    Raises
    ------
    PersistenceError
        When the database cannot be read or written (nothing is written).
    """
    report = ImportReport(filename)
    tables, problems = read_tables(bytes(data), filename)
    report.problems += problems
    if errors(problems) or not tables:
        return _capped(report)
    action = ("Importen kunde inte sparas", "The import could not be saved")
    try:
        with store.batch(action, user=user, now=now) as batch:
            plan = _check(tables, batch, package_key, areas, report)
            if errors(report.problems):
                raise _Refused
            _apply(plan, batch, report)
            if errors(report.problems):
                raise _Refused
    except _Refused:
        report.insatser_created = report.insatser_updated = 0
        report.indicators_created = report.indicators_updated = report.values_added = 0
        report.unchanged = 0
    return _capped(report)


def _capped(report: ImportReport) -> ImportReport:
    groups: dict[tuple[str, str, bool], list[Problem]] = {}
    for p in report.problems:
        groups.setdefault((p.file, p.column or "", p.is_error), []).append(p)
    report.problems = [p for group in groups.values() for p in cap_problems(group, MAX_PROBLEMS_PER_KIND)]
    return report


def _same_insats(a: Insats, b: Insats) -> bool:
    keys = ("name", "board", "area_level", "area_ids", "start_year", "budget_sek", "description")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _same_indicator(a: InsatsIndicator, b: InsatsIndicator) -> bool:
    keys = ("insats_id", "name", "kind", "unit", "direction", "baseline_year", "baseline_value",
            "target_2030", "target_2035")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _stale(file: str, row: int, column: str, what_sv: str, what_en: str, found: int,
           current: int) -> Problem:
    return _problem(
        file, f"{what_sv} har ändrats i appen sedan filen exporterades (filen har version {found}, "
        f"appen version {current}). Exportera på nytt, eller töm cellen 'version' för att skriva över "
        "ändringen.",
        f"{what_en} has been changed in the app since the file was exported (the file has version "
        f"{found}, the app version {current}). Export again, or empty the 'version' cell to overwrite "
        "the change.", row=row, column=column)


def _check(tables: list[_Table], batch: Batch, package_key: str,
           areas: Mapping[str, Iterable[str]] | None, report: ImportReport) -> _Plan:
    """Validate every row against the file and the database; the plan of writes if all is well."""
    problems = report.problems
    plan = _Plan()
    stored = {i.name: i for i in batch.list_insatser(package_key)}
    stored_by_id = {i.id: i for i in stored.values()}
    boards = batch.list_boards()
    valid_boards = ", ".join(b.name_sv for b in boards)
    known_areas = None if areas is None else {lvl: set(map(str, ids)) for lvl, ids in areas.items()}
    # Insatser named in the file (after the file's own changes), by name.
    file_insatser: dict[str, Insats] = {}
    for table in (t for t in tables if t.kind == INSATSER):
        for row, cells in table.rows:
            c = _Cells(table, row, cells, problems)
            before = len(errors(problems))
            ident = c.text("id")
            name = c.text("name", required=True)
            board_text = c.text("board", required=True)
            level = c.text("area_level")
            area_ids = tuple(a for a in _AREA_SEPARATORS.split(c.text("area_ids")) if a)
            start = c.year("start_year", required=True)
            budget = c.number("budget_sek", non_negative=True)
            description = str(c.raw("description") or "").strip()
            version = c.version()
            board = batch.board_named(board_text) if board_text else None
            if board_text and board is None:
                c.fail("board", f"Okänd nämnd '{board_text}'. Giltiga nämnder: {valid_boards}.",
                        f"Unknown board '{board_text}'. Valid boards: {valid_boards}.")
            if area_ids and not level:
                c.fail("area_level", "Områdesnivån saknas (t.ex. deso, regso, delomrade).",
                        "The area level is missing (e.g. deso, regso, delomrade).")
            if known_areas is not None and level:
                if level not in known_areas:
                    listed = ", ".join(sorted(known_areas))
                    c.fail("area_level", f"Okänd områdesnivå '{level}'. Giltiga: {listed}.",
                            f"Unknown area level '{level}'. Valid: {listed}.")
                else:
                    unknown = [a for a in area_ids if a not in known_areas[level]]
                    if unknown:
                        shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
                        c.fail("area_ids", f"Okända områden på nivån {level}: {shown}.",
                                f"Unknown areas at level {level}: {shown}.")
            if name and name in file_insatser:
                c.fail("name", f"Insatsen '{name}' förekommer två gånger i filen.",
                        f"The insats '{name}' appears twice in the file.")
            existing = None
            if ident:
                existing = stored_by_id.get(ident)
                if existing is None and batch.get_insats(ident) is not None:
                    c.fail("id", f"Id {ident} hör till en insats i ett annat datapaket.",
                            f"Id {ident} belongs to an insats in another data package.")
                if any(i.id == ident for i in file_insatser.values()):
                    c.fail("id", f"Id {ident} förekommer två gånger i filen.",
                            f"Id {ident} appears twice in the file.")
            else:
                existing = stored.get(name)
            other = stored.get(name)
            if name and other is not None and (existing is None or other.id != existing.id):
                c.fail("name", f"Det finns redan en annan insats som heter '{name}'.",
                        f"There is already another insats called '{name}'.")
            if existing is not None and version is not None and version != existing.version:
                problems.append(_stale(table.file, row, table.columns.get("version", "version"),
                                       f"Insatsen '{existing.name}'", f"The insats '{existing.name}'",
                                       version, existing.version))
            if len(errors(problems)) > before or board is None or start is None:
                if name:
                    file_insatser.setdefault(name, existing or _placeholder(package_key, name, ident))
                continue
            try:
                record = Insats(package_key, name, board.name_sv, level, area_ids, start, budget,
                                description, id=existing.id if existing else ident,
                                version=existing.version if existing else 0)
            except PersistenceError as exc:
                c.fail("name", exc.message_sv, exc.message_en)
                continue
            file_insatser[name] = record
            if existing is not None and _same_insats(record, existing):
                report.unchanged += 1
                continue
            plan.insatser.append((row, table.file, record, existing is None))

    def insats_for(c: _Cells, key: str) -> Insats | None:
        name = c.text(key, required=True)
        if not name:
            return None
        found = file_insatser.get(name) or stored.get(name)
        if found is None:
            known = ", ".join(sorted({*stored, *file_insatser})[:15]) or "–"
            c.fail(key, f"Okänd insats '{name}'. Kända insatser: {known}.",
                    f"Unknown insats '{name}'. Known insatser: {known}.")
        return found

    stored_indicators = batch.list_indicators(package_key)
    indicator_by_key = {(i.insats_id, i.name): i for i in stored_indicators}
    indicator_by_id = {i.id: i for i in stored_indicators}
    file_indicators: dict[tuple[str, str], InsatsIndicator] = {}  # (insats name, indicator name)
    for table in (t for t in tables if t.kind == INDIKATORER):
        for row, cells in table.rows:
            c = _Cells(table, row, cells, problems)
            before = len(errors(problems))
            insats = insats_for(c, "insats")
            ident = c.text("id")
            name = c.text("name", required=True)
            kind = c.choice("kind", _KIND_WORDS, INDICATOR_KINDS)
            unit = c.text("unit")
            direction = c.choice("direction", _DIRECTION_WORDS, DIRECTIONS)
            baseline_year = c.year("baseline_year")
            baseline_value = c.number("baseline_value")
            target_2030 = c.number("target_2030")
            target_2035 = c.number("target_2035")
            version = c.version()
            if insats is None or not name:
                continue
            key = (insats.name, name)
            if key in file_indicators:
                c.fail("name", f"Indikatorn '{name}' för insatsen '{insats.name}' förekommer två "
                        "gånger i filen.", f"The indicator '{name}' of the insats '{insats.name}' "
                        "appears twice in the file.")
            existing = None
            if ident:
                existing = indicator_by_id.get(ident)
                if existing is not None and existing.insats_id != insats.id:
                    c.fail("id", f"Indikatorn med id {ident} hör till en annan insats.",
                            f"The indicator with id {ident} belongs to another insats.")
                elif existing is None and batch.get_indicator(ident) is not None:
                    c.fail("id", f"Id {ident} hör till en indikator i ett annat datapaket.",
                            f"Id {ident} belongs to an indicator in another data package.")
            elif insats.id:
                existing = indicator_by_key.get((insats.id, name))
            if existing is not None and version is not None and version != existing.version:
                problems.append(_stale(table.file, row, table.columns.get("version", "version"),
                                       f"Indikatorn '{existing.name}'", f"The indicator '{existing.name}'",
                                       version, existing.version))
            if len(errors(problems)) > before or kind is None or direction is None:
                file_indicators.setdefault(key, existing or InsatsIndicator(insats.id, name))
                continue
            record = InsatsIndicator(insats.id, name, kind, unit, direction, baseline_year,
                                     baseline_value, target_2030, target_2035,
                                     id=existing.id if existing else ident,
                                     version=existing.version if existing else 0)
            file_indicators[key] = record
            if existing is not None and _same_indicator(record, existing):
                report.unchanged += 1
                continue
            plan.indicators.append((row, table.file, insats.name, record, existing is None))

    existing_reports = batch.list_reported_values(package_key)
    for table in (t for t in tables if t.kind == RAPPORTERAT):
        for row, cells in table.rows:
            c = _Cells(table, row, cells, problems)
            before = len(errors(problems))
            insats = insats_for(c, "insats")
            indicator_name = c.text("indicator", required=True)
            year = c.year("year", required=True)
            value = c.number("value", required=True)
            numerator = c.number("numerator")
            denominator = c.number("denominator", positive=True)
            note = c.text("note")
            reported_by = c.text("reported_by")
            reported_at = c.timestamp("reported_at")
            indicator = None
            if insats is not None and indicator_name:
                indicator = file_indicators.get((insats.name, indicator_name)) or (
                    indicator_by_key.get((insats.id, indicator_name)) if insats.id else None)
                if indicator is None:
                    known = ", ".join(sorted(
                        {n for (ins, n) in file_indicators if ins == insats.name}
                        | {i.name for i in stored_indicators if i.insats_id == insats.id})) or "–"
                    c.fail("indicator", f"Insatsen '{insats.name}' har ingen indikator som heter "
                            f"'{indicator_name}'. Dess indikatorer: {known}.",
                            f"The insats '{insats.name}' has no indicator called '{indicator_name}'. "
                            f"Its indicators: {known}.")
            if len(errors(problems)) > before or indicator is None or year is None or value is None:
                continue
            candidate = ReportedValue(indicator.id, year, value, numerator, denominator, note,
                                      reported_by, reported_at)
            if indicator.id and _already_reported(candidate, existing_reports):
                report.unchanged += 1
                continue
            plan.reports.append((row, table.file, insats.name, indicator_name, candidate))
    return plan


def _placeholder(package_key: str, name: str, ident: str) -> Insats:
    """Stands in for an insats row with errors so rows referring to it are not reported twice."""
    return Insats(package_key, name, "-", "", (), PLAUSIBLE_YEARS[0], id=ident)


def _already_reported(candidate: ReportedValue, reports: Sequence[ReportedValue]) -> bool:
    """A row with a report time is a copy of an existing report if one matches it exactly; a row
    without one repeats the latest report for its indicator and year if the values are the same."""
    same_key = [r for r in reports if r.indicator_id == candidate.indicator_id
                and r.year == candidate.year]
    if not same_key:
        return False

    def values(r: ReportedValue) -> tuple:
        return r.value, r.numerator, r.denominator, r.note or ""

    if candidate.reported_at is not None:
        return any(values(r) == values(candidate) and r.reported_at == candidate.reported_at
                   and (r.reported_by or "") == (candidate.reported_by or "") for r in same_key)
    return values(same_key[-1]) == values(candidate)


def _apply(plan: _Plan, batch: Batch, report: ImportReport) -> None:
    """Write the plan in order: insatser, their indicators, then reported values."""
    saved_insatser: dict[str, Insats] = {}
    saved_indicators: dict[tuple[str, str], InsatsIndicator] = {}

    def guarded(file: str, row: int, column: str, write: Callable[[], Any]) -> Any:
        """Run one write; a refusal of the row (not a database failure) becomes a problem."""
        try:
            return write()
        except (ConflictError, NotFoundError, InvalidDataError) as exc:
            report.problems.append(_problem(file, exc.message_sv, exc.message_en, row=row, column=column))
            return None

    for row, file, record, new in plan.insatser:
        saved = guarded(file, row, "namn", lambda record=record: batch.save_insats(record))
        if saved is not None:
            saved_insatser[saved.name] = saved
            if new:
                report.insatser_created += 1
            else:
                report.insatser_updated += 1
    if errors(report.problems):
        return
    for row, file, insats_name, record, new in plan.indicators:
        insats_id = record.insats_id or saved_insatser[insats_name].id
        saved = guarded(file, row, "namn",
                        lambda record=record, insats_id=insats_id:
                        batch.save_indicator(replace(record, insats_id=insats_id)))
        if saved is not None:
            saved_indicators[(insats_name, saved.name)] = saved
            if new:
                report.indicators_created += 1
            else:
                report.indicators_updated += 1
    if errors(report.problems):
        return
    for row, file, insats_name, indicator_name, candidate in plan.reports:
        indicator_id = candidate.indicator_id or saved_indicators[(insats_name, indicator_name)].id
        saved = guarded(file, row, "värde",
                        lambda candidate=candidate, indicator_id=indicator_id:
                        batch.report_value(replace(candidate, indicator_id=indicator_id)))
        if saved is not None:
            report.values_added += 1
