"""Does an answer hold what was asked for? Every variable and content code the query names is looked
up among the answer's own columns, by code or by text, before any value is read.

Real answers do not always use the codes of the table description: SCB's population answers name
their one content column by its text (``"Folkmängden per region"``) instead of ``000007Y7``. Filtering
on a code that is not in the answer would silently give no rows, and the package would claim that SCB
publishes nothing. Here a column found by its text is renamed to the code asked for; anything that
cannot be found is a `Problem` naming the table, the code and what the answer holds instead, and the
role it was needed for is marked failed – never read as "no values".

Never imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from datapackage.scb.catalogue import Content
from datapackage.scb.layout import ResolvedTable
from datapackage.scb.pxweb import CONTENT_COLUMN, CONTENTS, ParsedResponse, Selection
from model.problems import Problem, Severity

#: The failure key for an answer that cannot be read at all (a variable the rows depend on is gone).
WHOLE_ANSWER = "*"


@dataclass
class AnswerCheck:
    """An answer's rows with the query's codes as column names, and what did not match.

    ``failed`` maps a content role (or `WHOLE_ANSWER`) to the reason (Swedish, English);
    ``matched_by_text`` maps a content code asked for to the answer's column it was found as.
    """

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    failed: dict[str, tuple[str, str]] = field(default_factory=dict)
    matched_by_text: dict[str, str] = field(default_factory=dict)


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def check_answer(parsed: ParsedResponse, resolved: ResolvedTable, selection: Selection,
                 where: str) -> AnswerCheck:
    """Match an answer's columns to the query (see the module docstring).

    Variables asked for with several values must be in the answer (by code, or by the code or text
    of the table description's variable); one asked for with a single value may be missing (its
    rows all have that value; a note says so). A dimension the query did not name is refused when
    it has several values (the rows could not be told apart). Contents are found by code, by the
    description's text, or by the catalogue's text pattern.
    """
    frame = parsed.frame.copy()
    check = AnswerCheck(frame)

    def fail(key: str, sv: str, en: str, column: str, severity: Severity = Severity.ERROR) -> None:
        check.failed[key] = (sv, en)
        check.problems.append(Problem(where, sv, en, column=column, severity=severity))

    if frame.empty and not parsed.dimensions:
        return check
    answer_dims = dict(parsed.dimensions)
    renames: dict[str, str] = {}
    for code, values in selection.items():
        if code == CONTENTS or code in answer_dims:
            continue
        variable = resolved.meta.variable(code)
        names = (code, variable.text) if variable is not None else (code,)
        found = next((dim for dim, text in answer_dims.items() if dim not in renames and any(
            _same(dim, n) or _same(text, n) for n in names)), None)
        if found is not None:
            renames[found] = code
        elif len(values) == 1:
            frame[code] = values[0]
            check.problems.append(Problem(
                where, f"Svaret saknar variabeln {code}; den efterfrågades med ett enda värde "
                f"({values[0]}), så raderna lästes som det.", f"The answer has no variable {code}; "
                f"it was asked for with a single value ({values[0]}), so the rows were read as "
                "that.", column=code, severity=Severity.WARNING))
        else:
            present = ", ".join(f"{d} ({t})" for d, t in answer_dims.items()) or "–"
            fail(WHOLE_ANSWER, f"Svaret saknar variabeln {code} ({names[-1]}) – bytt namn? "
                 f"Svarets variabler: {present}. Tabellen lästes inte.",
                 f"The answer has no variable {code} ({names[-1]}) – renamed? The answer's "
                 f"variables: {present}. The table was not read.", code)
            return check
    frame = frame.rename(columns=renames)
    for dim in answer_dims:
        if dim in renames or dim in selection:
            continue
        if dim in frame.columns and frame[dim].nunique() > 1:
            fail(WHOLE_ANSWER, f"Svaret har variabeln {dim} som frågan inte bad om, med flera "
                 "värden – raderna går inte att skilja åt. Tabellen lästes inte.",
                 f"The answer has a variable {dim} the query did not ask for, with several values "
                 "– the rows cannot be told apart. The table was not read.", dim)
            return check
        frame = frame.drop(columns=[dim], errors="ignore")
    check.frame = _match_contents(frame, parsed, resolved, where, check, fail)
    return check


def _match_contents(frame: pd.DataFrame, parsed: ParsedResponse, resolved: ResolvedTable,
                    where: str, check: AnswerCheck, fail) -> pd.DataFrame:
    specs: dict[str, tuple[Content, bool]] = {
        role: (content, required) for role, content, required in resolved.spec.content_roles()}
    answer = dict(parsed.contents)  # the answer's content code -> text
    claimed = {code for code in resolved.contents.values() if code in answer}
    renames: dict[str, str] = {}
    for role, code in resolved.contents.items():
        if code in answer:
            continue
        if code in renames.values():
            continue
        content, required = specs.get(role, (None, True))
        expected = resolved.content_text(code)
        candidates = [got for got, text in answer.items() if got not in claimed and (
            any(_same(x, expected) for x in (got, text))
            or (content is not None and (content.matches_text(text) or content.matches_text(got))))]
        if len(candidates) == 1:
            renames[candidates[0]] = code
            claimed.add(candidates[0])
            check.matched_by_text[code] = candidates[0]
            continue
        present = ", ".join(f"{c!r}" if c == t else f"{c} ({t!r})" for c, t in answer.items()) or "–"
        fail(role, f"Svaret saknar innehållet {code} ({expected!r}); svarets innehållskolumner: "
             f"{present}. Det som hämtas med innehållet saknas i paketet – inte för att SCB saknar "
             "värden, utan för att svaret inte matchar katalogen.",
             f"The answer has no content {code} ({expected!r}); the answer's content columns: "
             f"{present}. What this content gives is missing from the package – not because SCB has "
             "no values, but because the answer does not match the catalogue.", CONTENTS,
             Severity.ERROR if required else Severity.WARNING)
    if renames and CONTENT_COLUMN in frame.columns:
        frame[CONTENT_COLUMN] = frame[CONTENT_COLUMN].replace(renames)
    return frame
