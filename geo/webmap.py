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
from branca.element import MacroElement
from jinja2 import Template

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


#: Above this many polygons the map draws on a canvas instead of SVG (much faster to repaint).
CANVAS_ABOVE = 1500


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"


def base_map(bounds: Sequence[float], static_base: str, tiles: bool = False,
             canvas: bool = False) -> folium.Map:
    """An empty map fitted to ``bounds`` (minx, miny, maxx, maxy in WGS84) using local Leaflet only.

    ``canvas`` draws vector layers on a canvas rather than as SVG elements: use it for thousands of
    polygons.
    """
    m = folium.Map(tiles=None, control_scale=False, zoom_snap=0.25, prefer_canvas=canvas)
    MetricScale().add_to(m)  # km only: folium's own scale adds miles
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

_AREA_LAYER = """{% macro script(this, kwargs) %}
    (function () {
        var map = {{ this._parent.get_name() }};
        var byId = {};
        function register(layer) {
            layer.eachLayer(function (l) {
                var id = l.feature.properties.area_id;
                var name = l.feature.properties.name;  // HTML-escaped in Python
                byId[id] = l;
                // The tooltip is built when shown from the latest values, so a rerun sends only those.
                l.bindTooltip(function () {
                    var d = window.kraftsamlaData, v = d && d.values[id];
                    if (!v) { return "<b>" + name + "</b>"; }
                    return "<b>" + name + "</b>" + d.labels.map(function (label, i) {
                        return "<br>" + label + ": " + v[i];
                    }).join("");
                }, {sticky: true});
                l.on("mouseover", function () { l.setStyle({weight: 2.5, color: "#222222"}); });
                l.on("mouseout", function () { l.setStyle({weight: 0.6, color: "#ffffff"}); });
            });
            window.kraftsamlaAreas = byId;
            if (window.kraftsamlaApply) { window.kraftsamlaApply(); }
        }
        function draw(data) {
            // The areas get a pane of their own below Leaflet's overlay pane, so outlines (proposed
            // areas, overlays) stay on top even when they were drawn before the fetch finished.
            if (!map.getPane("kraftsamlaAreas")) {
                map.createPane("kraftsamlaAreas").style.zIndex = 350;
            }
            register(L.geoJson(data, {
                pane: "kraftsamlaAreas",
                style: function () {
                    return {fillColor: "#eeeeee", fillOpacity: 0.85, color: "#ffffff", weight: 0.6};
                },
                smoothFactor: 0.5
            }).addTo(map));
        }
        {% if this.url %}
        fetch({{ this.url | tojson }}).then(function (r) { return r.json(); }).then(draw);
        {% else %}
        draw({{ this.inline_json }});
        {% endif %}
    })();
{% endmacro %}"""

_RESTYLE_AREAS = """{% macro script(this, kwargs) %}
    (function () {
        window.kraftsamlaData = {{ this.data_json }};
        window.kraftsamlaApply = function () {
            var d = window.kraftsamlaData, byId = window.kraftsamlaAreas;
            if (!byId) { return; }  // the geometry is still loading; it applies when it arrives
            Object.keys(byId).forEach(function (id) {
                var l = byId[id], k = d.fill[id];
                var fill = (k === undefined) ? d.noData : d.palette[k];
                if (l.options.fillColor !== fill) { l.setStyle({fillColor: fill}); }
            });
            // A counter the browser tests and benchmarks wait on (SVG or canvas alike).
            window.kraftsamlaRepaints = (window.kraftsamlaRepaints || 0) + 1;
        };
        window.kraftsamlaApply();
    })();
{% endmacro %}"""


class AreaLayer(folium.MacroElement):
    """The polygons of a level, with their escaped names, registered by area id for restyling.

    With ``url`` the browser fetches the GeoJSON once (it stays out of the messages Streamlit sends on
    every rerun, which matters at thousands of areas); otherwise it is embedded in the page.
    """

    _template = jinja2.Template(_AREA_LAYER)

    def __init__(self, url: str | None = None, inline_json: str | None = None) -> None:
        super().__init__()
        if (url is None) == (inline_json is None):
            raise ValueError("give exactly one of url and inline_json")
        self._name = "AreaLayer"
        self.url = url
        self.inline_json = inline_json


def area_geojson(areas: gpd.GeoDataFrame) -> str:
    """GeoJSON of a level for the web map: ``area_id``, HTML-escaped ``name`` and geometry.

    ``areas`` must be in WGS84 (see `geo.simplify.simplify_for_web`).
    """
    if areas.crs is None or areas.crs.to_epsg() != 4326:
        raise ValueError("areas must be in EPSG:4326 for the web map")
    data = areas[["area_id", "name", "geometry"]].copy()
    data["name"] = escape_text(data["name"])
    return data.to_json(drop_id=True)


def _script_json(data: object) -> str:
    """JSON safe inside a <script>: "<" is escaped so no value can close the script element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


class _RestyleAreas(folium.MacroElement):
    """Sets the fill colour and tooltip values of every registered polygon.

    Colours travel as a small palette plus an index per area, tooltip values as short escaped
    strings per area (names and geometry are already in the browser); only polygons whose colour
    changed are touched, which keeps a repaint cheap at thousands of areas.
    """

    _template = jinja2.Template(_RESTYLE_AREAS)

    def __init__(self, fills: pd.Series, labels: Sequence[str], values: pd.DataFrame,
                 no_data_colour: str) -> None:
        super().__init__()
        self._name = "RestyleAreas"
        palette = list(dict.fromkeys(str(f) for f in fills))
        position = {colour: i for i, colour in enumerate(palette)}
        escaped = values.astype("string").fillna("–").map(html.escape)
        self.data_json = _script_json({
            "palette": palette,
            "fill": {str(k): position[str(v)] for k, v in fills.items()},
            "labels": [html.escape(label) for label in labels],
            "values": dict(zip(map(str, escaped.index), escaped.to_numpy().tolist(), strict=True)),
            "noData": no_data_colour,
        })


def area_geometry_layer(areas: gpd.GeoDataFrame) -> AreaLayer:
    """The level's polygons embedded in the page (see `AreaLayer` for the fetched variant)."""
    return AreaLayer(inline_json=area_geojson(areas).replace("<", "\\u003c"))


def restyle_layer(fills: pd.Series, labels: Sequence[str], values: pd.DataFrame,
                  no_data_colour: str, extra: Sequence[folium.Element] = ()) -> folium.FeatureGroup:
    """A layer that recolours the registered polygons and sets their tooltip values.

    ``fills`` (colour) and ``values`` (one column per tooltip label, plain text, escaped here) are
    indexed by area id. ``extra`` layers (e.g. outlines of proposed areas) travel with it and are
    replaced with it.
    """
    group = folium.FeatureGroup(name="data", control=False)
    group.add_child(_RestyleAreas(fills, labels, values, no_data_colour))
    for element in extra:
        group.add_child(element)
    return group
