"""Uploaded files join a package in memory: a new level, or new rows for an existing level."""

from __future__ import annotations

import pandas as pd
import pytest

from datapackage.merge import with_upload
from datapackage.store import read_package
from model import columns as c


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


def _extra(ident: str = "egen_andel"):
    from model.registry import Direction, Indicator, Role, Unit

    return Indicator(id=ident, name_sv="Egen andel", name_en="Own share", short_sv="Egen",
                     short_en="Own", unit=Unit.PERCENT, direction=Direction.HIGHER_IS_BETTER,
                     role=Role.INDEX, definition_sv="d", definition_en="d", source="s")


def test_extra_indicators_are_declared_and_replace_their_earlier_rows(demo):
    from datapackage.manifest import IndicatorEntry
    from datapackage.merge import with_extra_indicators

    area = demo.areas["smaomrade"][c.AREA_ID].iloc[0]
    table = rows([area], indicator="egen_andel", value=12.0).assign(**{c.LEVEL: "smaomrade"})
    entry = {"egen_andel": IndicatorEntry(status="derived", note_sv="n", note_en="n")}
    merged = with_extra_indicators(demo, [_extra()], table, entry, attribution="© Någon",
                                   source={"id": "egen", "title": "t"})
    assert "egen_andel" in merged.registry.index_ids
    assert merged.indicator_frame("smaomrade", 2025, "egen_andel").loc[area, c.VALUE] == 12.0
    assert merged.manifest.attribution.endswith("; © Någon")
    again = with_extra_indicators(merged, [_extra()], table.assign(**{c.VALUE: 13.0}), entry,
                                  attribution="© Någon", source={"id": "egen", "title": "t2"})
    assert len(again.indicators) == len(merged.indicators)
    assert again.indicator_frame("smaomrade", 2025, "egen_andel").loc[area, c.VALUE] == 13.0
    assert [i.id for i in again.manifest.extra_indicators] == ["egen_andel"]
    assert again.manifest.attribution == merged.manifest.attribution
    assert [s["title"] for s in again.manifest.sources] == ["t2"]
    assert "egen_andel" not in demo.registry  # the package it came from is untouched


def test_extra_indicators_refuse_built_in_ids_undeclared_rows_and_unknown_levels(demo):
    from datapackage.merge import with_extra_indicators

    table = rows(["K0001"], indicator="egen_andel").assign(**{c.LEVEL: "smaomrade"})
    with pytest.raises(ValueError, match="uvas"):
        with_extra_indicators(demo, [_extra("uvas")], table.assign(**{c.INDICATOR: "uvas"}), {})
    with pytest.raises(ValueError, match="undeclared"):
        with_extra_indicators(demo, [], table, {})
    with pytest.raises(ValueError, match="unknown levels"):
        with_extra_indicators(demo, [_extra()], table.assign(**{c.LEVEL: "nope"}), {})
