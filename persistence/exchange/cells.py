"""Reading the cells of one row of an exchange file, with a problem (file, row, column) for each bad
one: text, numbers (Swedish or English), years, version numbers, choices and times."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from datapackage.tables import PLAUSIBLE_YEARS, CellKind, normalize_header, parse_swedish_number
from model.problems import Problem
from persistence.exchange.read import SheetTable, is_blank, problem


class Cells:
    """Reads the cells of one row, collecting a problem (file, row, column) for each bad one."""

    def __init__(self, table: SheetTable, row: int, cells: dict[str, Any], problems: list[Problem]) -> None:
        self.table, self.row, self.cells, self.problems = table, row, cells, problems

    def fail(self, key: str, sv: str, en: str) -> None:
        self.problems.append(problem(self.table.file, sv, en, row=self.row,
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
        if is_blank(cell):
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
