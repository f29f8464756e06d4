"""Cached loading at the data boundary. Widget values come in as arguments; nothing here draws."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from datapackage.store import DataPackage, read_package
from geo.contiguity import Adjacency, contiguity_adjacency
from geo.land import clip_to_land
from geo.simplify import simplify_for_web
from geo.webmap import area_geojson
from indicators.index import AGGREGATIONS, NORMALISATIONS
from indicators.proposal import DissolvedGeometries
from indicators.robustness import RobustnessResult, derived_weight_presets, rank_uncertainty, sensitivity
from services.scenario import area_inputs

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
GEOMETRY_CACHE = "cache"


@st.cache_resource(show_spinner=False, max_entries=8)
def load_package(path: str) -> DataPackage:
    """Read a package folder once per process (raises `ImportRefused` with the problems).

    A resource cache: every session and rerun shares the one package object instead of unpickling a
    copy of every table on each rerun (``st.cache_data`` did, 0.1-1 s and a package's worth of memory
    per rerun). The package is read-only by convention: pages and services derive new frames from it
    (``.assign``, ``.copy``, filters) and never set a column or value on its frames in place.
    """
    return read_package(path)


@st.cache_resource(show_spinner=False, max_entries=32)
def web_areas(_areas: gpd.GeoDataFrame, _land: gpd.GeoSeries | None,
              cache_key: str) -> gpd.GeoDataFrame:
    """Simplified WGS84 geometries of one level for the web map, clipped to the package's land.

    ``cache_key`` identifies the layer (package path or session upload id, and level); the
    GeoDataFrame itself is not hashed. Shared, never copied per rerun; callers only read it.
    """
    return simplify_for_web(clip_to_land(_areas, _land))


@st.cache_resource(show_spinner=False, max_entries=16)
def contiguity(cache_key: str, level: str, _areas: gpd.GeoDataFrame) -> Adjacency:
    """The level's neighbours (a sparse matrix, enough for contiguous groups), built once per package
    and level. A resource cache: shared, never copied per rerun (nothing changes it)."""
    return contiguity_adjacency(_areas)


@st.cache_resource(show_spinner=False, max_entries=16)
def dissolved_geometries(cache_key: str, level: str) -> DissolvedGeometries:
    """Proposal geometries of one package and level, kept per member set and shared by every
    session: a weight change that keeps a group as it was does not dissolve it again."""
    return DissolvedGeometries()


@st.cache_resource(show_spinner=False, max_entries=16)
def spatial_graph(cache_key: str, level: str, _areas: gpd.GeoDataFrame):
    """The level's contiguity as a ``libpysal.graph.Graph`` (hot spots, regions), built once per
    package and level; imports libpysal only when a page asks for it."""
    from geo.contiguity import contiguity_graph

    return contiguity_graph(_areas)


@st.cache_resource(show_spinner=False, max_entries=32)
def _web_geometry(_areas: gpd.GeoDataFrame, _land: gpd.GeoSeries | None,
                  cache_key: str) -> tuple[str, str]:
    """The level's web GeoJSON and its file name below ``static`` (named by its content).

    A resource cache (the strings are immutable): no copy per rerun, unlike ``st.cache_data``.
    """
    geojson = area_geojson(web_areas(_areas, _land, cache_key))
    return f"{GEOMETRY_CACHE}/{hashlib.sha256(geojson.encode()).hexdigest()[:20]}.geojson", geojson


def web_geometry_file(_areas: gpd.GeoDataFrame, _land: gpd.GeoSeries | None,
                      cache_key: str) -> str | None:
    """Write the level's web GeoJSON under ``static/cache`` when it is not there; its path below
    ``static``.

    The browser then fetches the geometry once instead of receiving it with every rerun. The file is
    named by its content, so a rebuilt package never gets a stale file, and every replica of a
    deployment names the same geometry the same way. Whether the file exists is checked on every call
    (one ``stat``), so a file removed while the process runs (a cleaned cache folder, a fresh container
    disk) is written again before the browser is told to fetch it. Returns None when the folder is not
    writable (the map then embeds the geometry).
    """
    name, geojson = _web_geometry(_areas, _land, cache_key)
    target = STATIC_DIR / name
    if target.exists():
        return name
    try:
        target.parent.mkdir(exist_ok=True)
        # A name of this process's own, so replicas sharing the folder never write the same file.
        partial = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_text(geojson, encoding="utf-8")
        partial.replace(target)  # atomic: a browser never reads half a file
    except OSError:
        return None
    return name


@st.cache_data(show_spinner=False, max_entries=32)
def derived_presets(_package: DataPackage, cache_key: str, level: str,
                    year: int) -> dict[str, dict[str, float]]:
    """PCA and equal-after-correlation weights of the index indicators present at a level and year.

    Indicators without values there are left out (never a share computed from nothing); with fewer
    than two present there is nothing to derive and the result is empty.
    """
    ids = _package.index_coverage(level).get(year, ())
    values = area_inputs(_package, level, year, ids)[list(ids)]
    return derived_weight_presets(values, {i: _package.registry.get(i).direction for i in ids})


@st.cache_data(show_spinner=False, max_entries=32)
def robustness(_values: pd.DataFrame, _directions: dict, cache_key: str, level: str, year: int,
               ids: tuple[str, ...], weights: tuple[tuple[str, float], ...], normalisation: str,
               aggregation: str,
               rule: str, draws: int, concentration: float,
               vary_methods: bool) -> tuple[RobustnessResult, pd.DataFrame]:
    """Monte Carlo rank bands (`rank_uncertainty`, seed 0) and `sensitivity` of one scenario, once
    per package, scenario (level, year, weights, methods, rule), number of draws, concentration and
    whether methods vary: switching the language or coming back to the page does not draw again.

    ``_values`` are the scenario's `area_inputs` at ``level`` and ``year`` (youth included), ``ids``
    the indicators taking part (columns, in this order) and ``_directions`` their directions; both
    follow from the hashed arguments.
    """
    chosen = dict(weights)
    values = _values[list(ids)]
    result = rank_uncertainty(
        values, _directions, chosen, draws=draws, concentration=concentration,
        normalisation=normalisation, aggregation=aggregation,
        normalisations=tuple(NORMALISATIONS) if vary_methods else None,
        aggregations=tuple(AGGREGATIONS) if vary_methods else None,
        rule=rule, youth=_values["youth"], seed=0)
    sens = sensitivity(values, _directions, chosen, draws=min(draws, 2_000),
                       concentration=concentration, normalisation=normalisation,
                       aggregation=aggregation, seed=0)
    return result, sens
