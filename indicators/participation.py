"""Young people's participation in an insats: the record, its checks, the small-group rule and the
follow-up summary per board.

The level of participation is read on Shier's *pathways to participation* (Shier 2001, "Pathways to
participation: openings, opportunities and obligations", Children & Society 15(2), 107–117):

=====  ===============================================  ===================================
level  Shier's wording                                  code
=====  ===============================================  ===================================
1      children are listened to                          ``listened_to``
2      children are supported in expressing their views  ``supported``
3      children's views are taken into account          ``taken_into_account``
4      children are involved in decision-making          ``involved_in_decisions``
5      children share power and responsibility           ``share_power``
=====  ===============================================  ===================================

Young people "took part in decisions" when the level is at least 4 (`DECISION_LEVEL`).

Small groups: a number of young people below `SMALL_GROUP` (5) is never shown as a count
(`shown_count` returns the code ``fewer_than`` instead), so no small group can be singled out.

Everything returns codes with parameters (`Issue`, `ShownCount`) or numbers; the UI words them.
Pure: no I/O, no clock, never imports streamlit.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: The phases of an insats young people can take part in.
PHASES: tuple[str, ...] = ("needs", "design", "delivery", "follow_up")
#: How young people took part.
METHODS: tuple[str, ...] = ("survey", "dialogue", "youth_council", "co_design", "other")
#: Shier's five levels, lowest first (see the module docstring).
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
LEVEL_CODES: dict[int, str] = {1: "listened_to", 2: "supported", 3: "taken_into_account",
                               4: "involved_in_decisions", 5: "share_power"}
#: From this level young people took part in decisions.
DECISION_LEVEL = 4
#: Counts of people below this are never shown as counts.
SMALL_GROUP = 5
#: Ages a participation record may give (children and young people).
AGE_RANGE: tuple[int, int] = (0, 29)
#: At most this many characters of "what changed because of it".
MAX_TEXT = 4000


class ParticipationError(ValueError):
    """A participation record that cannot be built: the first `Issue` (``code``, ``field``,
    ``params``); ``issues`` holds them all. ``str()`` is an English note for logs."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        first = issues[0]
        self.code, self.field, self.params = first.code, first.field, first.params
        super().__init__(f"{first.field}: {first.code} {first.params}")


@dataclass(frozen=True)
class Issue:
    """What is wrong with one field of a participation record.

    ``code`` is one of ``missing``, ``unknown_choice``, ``not_whole_number``, ``negative``,
    ``age_out_of_range``, ``age_order``, ``not_yes_no``, ``unknown_level``, ``text_too_long``;
    ``params`` carries the value and the valid choices or bounds.
    """

    field: str
    code: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Participation:
    """How young people took part in one insats.

    Attributes
    ----------
    phases : codes from `PHASES` (at least one), in `PHASES` order.
    methods : codes from `METHODS` (at least one), in `METHODS` order.
    young_people : how many young people took part (persons), or None when not known.
    age_from, age_to : the youngest and oldest age (years), or None when not known.
    disabilities_reached : whether children or young people with disabilities were reached; None when
        not known.
    level : Shier's level 1–5 (see the module docstring).
    what_changed : what changed in the insats because of it (free text, shown as text).
    """

    phases: tuple[str, ...]
    methods: tuple[str, ...]
    level: int
    young_people: int | None = None
    age_from: int | None = None
    age_to: int | None = None
    disabilities_reached: bool | None = None
    what_changed: str = ""

    def __post_init__(self) -> None:
        issues = participation_issues(self.to_dict())
        if issues:
            raise ParticipationError(issues)
        object.__setattr__(self, "phases", _ordered(self.phases, PHASES))
        object.__setattr__(self, "methods", _ordered(self.methods, METHODS))
        object.__setattr__(self, "what_changed", self.what_changed.strip())

    @property
    def in_design(self) -> bool:
        """Young people took part in designing the insats."""
        return "design" in self.phases

    @property
    def in_decisions(self) -> bool:
        """Young people took part in decisions (Shier level ≥ `DECISION_LEVEL`)."""
        return self.level >= DECISION_LEVEL

    def to_dict(self) -> dict[str, Any]:
        return {"phases": list(self.phases), "methods": list(self.methods), "level": self.level,
                "young_people": self.young_people, "age_from": self.age_from, "age_to": self.age_to,
                "disabilities_reached": self.disabilities_reached, "what_changed": self.what_changed}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Participation:
        """The inverse of `to_dict`; `ParticipationError` when the dict is not a valid record."""
        issues = participation_issues(data)
        if issues:
            raise ParticipationError(issues)
        return cls(tuple(data.get("phases") or ()), tuple(data.get("methods") or ()),
                   int(data["level"]), _whole(data.get("young_people")), _whole(data.get("age_from")),
                   _whole(data.get("age_to")), data.get("disabilities_reached"),
                   str(data.get("what_changed") or ""))


def _ordered(values: Iterable[str], order: tuple[str, ...]) -> tuple[str, ...]:
    chosen = set(values)
    return tuple(v for v in order if v in chosen)


def _is_whole(value: object) -> bool:
    return (not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value)
            and float(value).is_integer())


def _whole(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def _choices(data: Mapping[str, Any], field: str, valid: tuple[str, ...]) -> list[Issue]:
    values = data.get(field)
    if isinstance(values, str) or not isinstance(values, Iterable) or not list(values):
        return [Issue(field, "missing", {"valid": valid})]
    unknown = [v for v in values if v not in valid]
    return [Issue(field, "unknown_choice", {"value": v, "valid": valid}) for v in unknown]


def participation_issues(data: Mapping[str, Any]) -> list[Issue]:
    """Everything wrong with a participation record given as a dict (the shape of
    `Participation.to_dict`); empty when it is valid.

    Rules: at least one phase and one method, each from its list; ``level`` one of 1–5; the number of
    young people a whole number ≥ 0 or None; ages whole numbers within `AGE_RANGE`, ``age_from`` ≤
    ``age_to``; ``disabilities_reached`` True, False or None; ``what_changed`` at most `MAX_TEXT`
    characters.
    """
    issues = _choices(data, "phases", PHASES) + _choices(data, "methods", METHODS)
    level = data.get("level")
    if level is None:
        issues.append(Issue("level", "missing", {"valid": LEVELS}))
    elif not _is_whole(level) or int(level) not in LEVELS:
        issues.append(Issue("level", "unknown_level", {"value": level, "valid": LEVELS}))
    count = data.get("young_people")
    if count is not None:
        if not _is_whole(count):
            issues.append(Issue("young_people", "not_whole_number", {"value": count}))
        elif count < 0:
            issues.append(Issue("young_people", "negative", {"value": count}))
    low, high = AGE_RANGE
    ages_ok = True
    for field in ("age_from", "age_to"):
        age = data.get(field)
        if age is None:
            continue
        if not _is_whole(age):
            issues.append(Issue(field, "not_whole_number", {"value": age}))
            ages_ok = False
        elif not low <= age <= high:
            issues.append(Issue(field, "age_out_of_range", {"value": age, "low": low, "high": high}))
            ages_ok = False
    age_from, age_to = data.get("age_from"), data.get("age_to")
    if ages_ok and age_from is not None and age_to is not None and age_from > age_to:
        issues.append(Issue("age_to", "age_order", {"age_from": age_from, "age_to": age_to}))
    if data.get("disabilities_reached") not in (True, False, None):
        issues.append(Issue("disabilities_reached", "not_yes_no",
                            {"value": data.get("disabilities_reached")}))
    text = data.get("what_changed")
    if text is not None and (not isinstance(text, str) or len(text) > MAX_TEXT):
        issues.append(Issue("what_changed", "text_too_long", {"limit": MAX_TEXT}))
    return issues


@dataclass(frozen=True)
class ShownCount:
    """A count of people as it may be shown: ``code`` "count" (``value`` is the count), "fewer_than"
    (``value`` None, ``limit`` the small-group limit) or "unknown"."""

    code: str
    value: int | None = None
    limit: int = SMALL_GROUP


def shown_count(count: float | None, limit: int = SMALL_GROUP) -> ShownCount:
    """The small-group rule: counts from 1 to ``limit − 1`` are never shown as counts.

    0 is shown as 0 (no one), ``None``/NaN as unknown, 1…limit−1 as "fewer than ``limit``", and
    ``limit`` or more as the count.
    """
    if count is None or (isinstance(count, float) and math.isnan(count)):
        return ShownCount("unknown", limit=limit)
    whole = int(count)
    if 0 < whole < limit:
        return ShownCount("fewer_than", limit=limit)
    return ShownCount("count", whole, limit)


#: `participation_summary` input columns.
BOARD, PARTICIPATION = "board", "participation"
#: The summary row for the whole effort (every board together).
WHOLE_EFFORT = "__all__"
SUMMARY_COLUMNS: tuple[str, ...] = ("insatser", "with_record", "design", "decisions",
                                    "design_and_decisions", "design_share", "decisions_share",
                                    "design_and_decisions_share", "young_people",
                                    "young_people_known")


class SummaryInputError(ValueError):
    """The summary's input lacks a column or holds something that is not a participation record."""


def participation_summary(insatser: pd.DataFrame) -> pd.DataFrame:
    """Per board and for the whole effort: how many insatser let young people take part in design and
    in decisions.

    Parameters
    ----------
    insatser : one row per insats, columns ``board`` (text) and ``participation`` (a `Participation`
        or None when nothing is recorded).

    Returns
    -------
    pd.DataFrame
        Indexed by board (sorted) plus the row `WHOLE_EFFORT`, with `SUMMARY_COLUMNS`:
        ``insatser`` (n), ``with_record``, ``design`` (insatser with the phase "design"),
        ``decisions`` (level ≥ 4), ``design_and_decisions`` (both) — counts of insatser — and the
        shares ``design_share = design / insatser`` etc. (0–1, higher is more participation; NaN
        when there are no insatser), and ``young_people``: the sum of the known numbers of young
        people (persons; show it through `shown_count`) and ``young_people_known``: how many insatser
        gave a number (0: the number is not known). An insats with no record counts in the
        denominator: nothing recorded means no participation shown.
    """
    for col in (BOARD, PARTICIPATION):
        if col not in insatser.columns:
            raise SummaryInputError(f"insatser lacks the column {col!r}")
    rows = []
    for board, record in zip(insatser[BOARD], insatser[PARTICIPATION], strict=True):
        if record is not None and not isinstance(record, Participation):
            raise SummaryInputError(f"participation of board {board!r} is not a Participation record")
        rows.append({BOARD: board, "insatser": 1, "with_record": int(record is not None),
                     "design": int(record is not None and record.in_design),
                     "decisions": int(record is not None and record.in_decisions),
                     "design_and_decisions": int(record is not None and record.in_design
                                                 and record.in_decisions),
                     "young_people": (record.young_people or 0) if record is not None else 0,
                     "young_people_known": int(record is not None and record.young_people is not None)})
    counts = ["insatser", "with_record", "design", "decisions", "design_and_decisions", "young_people",
              "young_people_known"]
    table = pd.DataFrame(rows, columns=[BOARD, *counts])
    per_board = table.groupby(BOARD)[counts].sum().sort_index() if len(table) else \
        pd.DataFrame(columns=counts)
    total = pd.DataFrame([table[counts].sum()], index=[WHOLE_EFFORT])
    out = pd.concat([per_board, total]).astype(int)
    for what in ("design", "decisions", "design_and_decisions"):
        n = out["insatser"].where(out["insatser"] > 0)
        out[f"{what}_share"] = out[what] / n
    out.index.name = BOARD
    return out[list(SUMMARY_COLUMNS)]
