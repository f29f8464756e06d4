"""Checking an import against the file and the database before anything is written: the plan of writes
(or the problems, each naming file, row and column).

Rows that match what is stored are left alone (importing an export again changes nothing). A row
carrying a ``version`` older than the stored one is refused (someone changed it in the app since the
file was exported). A new reported value is recorded as reported by whoever imports the file; a reporter
name the file gives is kept in the value's note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from datapackage.tables import PLAUSIBLE_YEARS
from model.problems import Problem, errors
from persistence.batch import Batch
from persistence.errors import PersistenceError
from persistence.exchange.cells import Cells
from persistence.exchange.columns import (
    AREA_SEPARATORS,
    DIRECTION_WORDS,
    INDIKATORER,
    INSATSER,
    KIND_WORDS,
    RAPPORTERAT,
)
from persistence.exchange.kinds import read_cells as read_kind_cells
from persistence.exchange.read import SheetTable, problem
from persistence.exchange.report import ImportReport
from persistence.records import DIRECTIONS, INDICATOR_KINDS, Insats, InsatsIndicator, ReportedValue


@dataclass
class Plan:
    insatser: list[tuple[int, str, Insats, bool]] = field(default_factory=list)  # row, file, record, new
    indicators: list[tuple[int, str, str, InsatsIndicator, bool]] = field(default_factory=list)
    reports: list[tuple[int, str, str, str, ReportedValue]] = field(default_factory=list)


def _same_insats(a: Insats, b: Insats) -> bool:
    keys = ("name", "board", "area_level", "area_ids", "start_year", "budget_sek", "description",
            "kind", "partners", "participation")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _same_indicator(a: InsatsIndicator, b: InsatsIndicator) -> bool:
    keys = ("insats_id", "name", "kind", "unit", "direction", "baseline_year", "baseline_value",
            "target_2030", "target_2035")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _stale(file: str, row: int, column: str, what_sv: str, what_en: str, found: int,
           current: int) -> Problem:
    return problem(
        file, f"{what_sv} har ändrats i appen sedan filen exporterades (filen har version {found}, "
        f"appen version {current}). Exportera på nytt, eller töm cellen 'version' för att skriva över "
        "ändringen.",
        f"{what_en} has been changed in the app since the file was exported (the file has version "
        f"{found}, the app version {current}). Export again, or empty the 'version' cell to overwrite "
        "the change.", row=row, column=column)


def check_import(tables: list[SheetTable], batch: Batch, package_key: str,
           areas: Mapping[str, Iterable[str]] | None, report: ImportReport) -> Plan:
    """Validate every row against the file and the database; the plan of writes if all is well."""
    problems = report.problems
    plan = Plan()
    stored = {i.name: i for i in batch.list_insatser(package_key)}
    stored_by_id = {i.id: i for i in stored.values()}
    boards = batch.list_boards()
    valid_boards = ", ".join(b.name_sv for b in boards)
    known_areas = None if areas is None else {lvl: set(map(str, ids)) for lvl, ids in areas.items()}
    # Insatser named in the file (after the file's own changes), by name.
    file_insatser: dict[str, Insats] = {}
    for table in (t for t in tables if t.kind == INSATSER):
        for row, cells in table.rows:
            c = Cells(table, row, cells, problems)
            before = len(errors(problems))
            ident = c.text("id")
            name = c.text("name", required=True)
            board_text = c.text("board", required=True)
            level = c.text("area_level")
            area_ids = tuple(a for a in AREA_SEPARATORS.split(c.text("area_ids")) if a)
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
            kinds = read_kind_cells(c, existing)  # revision 0010; absent columns keep what is stored
            if len(errors(problems)) > before or board is None or start is None:
                if name:
                    file_insatser.setdefault(name, existing or _placeholder(package_key, name, ident))
                continue
            try:
                record = Insats(package_key, name, board.name_sv, level, area_ids, start, budget,
                                description, id=existing.id if existing else ident,
                                version=existing.version if existing else 0, **kinds)
            except PersistenceError as exc:
                c.fail("name", exc.message_sv, exc.message_en)
                continue
            file_insatser[name] = record
            if existing is not None and _same_insats(record, existing):
                report.unchanged += 1
                continue
            plan.insatser.append((row, table.file, record, existing is None))

    def insats_for(c: Cells, key: str) -> Insats | None:
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
            c = Cells(table, row, cells, problems)
            before = len(errors(problems))
            insats = insats_for(c, "insats")
            ident = c.text("id")
            name = c.text("name", required=True)
            kind = c.choice("kind", KIND_WORDS, INDICATOR_KINDS)
            unit = c.text("unit")
            direction = c.choice("direction", DIRECTION_WORDS, DIRECTIONS)
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
            c = Cells(table, row, cells, problems)
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
            # A new report is reported by whoever imports it; a name the file gives stays as a note.
            if reported_by and reported_by.casefold() != (batch.user or "").casefold():
                named = f"{table.columns.get('reported_by', 'rapporterad_av')}: {reported_by}"
                note = f"{note} ({named})" if note else named
            candidate = replace(candidate, note=note, reported_by="")
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
