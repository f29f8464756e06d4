"""Reading indicator tables as cities export them (CSV, XLSX) into the tidy indicator table.

Real Swedish exports must just work: semicolon separators, decimal commas, cp1252 text, Swedish headers
(``år``, ``värde``, ``områdeskod``…), thousands separators written as spaces and SCB's suppression marker
``..``. Everything else that is wrong becomes a `Problem` naming the file, the row as a spreadsheet shows
it (header = row 1) and the column, in Swedish and English.

This module also holds what geometry files share with tables: the header vocabulary (which column
holds the area id, the name, the level), archive safety checks (an XLSX file is a zip archive) and the
capping of long problem lists.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np
import pandas as pd

from model import columns as c
from model.problems import Problem, Severity
from model.registry import Indicator, IndicatorRegistry, Unit

#: At most this many problems of one kind are listed; the rest are counted in one closing problem.
MAX_LISTED = 20
#: Archives (zipped shapefiles, XLSX) larger than this when unpacked are refused.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Archive members that unpack to more than this many times their packed size are refused.
MAX_COMPRESSION_RATIO = 100
#: Members smaller than this are exempt from the ratio check (tiny files compress oddly but are harmless).
RATIO_CHECK_MIN_BYTES = 1024 * 1024
#: Name of the index of a freshly parsed table: each row's spreadsheet row (header = row 1). A wide
#: row yields several table rows with the same source row.
SOURCE_ROW = "source_row"
#: Years outside this range are taken as typing errors.
PLAUSIBLE_YEARS = (1900, 2100)

# ---------------------------------------------------------------------------------------------------
# Header vocabulary: normalised header -> meaning. Shared with geometry attribute tables.
# ---------------------------------------------------------------------------------------------------

#: Headers that hold an area id, in order of preference.
AREA_ID_ALIASES: tuple[str, ...] = (
    "area_id", "områdeskod", "omradeskod", "områdes_kod", "omrades_kod", "område_id", "omrade_id",
    "deso", "deso_kod", "desokod", "regso", "regso_kod", "regsokod", "do_kod", "dokod",
    "kod", "id", "code",
)
#: SCB headers that carry a classification year, e.g. ``deso2025``, ``regso_2018``.
_YEARED_ID = re.compile(r"^(deso|regso)_?(19|20)\d\d$")
NAME_ALIASES: tuple[str, ...] = (
    "name", "namn", "områdesnamn", "omradesnamn", "område", "omrade", "delomrade", "delområde",
    "delomradesnamn", "delområdesnamn", "regso_namn", "regsonamn", "deso_namn", "desonamn",
    "do_namn", "benämning", "benamning",
)
#: In an indicator table (which needs no names) a lone "område" column holds the area codes.
TABLE_AREA_ALIASES: tuple[str, ...] = ("område", "omrade", "områden", "omraden", "area")
PARENT_ALIASES: tuple[str, ...] = ("parent_id", "parent", "parent_code", "överordnat_område",
                                   "overordnat_omrade")
LEVEL_ALIASES: tuple[str, ...] = ("level", "nivå", "niva", "områdesnivå", "omradesniva")
YEAR_ALIASES: tuple[str, ...] = ("year", "år", "ar", "årtal", "artal")
INDICATOR_ALIASES: tuple[str, ...] = ("indicator", "indikator", "indicator_id", "indikator_id")
VALUE_ALIASES: tuple[str, ...] = ("value", "värde", "varde")
NUMERATOR_ALIASES: tuple[str, ...] = ("numerator", "täljare", "taljare")
DENOMINATOR_ALIASES: tuple[str, ...] = ("denominator", "nämnare", "namnare")
SUPPRESSED_ALIASES: tuple[str, ...] = ("suppressed", "sekretess", "sekretessmarkerad",
                                      "undertryckt", "prickad")

_LEVEL_BY_ID_PREFIX = (("deso", "deso"), ("regso", "regso"), ("do_kod", "delomrade"),
                       ("dokod", "delomrade"))
_DESO_CODE = re.compile(r"^\d{4}[A-C]\d{4}$")
_REGSO_CODE = re.compile(r"^\d{4}R\d{3}$")
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009]+")
_SEPARATORS = re.compile(r"[\s\u00a0\u2007\u202f\u2009_\-.]+")


def normalize_header(header: object) -> str:
    """Header as compared with the vocabulary: case-folded, trimmed, spaces and dashes as ``_``.

    ``" Områdes-kod "`` and ``"OMRADES KOD"`` become ``"områdes_kod"`` and ``"omrades_kod"``.
    """
    text = "" if header is None else str(header)
    text = text.replace("\ufeff", "").strip().casefold()
    return _SEPARATORS.sub("_", text).strip("_")


def _compact(text: object) -> str:
    """Name as compared with indicator names: case-folded, without spaces, dashes or underscores."""
    return normalize_header(text).replace("_", "")


def _is_id_header(norm: str) -> bool:
    return norm in AREA_ID_ALIASES or bool(_YEARED_ID.match(norm))


def find_area_id_column(columns: Sequence[object], level: str | None = None) -> object | None:
    """The column holding area ids, or None.

    ``area_id`` wins, then common Swedish and SCB names (``områdeskod``, ``deso``, ``regso``,
    ``do_kod``, ``kod``, ``id``…). When ``level`` names one of several id columns (a DeSO file that
    also carries each area's RegSO), that one is chosen.
    """
    normalized = [(col, normalize_header(col)) for col in columns]
    candidates = [(col, norm) for col, norm in normalized if _is_id_header(norm)]
    if not candidates:
        return None
    if level:
        wanted = normalize_header(level)
        for col, norm in candidates:
            if norm == wanted or (norm.startswith(wanted) and _YEARED_ID.match(norm)):
                return col
    return min(candidates, key=lambda item: _id_rank(item[1]))[0]


def _id_rank(norm: str) -> int:
    """Preference of an id header: its place in `AREA_ID_ALIASES` (``deso2025`` ranks as deso)."""
    if norm in AREA_ID_ALIASES:
        return AREA_ID_ALIASES.index(norm)
    match = _YEARED_ID.match(norm)
    return AREA_ID_ALIASES.index(match.group(1)) if match else len(AREA_ID_ALIASES)


def find_column(columns: Sequence[object], aliases: Iterable[str]) -> object | None:
    """The first column whose normalised header is one of ``aliases`` (in alias order), or None."""
    by_norm: dict[str, object] = {}
    for col in columns:
        by_norm.setdefault(normalize_header(col), col)
    for alias in aliases:
        if alias in by_norm:
            return by_norm[alias]
    return None


def find_parent_column(columns: Sequence[object], id_column: object) -> object | None:
    """The column with each area's parent id: ``parent_id``, or RegSO beside a DeSO id column."""
    explicit = find_column(columns, PARENT_ALIASES)
    if explicit is not None:
        return explicit
    if normalize_header(id_column).startswith("deso"):
        for col in columns:
            norm = normalize_header(col)
            is_regso = norm == "regso" or (norm.startswith("regso") and _YEARED_ID.match(norm))
            if col != id_column and is_regso:
                return col
    return None


def level_from_id_column(id_column: object) -> str | None:
    """The level an SCB-style id column implies (``deso2025`` → ``deso``), or None."""
    norm = normalize_header(id_column)
    for prefix, level in _LEVEL_BY_ID_PREFIX:
        if norm.startswith(prefix):
            return level
    return None


def level_from_ids(ids: Iterable[str]) -> str | None:
    """``deso`` or ``regso`` when every id has SCB's code pattern for that level, else None."""
    values = [i for i in ids if i]
    if values and all(_DESO_CODE.match(i) for i in values):
        return "deso"
    if values and all(_REGSO_CODE.match(i) for i in values):
        return "regso"
    return None


def area_id_text(cell: object) -> str | None:
    """An id cell as text: trimmed, integral numbers without ``.0``; None when empty."""
    if cell is None or isinstance(cell, bool):
        return None if cell is None else str(cell)
    if isinstance(cell, (int, np.integer)):
        return str(int(cell))
    if isinstance(cell, (float, np.floating)):
        if math.isnan(cell):
            return None
        return str(int(cell)) if float(cell).is_integer() else str(cell)
    text = str(cell).replace("\u00a0", " ").strip()
    if not text or text.casefold() in {"nan", "<na>", "none"}:
        return None
    return text


def expected_id_columns() -> str:
    """The id headers we look for, for messages."""
    return ", ".join(["area_id", "områdeskod", "deso", "regso", "do_kod", "kod", "id"])


# ---------------------------------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------------------------------


def cap_problems(problems: Sequence[Problem], limit: int = MAX_LISTED) -> list[Problem]:
    """The first ``limit`` problems of one kind, then one problem counting the rest."""
    if len(problems) <= limit:
        return list(problems)
    first = problems[0]
    rest = len(problems) - limit
    return [
        *problems[:limit],
        Problem(
            first.file,
            f"… och {rest} till av samma slag (visas inte).",
            f"… and {rest} more of the same kind (not shown).",
            severity=first.severity,
        ),
    ]


def _flatten(by_kind: dict[str, list[Problem]]) -> list[Problem]:
    return [p for group in by_kind.values() for p in cap_problems(group)]


# ---------------------------------------------------------------------------------------------------
# Archives
# ---------------------------------------------------------------------------------------------------


def archive_problems(archive: zipfile.ZipFile, filename: str) -> list[Problem]:
    """Refuse archives that could write outside a folder or unpack to something enormous.

    Checks every member's name (no absolute paths, drive letters or ``..``) and sizes: the total
    unpacked size must stay under `MAX_UNCOMPRESSED_BYTES` and no member larger than
    `RATIO_CHECK_MIN_BYTES` may unpack to more than `MAX_COMPRESSION_RATIO` times its packed size.
    """
    problems: list[Problem] = []
    total = 0
    for info in archive.infolist():
        name = info.filename
        parts = re.split(r"[\\/]", name)
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            problems.append(Problem(
                filename,
                f"Arkivet innehåller en otillåten sökväg ('{name}') som pekar utanför arkivet. "
                "Filen används inte; packa om den utan mappar utanför arkivet.",
                f"The archive contains a forbidden path ('{name}') pointing outside the archive. "
                "The file is not used; pack it again without folders outside the archive.",
                column=name,
            ))
            continue
        total += info.file_size
        if (info.file_size > RATIO_CHECK_MIN_BYTES
                and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)):
            problems.append(Problem(
                filename,
                f"'{name}' packas upp till mer än {MAX_COMPRESSION_RATIO} gånger sin storlek i "
                "arkivet (en så kallad zip-bomb). Filen används inte.",
                f"'{name}' unpacks to more than {MAX_COMPRESSION_RATIO} times its size in the "
                "archive (a so-called zip bomb). The file is not used.",
                column=name,
            ))
    if total > MAX_UNCOMPRESSED_BYTES:
        limit_mb = MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
        problems.append(Problem(
            filename,
            f"Arkivet blir {total / 1024 / 1024:.0f} MB uppackat; högst {limit_mb} MB tas emot.",
            f"The archive unpacks to {total / 1024 / 1024:.0f} MB; at most {limit_mb} MB is "
            "accepted.",
        ))
    return problems


# ---------------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------------


class CellKind(Enum):
    """What a value cell holds."""

    NUMBER = "number"
    MISSING = "missing"  # empty, "-", "NA"…
    SUPPRESSED = "suppressed"  # SCB's ".." (withheld small cell)
    INVALID = "invalid"


@dataclass(frozen=True)
class ParsedNumber:
    """A parsed cell: ``value`` is set only for `CellKind.NUMBER`."""

    kind: CellKind
    value: float | None = None


_MISSING_MARKERS = {"", "-", "–", "—", ".", "na", "n/a", "nan", "null", "none", "<na>"}
_SUPPRESSED_MARKERS = {"..", "…"}
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([,.]\d{3})+$")


def parse_swedish_number(cell: object) -> ParsedNumber:
    """Read a number as Swedish exports write it.

    Accepts decimal commas (``12,5``), spaces and non-breaking spaces as thousands separators
    (``1 234``), ``1.234,5`` and ``1,234.5`` (the last separator is the decimal one), a trailing
    ``%`` and the minus sign ``−``. A single comma is always a decimal comma (``1,234`` is 1.234).
    ``..`` is SCB's suppression marker; empty, ``-`` and ``NA`` are missing.
    """
    if cell is None:
        return ParsedNumber(CellKind.MISSING)
    if isinstance(cell, bool):
        return ParsedNumber(CellKind.INVALID)
    if isinstance(cell, (int, float, np.integer, np.floating)):
        number = float(cell)
        if math.isnan(number):
            return ParsedNumber(CellKind.MISSING)
        return ParsedNumber(CellKind.NUMBER, number) if math.isfinite(number) else ParsedNumber(
            CellKind.INVALID)
    text = _SPACES.sub("", str(cell)).replace("\u2212", "-").casefold()
    if text in _MISSING_MARKERS:
        return ParsedNumber(CellKind.MISSING)
    if text in _SUPPRESSED_MARKERS:
        return ParsedNumber(CellKind.SUPPRESSED)
    text = text.removesuffix("%")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        if not _GROUPED.match(text):
            return ParsedNumber(CellKind.INVALID)
        text = text.replace(",", "").replace(".", "")
    if not _PLAIN_NUMBER.match(text):
        return ParsedNumber(CellKind.INVALID)
    return ParsedNumber(CellKind.NUMBER, float(text))


def parse_year(cell: object) -> int | None:
    """A plausible year (1900-2100) as int, else None. ``2023``, ``"2023"`` and ``2023.0`` pass."""
    parsed = parse_swedish_number(cell)
    if parsed.kind is not CellKind.NUMBER or parsed.value is None:
        return None
    if not parsed.value.is_integer():
        return None
    year = int(parsed.value)
    return year if PLAUSIBLE_YEARS[0] <= year <= PLAUSIBLE_YEARS[1] else None


_TRUE_FLAGS = {"1", "1.0", "true", "sant", "ja", "yes", "y", "j", "x", ".."}
_FALSE_FLAGS = {"0", "0.0", "false", "falskt", "nej", "no", "n", "", "-"}


def parse_flag(cell: object) -> bool | None:
    """A suppression flag: 1/0, ja/nej, yes/no, true/false, ``..``; empty is False; else None."""
    if cell is None:
        return False
    if isinstance(cell, bool):
        return cell
    text = area_id_text(cell)
    norm = "" if text is None else text.casefold()
    if norm in _TRUE_FLAGS:
        return True
    if norm in _FALSE_FLAGS:
        return False
    return None


def _cell_text(cell: object) -> str:
    return "" if cell is None else str(cell)


def _is_blank(row: Sequence[object]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in row)


# ---------------------------------------------------------------------------------------------------
# Indicator names
# ---------------------------------------------------------------------------------------------------


def indicator_lookup(registry: IndicatorRegistry) -> dict[str, str]:
    """Compact name (id, Swedish or English name or short label) → indicator id."""
    lookup: dict[str, str] = {}
    for indicator in registry:
        for label in (indicator.id, indicator.name_sv, indicator.name_en, indicator.short_sv,
                      indicator.short_en):
            lookup.setdefault(_compact(label), indicator.id)
    return lookup


def _valid_ids_text(registry: IndicatorRegistry) -> str:
    return ", ".join(registry.ids)


# ---------------------------------------------------------------------------------------------------
# Reading cells from CSV and XLSX
# ---------------------------------------------------------------------------------------------------

_DELIMITERS = (";", "\t", ",", "|")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-16 by its byte-order mark, else UTF-8 (with or without BOM), else
    cp1252, else latin-1. Returns the text and the encoding used.

    A file that starts with UTF-8's byte-order mark but is not UTF-8 throughout (Excel exports
    that were edited in another program, or cp1252 behind a BOM) is read line by line: UTF-8
    where a line is valid UTF-8, cp1252 otherwise (encoding ``utf-8+cp1252``) — never as
    mojibake such as "ï»¿omrÃ¥de".
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    if bom:
        lines = []
        for line in body.split(b"\n"):
            try:
                lines.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                lines.append(line.decode("cp1252", errors="replace"))
        return "\n".join(lines), "utf-8+cp1252"
    try:
        return body.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return body.decode("latin-1"), "latin-1"


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == char and not quoted:
            count += 1
    return count


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The separator of a CSV file, from its first line that has any: ``;`` ``\\t`` ``,`` ``|``.

    The header decides, since headers rarely hold decimal commas; ties go to ``;`` (Swedish Excel).
    """
    for line in lines[:10]:
        counts = {d: _count_outside_quotes(line, d) for d in _DELIMITERS}
        best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equal counts
        if counts[best] > 0:
            return best
    return ","


def read_csv_cells(data: bytes, filename: str) -> tuple[list[list[object]] | None, list[Problem]]:
    """Every record of a CSV file as a list of strings (index i = spreadsheet row i + 1)."""
    text, encoding = decode_text(data)
    problems: list[Problem] = []
    if "\x00" in text:
        return None, [Problem(
            filename,
            "Filen är inte en textfil (CSV). Spara den som CSV eller XLSX och försök igen.",
            "The file is not a text (CSV) file. Save it as CSV or XLSX and try again.",
        )]
    if encoding in ("cp1252", "latin-1"):
        problems.append(Problem(
            filename,
            f"Filen är inte UTF-8; den lästes som {encoding} (vanligt för Excel på svenska).",
            f"The file is not UTF-8; it was read as {encoding} (common for Swedish Excel).",
            severity=Severity.WARNING,
        ))
    elif encoding == "utf-8+cp1252":
        problems.append(Problem(
            filename,
            "Filen börjar som UTF-8 men har rader i Windows-1252 (cp1252); de raderna lästes som "
            "cp1252. Kontrollera å, ä och ö.",
            "The file starts as UTF-8 but has lines in Windows-1252 (cp1252); those lines were read "
            "as cp1252. Check å, ä and ö.",
            severity=Severity.WARNING,
        ))
    lines = text.splitlines()
    delimiter = None
    if lines and lines[0].strip().casefold().startswith("sep="):
        # Excel's "sep=;" first line names the separator and is hidden when Excel opens the file.
        delimiter = lines[0].strip()[4:5] or ","
        text = text.split("\n", 1)[1] if "\n" in text else ""
        lines = lines[1:]
    if delimiter is None:
        delimiter = sniff_delimiter([ln for ln in lines if ln.strip()])
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            rows.append(list(record))
    except csv.Error as exc:
        problems.append(Problem(
            filename,
            "Filen verkar avkortad eller skadad: ett citattecken avslutas inte eller står fel "
            f"({exc}). Raden och allt efter den används inte.",
            "The file seems truncated or damaged: a quote is not closed or misplaced "
            f"({exc}). This row and everything after it are not used.",
            row=len(rows) + 1,
        ))
    return rows, problems


def _formulas_without_values(openpyxl, data: bytes, sheet: tuple[str, list] | None) -> list[str]:
    """Cells of the sheet read (by its title) that hold a formula whose value was never saved.

    openpyxl reads a formula's last saved value; a workbook written by a program that does not
    calculate (or saved without recalculation) has none, and the cell would silently read as empty.
    """
    if sheet is None:
        return []
    title, values = sheet
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        found = []
        for r, row in enumerate(book[title].iter_rows(min_row=1, values_only=True)):
            for k, cell in enumerate(row):
                cached = values[r][k] if r < len(values) and k < len(values[r]) else None
                if isinstance(cell, str) and cell.startswith("=") and cached is None:
                    found.append(f"{openpyxl.utils.get_column_letter(k + 1)}{r + 1}")
        return found
    finally:
        book.close()


def read_xlsx_cells(data: bytes, filename: str) -> tuple[list[list[object]] | None, list[Problem]]:
    """Every row of the first non-empty sheet of an XLSX workbook (index i = row i + 1)."""
    import openpyxl  # imported here: only XLSX uploads need it

    not_xlsx = Problem(
        filename,
        "Filen kan inte läsas som Excel-arbetsbok (.xlsx); den verkar skadad eller är av annat "
        "slag. Spara den på nytt som .xlsx eller CSV.",
        "The file cannot be read as an Excel workbook (.xlsx); it seems damaged or is of another "
        "kind. Save it again as .xlsx or CSV.",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unsafe = archive_problems(archive, filename)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None, [not_xlsx]
    if unsafe:
        return None, unsafe
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheets = []
            for sheet in book.worksheets:
                rows = [list(r) for r in sheet.iter_rows(min_row=1, values_only=True)]
                if any(not _is_blank(r) for r in rows):
                    sheets.append((sheet.title, rows))
            book.close()
            uncached = _formulas_without_values(openpyxl, data, sheets[0] if sheets else None)
    except Exception:  # openpyxl raises many types for damaged workbooks; all mean the same here
        return None, [not_xlsx]
    if not sheets:
        return [], []
    problems = []
    if uncached:
        cells = ", ".join(uncached[:5]) + (" …" if len(uncached) > 5 else "")
        problems.append(Problem(
            filename,
            f"{len(uncached)} celler innehåller formler utan sparat värde ({cells}); de lästes som "
            "tomma. Öppna filen i Excel, låt den räkna om och spara den igen.",
            f"{len(uncached)} cells hold formulas without a saved value ({cells}); they were read as "
            "empty. Open the file in Excel, let it recalculate and save it again.",
            severity=Severity.WARNING,
        ))
    if len(sheets) > 1:
        others = ", ".join(f"'{title}'" for title, _ in sheets[1:])
        problems.append(Problem(
            filename,
            f"Arbetsboken har flera blad med data; bara det första ('{sheets[0][0]}') lästes, "
            f"inte {others}.",
            f"The workbook has several sheets with data; only the first ('{sheets[0][0]}') was "
            f"read, not {others}.",
            severity=Severity.WARNING,
        ))
    return sheets[0][1], problems


# ---------------------------------------------------------------------------------------------------
# From cells to the tidy indicator table
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Columns:
    """Which column index has which meaning."""

    area_id: int
    year: int | None
    level: int | None
    indicator: int | None
    value: int | None
    numerator: int | None
    denominator: int | None
    suppressed: int | None
    wide: dict[int, str]  # column index -> indicator id (wide format)


def missing_id_column(filename: str, columns: Sequence[object], row: int | None = None) -> Problem:
    """The problem for a file without an area-id column, naming the columns it has."""
    found = ", ".join(f"'{col}'" for col in columns if str(col)) or "–"
    return Problem(
        filename,
        f"Ingen kolumn med områdeskod hittades. Kolumner i filen: {found}. Förväntade en av: "
        f"{expected_id_columns()}.",
        f"No column with area ids was found. Columns in the file: {found}. Expected one of: "
        f"{expected_id_columns()}.",
        row=row,
    )


def _table_id_column(header: Sequence[object], level: str | None = None) -> object | None:
    """The id column of an indicator table: as for geometries, else a lone "område" column."""
    return find_area_id_column(header, level) or find_column(header, TABLE_AREA_ALIASES)


def _header_index(rows: Sequence[Sequence[object]]) -> int | None:
    """Index of the header row: the first of the first ten non-blank rows naming an id column.

    PX-Web and Excel exports often start with a title line; those lines are skipped.
    """
    non_blank = [i for i, row in enumerate(rows) if not _is_blank(row)]
    for i in non_blank[:10]:
        if _table_id_column([_cell_text(v) for v in rows[i]]) is not None:
            return i
    return non_blank[0] if non_blank else None


def _header_cells(row: Sequence[object]) -> list[str]:
    cells = [_cell_text(v).replace("\ufeff", "").strip() for v in row]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


#: At most this many characters of a file's header and first row are quoted back in a message.
_QUOTE_LIMIT = 160


def _quoted(cells: Sequence[object]) -> str:
    text = "; ".join(_cell_text(v).strip() for v in cells)
    return text if len(text) <= _QUOTE_LIMIT else text[:_QUOTE_LIMIT - 1] + "…"


def _layout_found(filename: str, header: Sequence[object], first: Sequence[object] | None,
                  header_row: int) -> Problem:
    """What the table looked like, beside an example of each layout that can be read."""
    found_row = _quoted(first) if first is not None else "–"
    return Problem(
        filename,
        f"Hittade kolumnerna: {_quoted(header)}. Första dataraden: {found_row}. Tabeller som går "
        "att läsa ser ut så här – lång form: område;år;indikator;värde med raden "
        "1280C1010;2023;uvas;12,5 – eller bred form: område;år;uvas;trangboddhet med raden "
        "1280C1010;2023;12,5;8,1.",
        f"Found the columns: {_quoted(header)}. First data row: {found_row}. Tables that can be "
        "read look like this – long form: area_id,year,indicator,value with the row "
        "1280C1010,2023,uvas,12.5 – or wide form: area_id,year,uvas,trangboddhet with the row "
        "1280C1010,2023,12.5,8.1.",
        row=header_row, severity=Severity.WARNING,  # context for the refusal above, not a new error
    )


def _map_columns(
    header: list[str], filename: str, registry: IndicatorRegistry, level: str | None,
) -> tuple[_Columns | None, list[Problem]]:
    """Give each header a meaning; problems for missing, doubled or unknown columns (row 1)."""
    problems: list[Problem] = []
    header_row = 1
    id_col = _table_id_column(header, level)
    if id_col is None:
        return None, [missing_id_column(filename, header, row=header_row)]
    roles = {
        c.YEAR: YEAR_ALIASES, c.LEVEL: LEVEL_ALIASES, c.INDICATOR: INDICATOR_ALIASES,
        c.VALUE: VALUE_ALIASES, c.NUMERATOR: NUMERATOR_ALIASES,
        c.DENOMINATOR: DENOMINATOR_ALIASES, c.SUPPRESSED: SUPPRESSED_ALIASES,
    }
    found_roles: dict[str, int] = {c.AREA_ID: header.index(id_col)}
    ignored_aliases = set(NAME_ALIASES) | set(PARENT_ALIASES)
    lookup = indicator_lookup(registry)
    wide: dict[int, str] = {}
    unknown: list[int] = []
    for i, head in enumerate(header):
        if i == found_roles[c.AREA_ID]:
            continue
        norm = normalize_header(head)
        role = next((r for r, aliases in roles.items() if norm in aliases), None)
        if role is not None:
            if role in found_roles:
                first = header[found_roles[role]]
                problems.append(Problem(
                    filename,
                    f"Kolumnerna '{first}' och '{head}' betyder båda '{role}'; behåll en av dem.",
                    f"Columns '{first}' and '{head}' both mean '{role}'; keep one of them.",
                    row=header_row, column=head,
                ))
            else:
                found_roles[role] = i
        elif norm in ignored_aliases or _is_id_header(norm):
            continue  # names, parents and other id columns are fine beside the data
        elif not head:
            unknown.append(i)
        elif _compact(head) in lookup:
            ident = lookup[_compact(head)]
            if ident in wide.values():
                first = header[next(k for k, v in wide.items() if v == ident)]
                problems.append(Problem(
                    filename,
                    f"Kolumnerna '{first}' och '{head}' är båda indikatorn '{ident}'.",
                    f"Columns '{first}' and '{head}' are both indicator '{ident}'.",
                    row=header_row, column=head,
                ))
            else:
                wide[i] = ident
        else:
            unknown.append(i)
    is_long = c.INDICATOR in found_roles or c.VALUE in found_roles
    if is_long:
        for role in (c.INDICATOR, c.VALUE):
            if role not in found_roles:
                aliases = ", ".join(roles[role][:2])
                problems.append(Problem(
                    filename,
                    f"Lång tabell utan kolumnen '{role}' (eller {aliases}). En lång tabell har "
                    "kolumnerna area_id, year, indicator, value.",
                    f"Long table without the column '{role}' (or {aliases}). A long table has the "
                    "columns area_id, year, indicator, value.",
                    row=header_row,
                ))
        if wide:
            names = ", ".join(f"'{header[i]}'" for i in wide)
            problems.append(Problem(
                filename,
                f"Tabellen blandar lång form (indicator/value) med indikatorkolumner ({names}). "
                "Välj en form.",
                f"The table mixes long form (indicator/value) with indicator columns ({names}). "
                "Choose one form.",
                row=header_row,
            ))
        for i in unknown:
            problems.append(Problem(
                filename, "Kolumnen används inte.", "The column is not used.",
                row=header_row, column=header[i] or f"#{i + 1}", severity=Severity.WARNING,
            ))
    else:
        valid = _valid_ids_text(registry)
        unknown_problems = []
        for i in unknown:
            name = header[i] or f"#{i + 1}"
            unknown_problems.append(Problem(
                filename,
                f"Okänd indikatorkolumn '{name}'. Giltiga indikatorer: {valid} (eller deras "
                "svenska eller engelska namn). Ta bort eller byt namn på kolumnen.",
                f"Unknown indicator column '{name}'. Valid indicators: {valid} (or their Swedish "
                "or English names). Remove or rename the column.",
                row=header_row, column=name,
            ))
        problems += cap_problems(unknown_problems)
        if not wide and not unknown:
            problems.append(Problem(
                filename,
                "Tabellen har inga indikatorkolumner. Använd antingen lång form (area_id, year, "
                f"indicator, value) eller bred form (area_id, year och en kolumn per indikator: "
                f"{valid}).",
                "The table has no indicator columns. Use either long form (area_id, year, "
                "indicator, value) or wide form (area_id, year and one column per indicator: "
                f"{valid}).",
                row=header_row,
            ))
    if c.YEAR not in found_roles:
        problems.append(Problem(
            filename,
            "Kolumnen för år saknas (förväntade 'year' eller 'år').",
            "The year column is missing (expected 'year' or 'år').",
            row=header_row,
        ))
    if any(p.is_error for p in problems):
        return None, problems
    return _Columns(
        area_id=found_roles[c.AREA_ID],
        year=found_roles.get(c.YEAR),
        level=found_roles.get(c.LEVEL),
        indicator=found_roles.get(c.INDICATOR),
        value=found_roles.get(c.VALUE),
        numerator=found_roles.get(c.NUMERATOR),
        denominator=found_roles.get(c.DENOMINATOR),
        suppressed=found_roles.get(c.SUPPRESSED),
        wide=wide,
    ), problems


def _width_problems(
    rows: Sequence[Sequence[object]], first_data: int, width: int, filename: str,
) -> tuple[set[int], list[Problem]]:
    """Rows whose number of fields differs from the header's (CSV only); they are not used."""
    data_rows = [i for i in range(first_data, len(rows)) if not _is_blank(rows[i])]
    last = data_rows[-1] if data_rows else None
    bad: set[int] = set()
    problems: list[Problem] = []
    for i in data_rows:
        row = rows[i]
        extra = [v for v in row[width:] if _cell_text(v).strip()]
        if len(row) < width and i == last:
            problems.append(Problem(
                filename,
                f"Filen verkar avkortad eller skadad: sista raden har {len(row)} fält men rubriken "
                f"har {width}.",
                f"The file seems truncated or damaged: the last row has {len(row)} fields but the "
                f"header has {width}.",
                row=i + 1,
            ))
            bad.add(i)
        elif len(row) < width or extra:
            hint_sv = hint_en = ""
            if extra:
                hint_sv = (" Om talen har decimalkomma måste kolumnerna skiljas med semikolon "
                           "eller talen stå inom citattecken.")
                hint_en = (" If the numbers use decimal commas, separate columns with semicolons "
                           "or quote the numbers.")
            problems.append(Problem(
                filename,
                f"Raden har {len(row)} fält men rubriken har {width}.{hint_sv}",
                f"The row has {len(row)} fields but the header has {width}.{hint_en}",
                row=i + 1,
            ))
            bad.add(i)
    return bad, problems


def _indicator_of(cell: object, lookup: dict[str, str]) -> str | None:
    return lookup.get(_compact(cell)) if cell is not None else None


def _range_problem(
    indicator: Indicator, value: float, filename: str, row: int, column: str,
) -> Problem | None:
    if indicator.is_share and not 0 <= value <= 100:
        return Problem(
            filename,
            f"Värdet {value:g} ligger utanför 0–100; '{indicator.id}' är en andel i procent.",
            f"The value {value:g} is outside 0–100; '{indicator.id}' is a share in percent.",
            row=row, column=column,
        )
    if indicator.unit is Unit.PERSONS and value < 0:
        return Problem(
            filename,
            f"Värdet {value:g} är negativt; '{indicator.id}' är ett antal personer.",
            f"The value {value:g} is negative; '{indicator.id}' is a number of persons.",
            row=row, column=column,
        )
    return None


def _invalid_number(filename: str, row: int, column: str, cell: object) -> Problem:
    return Problem(
        filename,
        f"'{cell}' är inget tal. Skriv tal som 12,5 eller 12.5; '..' betyder sekretess och tom "
        "cell eller '-' saknat värde.",
        f"'{cell}' is not a number. Write numbers as 12,5 or 12.5; '..' means suppressed and an "
        "empty cell or '-' a missing value.",
        row=row, column=column,
    )


def cells_to_indicator_table(
    rows: Sequence[Sequence[object]],
    filename: str,
    registry: IndicatorRegistry,
    level: str | None = None,
    check_widths: bool = True,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Turn the rows of a spreadsheet (wide or long) into the tidy indicator table.

    Parameters
    ----------
    rows : every row as read, the header among them; ``rows[i]`` is spreadsheet row ``i + 1``.
    filename : the file's name for problems.
    registry : indicators that may appear.
    level : the level of every row; when None, a ``level``/``nivå`` column or the id column's
        name (``deso``, ``regso``, ``do_kod``) or SCB's code patterns decide.
    check_widths : refuse rows with more or fewer fields than the header (CSV, not XLSX).

    Returns
    -------
    The table with columns `model.columns.INDICATOR_TABLE_COLUMNS`, indexed by `SOURCE_ROW`
    (best effort even when there are errors, None when nothing could be read), and the problems.
    """
    header_at = _header_index(rows)
    if header_at is None:
        return None, [Problem(filename, "Filen är tom.", "The file is empty.")]
    problems: list[Problem] = []
    header = _header_cells(rows[header_at])
    if header_at > 0:
        problems.append(Problem(
            filename,
            f"Rubrikraden är rad {header_at + 1}; raderna ovanför lästes inte.",
            f"The header is row {header_at + 1}; the rows above it were not read.",
            row=header_at + 1, severity=Severity.WARNING,
        ))
    columns, column_problems = _map_columns(header, filename, registry, level)
    # Column problems refer to the header row, wherever it is.
    problems += [_at_row(p, header_at + 1) for p in column_problems]
    if columns is None:
        first = next((rows[i] for i in range(header_at + 1, len(rows)) if not _is_blank(rows[i])),
                     None)
        problems.append(_layout_found(filename, header, first, header_at + 1))
        return None, problems
    data_indices = [i for i in range(header_at + 1, len(rows)) if not _is_blank(rows[i])]
    if not data_indices:
        problems.append(Problem(
            filename,
            "Filen har en rubrikrad men inga datarader.",
            "The file has a header row but no data rows.",
        ))
        return None, problems
    skip: set[int] = set()
    if check_widths:
        skip, width_problems = _width_problems(rows, header_at + 1, len(header), filename)
        problems += cap_problems(width_problems)

    lookup = indicator_lookup(registry)
    id_header = header[columns.area_id]
    row_level = level or level_from_id_column(id_header)
    by_kind: dict[str, list[Problem]] = {}
    unknown_indicators: dict[str, int] = {}
    records: list[tuple] = []
    level_conflicts: set[str] = set()

    def add(kind: str, problem: Problem) -> None:
        by_kind.setdefault(kind, []).append(problem)

    def cell(row: Sequence[object], index: int | None) -> object:
        if index is None or index >= len(row):
            return None
        return row[index]

    for i in data_indices:
        if i in skip:
            continue
        row = rows[i]
        sheet_row = i + 1
        area_id = area_id_text(cell(row, columns.area_id))
        if area_id is None:
            add("id", Problem(filename, "Områdeskoden saknas.", "The area id is missing.",
                              row=sheet_row, column=id_header))
            continue
        year_cell = cell(row, columns.year)
        year = parse_year(year_cell)
        if year is None:
            head = header[columns.year] if columns.year is not None else c.YEAR
            add("year", Problem(
                filename,
                f"'{_cell_text(year_cell)}' är inget rimligt årtal (ett heltal "
                f"{PLAUSIBLE_YEARS[0]}–{PLAUSIBLE_YEARS[1]}).",
                f"'{_cell_text(year_cell)}' is not a plausible year (an integer "
                f"{PLAUSIBLE_YEARS[0]}–{PLAUSIBLE_YEARS[1]}).",
                row=sheet_row, column=head,
            ))
            continue
        this_level = row_level
        if columns.level is not None:
            stated = area_id_text(cell(row, columns.level))
            if level is None:
                this_level = stated or row_level
            elif stated is not None and stated != level:
                level_conflicts.add(stated)
        if columns.indicator is not None:
            ind_cell = cell(row, columns.indicator)
            ident = _indicator_of(ind_cell, lookup)
            if ident is None:
                unknown_indicators.setdefault(_cell_text(ind_cell).strip(), sheet_row)
                continue
            targets = [(ident, columns.value)]
        else:
            targets = [(ident, index) for index, ident in columns.wide.items()]
        flag = False
        if columns.suppressed is not None:
            flag_cell = cell(row, columns.suppressed)
            parsed_flag = parse_flag(flag_cell)
            if parsed_flag is None:
                add("flag", Problem(
                    filename,
                    f"'{_cell_text(flag_cell)}' är ingen sekretessmarkering; använd 1/0, ja/nej "
                    "eller tom cell.",
                    f"'{_cell_text(flag_cell)}' is not a suppression flag; use 1/0, yes/no or an "
                    "empty cell.",
                    row=sheet_row, column=header[columns.suppressed],
                ))
            flag = bool(parsed_flag)
        counts: list[float] = []
        for index in (columns.numerator, columns.denominator):
            parsed = parse_swedish_number(cell(row, index))
            if index is not None and parsed.kind is CellKind.INVALID:
                add("number", _invalid_number(filename, sheet_row, header[index],
                                              cell(row, index)))
            elif index is not None and parsed.value is not None and parsed.value < 0:
                add("range", Problem(filename, "Antalet är negativt.", "The count is negative.",
                                     row=sheet_row, column=header[index]))
            counts.append(parsed.value if parsed.value is not None else np.nan)
        for ident, index in targets:
            column_name = header[index] if index is not None else c.VALUE
            raw = cell(row, index)
            parsed = parse_swedish_number(raw)
            value = np.nan
            suppressed = flag or parsed.kind is CellKind.SUPPRESSED
            if parsed.kind is CellKind.INVALID:
                add("number", _invalid_number(filename, sheet_row, column_name, raw))
                continue
            if parsed.kind is CellKind.NUMBER and parsed.value is not None:
                value = parsed.value
                out_of_range = _range_problem(registry.get(ident), value, filename, sheet_row,
                                              column_name)
                if out_of_range is not None:
                    add("range", out_of_range)
                if flag:
                    add("suppressed_value", Problem(
                        filename,
                        "Raden är markerad som sekretessbelagd men har ett värde; värdet används "
                        "inte.",
                        "The row is marked as suppressed but has a value; the value is not used.",
                        row=sheet_row, column=column_name, severity=Severity.WARNING,
                    ))
                    value = np.nan
            records.append((area_id, this_level, year, ident, value, *counts, suppressed,
                            sheet_row, column_name))

    for name, first_row in unknown_indicators.items():
        add("indicator", Problem(
            filename,
            f"Okänd indikator '{name}'. Giltiga indikatorer: {_valid_ids_text(registry)} (eller "
            "deras svenska eller engelska namn).",
            f"Unknown indicator '{name}'. Valid indicators: {_valid_ids_text(registry)} (or "
            "their Swedish or English names).",
            row=first_row, column=header[columns.indicator] if columns.indicator is not None
            else c.INDICATOR,
        ))
    if level_conflicts:
        stated = ", ".join(sorted(level_conflicts))
        add("level", Problem(
            filename,
            f"Nivåkolumnen anger {stated}, men nivån '{level}' som valdes vid importen används.",
            f"The level column says {stated}, but the level '{level}' chosen at import is used.",
            column=header[columns.level] if columns.level is not None else c.LEVEL,
            severity=Severity.WARNING,
        ))
    table = _records_to_frame(records)
    if row_level is None and columns.level is None and len(table):
        inferred = level_from_ids(table[c.AREA_ID].astype(str))
        if inferred is not None:
            table[c.LEVEL] = pd.array([inferred] * len(table), dtype="string")
        else:
            add("level", Problem(
                filename,
                "Filen säger inte vilken områdesnivå den gäller; välj nivå när filen importeras.",
                "The file does not say which area level it covers; choose the level when "
                "importing it.",
                severity=Severity.WARNING,
            ))
    problems += _flatten(by_kind)
    problems += cap_problems(_duplicate_problems(records, filename))
    problems += _fraction_warnings(table, registry, filename)
    return table, problems


def _at_row(problem: Problem, row: int) -> Problem:
    if problem.row is None:
        return problem
    return Problem(problem.file, problem.message_sv, problem.message_en, row=row,
                   feature=problem.feature, column=problem.column, severity=problem.severity)


def _records_to_frame(records: list[tuple]) -> pd.DataFrame:
    columns = [*c.INDICATOR_TABLE_COLUMNS, "_row", "_column"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame.index = pd.Index(frame["_row"].astype("int64"), name=SOURCE_ROW)
    out = pd.DataFrame({
        c.AREA_ID: pd.array(frame[c.AREA_ID], dtype="string"),
        c.LEVEL: pd.array(frame[c.LEVEL], dtype="string"),
        c.YEAR: frame[c.YEAR].astype("int64"),
        c.INDICATOR: pd.array(frame[c.INDICATOR], dtype="string"),
        c.VALUE: frame[c.VALUE].astype("float64"),
        c.NUMERATOR: frame[c.NUMERATOR].astype("float64"),
        c.DENOMINATOR: frame[c.DENOMINATOR].astype("float64"),
        c.SUPPRESSED: frame[c.SUPPRESSED].astype("bool"),
    }, index=frame.index)
    return out


def _duplicate_problems(records: list[tuple], filename: str) -> list[Problem]:
    """One problem per row repeating an earlier row's area, level, year and indicator."""
    first_seen: dict[tuple, int] = {}
    problems: list[Problem] = []
    for area_id, level, year, ident, *_rest, row, column in records:
        key = (area_id, level, year, ident)
        if key in first_seen:
            problems.append(Problem(
                filename,
                f"Dubblett: område '{area_id}', år {year}, indikator '{ident}' finns redan på "
                f"rad {first_seen[key]}.",
                f"Duplicate: area '{area_id}', year {year}, indicator '{ident}' is already on "
                f"row {first_seen[key]}.",
                row=row, column=column,
            ))
        else:
            first_seen[key] = row
    return problems


def _fraction_warnings(
    table: pd.DataFrame, registry: IndicatorRegistry, filename: str,
) -> list[Problem]:
    """Warn when every value of a share lies in 0-1: probably fractions instead of percent."""
    problems = []
    for ident, group in table.groupby(c.INDICATOR, sort=False):
        values = group[c.VALUE].dropna()
        if (registry.get(str(ident)).is_share and len(values) >= 3 and values.max() <= 1
                and values.max() > 0):
            problems.append(Problem(
                filename,
                f"Alla värden för '{ident}' ligger mellan 0 och 1. Andelar anges i procent "
                "(0–100): är de kanske bråkdelar?",
                f"Every value of '{ident}' lies between 0 and 1. Shares are given in percent "
                "(0–100): are these fractions?",
                severity=Severity.WARNING,
            ))
    return problems


def parse_indicator_table(
    data: bytes, filename: str, kind: str, registry: IndicatorRegistry, level: str | None = None,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV (``kind="csv"``) or XLSX (``kind="xlsx"``) file into the tidy indicator table.

    Returns the best-effort table (None when nothing could be read) and every problem found.
    """
    if not data:
        return None, [Problem(filename, "Filen är tom (0 byte).", "The file is empty (0 bytes).")]
    if kind == "xlsx":
        rows, problems = read_xlsx_cells(data, filename)
    else:
        rows, problems = read_csv_cells(data, filename)
    if rows is None:
        return None, problems
    filled = sum(1 for r in rows if not _is_blank(r))
    if filled <= 1 and any(p.is_error for p in problems):
        return None, problems  # damaged early on: the reading problem says it all
    if not filled:
        return None, [*problems, Problem(filename, "Filen är tom.", "The file is empty.")]
    table, table_problems = cells_to_indicator_table(
        rows, filename, registry, level, check_widths=kind != "xlsx")
    return table, problems + table_problems
