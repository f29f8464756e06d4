"""Square grids (and a lone island) of 100 m cells in EPSG:3006, for tests of spatial statistics."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from shapely.geometry import box

CELL = 100.0  # metres


def square_grid(n: int) -> gpd.GeoDataFrame:
    """n x n squares, row-major, ids ``r{row}c{col}``, with ``row`` and ``col`` columns."""
    rows, cols = np.divmod(np.arange(n * n), n)
    return gpd.GeoDataFrame(
        {"area_id": [f"r{r}c{k}" for r, k in zip(rows, cols, strict=True)], "row": rows, "col": cols},
        geometry=[box(k * CELL, r * CELL, (k + 1) * CELL, (r + 1) * CELL)
                  for r, k in zip(rows, cols, strict=True)], crs=3006)


def island(area_id: str = "island", at: float = 10_000.0) -> gpd.GeoDataFrame:
    """One cell far from any grid (no neighbours), with the grid's columns."""
    return gpd.GeoDataFrame({"area_id": [area_id], "row": [-1], "col": [-1]},
                            geometry=[box(at, at, at + CELL, at + CELL)], crs=3006)
