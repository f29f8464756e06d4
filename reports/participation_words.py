"""Young people's participation in words, for pages, the meeting view and the report pack (no
streamlit): counts under the small-group rule, Shier's levels, a record's lines and the summary table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from i18n.catalogue import translate
from i18n.format import number, percent
from indicators.participation import (
    LEVEL_CODES,
    WHOLE_EFFORT,
    Participation,
    ParticipationError,
    participation_summary,
    shown_count,
)
from persistence import Insats

UNKNOWN, YES, NO = "unknown", "yes", "no"
DISABILITY = {None: UNKNOWN, True: YES, False: NO}


def count_text(count: float | None, language: str) -> str:
    """A number of people under the small-group rule: "färre än 5", "–" when unknown."""
    shown = shown_count(count)
    if shown.code == "fewer_than":
        return translate("participation_fewer_than", language, limit=shown.limit)
    if shown.code == "unknown":
        return "–"
    return number(shown.value, language, 0) if shown.value is not None else "–"


def level_text(level: int, language: str) -> str:
    """'4 – är med och fattar beslut' (Shier's level in words)."""
    return f"{level} – {translate(f'participation_level_{LEVEL_CODES[level]}', language)}"


def issue_text(error: ParticipationError, language: str) -> str:
    """The first problem of a participation record in words (field and what is wrong)."""
    params = {k: (", ".join(map(str, v)) if isinstance(v, tuple | list) else v)
              for k, v in error.params.items()}
    return translate(f"participation_issue_{error.code}", language,
                     field=translate(f"participation_field_{error.field}", language), **params)


def record_lines(record: Participation, language: str) -> list[tuple[str, str]]:
    """(label, value) pairs describing a record; every value plain text."""
    ages = "–"
    if record.age_from is not None or record.age_to is not None:
        ages = f"{'' if record.age_from is None else record.age_from}–" \
               f"{'' if record.age_to is None else record.age_to}"
    return [
        (translate("participation_field_phases", language),
         ", ".join(translate(f"participation_phase_{p}", language) for p in record.phases)),
        (translate("participation_field_methods", language),
         ", ".join(translate(f"participation_method_{m}", language) for m in record.methods)),
        (translate("participation_field_young_people", language), count_text(record.young_people,
                                                                             language)),
        (translate("participation_field_ages", language), ages),
        (translate("participation_field_disabilities_reached", language),
         translate(f"participation_disabilities_{DISABILITY[record.disabilities_reached]}",
                   language)),
        (translate("participation_field_level", language), level_text(record.level, language)),
    ]


def summary_table(insatser: Sequence[Insats], board_label: Mapping[str, str],
                  language: str) -> pd.DataFrame:
    """The summary (`indicators.participation.participation_summary`) worded for people: one row per
    board and one for the whole effort; shares as percentages, young people under the small-group
    rule."""
    summary = participation_summary(pd.DataFrame({
        "board": [i.board for i in insatser], "participation": [i.participation for i in insatser]}))
    names = [translate("participation_whole_effort", language) if b == WHOLE_EFFORT
             else board_label.get(b, b) for b in summary.index]
    return pd.DataFrame({
        translate("responsible_board", language): names,
        translate("participation_col_insatser", language): summary["insatser"].astype(str),
        translate("participation_col_design", language): [percent(v, language)
                                                          for v in summary["design_share"]],
        translate("participation_col_decisions", language): [percent(v, language)
                                                             for v in summary["decisions_share"]],
        translate("participation_col_young_people", language): [
            count_text(v if known else None, language)
            for v, known in zip(summary["young_people"], summary["young_people_known"], strict=True)],
    })
