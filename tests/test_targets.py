"""Targets: the three kinds resolved by hand, clear refusals, the default baseline year, persistence and
the Swedish/English descriptions."""

from __future__ import annotations

import json
import math

import pytest

from indicators.targets import (
    ABSOLUTE,
    CHECKPOINTS,
    CLOSE_GAP,
    RELATIVE,
    TARGET_KINDS,
    CheckpointTarget,
    Target,
    TargetError,
    UnknownTargetKindError,
    default_baseline_year,
    describe_target,
    resolve_target,
    target_from_dict,
    target_to_dict,
    targets_from_dict,
    targets_to_dict,
)


def target(kind: str, amount: float, baseline: float = 12.0, checkpoint: int = 2030,
           indicator: str = "uvas", baseline_year: int = 2024) -> Target:
    return Target(indicator, baseline_year, baseline, ((checkpoint, CheckpointTarget(kind, amount)),))


@pytest.mark.parametrize(("kind", "amount", "baseline", "rest", "expected"), [
    # absolute: the level itself, whatever the baseline
    (ABSOLUTE, 8.0, 12.0, None, 8.0),
    (ABSOLUTE, 75.0, 60.0, None, 75.0),
    # relative: b (1 + a/100)
    (RELATIVE, -20.0, 12.0, None, 9.6),
    (RELATIVE, -20.0, 10.0, None, 8.0),
    (RELATIVE, 10.0, 60.0, None, 66.0),
    (RELATIVE, 0.0, 60.0, None, 60.0),
    (RELATIVE, -100.0, 12.0, None, 0.0),
    # close_gap: b - a/100 (b - r)
    (CLOSE_GAP, 100.0, 12.0, 6.0, 6.0),
    (CLOSE_GAP, 0.0, 12.0, 6.0, 12.0),
    (CLOSE_GAP, 25.0, 60.0, 80.0, 65.0),  # behörighet: the proposed areas rise towards the rest
    (CLOSE_GAP, 50.0, 12.0, 6.0, 9.0),
    (CLOSE_GAP, 50.0, 12.0, 12.0, 12.0),  # no gap, nothing to close
])
def test_target_kinds_resolve_by_hand(kind, amount, baseline, rest, expected):
    t = target(kind, amount, baseline)
    assert resolve_target(t, 2030, rest_baseline=rest) == pytest.approx(expected)


def test_close_gap_needs_the_rest_of_the_city():
    t = target(CLOSE_GAP, 50.0)
    for rest in (None, math.nan):
        with pytest.raises(TargetError) as info:
            resolve_target(t, 2030, rest_baseline=rest)
        assert "övriga stadens" in info.value.message_sv
        assert "rest of the city" in info.value.message_en
        assert info.value.message("en") == str(info.value)


def test_an_unknown_kind_lists_the_valid_ones():
    with pytest.raises(UnknownTargetKindError) as info:
        CheckpointTarget("halve", 50.0)
    assert isinstance(info.value, ValueError)
    for name in TARGET_KINDS:
        assert name in str(info.value)
        assert name in info.value.message_sv
    assert set(TARGET_KINDS) == {ABSOLUTE, RELATIVE, CLOSE_GAP}


@pytest.mark.parametrize("amount", [-0.1, 100.5, 150.0, -50.0])
def test_the_share_of_the_gap_must_lie_in_0_100(amount):
    with pytest.raises(TargetError, match="0–100") as info:
        CheckpointTarget(CLOSE_GAP, amount)
    assert "gapet" in info.value.message_sv


@pytest.mark.parametrize("amount", [0.0, 100.0, 33.3])
def test_shares_at_the_ends_are_accepted(amount):
    assert CheckpointTarget(CLOSE_GAP, amount).amount == amount


@pytest.mark.parametrize(("kind", "amount"), [
    (RELATIVE, -100.5), (ABSOLUTE, math.nan), (RELATIVE, math.inf), (ABSOLUTE, "8"),
])
def test_impossible_amounts_are_refused(kind, amount):
    with pytest.raises(TargetError):
        CheckpointTarget(kind, amount)


def test_checkpoints_must_follow_the_baseline_and_be_unique():
    spec = CheckpointTarget(ABSOLUTE, 8.0)
    with pytest.raises(TargetError, match="not after the baseline year"):
        Target("uvas", 2030, 12.0, ((2030, spec),))
    with pytest.raises(TargetError, match="twice"):
        Target("uvas", 2024, 12.0, ((2030, spec), (2030, spec)))
    with pytest.raises(TargetError, match="baseline value"):
        Target("uvas", 2024, math.nan, ((2030, spec),))


def test_a_missing_checkpoint_names_those_that_exist():
    t = target(ABSOLUTE, 8.0)
    with pytest.raises(TargetError, match=r"2035.*2030"):
        resolve_target(t, 2035)


def test_checkpoints_are_kept_in_year_order():
    a, b = CheckpointTarget(ABSOLUTE, 8.0), CheckpointTarget(ABSOLUTE, 6.0)
    t = Target("uvas", 2024, 12.0, ((2035, b), (2030, a)))
    assert t.checkpoint_years == CHECKPOINTS
    assert t == Target("uvas", 2024, 12.0, ((2030, a), (2035, b)))


@pytest.mark.parametrize(("years", "start", "expected"), [
    (range(2015, 2026), 2026, 2025),
    (range(2015, 2026), 2025, 2024),
    ([2015, 2018, 2022], 2024, 2022),
    ([2022, 2015, 2018], 2020, 2018),  # order of the input does not matter
    ([2015], 2016, 2015),
])
def test_default_baseline_year_is_the_latest_before_the_start(years, start, expected):
    assert default_baseline_year(years, start) == expected


@pytest.mark.parametrize(("years", "start"), [([2024, 2025], 2024), ([], 2025)])
def test_no_year_before_the_start_is_an_error(years, start):
    with pytest.raises(TargetError) as info:
        default_baseline_year(years, start)
    assert str(start) in info.value.message_sv


def programme_targets() -> list[Target]:
    return [
        Target("uvas", 2024, 11.5, ((2030, CheckpointTarget(RELATIVE, -20.0)),
                                    (2035, CheckpointTarget(ABSOLUTE, 8.0)))),
        Target("behorighet_yrkesprogram", 2024, 71.25,
               ((2030, CheckpointTarget(CLOSE_GAP, 50.0)), (2035, CheckpointTarget(CLOSE_GAP, 100.0)))),
    ]


def test_targets_round_trip_through_json():
    targets = programme_targets()
    data = json.loads(json.dumps(targets_to_dict(targets)))
    assert data["uvas"]["checkpoints"]["2030"] == {"kind": "relative", "amount": -20.0}
    back = targets_from_dict(data)
    assert list(back) == ["uvas", "behorighet_yrkesprogram"]
    assert list(back.values()) == targets
    assert target_from_dict(target_to_dict(targets[0])) == targets[0]


def test_two_targets_for_one_indicator_are_refused():
    t = programme_targets()[0]
    with pytest.raises(TargetError, match="Two targets"):
        targets_to_dict([t, t])


def test_a_broken_saved_target_names_the_field():
    data = target_to_dict(programme_targets()[0])
    del data["baseline_year"]
    with pytest.raises(TargetError, match="baseline_year") as info:
        target_from_dict(data)
    assert "saknas" in info.value.message_sv
    bad_kind = target_to_dict(programme_targets()[0])
    bad_kind["checkpoints"]["2030"]["kind"] = "halve"
    with pytest.raises(UnknownTargetKindError):
        target_from_dict(bad_kind)
    with pytest.raises(TargetError, match="cannot be read"):
        target_from_dict({**target_to_dict(programme_targets()[0]), "baseline_value": "many"})


@pytest.mark.parametrize(("kind", "amount", "checkpoint", "lang", "expected"), [
    (ABSOLUTE, 8.0, 2030, "sv", "Minska till 8,0 % år 2030"),
    (ABSOLUTE, 8.0, 2030, "en", "Reduce to 8.0 % by 2030"),
    (ABSOLUTE, 14.3, 2035, "sv", "Öka till 14,3 % år 2035"),
    (ABSOLUTE, 12.0, 2030, "sv", "Behålla 12,0 % år 2030"),
    (RELATIVE, -20.0, 2030, "sv", "Minska med 20 % från 2024 till 2030"),
    (RELATIVE, -20.0, 2030, "en", "Reduce by 20 % from 2024 to 2030"),
    (RELATIVE, 12.5, 2030, "sv", "Öka med 12,5 % från 2024 till 2030"),
    (RELATIVE, 0.0, 2030, "en", "Keep the 2024 level in 2030"),
    (CLOSE_GAP, 50.0, 2035, "sv", "Stänga 50 % av gapet till övriga staden till 2035"),
    (CLOSE_GAP, 50.0, 2035, "en", "Close 50 % of the gap to the rest of the city by 2035"),
    (CLOSE_GAP, 33.5, 2030, "sv", "Stänga 33,5 % av gapet till övriga staden till 2030"),
])
def test_descriptions_in_swedish_and_english(kind, amount, checkpoint, lang, expected):
    t = target(kind, amount, baseline=12.0, checkpoint=checkpoint)
    assert describe_target(t, checkpoint, lang) == expected


def test_description_without_a_unit():
    t = target(ABSOLUTE, 3.5, baseline=5.0)
    assert describe_target(t, 2030, "en", unit="") == "Reduce to 3.5 by 2030"
