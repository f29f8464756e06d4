"""Importing a city's own files: area geometries and indicator tables, with clear errors.

The app's upload widget and ``python -m cli validate`` hand over bytes and the file's name. Nothing
here raises for bad input: every file comes back as an `ImportResult` whose problems name the file,
the row (as a spreadsheet shows it, header = row 1) or feature (0-based) and the column, in Swedish
and English. Errors refuse the file; warnings accept it with a note.

Reading itself is in `datapackage.tables` (CSV, XLSX) and `datapackage.geometries` (GeoJSON,
GeoPackage, zipped shapefile); geometry checks are in `geo.validation`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

import geopandas as gpd
import pandas as pd

from datapackage.geometries import parse_area_geometries, unsupported_geometry_file
from datapackage.tables import MAX_LISTED, SOURCE_ROW, parse_indicator_table
from model import columns as c
from model.problems import Problem, Severity
from model.registry import REGISTRY, IndicatorRegistry

T = TypeVar("T")

GEOMETRY_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
#: Files above this size are refused before they are read (the app's upload limit is the same).
MAX_FILE_BYTES = 50 * 1024 * 1024
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")
#: Suffixes we recognise but do not read, with advice (Swedish, English).
_UNSUPPORTED_ADVICE = {
    ".xls": ("Spara arbetsboken som .xlsx eller CSV.", "Save the workbook as .xlsx or CSV."),
    ".xlsm": ("Spara arbetsboken som .xlsx eller CSV.", "Save the workbook as .xlsx or CSV."),
    ".ods": ("Spara kalkylbladet som .xlsx eller CSV.", "Save the spreadsheet as .xlsx or CSV."),
    ".shp": ("Packa .shp, .shx, .dbf och .prj i en zip-fil.",
             "Pack .shp, .shx, .dbf and .prj into one zip file."),
    ".kml": ("Exportera områdena som GeoJSON eller GeoPackage.",
             "Export the areas as GeoJSON or GeoPackage."),
}


@dataclass(frozen=True)
class ImportResult(Generic[T]):
    """What came of reading one file.

    Attributes
    ----------
    value : the data read; None when the file was refused (it has an error).
    problems : errors and warnings, each naming where in the file it applies.
    """

    value: T | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing refuses the file (warnings are fine)."""
        return not any(p.is_error for p in self.problems)


def _unexpected(filename: str, exc: BaseException) -> Problem:
    return Problem(
        filename,
        f"Filen kunde inte läsas på grund av ett oväntat fel ({type(exc).__name__}). Kontrollera "
        "att det är rätt sorts fil och att den inte är skadad.",
        f"The file could not be read because of an unexpected error ({type(exc).__name__}). Check "
        "that it is the right kind of file and that it is not damaged.",
    )


def _guarded(
    reader: Callable[[], tuple[T | None, list[Problem]]], filename: str,
) -> tuple[T | None, list[Problem]]:
    """Run a reader; turn anything it raises into a problem so no traceback reaches a person."""
    try:
        return reader()
    except (Exception, RecursionError) as exc:  # last line of defence: report, never raise
        return None, [_unexpected(filename, exc)]


def _result(value: T | None, problems: list[Problem]) -> ImportResult[T]:
    refused = any(p.is_error for p in problems)
    return ImportResult(None if refused else value, list(problems))


def _suffix(filename: str) -> str:
    return Path(filename).suffix.lower()


def _unsupported_table_file(filename: str) -> Problem:
    suffix = _suffix(filename) or "(ingen)"
    advice_sv, advice_en = _UNSUPPORTED_ADVICE.get(_suffix(filename), ("", ""))
    return Problem(
        filename,
        f"Filtypen {suffix} kan inte läsas som tabell. Använd CSV (.csv) eller Excel (.xlsx). "
        f"{advice_sv}".strip(),
        f"The file type {suffix if suffix != '(ingen)' else '(none)'} cannot be read as a table. "
        f"Use CSV (.csv) or Excel (.xlsx). {advice_en}".strip(),
    )


def _geometries_best_effort(
    data: bytes, filename: str, level: str | None,
) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    if _suffix(filename) not in GEOMETRY_SUFFIXES:
        return None, [unsupported_geometry_file(filename)]
    return _guarded(lambda: parse_area_geometries(bytes(data), filename, level), filename)


def _table_best_effort(
    data: bytes, filename: str, registry: IndicatorRegistry, level: str | None,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    suffix = _suffix(filename)
    if suffix not in TABLE_SUFFIXES:
        return None, [_unsupported_table_file(filename)]
    kind = "xlsx" if suffix == ".xlsx" else "csv"
    return _guarded(
        lambda: parse_indicator_table(bytes(data), filename, kind, registry, level), filename)


def _without_source_rows(table: pd.DataFrame | None) -> pd.DataFrame | None:
    return None if table is None else table.reset_index(drop=True)


def read_area_geometries(
    data: bytes, filename: str, level: str | None = None,
) -> ImportResult[gpd.GeoDataFrame]:
    """Read areas from GeoJSON (.geojson/.json), GeoPackage (.gpkg) or a zipped shapefile (.zip).

    Parameters
    ----------
    data : the file's bytes.
    filename : the file's name as the person knows it; its extension decides the format.
    level : the level of every area (e.g. ``"deso"``); when None the file's ``level`` column, its id
        column's name (``deso``, ``regso``, ``do_kod``) or SCB's code patterns decide.

    Returns
    -------
    A GeoDataFrame in EPSG:3006 with columns area_id, name, level, parent_id (may be empty) and
    geometry, indexed 0..n-1; None when refused. The id column is ``area_id`` or a common
    Swedish/SCB name (``deso``, ``regso``, ``do_kod``, ``kod``, ``id``, ``områdeskod``).
    """
    return _result(*_geometries_best_effort(data, filename, level))


def read_indicator_table(
    data: bytes, filename: str, registry: IndicatorRegistry = REGISTRY, level: str | None = None,
) -> ImportResult[pd.DataFrame]:
    """Read a CSV or XLSX indicator table, wide or long, into the tidy indicator table.

    Wide: ``area_id``, ``year``/``år`` and one column per indicator (id, or Swedish or English
    name). Long: ``area_id, year, indicator, value`` and optionally ``numerator``/``täljare``,
    ``denominator``/``nämnare``, ``suppressed``. Semicolons, decimal commas, cp1252 text, spaces as
    thousands separators and SCB's ``..`` (suppressed) are understood.

    Returns
    -------
    A DataFrame with columns `model.columns.INDICATOR_TABLE_COLUMNS` (value in the indicator's
    unit, shares in percent 0-100; ``suppressed`` bool); None when refused.
    """
    table, problems = _table_best_effort(data, filename, registry, level)
    return _result(_without_source_rows(table), problems)


# ---------------------------------------------------------------------------------------------------
# Several files at once
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationReport:
    """What `validate_inputs` found.

    Attributes
    ----------
    filenames : every file given, in order.
    geometries : accepted area layers by file name.
    tables : accepted indicator tables by file name.
    problems : every problem, file by file, then those of the cross-check.
    """

    filenames: tuple[str, ...]
    geometries: dict[str, gpd.GeoDataFrame]
    tables: dict[str, pd.DataFrame]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """True when no file was refused."""
        return not any(p.is_error for p in self.problems)

    def errors_in(self, filename: str) -> int:
        return sum(1 for p in self.problems if p.is_error and p.file == filename)

    def file_lines(self, lang: str = "sv") -> str:
        """One line per file on what was read (areas per layer, rows, indicators, years)."""
        en = lang == "en"
        return "\n".join(f"{name}: {self._file_summary(name, en)}" for name in self.filenames)

    def summary(self, lang: str = "sv") -> str:
        """A few lines on what was read: areas per layer, rows, indicators and years per table."""
        en = lang == "en"
        lines = []
        for name in self.filenames:
            lines.append(f"{name}: {self._file_summary(name, en)}")
        refused = sum(1 for name in self.filenames if self.errors_in(name))
        warnings = sum(1 for p in self.problems if not p.is_error)
        if refused:
            lines.append(f"{refused} of {len(self.filenames)} file(s) refused." if en else
                         f"{refused} av {len(self.filenames)} fil(er) avvisades.")
        elif not self.filenames:
            lines.append("No files given." if en else "Inga filer angavs.")
        else:
            lines.append("Everything accepted." if en else "Allt godkändes.")
        if warnings:
            lines.append(f"{warnings} note(s) above." if en else f"{warnings} anmärkning(ar) ovan.")
        return "\n".join(lines)

    def _file_summary(self, name: str, en: bool) -> str:
        errors = self.errors_in(name)
        if errors:
            return f"refused ({errors} error(s))" if en else f"avvisad ({errors} fel)"
        if name in self.geometries:
            gdf = self.geometries[name]
            levels = ", ".join(sorted({str(v) for v in gdf[c.LEVEL].dropna()})) or "?"
            return (f"{len(gdf)} areas, level {levels}" if en
                    else f"{len(gdf)} områden, nivå {levels}")
        if name in self.tables:
            table = self.tables[name]
            indicators = ", ".join(dict.fromkeys(str(v) for v in table[c.INDICATOR])) or "–"
            years = sorted({int(y) for y in table[c.YEAR]})
            span = "–" if not years else (
                str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}")
            levels = ", ".join(sorted({str(v) for v in table[c.LEVEL].dropna()})) or "?"
            return (f"{len(table)} rows; indicators {indicators}; years {span}; level {levels}"
                    if en else
                    f"{len(table)} rader; indikatorer {indicators}; år {span}; nivå {levels}")
        return "not read" if en else "lästes inte"


def _unique_names(files: Sequence[tuple[str, bytes]]) -> list[str]:
    """File names made unique (``a.csv``, ``a.csv (2)``) so reports can key on them."""
    seen: dict[str, int] = {}
    names = []
    for name, _ in files:
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def validate_inputs(
    files: Sequence[tuple[str, bytes]],
    registry: IndicatorRegistry = REGISTRY,
    level: str | None = None,
) -> ValidationReport:
    """Read every file by its extension and cross-check table ids against geometry ids.

    Parameters
    ----------
    files : (file name, bytes) pairs. Geometry files: .geojson, .json, .gpkg, .zip; tables: .csv,
        .txt, .xlsx.
    registry : indicators tables may contain.
    level : the level of every file that does not state it (as for the single readers).

    Returns
    -------
    A `ValidationReport`. When geometries are given, every table id that matches no area becomes an
    error (one per id, at most `datapackage.tables.MAX_LISTED` per table, then a count).
    """
    names = _unique_names(files)
    problems: list[Problem] = []
    geometries: dict[str, gpd.GeoDataFrame] = {}
    tables: dict[str, pd.DataFrame] = {}
    seen_geometries: list[gpd.GeoDataFrame] = []
    seen_tables: list[tuple[str, pd.DataFrame]] = []
    for name, (original, data) in zip(names, files, strict=True):
        suffix = _suffix(original)
        if len(data) > MAX_FILE_BYTES:
            found = [too_large(name, len(data))]
        elif suffix in GEOMETRY_SUFFIXES:
            value, found = _geometries_best_effort(data, name, level)
            if value is not None:
                seen_geometries.append(value)
                if not any(p.is_error for p in found):
                    geometries[name] = value
        elif suffix in TABLE_SUFFIXES:
            value, found = _table_best_effort(data, name, registry, level)
            if value is not None:
                seen_tables.append((name, value))
                if not any(p.is_error for p in found):
                    tables[name] = _without_source_rows(value)
        else:
            found = [_unsupported_file(name)]
        problems += found
    if seen_geometries:
        for name, table in seen_tables:
            unmatched = unmatched_id_problems(table, seen_geometries, name)
            problems += unmatched
            if any(p.is_error for p in unmatched):
                tables.pop(name, None)
    return ValidationReport(tuple(names), geometries, tables, problems)


def too_large(filename: str, size: int) -> Problem:
    """The problem for a file above `MAX_FILE_BYTES`."""
    mb, limit = size / 1024 / 1024, MAX_FILE_BYTES // 1024 // 1024
    return Problem(
        filename,
        f"Filen är {mb:.0f} MB; största tillåtna storlek är {limit} MB. Dela upp den eller ta bort "
        "kolumner som inte behövs.",
        f"The file is {mb:.0f} MB; the largest allowed is {limit} MB. Split it or drop columns "
        "that are not needed.")


def _unsupported_file(filename: str) -> Problem:
    suffix = _suffix(filename) or "(ingen)"
    advice_sv, advice_en = _UNSUPPORTED_ADVICE.get(_suffix(filename), ("", ""))
    return Problem(
        filename,
        f"Filtypen {suffix} stöds inte. Områden: .geojson, .json, .gpkg eller zippad shapefil "
        f"(.zip). Tabeller: .csv eller .xlsx. {advice_sv}".strip(),
        f"The file type {suffix if suffix != '(ingen)' else '(none)'} is not supported. Areas: "
        f".geojson, .json, .gpkg or a zipped shapefile (.zip). Tables: .csv or .xlsx. "
        f"{advice_en}".strip(),
    )


def unmatched_id_problems(
    table: pd.DataFrame, layers: Sequence[gpd.GeoDataFrame], filename: str,
    limit: int = MAX_LISTED,
) -> list[Problem]:
    """One error per table area id that matches no area in the layers.

    Rows are compared with the layers of their own level when both say their level; rows of a level
    no layer has (e.g. a whole-city row beside DeSO areas) are noted once per level, not checked.
    """
    ids_by_level: dict[str | None, set[str]] = {}
    for layer in layers:
        for area_id, lvl in zip(layer[c.AREA_ID], layer[c.LEVEL], strict=True):
            key = None if pd.isna(lvl) else str(lvl)
            ids_by_level.setdefault(key, set()).add(str(area_id))
    all_ids = set().union(*ids_by_level.values()) if ids_by_level else set()
    levels_known = None not in ids_by_level
    unmatched: dict[str, tuple[str | None, int | None]] = {}
    unchecked_levels: list[str] = []
    rows = table.index if table.index.name == SOURCE_ROW else [None] * len(table)
    for area_id, lvl, row in zip(table[c.AREA_ID], table[c.LEVEL], rows, strict=True):
        area_id = str(area_id)
        row_level = None if pd.isna(lvl) else str(lvl)
        if row_level is not None and row_level in ids_by_level:
            known = ids_by_level[row_level]
        elif row_level is not None and levels_known:
            if row_level not in unchecked_levels:
                unchecked_levels.append(row_level)
            continue
        else:
            known = all_ids
        if area_id not in known:
            unmatched.setdefault(area_id, (row_level, None if row is None else int(row)))
    problems = []
    for area_id, (row_level, row) in list(unmatched.items())[:limit]:
        where = f" på nivån '{row_level}'" if row_level else ""
        where_en = f" at level '{row_level}'" if row_level else ""
        problems.append(Problem(
            filename,
            f"Områdeskoden '{area_id}' finns inte bland områdena{where} i geometrifilerna.",
            f"The area id '{area_id}' matches no area{where_en} in the geometry files.",
            row=row, column=c.AREA_ID,
        ))
    if len(unmatched) > limit:
        rest = len(unmatched) - limit
        problems.append(Problem(
            filename,
            f"… och {rest} områdeskoder till som inte finns i geometrifilerna.",
            f"… and {rest} more area ids that match no area in the geometry files.",
            column=c.AREA_ID,
        ))
    for row_level in unchecked_levels:
        problems.append(Problem(
            filename,
            f"Raderna på nivån '{row_level}' kontrollerades inte: ingen geometrifil har den nivån.",
            f"Rows at level '{row_level}' were not checked: no geometry file has that level.",
            column=c.LEVEL, severity=Severity.WARNING,
        ))
    return problems
