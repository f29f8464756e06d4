"""Move statistics between area divisions: crosswalks and areal interpolation.

Everything here works on one small table of *weights*: one row per (source area, target area)
pair with the share of the source that belongs to the target. The weights of one source sum to 1,
so a count (an extensive variable such as population) is conserved when it is spread over targets::

    count_t = sum_s  w_st * count_s

and a rate (an intensive variable such as a percentage) is averaged with the counts it refers to::

    rate_t = sum_s (w_st * n_s * rate_s) / sum_s (w_st * n_s)

Weights come from a code crosswalk (`nested_weights`: every source lies wholly in one target,
w = 1), from counts that split a source over its successors (`share_weights`), or from geometry
(`areal_weights`: the share of the source's area that lies in each target, optionally counting
only the part of the source that the targets cover, e.g. land when the source polygons include
sea).
Pure functions: inputs are never modified. Never imports streamlit.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

SOURCE = "source"
TARGET = "target"
WEIGHT = "weight"
WEIGHT_COLUMNS = (SOURCE, TARGET, WEIGHT)


def _require_columns(df: pd.DataFrame, columns: tuple[str, ...] | list[str], what: str) -> None:
    for col in columns:
        if col not in df.columns:
            raise ValueError(f"{what} has no column {col!r} (columns: {', '.join(map(str, df))})")


def nested_weights(crosswalk: pd.DataFrame, source_col: str, target_col: str) -> pd.DataFrame:
    """Weights for areas nested in coarser areas, from a code crosswalk.

    Parameters
    ----------
    crosswalk : one row per source area with the code of the target area it lies in.
    source_col, target_col : the columns holding source and target codes.

    Returns
    -------
    DataFrame with columns ``source``, ``target``, ``weight`` (always 1).

    Raises
    ------
    ValueError
        If a column is missing or a source code maps to more than one target.
    """
    _require_columns(crosswalk, [source_col, target_col], "crosswalk")
    pairs = crosswalk[[source_col, target_col]].drop_duplicates()
    repeated = pairs[source_col][pairs[source_col].duplicated()]
    if not repeated.empty:
        raise ValueError(
            f"crosswalk column {source_col!r}: {repeated.iloc[0]!r} lies in more than one "
            f"{target_col!r}; use share_weights or areal_weights instead"
        )
    return pd.DataFrame({
        SOURCE: pairs[source_col].to_numpy(),
        TARGET: pairs[target_col].to_numpy(),
        WEIGHT: 1.0,
    })


def share_weights(
    crosswalk: pd.DataFrame, source_col: str, target_col: str, size: pd.Series
) -> pd.DataFrame:
    """Weights that split each source over its targets in proportion to a size of the targets.

    Used when an area was split into several successors: ``w_st = size_t / sum_t' size_t'`` over the
    successors t' of s. A source whose successors all have size 0 is split equally.

    Parameters
    ----------
    crosswalk : one row per (source, target) pair.
    source_col, target_col : the columns holding source and target codes.
    size : non-negative size of each target (e.g. its population), indexed by target code.

    Returns
    -------
    DataFrame with columns ``source``, ``target``, ``weight``; weights of one source sum to 1.
    """
    _require_columns(crosswalk, [source_col, target_col], "crosswalk")
    pairs = crosswalk[[source_col, target_col]].drop_duplicates()
    sizes = pairs[target_col].map(size).astype(float)
    if sizes.isna().any():
        missing = pairs[target_col][sizes.isna()].iloc[0]
        raise ValueError(f"size has no value for {target_col} {missing!r}")
    if (sizes < 0).any():
        raise ValueError("size must not be negative")
    totals = sizes.groupby(pairs[source_col]).transform("sum")
    counts = sizes.groupby(pairs[source_col]).transform("size")
    weight = np.where(totals > 0, sizes / totals.where(totals > 0, 1.0), 1.0 / counts)
    return pd.DataFrame({
        SOURCE: pairs[source_col].to_numpy(),
        TARGET: pairs[target_col].to_numpy(),
        WEIGHT: weight,
    })


def areal_weights(
    source: gpd.GeoDataFrame,
    target: gpd.GeoDataFrame,
    source_id: str,
    target_id: str,
    *,
    covered_only: bool = True,
) -> pd.DataFrame:
    """Weights from the overlap of two polygon layers.

    ``w_st = area(s ∩ t) / A_s`` where ``A_s`` is the area of s covered by the targets,
    ``sum_t area(s ∩ t)`` (``covered_only=True``, the default) or the whole area of s
    (``covered_only=False``). Counting only the covered part matters when the source polygons
    include sea or other land the targets leave out: a source's population is then spread over its
    land only, and totals are conserved for every source that touches a target at all.

    Parameters
    ----------
    source, target : polygon layers in the same projected CRS (areas in m²).
    source_id, target_id : columns with unique area codes.
    covered_only : normalise by the covered part of each source (True) or by its full area.

    Returns
    -------
    DataFrame with columns ``source``, ``target``, ``weight``; sources that touch no target have no
    rows.

    Raises
    ------
    ValueError
        If a column is missing, a CRS is geographic or the layers' CRSs differ.
    """
    _require_columns(source, [source_id, "geometry"], "source layer")
    _require_columns(target, [target_id, "geometry"], "target layer")
    if source.crs is None or target.crs is None or source.crs != target.crs:
        raise ValueError("source and target layers must share one (projected) CRS")
    if source.crs.is_geographic:
        raise ValueError("areal weights need a projected CRS (areas in m²), not degrees")
    left = gpd.GeoDataFrame({SOURCE: source[source_id].to_numpy()},
                            geometry=source.geometry.to_numpy(), crs=source.crs)
    right = gpd.GeoDataFrame({TARGET: target[target_id].to_numpy()},
                             geometry=target.geometry.to_numpy(), crs=target.crs)
    pieces = gpd.overlay(left, right, how="intersection", keep_geom_type=True)
    pieces = pd.DataFrame({SOURCE: pieces[SOURCE], TARGET: pieces[TARGET],
                           "area": pieces.geometry.area})
    pieces = pieces.groupby([SOURCE, TARGET], as_index=False, sort=False)["area"].sum()
    pieces = pieces[pieces["area"] > 0]
    if covered_only:
        denominator = pieces.groupby(SOURCE)["area"].transform("sum")
    else:
        full = pd.Series(source.geometry.area.to_numpy(), index=source[source_id].to_numpy())
        denominator = pieces[SOURCE].map(full)
    return pd.DataFrame({
        SOURCE: pieces[SOURCE].to_numpy(),
        TARGET: pieces[TARGET].to_numpy(),
        WEIGHT: (pieces["area"] / denominator).to_numpy(),
    })


def interpolate_counts(counts: pd.DataFrame | pd.Series, weights: pd.DataFrame) -> pd.DataFrame:
    """Spread counts (extensive variables) from source to target areas.

    ``count_t = sum_s w_st * count_s``. Missing counts are treated as missing, not zero: a target
    gets NaN in a column only if every source contributing to it is missing there.

    Parameters
    ----------
    counts : counts indexed by source code, one column per variable (a Series is one variable).
    weights : ``source``, ``target``, ``weight`` rows (see the module docstring).

    Returns
    -------
    DataFrame indexed by target code (sorted), one column per variable.
    """
    _require_columns(weights, list(WEIGHT_COLUMNS), "weights")
    frame = counts.to_frame() if isinstance(counts, pd.Series) else counts
    joined = weights.join(frame, on=SOURCE, how="inner")
    scaled = joined[list(frame.columns)].mul(joined[WEIGHT], axis=0)
    scaled[TARGET] = joined[TARGET].to_numpy()
    out = scaled.groupby(TARGET).sum(min_count=1)
    out = out.reindex(sorted(weights[TARGET].unique()))
    out.index.name = None
    return out


def interpolate_rate(rate: pd.Series, size: pd.Series, weights: pd.DataFrame) -> pd.Series:
    """Move a rate (intensive variable) from source to target areas, weighted by a count.

    ``rate_t = sum_s (w_st * n_s * rate_s) / sum_s (w_st * n_s)`` where ``n_s`` is the count the
    rate refers to (e.g. population). Sources whose rate or size is missing are left out of both
    sums; a target with no usable source gets NaN.

    Parameters
    ----------
    rate : the rate per source area (e.g. percent), indexed by source code.
    size : the count the rate refers to, indexed by source code.
    weights : ``source``, ``target``, ``weight`` rows.

    Returns
    -------
    Series indexed by target code (sorted), named like ``rate``.
    """
    _require_columns(weights, list(WEIGHT_COLUMNS), "weights")
    usable = pd.DataFrame({"rate": rate, "size": size}).dropna()
    parts = interpolate_counts(
        pd.DataFrame({"num": usable["rate"] * usable["size"], "den": usable["size"]}), weights)
    out = (parts["num"] / parts["den"].where(parts["den"] > 0)).rename(rate.name)
    return out
