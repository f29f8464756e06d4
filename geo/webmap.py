"""Folium maps that draw with no internet.

Folium and streamlit-folium load Leaflet (and jQuery, Bootstrap, icon fonts) from CDNs; when one is
blocked the map iframe silently stays empty. Maps built here load only Leaflet, from the project's own
static folder, and draw polygons on a plain background; web tiles are optional.

Builders are pure: an already simplified WGS84 GeoDataFrame in, a `folium.Map` out.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

import folium
import geopandas as gpd
import jinja2
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


# ---------------------------------------------------------------------------------------------------
# A stable map whose data is swapped: the geometry is drawn once (part of the base map, so
# streamlit-folium keeps its iframe), and every rerun sends only a small "restyle" layer with the
# colour and tooltip of each area. Moving a weight slider then repaints the polygons in place.
# ---------------------------------------------------------------------------------------------------

_REGISTER_AREAS = """{% macro script(this, kwargs) %}
    (function () {
        var layer = {{ this._parent.get_name() }};
        var byId = {};
        layer.eachLayer(function (l) {
            byId[l.feature.properties[{{ this.id_column | tojson }}]] = l;
            l.on("mouseover", function () { l.setStyle({weight: 2.5, color: "#222222"}); });
            l.on("mouseout", function () { l.setStyle({weight: l.options.kBaseWeight || 0.6,
                                                        color: l.options.kBaseColor || "#ffffff"}); });
        });
        window.kraftsamlaAreas = byId;
    })();
{% endmacro %}"""

_RESTYLE_AREAS = """{% macro script(this, kwargs) %}
    (function () {
        var styles = {{ this.styles_json }};
        var byId = window.kraftsamlaAreas || {};
        Object.keys(byId).forEach(function (id) {
            var l = byId[id], s = styles[id];
            var fill = s ? s[0] : {{ this.no_data_colour | tojson }};
            l.options.kBaseWeight = 0.6; l.options.kBaseColor = "#ffffff";
            l.setStyle({fillColor: fill, fillOpacity: 0.85, color: "#ffffff", weight: 0.6});
            l.unbindTooltip();
            if (s) { l.bindTooltip(s[1], {sticky: true}); }
        });
    })();
{% endmacro %}"""


class _RegisterAreas(folium.MacroElement):
    """Registers the polygons of its parent GeoJson layer by area id for `_RestyleAreas`."""

    _template = jinja2.Template(_REGISTER_AREAS)

    def __init__(self, id_column: str) -> None:
        super().__init__()
        self._name = "RegisterAreas"
        self.id_column = id_column


class _RestyleAreas(folium.MacroElement):
    """Sets fill colour and tooltip of every registered polygon from an id -> (fill, html) map."""

    _template = jinja2.Template(_RESTYLE_AREAS)

    def __init__(self, styles: dict[str, tuple[str, str]], no_data_colour: str) -> None:
        super().__init__()
        self._name = "RestyleAreas"
        # The JSON goes into a <script>: escape "<" so no value can close the script element.
        self.styles_json = json.dumps(styles, ensure_ascii=False).replace("<", "\\u003c")
        self.no_data_colour = no_data_colour


def area_geometry_layer(areas: gpd.GeoDataFrame, id_column: str = "area_id") -> folium.GeoJson:
    """The polygons of a level, drawn once in light grey and registered for restyling.

    Only ids and geometry are sent; colours and tooltips come with `restyle_layer` on every rerun.
    """
    if areas.crs is None or areas.crs.to_epsg() != 4326:
        raise ValueError("areas must be in EPSG:4326 for the web map")
    layer = folium.GeoJson(
        areas[[id_column, "geometry"]].to_json(drop_id=True),
        name="areas",
        style_function=lambda _f: {"fillColor": "#eeeeee", "fillOpacity": 0.85,
                                   "color": "#ffffff", "weight": 0.6},
        smooth_factor=0.5,
    )
    layer.add_child(_RegisterAreas(id_column))
    return layer


def tooltip_html(rows: Sequence[tuple[str, str]]) -> str:
    """Tooltip content from (label, value) pairs, every part HTML-escaped."""
    return "<br>".join(f"<b>{html.escape(label)}</b> {html.escape(str(value))}"
                       for label, value in rows)


def restyle_layer(fills: pd.Series, tooltips: pd.Series, no_data_colour: str,
                  extra: Sequence[folium.Element] = ()) -> folium.FeatureGroup:
    """A layer that recolours the registered polygons: ``fills`` and ``tooltips`` are indexed by area id.

    ``tooltips`` must already be safe HTML (see `tooltip_html`). ``extra`` layers (e.g. outlines of
    proposed areas) travel with it and are replaced with it.
    """
    styles = {str(k): (str(fills[k]), str(tooltips.get(k, ""))) for k in fills.index}
    group = folium.FeatureGroup(name="data", control=False)
    group.add_child(_RestyleAreas(styles, no_data_colour))
    for element in extra:
        group.add_child(element)
    return group
