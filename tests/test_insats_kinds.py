"""Insats kinds: only kraftsamlande insatser count in the funding split; where the kinds overlap."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.funding import FundingParameters, split_funding
from indicators.insats_kinds import (
    KindsInputError,
    funding_assignments,
    kinds_per_area,
    overlap_code,
)
from model import columns as c

INSATSER = pd.DataFrame({
    "board": ["skola", "fritid", "fritid", "social"],
    "kind": ["kraftsamlande", "local_development", "kraftsamlande", "kraftsamlande"],
    "area_level": ["deso", "deso", "deso", "regso"],
    "area_ids": [("A", "B"), ("A", "C"), ("B",), ("R1",)],
})


def test_funding_counts_only_kraftsamlande() -> None:
    counted = funding_assignments(INSATSER, "deso")
    assert sorted(map(tuple, counted.assignments[["board", c.AREA_ID]].to_numpy())) == [
        ("fritid", "B"), ("skola", "A"), ("skola", "B")]
    assert counted.counted == 2
    assert counted.left_out == {"local_development": 1, "other_level": 1}
    # The split by hand: areas A (youth 100) and B (youth 60) proposed, scores 100, alpha 1.
    # skola: A 100 + B 60/2 = 130; fritid: B 30 → shares 130/160 and 30/160 of 160.
    areas = pd.DataFrame({"youth": [100.0, 60.0, 40.0], "score": [100.0, 100.0, 100.0],
                          "selected": [True, True, True]}, index=["A", "B", "C"])
    split = split_funding(counted.assignments, areas, FundingParameters(160.0))
    assert split["amount"].to_dict() == pytest.approx({"skola": 130.0, "fritid": 30.0})
    # Area C (only lokal utveckling) gets nothing; fritid's lokal utveckling in A is not counted.


def test_kinds_per_area_and_overlap() -> None:
    out = kinds_per_area(INSATSER, ["A", "B", "C", "D"], "deso")
    assert out["overlap"].to_dict() == {"A": "kraftsamlande+local_development", "B": "kraftsamlande",
                                        "C": "local_development", "D": "none"}
    assert out["n_kinds"].tolist() == [2, 1, 1, 0]
    assert out["n_insatser"].tolist() == [2, 2, 1, 0]
    assert overlap_code(["local_development", "core_mission"]) == "core_mission+local_development"


def test_bad_input_is_refused() -> None:
    with pytest.raises(KindsInputError, match="kind"):
        funding_assignments(INSATSER.drop(columns="kind"), "deso")
    with pytest.raises(KindsInputError, match="unknown insats kind"):
        kinds_per_area(INSATSER.assign(kind="annat"), ["A"], "deso")
