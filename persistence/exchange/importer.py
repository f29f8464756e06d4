"""Import of insatser, their indicators and reported values from an exchange file: read, check in full,
then write in one transaction — any error refuses the whole file and nothing changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from datapackage.tables import cap_problems
from model.problems import Problem, errors
from persistence.batch import Batch
from persistence.errors import ConflictError, InvalidDataError, NotFoundError
from persistence.exchange.check import Plan, check_import
from persistence.exchange.read import problem, read_tables
from persistence.exchange.report import ImportReport
from persistence.records import Insats, InsatsIndicator
from persistence.store import Store

MAX_PROBLEMS_PER_KIND = 20


class _Refused(Exception):
    """Raised inside the import transaction so that it rolls back."""


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
    user : recorded as who changed the rows and who reported the values (a ``rapporterad_av`` the
        file gives is kept in the value's note).
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
            plan = check_import(tables, batch, package_key, areas, report)
            if errors(report.problems):
                raise _Refused
            apply_plan(plan, batch, report)
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


def apply_plan(plan: Plan, batch: Batch, report: ImportReport) -> None:
    """Write the plan in order: insatser, their indicators, then reported values."""
    saved_insatser: dict[str, Insats] = {}
    saved_indicators: dict[tuple[str, str], InsatsIndicator] = {}

    def guarded(file: str, row: int, column: str, write: Callable[[], Any]) -> Any:
        """Run one write; a refusal of the row (not a database failure) becomes a problem."""
        try:
            return write()
        except (ConflictError, NotFoundError, InvalidDataError) as exc:
            report.problems.append(problem(file, exc.message_sv, exc.message_en, row=row, column=column))
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
