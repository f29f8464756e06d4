"""Uploaded files join a package in memory: a new level, or new rows for an existing level."""

from __future__ import annotations

import pandas as pd
import pytest

from datapackage.merge import with_upload
from datapackage.store import read_package
from indicators import columns as c


@pytest.fixture(scope="module")
def demo():
    from datapackage.catalog import DEMO_PACKAGE

    return read_package(DEMO_PACKAGE)


def rows(ids, indicator="uvas", year=2025, value=10.0) -> pd.DataFrame:
    return pd.DataFrame({
        c.AREA_ID: ids, c.LEVEL: None, c.YEAR: year, c.INDICATOR: indicator, c.VALUE: value,
        c.NUMERATOR: None, c.DENOMINATOR: None, c.SUPPRESSED: False,
    })


def test_new_level_with_its_values(demo):
    areas = demo.areas["stadsdel"].head(3).drop(columns=c.LEVEL)
    merged = with_upload(demo, "egna", areas=areas, table=rows(list(areas[c.AREA_ID])),
                         level_name="Egna områden",
                         source_label="Egen uppladdning: egna.geojson")
    assert merged.manifest.level_ids[-1] == "egna"
    assert merged.manifest.level("egna").name_sv == "Egna områden"
    assert len(merged.areas["egna"]) == 3
    assert (merged.areas["egna"][c.LEVEL] == "egna").all()
    frame = merged.indicator_frame("egna", 2025, "uvas")
    assert list(frame[c.VALUE]) == [10.0, 10.0, 10.0]
    assert "egna.geojson" in merged.manifest.entry("uvas").at("egna").note_sv
    # An upload is the visitor's own, never "real" or the package's source.
    assert merged.manifest.entry("uvas").at("egna").status == "uploaded"
    assert merged.manifest.level("egna").source == "Egen uppladdning: egna.geojson"
    assert merged.manifest.attribution.endswith("; Egen uppladdning: egna.geojson")
    # the package it came from is untouched
    assert "egna" not in demo.areas
    assert "egna" not in demo.manifest.level_ids


def test_rows_for_an_existing_level_replace_the_same_area_year_and_indicator(demo):
    area = demo.areas["smaomrade"][c.AREA_ID].iloc[0]
    before = len(demo.indicators)
    merged = with_upload(demo, "smaomrade", table=rows([area], value=55.5))
    assert len(merged.indicators) == before
    assert merged.indicator_frame("smaomrade", 2025, "uvas").loc[area, c.VALUE] == 55.5
    assert demo.indicator_frame("smaomrade", 2025, "uvas").loc[area, c.VALUE] != 55.5


def test_level_names_must_be_new_for_areas_and_known_for_tables(demo):
    with pytest.raises(ValueError, match="already exists"):
        with_upload(demo, "smaomrade", areas=demo.areas["smaomrade"])
    with pytest.raises(ValueError, match="does not exist"):
        with_upload(demo, "nope", table=rows(["X"]))
