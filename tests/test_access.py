"""Share of an area's land near places (`geo.access.land_share_within`), on 100 m squares by hand."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from geo.access import KNOWN, QUAD_SEGMENTS, AccessInputError, land_access_table, land_share_within
from tests.grids import square_grid

CELL_AREA = 100.0 * 100.0


def circle(r: float) -> float:
    """Area of the buffer polygon of radius r: 4·QUAD_SEGMENTS sides inscribed in the circle."""
    n = 4 * QUAD_SEGMENTS
    return n / 2 * r * r * math.sin(2 * math.pi / n)


def places(*xy: tuple[float, float], crs: int | str = 3006) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": [f"p{i}" for i in range(len(xy))]},
                            geometry=[Point(x, y) for x, y in xy], crs=crs)


def shares(grid: gpd.GeoDataFrame, result: pd.Series) -> dict[str, float]:
    return dict(zip(grid["area_id"], result.round(4), strict=True))


# 2 x 2 grid: r0c0 = [0,100]², r0c1 = [100,200]x[0,100], r1c0 = [0,100]x[100,200], r1c1 the rest.
@pytest.mark.parametrize(("point", "r", "expected"), [
    # a point at the grid's outer corner: a quarter circle in r0c0 only
    ((0, 0), 50, {"r0c0": circle(50) / 4 / CELL_AREA * 100, "r0c1": 0, "r1c0": 0, "r1c1": 0}),
    # at the shared centre corner: a quarter circle in each of the four cells
    ((100, 100), 50, dict.fromkeys(("r0c0", "r0c1", "r1c0", "r1c1"), circle(50) / 4 / 100)),
    # in the middle of r0c0: the inscribed circle, touching its neighbours without entering them
    ((50, 50), 50, {"r0c0": circle(50) / 100, "r0c1": 0, "r1c0": 0, "r1c1": 0}),
    # far enough to cover every cell (the farthest corner is √(200²+200²) ≈ 283 m away)
    ((0, 0), 300, dict.fromkeys(("r0c0", "r0c1", "r1c0", "r1c1"), 100.0)),
])
def test_one_point_by_hand(point, r, expected):
    grid = square_grid(2)
    result = land_share_within(grid, places(point), r)
    assert shares(grid, result) == pytest.approx(expected, abs=1e-3)


def test_the_buffer_polygon_is_within_a_fifth_of_a_percent_of_the_circle():
    grid = square_grid(2)
    result = land_share_within(grid, places((0, 0)), 50)
    quarter_circle = math.pi * 50**2 / 4 / CELL_AREA * 100  # 19.635 %
    assert result.iloc[0] == pytest.approx(quarter_circle, rel=2e-3)


def test_overlapping_reach_is_counted_once():
    grid = square_grid(2)
    once = land_share_within(grid, places((0, 0)), 50)
    twice = land_share_within(grid, places((0, 0), (0, 0), (1, 1)), 50)
    assert twice.iloc[0] < 2 * once.iloc[0]
    # two corners of r0c0: two disjoint quarter circles
    both = land_share_within(grid, places((0, 0), (100, 0)), 50)
    assert both.iloc[0] == pytest.approx(2 * once.iloc[0], abs=1e-6)


def test_only_the_land_part_counts():
    grid = square_grid(2)
    land = box(0, 0, 100, 50)  # the lower half of r0c0 is land, the rest is sea
    result = land_share_within(grid, places((0, 0)), 50, land=land)
    # the quarter circle (radius 50 at the corner) lies wholly in the lower half: 1 963 / 5 000 m²
    assert result.iloc[0] == pytest.approx(circle(50) / 4 / 5000 * 100)
    assert result.iloc[1:].isna().all()  # no land: no share, rather than 0 %
    # land as a GeoSeries (or GeoDataFrame) of pieces in the same CRS
    pieces = gpd.GeoSeries([box(0, 0, 50, 50), box(50, 0, 100, 50)], crs=3006)
    assert land_share_within(grid, places((0, 0)), 50, land=pieces).iloc[0] == pytest.approx(
        result.iloc[0])
    assert land_share_within(grid, places((0, 0)), 50, land=pieces.to_frame("geometry")).iloc[0] \
        == pytest.approx(result.iloc[0])
    # land that misses every area: no area has land, so none has a share
    assert land_share_within(grid, places((0, 0)), 50, land=box(500, 500, 600, 600)).isna().all()


def test_no_places_is_zero_and_the_index_is_kept():
    grid = square_grid(2).set_index("area_id")
    none = gpd.GeoDataFrame(geometry=[], crs=3006)
    result = land_share_within(grid, none, 400)
    assert list(result.index) == list(grid.index)
    assert (result == 0).all()


def test_polygon_places_count_from_their_edge():
    grid = square_grid(2)
    park = gpd.GeoDataFrame(geometry=[box(0, 0, 100, 50)], crs=3006)
    result = land_share_within(grid, park, 10)
    assert result.iloc[0] == pytest.approx(60.0, abs=0.01)  # y ≤ 60 of r0c0
    assert result.iloc[2] == 0  # r1c0 starts at y = 100


def test_inputs_are_not_changed():
    grid, pts = square_grid(2), places((0, 0))
    before_grid, before_pts = grid.copy(), pts.copy()
    land_share_within(grid, pts, 50, land=box(0, 0, 100, 50))
    pd.testing.assert_frame_equal(grid, before_grid)
    pd.testing.assert_frame_equal(pts, before_pts)


@pytest.mark.parametrize(("kwargs", "code", "named"), [
    ({"areas": square_grid(2).to_crs(4326)}, "not_metres", "areas"),
    ({"areas": square_grid(2).set_crs(None, allow_override=True)}, "no_crs", "areas"),
    ({"points": places((0, 0), crs=4326)}, "not_metres", "points"),
    ({"points": places((0, 0), crs=3008)}, "crs_mismatch", "points"),
    ({"distance_m": 0}, "bad_distance", "distance_m"),
    ({"distance_m": -5}, "bad_distance", "distance_m"),
    ({"distance_m": float("nan")}, "bad_distance", "distance_m"),
    ({"distance_m": float("inf")}, "bad_distance", "distance_m"),
    ({"distance_m": "400"}, "bad_distance", "distance_m"),
    ({"distance_m": True}, "bad_distance", "distance_m"),
    ({"land": gpd.GeoSeries([box(0, 0, 1, 1)], crs=3008)}, "crs_mismatch", "land"),
    ({"land": LineString([(0, 0), (1, 1)])}, "bad_land", "land"),
    ({"land": "sea"}, "bad_land", "land"),
    ({"areas": pd.DataFrame({"a": [1]})}, "not_geodataframe", "areas"),
])
def test_refusals_name_the_parameter(kwargs, code, named):
    arguments = {"areas": square_grid(2), "points": places((0, 0)), "distance_m": 50, **kwargs}
    with pytest.raises(AccessInputError) as refused:
        land_share_within(**arguments)
    assert refused.value.code == code
    assert refused.value.params["parameter"] == named
    assert named in str(refused.value)
    assert isinstance(refused.value, ValueError)


def test_refusals_name_the_column_and_row():
    grid = square_grid(2)
    grid.loc[2, "geometry"] = None
    with pytest.raises(AccessInputError, match="row 2 has no geometry in column 'geometry'"):
        land_share_within(grid, places((0, 0)), 50)
    grid = square_grid(2)
    grid.loc[1, "geometry"] = Point(5, 5)
    with pytest.raises(AccessInputError, match="row 1 is a Point, not a polygon") as refused:
        land_share_within(grid, places((0, 0)), 50)
    assert refused.value.params["column"] == "geometry"
    pts = places((0, 0), (1, 1))
    pts.loc[1, "geometry"] = None
    with pytest.raises(AccessInputError, match="points row 1 has no geometry"):
        land_share_within(square_grid(2), pts, 50)


def test_many_areas_and_points_at_once():
    """209 areas and 3,000 places go through in one vectorised pass (timed in benchmarks/run.py)."""
    grid = square_grid(15)  # 225 cells
    rng = np.random.default_rng(3)
    pts = places(*map(tuple, rng.uniform(0, 1500, size=(3000, 2))))
    result = land_share_within(grid, pts, 400)
    assert result.between(0, 100).all()
    assert (result == 100).all()  # 3,000 places in 1.5 km²: everything is near one


def test_land_near_unsurveyed_ground_is_not_taken_for_land_without_places():
    grid = square_grid(2)
    pts = places((0, 0))
    # the top row was not surveyed: land within 50 m of it is unknown unless a place reaches it, so
    # r0c0 and r0c1 know their lower halves (y ≤ 50), exactly the default minimum of half
    top = box(0, 100, 200, 200)
    result = land_share_within(grid, pts, 50, unsurveyed=top)
    assert result.iloc[0] == pytest.approx(100 * circle(50) / 4 / 5000)
    assert result.iloc[1] == 0
    assert result.iloc[2:].isna().all()  # not surveyed: unknown, not 0 %
    # how much of each square's land is known, in percent
    known = land_access_table(grid, pts, 50, unsurveyed=top)[KNOWN]
    assert known.tolist() == pytest.approx([50, 50, 0, 0], abs=1e-6)
    assert land_access_table(grid, pts, 50)[KNOWN].tolist() == [100.0] * 4
    # a stricter minimum leaves the half-known squares without a value too
    assert land_share_within(grid, pts, 50, unsurveyed=top, min_known=0.6).isna().all()
    # the left column was not surveyed: r0c1 knows [150,200]x[0,100] and nothing reaches it: 50 %;
    # r0c0 knows only its quarter circle (20 %): no value
    left = land_share_within(grid, pts, 50, unsurveyed=box(0, 0, 100, 200))
    assert math.isnan(left.iloc[0])
    assert left.iloc[1] == 0
    # nothing unsurveyed (an empty geometry): as without it
    assert land_share_within(grid, pts, 50, unsurveyed=box(0, 0, 1, 1).intersection(
        box(5, 5, 6, 6))).equals(land_share_within(grid, pts, 50))


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"min_known": 1.5}, "bad_min_known"),
    ({"min_known": -0.1}, "bad_min_known"),
    ({"unsurveyed": LineString([(0, 0), (1, 1)])}, "bad_unsurveyed"),
    ({"unsurveyed": gpd.GeoSeries([box(0, 0, 1, 1)], crs=4326)}, "crs_mismatch"),
])
def test_unsurveyed_refusals(kwargs, code):
    with pytest.raises(AccessInputError) as refused:
        land_share_within(square_grid(2), places((0, 0)), 50, **kwargs)
    assert refused.value.code == code
