"""Proposed areas on the 5x5 grid, computed by hand: ids, names, members, sums, weighted means, files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.contiguity import contiguity_graph, contiguous_groups
from indicators.proposal import (
    PROPOSAL_COLUMNS,
    ProposalInputError,
    proposal_of_area,
    proposals_csv,
    proposals_geojson,
    propose_areas,
)
from indicators.selection import parse_rule, select_areas
from tests.test_contiguity import SELECTED, grid

REPO = Path(__file__).resolve().parents[1]
#: Put the grid in Malmö so that WGS84 coordinates can be checked.
MALMO_ORIGIN = (374_000.0, 6_164_000.0)


@pytest.fixture
def areas() -> gpd.GeoDataFrame:
    cells = grid()
    cells["geometry"] = cells.geometry.translate(*MALMO_ORIGIN)
    return cells


def per_cell(values: dict[str, float], default: float) -> pd.Series:
    ids = grid()["area_id"]
    return pd.Series([values.get(i, default) for i in ids], index=ids, dtype=float)


# Groups (see test_contiguity): A = c00, c01, c12; B = c30, c40, c41; island c34.
SCORE = per_cell({"c00": 50, "c01": 70, "c12": 60, "c30": 90, "c40": 80, "c41": 40, "c34": 65}, 10)
POPULATION = per_cell({"c00": 100, "c01": 300, "c12": 100, "c30": 200, "c40": 100, "c41": 100,
                       "c34": 50}, 1000)
YOUTH = per_cell({"c00": 10, "c01": 30, "c12": 10, "c30": 20, "c40": 10, "c41": 10, "c34": 5}, 100)
UVAS = per_cell({"c30": 10, "c41": 4, "c34": 12, "c22": 50}, np.nan)


def proposals_for(areas: gpd.GeoDataFrame, selected_ids: list[str] = SELECTED, **kwargs) -> gpd.GeoDataFrame:
    selected = pd.Series(areas["area_id"].isin(selected_ids).to_numpy(), index=areas["area_id"])
    groups = contiguous_groups(areas, selected, contiguity_graph(areas))
    return propose_areas(areas, SCORE, selected, groups, POPULATION, YOUTH, UVAS, **kwargs)


def test_one_proposal_per_group_computed_by_hand(areas):
    proposals = proposals_for(areas)
    assert tuple(proposals.columns) == PROPOSAL_COLUMNS
    # mean_index, population-weighted: B (90*200 + 80*100 + 40*100) / 400 = 75,
    # island 65, A (50*100 + 70*300 + 60*100) / 500 = 64.
    assert proposals["proposal_id"].tolist() == ["P1", "P2", "P3"]
    assert proposals["mean_index"].tolist() == [75.0, 65.0, 64.0]
    assert proposals["name"].tolist() == ["Cell c30 m.fl.", "Cell c34", "Cell c01 m.fl."]
    assert proposals["name_en"].tolist() == ["Cell c30 et al.", "Cell c34", "Cell c01 et al."]
    assert proposals["members"].tolist() == [["c30", "c40", "c41"], ["c34"], ["c00", "c01", "c12"]]
    assert proposals["n_members"].tolist() == [3, 1, 3]
    assert proposals["population"].tolist() == [400.0, 50.0, 500.0]
    assert proposals["youth"].tolist() == [40.0, 5.0, 50.0]
    # UVAS, youth-weighted over members that have it: B (20*10 + 10*4) / 30 = 8; A has none.
    assert proposals["uvas"].iloc[0] == pytest.approx(8.0)
    assert proposals["uvas"].iloc[1] == 12.0
    assert np.isnan(proposals["uvas"].iloc[2])
    assert proposals["n_with_uvas"].tolist() == [2, 1, 0]


def test_geometry_is_the_valid_union_of_members(areas):
    proposals = proposals_for(areas)
    assert proposals.crs.to_epsg() == 3006
    assert proposals.geometry.is_valid.all()
    assert proposals.geometry.area.tolist() == pytest.approx([30_000, 10_000, 30_000])
    cells = areas.set_index("area_id").geometry
    for geometry, members in zip(proposals.geometry, proposals["members"], strict=True):
        assert geometry.equals(shapely.union_all(cells[members].to_numpy()))
    # A touches only at corners: two pieces; B is one polygon.
    assert proposals.geometry.iloc[0].geom_type == "Polygon"
    assert proposals.geometry.iloc[2].geom_type == "MultiPolygon"


def test_ids_do_not_depend_on_row_order_or_group_labels(areas):
    expected = proposals_for(areas)
    shuffled = areas.sample(frac=1, random_state=7)
    result = proposals_for(shuffled)
    pd.testing.assert_frame_equal(pd.DataFrame(result.drop(columns="geometry")),
                                  pd.DataFrame(expected.drop(columns="geometry")))


def test_gaps_closed_on_request(areas):
    gappy = areas.copy()
    gappy["geometry"] = gappy.geometry.buffer(-1.0, join_style="mitre")  # 2 m slivers between cells
    plain = proposals_for(gappy, ["c30", "c40", "c41"])
    closed = proposals_for(gappy, ["c30", "c40", "c41"], close_gaps_m=2.0)
    assert plain.geometry.iloc[0].geom_type == "MultiPolygon"
    assert closed.geometry.iloc[0].geom_type == "Polygon"
    assert closed.geometry.is_valid.all()


def test_membership_geojson_and_csv(areas):
    proposals = proposals_for(areas)
    membership = proposal_of_area(proposals)
    assert membership.to_dict() == {"c30": "P1", "c40": "P1", "c41": "P1", "c34": "P2",
                                    "c00": "P3", "c01": "P3", "c12": "P3"}

    collection = json.loads(proposals_geojson(proposals))
    features = collection["features"]
    assert len(features) == 3
    assert [f["properties"]["proposal_id"] for f in features] == ["P1", "P2", "P3"]
    assert features[0]["properties"]["members"] == ["c30", "c40", "c41"]
    assert features[2]["properties"]["uvas"] is None
    lon, lat = np.array(features[0]["geometry"]["coordinates"][0]).mean(axis=0)
    assert 12.8 < lon < 13.2
    assert 55.5 < lat < 55.7
    assert proposals.crs.to_epsg() == 3006  # the input keeps its CRS

    text = proposals_csv(proposals)
    table = pd.read_csv(io.StringIO(text))
    assert "geometry" not in table.columns
    assert table["members"].tolist() == ["c30|c40|c41", "c34", "c00|c01|c12"]
    assert table["population"].tolist() == [400, 50, 500]


def test_nothing_selected_gives_an_empty_table(areas):
    proposals = proposals_for(areas, [])
    assert proposals.empty
    assert tuple(proposals.columns) == PROPOSAL_COLUMNS
    assert proposals["n_members"].dtype == "int64"
    assert json.loads(proposals_geojson(proposals))["features"] == []
    assert proposals_csv(proposals).startswith("proposal_id,name,name_en,members")


def test_groups_must_match_the_selection(areas):
    selected = pd.Series(areas["area_id"].isin(SELECTED).to_numpy(), index=areas["area_id"])
    groups = contiguous_groups(areas, selected)
    with pytest.raises(ProposalInputError, match="without a group: c00"):
        propose_areas(areas, SCORE, selected, groups.where(groups.index != "c00", -1), POPULATION,
                      YOUTH, UVAS)
    with pytest.raises(ProposalInputError, match="not selected: c00"):
        propose_areas(areas, SCORE, selected.where(selected.index != "c00", False), groups,
                      POPULATION, YOUTH, UVAS)
    with pytest.raises(ProposalInputError, match="'name'"):
        propose_areas(areas.drop(columns="name"), SCORE, selected, groups, POPULATION, YOUTH, UVAS)


def test_demo_package_end_to_end():
    from datapackage.store import read_package

    package = read_package(REPO / "data" / "demo")
    areas = package.areas_at("smaomrade")
    uvas = package.indicator_frame("smaomrade", 2025, "uvas")["value"]
    population = package.population_at("smaomrade", 2025)
    youth = population[package.manifest.youth_age_group]
    score = uvas.rank(pct=True) * 100  # a stand-in for the composite index
    selected = select_areas(score, parse_rule("cover-youth:25"), youth=youth)
    groups = contiguous_groups(areas, selected, contiguity_graph(areas))
    proposals = propose_areas(areas, score, selected, groups, population["total"], youth, uvas)
    assert proposals["n_members"].sum() == selected.sum()
    assert proposals["youth"].sum() == pytest.approx(youth[selected].sum())
    assert proposals["youth"].sum() >= 0.25 * youth.sum()
    assert proposals["mean_index"].is_monotonic_decreasing
    assert proposals.geometry.is_valid.all()
    assert sorted(proposal_of_area(proposals).index) == sorted(selected.index[selected])


# --- dissolved geometry remembered per member set (issue 20) -----------------------------------------

def test_dissolved_geometries_are_reused_and_equal_a_fresh_union():
    from indicators.proposal import DissolvedGeometries

    rng = np.random.default_rng(5)
    cells = shapely.voronoi_polygons(shapely.multipoints(rng.uniform(0, 4000, (120, 2))),
                                     extend_to=shapely.box(0, 0, 4000, 4000), ordered=True)
    cells = shapely.intersection(np.asarray(shapely.get_parts(cells)), shapely.box(0, 0, 4000, 4000))
    ids = [f"a{i:03d}" for i in range(len(cells))]
    areas = gpd.GeoDataFrame({"area_id": ids, "name": ids}, geometry=cells, crs=3006)
    from geo.contiguity import contiguity_adjacency, contiguous_groups

    adjacency = contiguity_adjacency(areas)
    cache = DissolvedGeometries(max_entries=64)
    for seed in range(4):
        score = pd.Series(np.random.default_rng(seed).uniform(0, 100, len(ids)), index=ids)
        selected = score >= score.quantile(0.8)
        groups = contiguous_groups(areas, selected, adjacency)
        pop = pd.Series(1000.0, index=ids)
        for gaps in (0.0, 3.0):
            fresh = propose_areas(areas, score, selected, groups, pop, pop / 10, None, gaps)
            cached = propose_areas(areas, score, selected, groups, pop, pop / 10, None, gaps,
                                   dissolved=cache)
            again = propose_areas(areas, score, selected, groups, pop, pop / 10, None, gaps,
                                  dissolved=cache)
            pd.testing.assert_frame_equal(fresh.drop(columns="geometry"),
                                          cached.drop(columns="geometry"))
            assert shapely.equals_exact(fresh.geometry.to_numpy(), cached.geometry.to_numpy()).all()
            # as GeoPandas did it before: union of the members, buffered out and in, made valid
            by_id = areas.set_index("area_id").geometry
            expected = gpd.GeoSeries([shapely.union_all(by_id[list(m)].to_numpy())
                                      for m in fresh["members"]], crs=3006)
            if gaps:
                expected = expected.buffer(gaps).buffer(-gaps)
            assert shapely.equals_exact(expected.make_valid().to_numpy(),
                                        fresh.geometry.to_numpy()).all()
            assert all(a is b for a, b in zip(cached.geometry, again.geometry, strict=True))
    assert 0 < len(cache) <= 64
    with pytest.raises(ValueError, match="max_entries"):
        DissolvedGeometries(0)
