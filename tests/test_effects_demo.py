"""The demo's example effort: declared in the manifest, planted in the data, recovered by both methods."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from datapackage.demo import (
    EXAMPLE_EFFECT,
    EXAMPLE_START,
    SMALL_AREA,
    build_demo_package,
    plant_effect,
)
from datapackage.manifest import ExampleInsats, Manifest, ManifestError
from datapackage.store import DataPackage, read_package
from indicators.effects import CLEAR_DECREASE, difference_in_differences, synthetic_control
from model import columns as c

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


@pytest.fixture(scope="module")
def demo() -> DataPackage:
    return read_package(DEMO)


def test_the_manifest_declares_the_labelled_example(demo: DataPackage) -> None:
    (example,) = demo.manifest.example_insatser
    assert example.name == "Ungdomslyftet (exempel)"
    assert example.board == "arbetsmarknads- och socialnämnden"
    assert example.level == SMALL_AREA
    assert len(example.area_ids) == 8
    assert set(example.area_ids) <= set(demo.areas_at(SMALL_AREA)[c.AREA_ID])
    assert example.start_year == EXAMPLE_START == 2021
    assert example.indicator == "uvas"
    assert example.planted_effect == EXAMPLE_EFFECT == -2.0
    assert example.label("sv") == "planterad effekt i demodata"
    assert example.label("en") == "planted effect in demo data"
    # The eight areas are neighbours: a plausible insats area, not a scatter.
    areas = demo.areas_at(SMALL_AREA).set_index(c.AREA_ID).loc[list(example.area_ids)]
    assert areas.geometry.union_all().geom_type == "Polygon"


def test_plant_effect_moves_the_share_by_the_effect_from_the_start() -> None:
    num = np.array([[10, 10, 10], [50, 50, 50], [1, 1, 1]])
    den = np.array([[100, 100, 100], [200, 200, 200], [100, 100, 100]])
    out = plant_effect(num, den, np.array([0, 2]), np.array([2020, 2021, 2022]), 2021, -2.0)
    np.testing.assert_array_equal(out, [[10, 8, 8], [50, 50, 50], [1, 0, 0]])  # floored at 0
    np.testing.assert_array_equal(num[0], [10, 10, 10])  # the input is left alone


def test_planting_changes_nothing_but_the_examples_uvas_after_the_start(demo: DataPackage) -> None:
    (example,) = demo.manifest.example_insatser
    t = demo.indicators
    uvas = t[(t[c.INDICATOR] == "uvas") & (t[c.LEVEL] == SMALL_AREA)]
    shares = uvas.pivot(index=c.AREA_ID, columns=c.YEAR, values=c.VALUE)
    treated = shares.loc[list(example.area_ids)]
    before, after = treated.loc[:, :2020].mean(axis=1), treated.loc[:, 2021:].mean(axis=1)
    assert (after < before).all()


@pytest.mark.parametrize("method", [synthetic_control, difference_in_differences])
def test_both_methods_recover_the_planted_effect(demo: DataPackage, method) -> None:
    (example,) = demo.manifest.example_insatser
    result = method(demo.indicators, example.level, example.indicator,
                    dict.fromkeys(example.area_ids, example.start_year))
    assert result.status == CLEAR_DECREASE
    assert result.ci_low <= EXAMPLE_EFFECT <= result.ci_high < 0
    # The example lies in the north cluster, which also improves slowly by itself, so both
    # estimates run a little below the planted -2; the intervals still cover it.
    assert -3.5 < result.effect < -1.5


def test_example_insatser_round_trip_and_bad_ones_are_refused(demo: DataPackage) -> None:
    data = demo.manifest.to_dict()
    assert Manifest.from_dict(data) == demo.manifest
    assert "example_insatser" not in Manifest.from_dict(
        {**data, "example_insatser": []}).to_dict()
    bad = dict(data["example_insatser"][0])
    for change, match in [({"level": "deso"}, "level"), ({"indicator": "nope"}, "indicator"),
                          ({"area_ids": []}, "area_ids"), ({"start_year": "snart"}, "start_year")]:
        with pytest.raises(ManifestError, match=match):
            Manifest.from_dict({**data, "example_insatser": [{**bad, **change}]})
    with pytest.raises(ManifestError, match="missing"):
        Manifest.from_dict({**data, "example_insatser": [{"name": "x"}]})
    assert isinstance(Manifest.from_dict(data).example_insatser[0], ExampleInsats)


def test_the_committed_demo_carries_the_example() -> None:
    assert build_demo_package().manifest.example_insatser == read_package(DEMO).manifest.example_insatser
