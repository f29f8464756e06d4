"""Young people's participation: the record's checks, the small-group rule and the summary shares."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.participation import (
    WHOLE_EFFORT,
    Participation,
    ParticipationError,
    SummaryInputError,
    participation_issues,
    participation_summary,
    shown_count,
)

VALID = {"phases": ["design"], "methods": ["dialogue"], "level": 3}


@pytest.mark.parametrize(("change", "field", "code"), [
    ({}, None, None),
    ({"phases": []}, "phases", "missing"),
    ({"phases": "design"}, "phases", "missing"),
    ({"phases": ["planning"]}, "phases", "unknown_choice"),
    ({"methods": None}, "methods", "missing"),
    ({"methods": ["tiktok"]}, "methods", "unknown_choice"),
    ({"level": None}, "level", "missing"),
    ({"level": 0}, "level", "unknown_level"),
    ({"level": 6}, "level", "unknown_level"),
    ({"level": 2.5}, "level", "unknown_level"),
    ({"level": True}, "level", "unknown_level"),
    ({"young_people": -1}, "young_people", "negative"),
    ({"young_people": 3.5}, "young_people", "not_whole_number"),
    ({"young_people": "tolv"}, "young_people", "not_whole_number"),
    ({"young_people": 0}, None, None),
    ({"age_from": 12, "age_to": 10}, "age_to", "age_order"),
    ({"age_from": 12, "age_to": 12}, None, None),
    ({"age_to": 45}, "age_to", "age_out_of_range"),
    ({"age_from": -1}, "age_from", "age_out_of_range"),
    ({"disabilities_reached": "ja"}, "disabilities_reached", "not_yes_no"),
    ({"disabilities_reached": None}, None, None),
    ({"what_changed": "x" * 4001}, "what_changed", "text_too_long"),
])
def test_participation_checks(change: dict, field: str | None, code: str | None) -> None:
    issues = participation_issues({**VALID, **change})
    if code is None:
        assert issues == []
        Participation.from_dict({**VALID, **change})
    else:
        assert [(i.field, i.code) for i in issues] == [(field, code)]
        with pytest.raises(ParticipationError) as caught:
            Participation.from_dict({**VALID, **change})
        assert (caught.value.field, caught.value.code) == (field, code)


def test_record_orders_choices_and_round_trips() -> None:
    record = Participation(("follow_up", "needs", "design"), ("other", "survey"), 4, 12, 13, 16, True,
                           "  Öppettiderna flyttades.  ")
    assert record.phases == ("needs", "design", "follow_up")
    assert record.methods == ("survey", "other")
    assert record.what_changed == "Öppettiderna flyttades."
    assert record.in_design
    assert record.in_decisions
    assert Participation.from_dict(record.to_dict()) == record


@pytest.mark.parametrize(("count", "code", "value"), [
    (None, "unknown", None), (math.nan, "unknown", None), (0, "count", 0), (1, "fewer_than", None),
    (4, "fewer_than", None), (4.0, "fewer_than", None), (5, "count", 5), (37, "count", 37),
])
def test_small_group_rule(count: float | None, code: str, value: int | None) -> None:
    shown = shown_count(count)
    assert (shown.code, shown.value, shown.limit) == (code, value, 5)


def _p(phases: tuple[str, ...], level: int, n: int | None = None) -> Participation:
    return Participation(phases, ("dialogue",), level, n)


def test_summary_shares_by_hand() -> None:
    # Board A: 4 insatser — design+level 4, design+level 2, delivery+level 5, none → design 2/4,
    # decisions 2/4, both 1/4, young people 12 + 3 = 15. Board B: one insats, needs+level 1 (n=3)
    # → 0/1. Whole effort: design 2/5, decisions 2/5, both 1/5, young people 18.
    table = pd.DataFrame({"board": ["A", "A", "A", "A", "B"], "participation": [
        _p(("design",), 4, 12), _p(("design",), 2, 3), _p(("delivery",), 5), None,
        _p(("needs",), 1, 3)]})
    out = participation_summary(table)
    assert list(out.index) == ["A", "B", WHOLE_EFFORT]
    assert out.loc["A", ["insatser", "with_record", "design", "decisions", "design_and_decisions",
                         "young_people"]].tolist() == [4, 3, 2, 2, 1, 15]
    assert out.loc["A", "design_share"] == pytest.approx(0.5)
    assert out.loc["A", "decisions_share"] == pytest.approx(0.5)
    assert out.loc["A", "design_and_decisions_share"] == pytest.approx(0.25)
    assert out.loc["B", "design_share"] == 0.0
    assert out.loc["A", "young_people_known"] == 2  # _p(("delivery",), 5) gave no number
    assert out.loc[WHOLE_EFFORT, "design_share"] == pytest.approx(0.4)
    assert out.loc[WHOLE_EFFORT, "decisions_share"] == pytest.approx(0.4)
    assert out.loc[WHOLE_EFFORT, "design_and_decisions_share"] == pytest.approx(0.2)
    assert out.loc[WHOLE_EFFORT, "young_people"] == 18
    assert shown_count(out.loc["B", "young_people"]).code == "fewer_than"


def test_summary_of_nothing_and_bad_input() -> None:
    out = participation_summary(pd.DataFrame({"board": [], "participation": []}))
    assert list(out.index) == [WHOLE_EFFORT]
    assert out.loc[WHOLE_EFFORT, "insatser"] == 0
    assert math.isnan(out.loc[WHOLE_EFFORT, "design_share"])
    with pytest.raises(SummaryInputError, match="participation"):
        participation_summary(pd.DataFrame({"board": ["A"]}))
    with pytest.raises(SummaryInputError, match="not a Participation"):
        participation_summary(pd.DataFrame({"board": ["A"], "participation": [{"level": 4}]}))


def test_every_code_has_words() -> None:
    from i18n.catalogue import TEXT
    from indicators.insats_kinds import INSATS_KINDS, PARTNER_KINDS
    from indicators.participation import LEVEL_CODES, METHODS, PHASES

    keys = [*(f"participation_phase_{p}" for p in PHASES), *(f"participation_method_{m}" for m in METHODS),
            *(f"participation_level_{c}" for c in LEVEL_CODES.values()),
            *(f"insats_kind_{k}" for k in INSATS_KINDS), *(f"partner_{p}" for p in PARTNER_KINDS),
            *(f"participation_issue_{c}" for c in ("missing", "unknown_choice", "unknown_level",
                                                   "not_whole_number", "negative", "age_out_of_range",
                                                   "age_order", "not_yes_no", "text_too_long")),
            *(f"participation_field_{f}" for f in ("phases", "methods", "level", "young_people",
                                                   "age_from", "age_to", "disabilities_reached",
                                                   "what_changed")),
            *(f"funding_left_out_{c}" for c in ("core_mission", "local_development", "other_level"))]
    assert [k for k in keys if k not in TEXT] == []


@pytest.mark.parametrize(("count", "lang", "text"), [
    (None, "sv", "–"), (0, "sv", "0"), (1, "sv", "färre än 5"), (4, "en", "fewer than 5"),
    (5, "sv", "5"), (1234, "sv", "1\xa0234"), (1234, "en", "1,234"),
])
def test_counts_in_words_follow_the_small_group_rule(count: int | None, lang: str, text: str) -> None:
    from reports.participation_words import count_text

    assert count_text(count, lang) == text
