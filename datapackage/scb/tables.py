"""Fetching one table of the catalogue for a kommun: its description, every year, and every answer
checked against the query.

`fetch_table` never raises for what SCB says about a table (gone, changed layout, refused query, an
answer that does not match): it records a `Problem` and the table's status in its source entry, so
the other tables are built and the manifest says exactly why something is missing. Only
`ScbUnavailable` (offline) and `FetchCancelled` end the whole fetch.

`assign_areas` reads the region codes of the rows: the level, the area code and whether the code is
on the current division (``_DeSO2025``/``_RegSO2025``) or an older one (no suffix); the values
module carries older codes onto the current areas.

Never imports streamlit.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from datapackage.scb.answers import WHOLE_ANSWER, check_answer
from datapackage.scb.catalogue import KOMMUN, REGION, TIME, TableSpec, region_pattern
from datapackage.scb.client import QueryRefused, ScbClient, TableMissing
from datapackage.scb.geodata import BOUNDARY_VINTAGE
from datapackage.scb.kommuner import Kommun, kommuner_in_table
from datapackage.scb.layout import ResolvedTable, check_layout, table_name
from datapackage.scb.pxweb import CONTENT_COLUMN, SUPPRESSED, VALUE, parse_response
from model import columns as c
from model.problems import ImportRefused, Problem, Severity

ATTRIBUTION = "Källa: SCB"
LEVEL = "level"
CURRENT = "current"


@dataclass
class TableResult:
    """One table's rows (None when unusable), its source entry for the manifest, and why anything
    is missing: ``failure_*`` for the whole table, ``failed_roles`` per content role."""

    spec: TableSpec
    resolved: ResolvedTable | None
    rows: pd.DataFrame | None
    source: dict[str, Any]
    failure_sv: str = ""
    failure_en: str = ""
    failed_roles: dict[str, tuple[str, str]] = field(default_factory=dict)

    def failure_for(self, role: str) -> tuple[str, str] | None:
        """Why a content role gave nothing, when it failed (the whole table, or that content)."""
        if self.failure_sv:
            return self.failure_sv, self.failure_en
        return self.failed_roles.get(role)


def _date_span(dates: Sequence[date]) -> str:
    first, last = min(dates).isoformat(), max(dates).isoformat()
    return first if first == last else f"{first} – {last}"


def fetch_table(client: ScbClient, spec: TableSpec, kommun: Kommun, problems: list[Problem],
                on_part: Callable[[int, int], None] | None = None) -> TableResult:
    """Fetch one table for a kommun (see the module docstring). ``on_part(i, n)`` reports the
    queries; problems are appended to ``problems`` as warnings (the package is built without)."""
    where = table_name(spec)
    source: dict[str, Any] = {"id": spec.table_id, "path": spec.path,
                              "url": client.table_url(spec.path), "attribution": ATTRIBUTION}

    def failed(sv: str, en: str, status: str) -> TableResult:
        problems.append(Problem(where, sv, en, severity=Severity.WARNING))
        source["status"] = status
        return TableResult(spec, None, None, source, sv, en)

    try:
        meta, meta_answer = client.table_meta(spec.path)
    except TableMissing:
        return failed("Tabellen finns inte hos SCB (404) – den kan ha bytt namn eller flyttats. "
                      "Indikatorn saknas i paketet; uppdatera katalogen (datapackage/scb/"
                      "catalogue.py).", "The table does not exist at SCB (404) – it may have been "
                      "renamed or moved. The indicator is missing from the package; update the "
                      "catalogue (datapackage/scb/catalogue.py).", "missing")
    except (QueryRefused, ValueError) as exc:
        return failed(f"Tabellbeskrivningen kunde inte läsas: {exc}",
                      f"The table description could not be read: {exc}", "unreadable")
    source["title"] = meta.title
    if spec.population is not None:
        online = kommuner_in_table(meta)
        if online and kommun.code not in online:
            raise ImportRefused([Problem("--kommun", f"SCB:s regionlista ({spec.table_id}) har "
                                         f"ingen kommun {kommun.code}.", f"SCB's region list "
                                         f"({spec.table_id}) has no kommun {kommun.code}.")])
    resolved, layout = check_layout(spec, meta, kommun.code)
    problems.extend(dataclasses.replace(p, severity=Severity.WARNING) for p in layout)
    if resolved is None:
        source["status"] = "layout_changed"
        first = next(p for p in layout if p.is_error)
        return TableResult(spec, None, None, source,
                           f"Tabellens layout har ändrats: {first.message('sv')}",
                           f"The table's layout has changed: {first.message('en')}")
    try:
        parts = client.query(spec.path, resolved.selection(), on_part, one_per=TIME)
    except (TableMissing, QueryRefused) as exc:
        return failed(f"SCB avvisade frågan: {exc}", f"SCB refused the query: {exc}", "refused")
    frames: list[pd.DataFrame] = []
    failed_roles: dict[str, tuple[str, str]] = {}
    by_text: dict[str, str] = {}
    for part in parts:
        try:
            data = part.answer.json()
        except (UnicodeDecodeError, json.JSONDecodeError):
            problems.append(Problem(where, "Ett svar från SCB var inte JSON; den delen saknas.",
                                    "An answer from SCB was not JSON; that part is missing.",
                                    severity=Severity.WARNING))
            continue
        parsed = parse_response(data, where)
        problems.extend(dataclasses.replace(p, severity=Severity.WARNING) for p in parsed.problems)
        if parsed.updated:
            source["updated"] = max(source.get("updated", ""), parsed.updated)
        checked = check_answer(parsed, resolved, part.selection, where)
        for problem in checked.problems:  # one report per table, not one per year
            key = (problem.column, problem.message_en)
            if key not in {(p.column, p.message_en) for p in problems if p.file == where}:
                problems.append(dataclasses.replace(problem, severity=Severity.WARNING))
        for role, reason in checked.failed.items():
            failed_roles.setdefault(role, reason)
        by_text.update(checked.matched_by_text)
        if WHOLE_ANSWER not in checked.failed and not checked.frame.empty:
            frames.append(checked.frame)
    dates = [meta_answer.fetched, *(p.answer.fetched for p in parts)]
    source.update({
        "status": "ok",
        "query": {code: list(values) for code, values in resolved.selection().items()},
        "requests": len(parts),
        "fetched": _date_span(dates),
    })
    if by_text:
        source["matched_by_text"] = dict(sorted(by_text.items()))
    if failed_roles:
        source["status"] = "answer_mismatch"
        source["mismatch"] = sorted(failed_roles)
    if WHOLE_ANSWER in failed_roles:
        sv, en = failed_roles[WHOLE_ANSWER]
        return TableResult(spec, resolved, None, source, sv, en, failed_roles)
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=[REGION, TIME, CONTENT_COLUMN, VALUE, SUPPRESSED])
    rows = assign_areas(rows, resolved, kommun.code)
    return TableResult(spec, resolved, rows, source, failed_roles=failed_roles)


def assign_areas(frame: pd.DataFrame, resolved: ResolvedTable, kommun: str) -> pd.DataFrame:
    """Rows of a parsed table with ``level``, ``area_id`` and ``current``, one vintage per level
    and year.

    For each level and year the current division's codes are kept when they hold values (SCB
    writes 0 or ``..`` for them in years before the division existed), else the older codes. The
    kommun's own code is always current. Rows of other kommuner are left out.
    """
    columns = [*frame.columns, LEVEL, c.AREA_ID, CURRENT]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    lookup: dict[str, tuple[str, str, bool]] = {}
    for code in frame[REGION].unique():
        for level in resolved.regions:
            match = region_pattern(level, kommun).match(str(code))
            if match:
                vintage = match.groupdict().get("vintage")
                lookup[code] = (level, match["area"], level == KOMMUN or vintage == BOUNDARY_VINTAGE)
                break
    frame = frame[frame[REGION].isin(lookup)].copy()
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame[LEVEL] = frame[REGION].map(lambda code: lookup[code][0])
    frame[c.AREA_ID] = frame[REGION].map(lambda code: lookup[code][1])
    frame[CURRENT] = frame[REGION].map(lambda code: lookup[code][2]).astype(bool)
    has_data = frame[VALUE].notna() & frame[VALUE].ne(0)
    keep = pd.Series(False, index=frame.index)
    for _key, group in frame.groupby([LEVEL, TIME], sort=True):
        current = group[CURRENT].to_numpy()
        if has_data[group.index[current]].any():
            keep[group.index[current]] = True
        else:
            keep[group.index[~current]] = True
    frame = frame[keep]
    dims = [col for col in frame.columns if col not in (
        REGION, VALUE, SUPPRESSED, "raw", CURRENT)]
    return frame.drop_duplicates(dims).reset_index(drop=True)
