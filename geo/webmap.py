"""Folium maps that draw with no internet.

Folium and streamlit-folium load Leaflet (and jQuery, Bootstrap, icon fonts) from CDNs; when one is
blocked the map iframe silently stays empty. Maps built here load only Leaflet, from the project's own
static folder, and draw polygons on a plain background; web tiles are optional.

Builders are pure: an already simplified WGS84 GeoDataFrame in, a `folium.Map` out.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd

LEAFLET_VERSION = "1.9.4"
#: Background of the map where there are no tiles: a pale sea colour, so land polygons stand out.
PLAIN_BACKGROUND = "#eef3f7"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"


def leaflet_assets(static_base: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(js, css) lists for a folium element, pointing at the vendored Leaflet under ``static_base``.

    ``static_base`` is the URL path where Streamlit serves ``./static`` (``/app/static``, prefixed with
    ``server.baseUrlPath`` when one is set).
    """
    root = f"{static_base.rstrip('/')}/vendor/leaflet-{LEAFLET_VERSION}"
    return [("leaflet", f"{root}/leaflet.js")], [("leaflet_css", f"{root}/leaflet.css")]


@dataclass(frozen=True)
class TooltipField:
    """A property shown in the tooltip, with its label."""

    column: str
    label: str


def escape_text(values: pd.Series) -> pd.Series:
    """HTML-escape text for tooltips: Leaflet inserts tooltip content as HTML, names must show as text."""
    return values.astype("string").fillna("").map(html.escape)


def base_map(bounds: Sequence[float], static_base: str, tiles: bool = False) -> folium.Map:
    """An empty map fitted to ``bounds`` (minx, miny, maxx, maxy in WGS84) using local Leaflet only."""
    m = folium.Map(tiles=None, control_scale=True, zoom_snap=0.25)
    js, css = leaflet_assets(static_base)
    # Instance attributes shadow folium's class-level CDN lists (jQuery, Bootstrap, fonts...).
    m.default_js = js
    m.default_css = css
    m.get_root().header.add_child(folium.Element(
        f"<style>.leaflet-container{{background:{PLAIN_BACKGROUND};}}</style>"))
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap").add_to(m)
    minx, miny, maxx, maxy = bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


def choropleth_layer(areas: gpd.GeoDataFrame, fill_column: str, tooltip: Sequence[TooltipField],
                     name: str = "areas") -> folium.GeoJson:
    """Polygons filled with the colour in ``fill_column``, with an escaped tooltip.

    ``areas`` must be in WGS84. Tooltip columns are escaped here, so callers pass raw text.
    """
    if areas.crs is None or areas.crs.to_epsg() != 4326:
        raise ValueError("areas must be in EPSG:4326 for the web map")
    missing = [f.column for f in tooltip if f.column not in areas.columns] + (
        [fill_column] if fill_column not in areas.columns else [])
    if missing:
        raise ValueError(f"columns missing from areas: {', '.join(missing)}")
    cols = list(dict.fromkeys([fill_column, *(f.column for f in tooltip)]))
    data = areas[[*cols, "geometry"]].copy()
    for f in tooltip:
        data[f.column] = escape_text(data[f.column])
    return folium.GeoJson(
        data.to_json(drop_id=True),
        name=name,
        style_function=lambda feature: {
            "fillColor": feature["properties"][fill_column],
            "fillOpacity": 0.85,
            "color": "#ffffff",
            "weight": 0.6,
        },
        highlight_function=lambda _feature: {"weight": 2.5, "color": "#222222"},
        tooltip=folium.GeoJsonTooltip(
            fields=[f.column for f in tooltip], aliases=[html.escape(f.label) for f in tooltip],
            sticky=True,
        ),
        smooth_factor=0.5,
    )


def outline_layer(areas: gpd.GeoDataFrame, label_column: str, name: str, colour: str = "#c51b7d",
                  dash: str | None = "6 4") -> folium.GeoJson:
    """Outlined, unfilled polygons (reference overlays, proposed areas) with an escaped tooltip."""
    data = areas[[label_column, "geometry"]].to_crs("EPSG:4326").copy()
    data[label_column] = escape_text(data[label_column])
    return folium.GeoJson(
        data.to_json(drop_id=True),
        name=name,
        style_function=lambda _f: {"fill": False, "color": colour, "weight": 2.5,
                                   "dashArray": dash},
        tooltip=folium.GeoJsonTooltip(fields=[label_column], labels=False),
    )
