"""Young people's own voice as data: area-level survey results (a school survey, LUPP) as indicators.

A survey table has one row per area, year and question::

    område;år;fråga;frågetext;andel;svarande
    1280C1010;2024;trygg;Känner sig trygg i sitt område;72,5;40
    1280C1020;2024;trygg;Känner sig trygg i sitt område;;3

with the share answering yes in percent (``andel``/``share``) or the number answering yes
(``antal_ja``/``yes``), and the number of respondents (``svarande``/``respondents``). Optional: the
question's text and ``riktning``/``direction`` (``högre är bättre`` / ``högre är sämre``). Files are
read by the same cell readers as indicator tables (`datapackage.tables`: CSV with ``;`` or ``,``,
decimal commas, cp1252, XLSX).

Each question becomes one indicator (id ``enkat_<question>``) whose rows carry the respondents as the
denominator and the yes-answers as the numerator, so the app's Wilson intervals show how uncertain a
share from few respondents is. Small groups are never shown: an area with fewer than
``min_respondents`` respondents (5 by default) gets no value and no counts, only ``suppressed = 1``.

`datapackage.survey_indicators.with_survey` adds an accepted file to a package. Nothing here words a
problem: `SurveyIssue` carries a code and parameters (the UI catalogue has the
words, keys ``survey_<code>``), with the row as a spreadsheet shows it (header = row 1) and the column.
Never imports streamlit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from datapackage.importers import MAX_FILE_BYTES, TABLE_SUFFIXES
from datapackage.tables import (
    MAX_LISTED,
    SOURCE_ROW,
    TABLE_AREA_ALIASES,
    YEAR_ALIASES,
    CellKind,
    _header_cells,
    _header_index,
    _is_blank,
    area_id_text,
    find_area_id_column,
    find_column,
    normalize_header,
    parse_swedish_number,
    parse_year,
    read_csv_cells,
    read_xlsx_cells,
)
from model import columns as c
from model.problems import Problem, Severity
from model.registry import Direction

#: Areas with fewer respondents than this get no value and no counts.
MIN_RESPONDENTS = 5
#: Prefix of the indicator ids made from question ids.
ID_PREFIX = "enkat_"
_MAX_ID_LENGTH = 48

QUESTION_ALIASES = ("question_id", "question", "fråga", "fraga", "fråga_id", "fraga_id", "frågekod",
                    "fragekod", "frågeid", "frageid", "item")
LABEL_ALIASES = ("question_label", "question_text", "label", "frågetext", "fragetext", "fråga_text",
                 "fraga_text", "text", "beskrivning")
SHARE_ALIASES = ("share", "share_pct", "percent", "andel", "andel_ja", "andel_%", "andel_(%)",
                 "andel_procent", "procent", "value", "värde", "varde")
YES_ALIASES = ("yes", "yes_count", "antal_ja", "ja", "antal_ja_svar", "numerator", "täljare",
               "taljare")
RESPONDENTS_ALIASES = ("respondents", "svarande", "antal_svarande", "n", "n_svarande", "antal_svar",
                       "denominator", "nämnare", "namnare")
DIRECTION_ALIASES = ("direction", "riktning")
#: Which column roles a survey table must have, and the headers each accepts (for messages).
REQUIRED_ROLES = {"area_id": ("område", "områdeskod", "area_id", "deso", "regso"),
                  "year": YEAR_ALIASES[:2], "question": QUESTION_ALIASES[:3],
                  "respondents": RESPONDENTS_ALIASES[:3]}
_DIRECTION_WORDS = {
    "higher_is_better": Direction.HIGHER_IS_BETTER, "högre_är_bättre": Direction.HIGHER_IS_BETTER,
    "hogre_ar_battre": Direction.HIGHER_IS_BETTER, "bättre": Direction.HIGHER_IS_BETTER,
    "battre": Direction.HIGHER_IS_BETTER, "better": Direction.HIGHER_IS_BETTER,
    "+": Direction.HIGHER_IS_BETTER,
    "higher_is_worse": Direction.HIGHER_IS_WORSE, "högre_är_sämre": Direction.HIGHER_IS_WORSE,
    "hogre_ar_samre": Direction.HIGHER_IS_WORSE, "sämre": Direction.HIGHER_IS_WORSE,
    "samre": Direction.HIGHER_IS_WORSE, "worse": Direction.HIGHER_IS_WORSE,
    "-": Direction.HIGHER_IS_WORSE,
}
#: Rounding a share to whole percent moves it by at most this much; larger gaps between a given share
#: and the one from the counts are reported.
_SHARE_TOLERANCE = 0.5


@dataclass(frozen=True)
class SurveyIssue:
    """One thing wrong with (or worth knowing about) a survey file: ``code`` and its ``params``; the
    row as a spreadsheet shows it (header = row 1) and the column, where they apply."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass(frozen=True)
class SurveyQuestion:
    """One question of the file: the indicator id made from it, its text and what the file says."""

    indicator_id: str
    question: str  # as written in the file
    label: str  # the question's text, or the question id when the file has none
    direction: Direction | None  # None when the file does not say (the person is asked)
    rows: int
    suppressed: int  # rows withheld: fewer than the minimum respondents, or marked ".."


@dataclass(frozen=True)
class SurveyImport:
    """What came of reading one survey file.

    Attributes
    ----------
    filename : the file's name as the person knows it.
    table : tidy indicator rows (`model.columns.INDICATOR_TABLE_COLUMNS`), indexed by
        `datapackage.tables.SOURCE_ROW`; None when nothing could be read. Suppressed rows have no
        value, numerator or denominator.
    questions : one per question, in file order.
    issues : survey problems as codes (errors refuse the file).
    read_problems : problems of the shared cell readers (already worded, e.g. "read as cp1252").
    min_respondents : the suppression threshold used.
    """

    filename: str
    table: pd.DataFrame | None
    questions: tuple[SurveyQuestion, ...]
    issues: tuple[SurveyIssue, ...]
    read_problems: tuple[Problem, ...] = ()
    min_respondents: int = MIN_RESPONDENTS

    @property
    def ok(self) -> bool:
        """True when nothing refuses the file (notes are fine)."""
        return (self.table is not None and not any(i.is_error for i in self.issues)
                and not any(p.is_error for p in self.read_problems))

    @property
    def years(self) -> tuple[int, ...]:
        return () if self.table is None else tuple(sorted(int(y) for y in self.table[c.YEAR].unique()))


def question_indicator_id(question: str) -> str | None:
    """``enkat_`` + the question id as lower-case ``[a-z0-9_]`` (å, ä → a, ö → o); None if empty."""
    text = unicodedata.normalize("NFKD", question.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "_", text).strip("_")[: _MAX_ID_LENGTH - len(ID_PREFIX)].strip("_")
    return f"{ID_PREFIX}{slug}" if slug else None


def direction_from_text(cell: object) -> Direction | bool | None:
    """A direction cell: the `Direction`, None when empty, False when not understood."""
    text = area_id_text(cell)
    if text is None:
        return None
    return _DIRECTION_WORDS.get(normalize_header(text), _DIRECTION_WORDS.get(text.strip(), False))


# ---------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------


def read_survey_table(data: bytes, filename: str, *, area_ids: Iterable[str] | None = None,
                      level: str | None = None, min_respondents: int = MIN_RESPONDENTS
                      ) -> SurveyImport:
    """Read a survey file (CSV or XLSX) into indicator rows, with suppression of small groups.

    Parameters
    ----------
    data : the file's bytes.
    filename : the file's name as the person knows it; its extension decides CSV or XLSX.
    area_ids : the codes of the level the file is for; other codes are refused, each named. None
        skips the check.
    level : the level written into the rows.
    min_respondents : areas with fewer respondents are suppressed (an integer ≥ 1).

    Returns
    -------
    SurveyImport
        Never raises for bad input: unexpected errors become the issue ``unexpected``.

    Notes
    -----
    Per row: share p (percent) or yes-count k, and respondents n. With k: p = 100·k/n. With only p:
    k = p·n/100. Numerator k and denominator n go into the table for the Wilson interval. When
    n < ``min_respondents`` (or the share is SCB's ``..``) value, numerator and denominator are
    empty and ``suppressed`` is 1.
    """
    if isinstance(min_respondents, bool) or not isinstance(min_respondents, int) \
            or min_respondents < 1:
        raise ValueError(f"min_respondents must be an integer ≥ 1, got {min_respondents!r}")
    suffix = Path(filename).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        return _refused(filename, "file_type", min_respondents, suffix=suffix or "–")
    if len(data) > MAX_FILE_BYTES:
        return _refused(filename, "too_large", min_respondents, mb=round(len(data) / 2**20),
                        limit=MAX_FILE_BYTES // 2**20)
    if not data:
        return _refused(filename, "empty", min_respondents)
    try:
        rows, problems = (read_xlsx_cells(data, filename) if suffix == ".xlsx"
                          else read_csv_cells(data, filename))
        if rows is None:
            return SurveyImport(filename, None, (), (), tuple(problems), min_respondents)
        return _Reader(filename, rows, tuple(problems), area_ids, level, min_respondents).read()
    except (Exception, RecursionError) as exc:  # last line of defence: report, never raise
        return _refused(filename, "unexpected", min_respondents, error=type(exc).__name__)


def _refused(filename: str, code: str, min_respondents: int, **params: Any) -> SurveyImport:
    return SurveyImport(filename, None, (), (SurveyIssue(code, params),),
                        min_respondents=min_respondents)


@dataclass(frozen=True)
class _Columns:
    area_id: int
    year: int
    question: int
    respondents: int
    share: int | None
    yes: int | None
    label: int | None
    direction: int | None


class _Reader:
    """One pass over the cells of a survey file (see `read_survey_table`)."""

    def __init__(self, filename: str, rows: list[list[object]], read_problems: tuple[Problem, ...],
                 area_ids: Iterable[str] | None, level: str | None, min_respondents: int) -> None:
        self.filename, self.rows, self.read_problems = filename, rows, read_problems
        self.area_ids = None if area_ids is None else {str(a) for a in area_ids}
        self.level, self.min = level, min_respondents
        self.issues: dict[str, list[SurveyIssue]] = {}

    def add(self, code: str, row: int | None = None, column: str | None = None,
            severity: Severity = Severity.ERROR, **params: Any) -> None:
        self.issues.setdefault(code, []).append(SurveyIssue(code, params, row, column, severity))

    def done(self, table: pd.DataFrame | None, questions: Sequence[SurveyQuestion] = ()
             ) -> SurveyImport:
        issues: list[SurveyIssue] = []
        for group in self.issues.values():
            issues += group[:MAX_LISTED]
            if len(group) > MAX_LISTED:
                issues.append(SurveyIssue("more", {"count": len(group) - MAX_LISTED},
                                          severity=group[0].severity))
        return SurveyImport(self.filename, table, tuple(questions), tuple(issues),
                            self.read_problems, self.min)

    # --- header -------------------------------------------------------------------------------

    def columns(self, header: list[str]) -> _Columns | None:
        id_col = find_area_id_column(header) or find_column(header, TABLE_AREA_ALIASES)
        found = {
            "area_id": None if id_col is None else header.index(id_col),
            "year": _index(header, YEAR_ALIASES),
            "question": _index(header, QUESTION_ALIASES),
            "respondents": _index(header, RESPONDENTS_ALIASES),
        }
        for role, index in found.items():
            if index is None:
                self.add("missing_column", row=1, role=role,
                         expected=", ".join(REQUIRED_ROLES[role]),
                         found=", ".join(h for h in header if h) or "–")
        share, yes = _index(header, SHARE_ALIASES), _index(header, YES_ALIASES)
        if share is None and yes is None:
            self.add("missing_share_column", row=1,
                     expected=", ".join((*SHARE_ALIASES[:1], "andel", *YES_ALIASES[:1], "antal_ja")))
        if any(i is None for i in found.values()) or (share is None and yes is None):
            return None
        cols = _Columns(found["area_id"], found["year"], found["question"], found["respondents"],
                        share, yes, _index(header, LABEL_ALIASES), _index(header, DIRECTION_ALIASES))
        used = {i for i in vars(cols).values() if i is not None}
        for i, head in enumerate(header):
            if i not in used and head:
                self.add("unused_column", row=1, column=head, severity=Severity.WARNING)
        return cols

    # --- rows ---------------------------------------------------------------------------------

    def count(self, cell: object, row: int, column: str) -> tuple[float | None, bool]:
        """A count cell: (value, suppressed marker). Problems are added; the value is None then."""
        parsed = parse_swedish_number(cell)
        if parsed.kind is CellKind.SUPPRESSED:
            return None, True
        if parsed.kind is CellKind.INVALID:
            self.add("not_a_number", row, column, value=str(cell))
            return None, False
        if parsed.value is None:
            return None, False
        if parsed.value < 0:
            self.add("negative", row, column, value=_shown(parsed.value))
            return None, False
        if not float(parsed.value).is_integer():
            self.add("not_whole", row, column, value=_shown(parsed.value))
            return None, False
        return parsed.value, False

    def read(self) -> SurveyImport:
        rows = self.rows
        at = _header_index(rows)
        if at is None:
            self.add("empty")
            return self.done(None)
        header = _header_cells(rows[at])
        cols = self.columns(header)
        if cols is None:
            return self.done(None)
        data_rows = [i for i in range(at + 1, len(rows)) if not _is_blank(rows[i])]
        if not data_rows:
            self.add("no_rows")
            return self.done(None)
        records: list[tuple] = []
        seen: dict[tuple, int] = {}
        questions: dict[str, dict[str, Any]] = {}
        ids: dict[str, str] = {}
        unknown: dict[str, int] = {}
        for i in data_rows:
            row, sheet_row = rows[i], i + 1
            record = self.row(row, sheet_row, header, cols, questions, ids, unknown)
            if record is None:
                continue
            key = record[:3]
            if key in seen:
                self.add("duplicate", sheet_row, header[cols.question], area_id=key[0],
                         year=key[1], question=key[2], first_row=seen[key])
                continue
            seen[key] = sheet_row
            records.append(record)
        for area_id, first in list(unknown.items()):
            self.add("unknown_area", first, header[cols.area_id], area_id=area_id,
                     level=self.level or "")
        table = self.frame(records, ids)
        summary = []
        for question, info in questions.items():
            suppressed = int(table.loc[table[c.INDICATOR] == ids[question], c.SUPPRESSED].sum())
            if suppressed:
                self.add("suppressed", column=header[cols.respondents], severity=Severity.WARNING,
                         count=suppressed, question=question, min=self.min)
            summary.append(SurveyQuestion(ids[question], question, info["label"] or question,
                                          info["direction"], info["rows"], suppressed))
        return self.done(table, summary)

    def row(self, row: Sequence[object], sheet_row: int, header: list[str], cols: _Columns,
            questions: dict[str, dict[str, Any]], ids: dict[str, str], unknown: dict[str, int]
            ) -> tuple | None:
        def cell(index: int | None) -> object:
            return row[index] if index is not None and index < len(row) else None

        area_id = area_id_text(cell(cols.area_id))
        if area_id is None:
            self.add("missing_area_id", sheet_row, header[cols.area_id])
            return None
        year = parse_year(cell(cols.year))
        if year is None:
            self.add("bad_year", sheet_row, header[cols.year], value=str(cell(cols.year) or ""))
            return None
        question = area_id_text(cell(cols.question))
        if question is None:
            self.add("missing_question", sheet_row, header[cols.question])
            return None
        if not self.question(question, row, sheet_row, header, cols, questions, ids):
            return None
        if self.area_ids is not None and area_id not in self.area_ids:
            unknown.setdefault(area_id, sheet_row)
            return None
        respondents, marked_n = self.count(cell(cols.respondents), sheet_row,
                                           header[cols.respondents])
        errors_before = self._error_count()
        yes, marked_k = (self.count(cell(cols.yes), sheet_row, header[cols.yes])
                         if cols.yes is not None else (None, False))
        share, marked_p = self.share(cell(cols.share), sheet_row, header, cols)
        if self._error_count() > errors_before:
            return None
        if respondents is None and not marked_n:
            if not _is_empty_cell(cell(cols.respondents)):
                return None  # already reported as not a number / negative / not whole
            self.add("missing_respondents", sheet_row, header[cols.respondents])
            return None
        suppressed = marked_n or marked_k or marked_p or (respondents or 0) < self.min
        if suppressed:
            return (area_id, year, question, np.nan, np.nan, np.nan, True, sheet_row)
        n = float(respondents)
        if yes is not None:
            if yes > n:
                self.add("yes_exceeds_respondents", sheet_row, header[cols.yes],
                         yes=_shown(yes), respondents=_shown(n))
                return None
            value = 100.0 * yes / n
            if share is not None and abs(share - value) > _SHARE_TOLERANCE:
                self.add("share_differs", sheet_row, header[cols.share], Severity.WARNING,
                         share=_shown(share), computed=round(value, 1))
            return (area_id, year, question, value, float(yes), n, False, sheet_row)
        if share is None:
            self.add("missing_value", sheet_row, header[cols.share if cols.share is not None
                                                       else cols.yes])
            return None
        return (area_id, year, question, share, share * n / 100.0, n, False, sheet_row)

    def share(self, cell: object, sheet_row: int, header: list[str], cols: _Columns
              ) -> tuple[float | None, bool]:
        if cols.share is None:
            return None, False
        parsed = parse_swedish_number(cell)
        if parsed.kind is CellKind.SUPPRESSED:
            return None, True
        if parsed.kind is CellKind.INVALID:
            self.add("not_a_number", sheet_row, header[cols.share], value=str(cell))
            return None, False
        if parsed.value is not None and not 0 <= parsed.value <= 100:
            self.add("share_out_of_range", sheet_row, header[cols.share],
                     value=_shown(parsed.value))
            return None, False
        return parsed.value, False

    def question(self, question: str, row: Sequence[object], sheet_row: int, header: list[str],
                 cols: _Columns, questions: dict[str, dict[str, Any]], ids: dict[str, str]) -> bool:
        """Record the question's id, text and direction; False when the row cannot be used."""
        def cell(index: int | None) -> object:
            return row[index] if index is not None and index < len(row) else None

        if question not in ids:
            ident = question_indicator_id(question)
            if ident is None:
                self.add("bad_question_id", sheet_row, header[cols.question], value=question)
                return False
            clash = next((q for q, i in ids.items() if i == ident), None)
            if clash is not None:
                self.add("question_clash", sheet_row, header[cols.question], first=clash,
                         second=question, ident=ident)
                return False
            ids[question] = ident
            questions[question] = {"label": None, "direction": None, "rows": 0}
        info = questions[question]
        info["rows"] += 1
        label = area_id_text(cell(cols.label))
        if label is not None:
            if info["label"] is None:
                info["label"] = label
            elif info["label"] != label:
                self.add("label_differs", sheet_row, header[cols.label], Severity.WARNING,
                         question=question, label=info["label"])
        if cols.direction is not None:
            direction = direction_from_text(cell(cols.direction))
            if direction is False:
                self.add("bad_direction", sheet_row, header[cols.direction],
                         value=str(cell(cols.direction)))
                return False
            if direction is not None:
                if info["direction"] not in (None, direction):
                    self.add("direction_conflict", sheet_row, header[cols.direction],
                             question=question)
                    return False
                info["direction"] = direction
        return True

    def _error_count(self) -> int:
        return sum(1 for group in self.issues.values() for i in group if i.is_error)

    def frame(self, records: list[tuple], ids: Mapping[str, str]) -> pd.DataFrame:
        frame = pd.DataFrame.from_records(records, columns=[
            c.AREA_ID, c.YEAR, "question", c.VALUE, c.NUMERATOR, c.DENOMINATOR, c.SUPPRESSED,
            "_row"])
        return pd.DataFrame({
            c.AREA_ID: pd.array(frame[c.AREA_ID], dtype="string"),
            c.LEVEL: pd.array([self.level] * len(frame), dtype="string"),
            c.YEAR: frame[c.YEAR].astype("int64"),
            c.INDICATOR: pd.array(frame["question"].map(ids), dtype="string"),
            c.VALUE: frame[c.VALUE].astype("float64"),
            c.NUMERATOR: frame[c.NUMERATOR].astype("float64"),
            c.DENOMINATOR: frame[c.DENOMINATOR].astype("float64"),
            c.SUPPRESSED: frame[c.SUPPRESSED].astype("bool"),
        }).set_axis(pd.Index(frame["_row"].astype("int64"), name=SOURCE_ROW))


def _index(header: list[str], aliases: Sequence[str]) -> int | None:
    col = find_column(header, aliases)
    return None if col is None else header.index(col)


def _is_empty_cell(cell: object) -> bool:
    return parse_swedish_number(cell).kind is CellKind.MISSING


def _shown(value: float) -> str:
    """A number quoted in an issue: an integer without ``.0``."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
