"""Cached loading at the data boundary. Widget values come in as arguments; nothing here draws."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from datapackage.store import DataPackage, read_package
from geo.contiguity import contiguity_graph
from geo.simplify import simplify_for_web


@st.cache_data(show_spinner=False, max_entries=8)
def load_package(path: str) -> DataPackage:
    """Read a package folder once per process (raises `ImportRefused` with the problems)."""
    return read_package(path)


@st.cache_data(show_spinner=False, max_entries=32)
def web_areas(_areas: gpd.GeoDataFrame, cache_key: str) -> gpd.GeoDataFrame:
    """Simplified WGS84 geometries of one level for the web map.

    ``cache_key`` identifies the layer (package path or session upload id, and level); the GeoDataFrame
    itself is not hashed.
    """
    return simplify_for_web(_areas)


@st.cache_data(show_spinner=False, max_entries=16)
def contiguity(cache_key: str, level: str, _areas: gpd.GeoDataFrame):
    """The level's contiguity graph, built once per package and level."""
    return contiguity_graph(_areas)
