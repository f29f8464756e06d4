"""The funding split, checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.funding import FundingError, FundingParameters, split_funding

AREAS = pd.DataFrame({
    "youth": [100.0, 300.0, 200.0, 50.0],
    "score": [80.0, 50.0, 100.0, 90.0],
    "selected": [True, True, True, False],
}, index=pd.Index(["A", "B", "C", "D"], name="area_id"))
ASSIGN = pd.DataFrame({"board": ["fritid", "fritid", "grundskola", "grundskola", "kultur"],
                       "area_id": ["A", "C", "B", "C", "D"]})


def test_split_by_young_people_weighted_by_the_index():
    # needs: A 100·0.8 = 80; B 300·0.5 = 150; C 200·1.0 = 200, shared by two boards -> 100 each;
    # D is not proposed. fritid: 80 + 100 = 180; grundskola: 150 + 100 = 250; kultur: 0.
    out = split_funding(ASSIGN, AREAS, FundingParameters(total=430_000, alpha=1))
    assert out.loc["fritid", "claim"] == pytest.approx(180)
    assert out.loc["grundskola", "claim"] == pytest.approx(250)
    assert out.loc["fritid", "amount"] == pytest.approx(180_000)
    assert out.loc["grundskola", "amount"] == pytest.approx(250_000)
    assert out.loc["kultur", "amount"] == 0
    assert out["amount"].sum() == pytest.approx(430_000)
    assert out.loc["fritid", "youth"] == pytest.approx(200)  # 100 + 200/2
    assert list(out.index[:2]) == ["grundskola", "fritid"]


def test_alpha_zero_splits_by_young_people_and_floors_come_first():
    out = split_funding(ASSIGN, AREAS, FundingParameters(total=100_000, alpha=0, floor=10_000))
    # claims: fritid 100 + 100 = 200, grundskola 300 + 100 = 400, kultur 0; 70 000 left to split
    assert out.loc["fritid", "amount"] == pytest.approx(10_000 + 70_000 * 200 / 600)
    assert out.loc["grundskola", "amount"] == pytest.approx(10_000 + 70_000 * 400 / 600)
    assert out.loc["kultur", "amount"] == pytest.approx(10_000)
    assert out["share"].sum() == pytest.approx(1)


def test_impossible_parameters_are_refused():
    with pytest.raises(FundingError, match="floors"):
        split_funding(ASSIGN, AREAS, FundingParameters(total=10, floor=5))
    with pytest.raises(FundingError, match="alpha"):
        FundingParameters(total=1, alpha=-1)
    with pytest.raises(FundingError, match="youth"):
        split_funding(ASSIGN, AREAS.drop(columns="youth"), FundingParameters(total=1))
