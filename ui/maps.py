"""The stable area map shared by the pages: geometry drawn once, colours swapped on every rerun."""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from datapackage.store import DataPackage
from geo.classify import NO_DATA_COLOUR
from geo.land import clip_to_land
from geo.webmap import (
    CANVAS_ABOVE,
    AreaLayer,
    area_geometry_layer,
    base_map,
    outline_layer,
    restyle_layer,
)
from model import columns as c
from ui.loaders import web_areas, web_geometry_file
from ui.map_component import use_early_ready_frame
from ui.state import Selection, lang, t


def static_base() -> str:
    """URL path of ./static as Streamlit serves it (honours ``server.baseUrlPath``)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static" if base else "/app/static"


def on_land(shapes: gpd.GeoDataFrame, package: DataPackage) -> gpd.GeoDataFrame:
    """Shapes (e.g. proposed areas for an outline) as maps draw them: cut to the package's land."""
    return clip_to_land(shapes, package.land)


def proposal_outlines(proposals: gpd.GeoDataFrame, package: DataPackage) -> list[folium.GeoJson]:
    """Black outlines of proposed areas, labelled "P1: Name", cut to land; none when there are none."""
    if not len(proposals):
        return []
    shapes = on_land(proposals[["proposal_id", c.NAME, "geometry"]], package)
    shapes = shapes.assign(label=[f"{p}: {n}" for p, n in zip(shapes["proposal_id"], shapes[c.NAME],
                                                             strict=True)])
    return [outline_layer(shapes, "label", t("proposals"), colour="#000000", dash=None)]


def titled_overlay(package: DataPackage, overlay_id: str) -> gpd.GeoDataFrame:
    """A reference overlay with its display name in ``attrs["title"]``, which exported legends show."""
    out = package.overlays[overlay_id].copy()
    out.attrs["title"] = next(o.name(lang()) for o in package.manifest.overlays if o.id == overlay_id)
    return out


def overlay_choices(package: DataPackage, key_prefix: str) -> list[str]:
    """Checkboxes for the package's reference overlays; returns the ids switched on."""
    chosen = []
    for overlay in package.manifest.overlays:
        if overlay.id in package.overlays and st.checkbox(
                t("overlay_show", name=overlay.name(lang())), key=f"{key_prefix}_overlay_{overlay.id}"):
            chosen.append(overlay.id)
    return chosen


def area_map(selection: Selection, key: str, fills: pd.Series, labels: Sequence[str],
             values: pd.DataFrame, *, overlays: Sequence[str] = (),
             extra: Sequence[folium.Element] = (), tiles: bool = False, height: int = 560) -> None:
    """Draw the level's areas coloured by ``fills`` (area id -> colour).

    Each area's tooltip shows its name and, per label in ``labels``, the matching column of
    ``values`` (indexed by area id; plain text, escaped on the way).

    The polygons belong to the base map, which only changes with the package, level, overlays or
    tiles; colours, tooltips and ``extra`` layers travel in a small layer that streamlit-folium swaps
    in place, so a slider move repaints the map without rebuilding it. Panning returns nothing to
    Python, so it never reruns the app.
    """
    package, level = selection.package, selection.level
    areas, cache_key = package.areas_at(level), f"{selection.cache_key}:{level}"
    web = web_areas(areas, package.land, cache_key)
    fmap = base_map(web.total_bounds, static_base(), tiles=tiles, canvas=len(web) > CANVAS_ABOVE)
    geometry_file = web_geometry_file(areas, package.land, cache_key)
    if geometry_file is None:
        area_geometry_layer(web).add_to(fmap)
    else:
        AreaLayer(url=f"{static_base()}/{geometry_file}").add_to(fmap)
    for overlay_id in overlays:
        overlay = next(o for o in package.manifest.overlays if o.id == overlay_id)
        outline_layer(package.overlays[overlay_id], c.NAME, overlay.name(lang())).add_to(fmap)
    use_early_ready_frame()  # no "trouble loading the component" when browsers are slow to start it
    st_folium(fmap, key=key, height=height, use_container_width=True, returned_objects=[],
              feature_group_to_add=restyle_layer(fills, labels, values, NO_DATA_COLOUR, extra))


def _legend_row(colour: str, label: str, count: int) -> str:
    return (f'<div style="display:flex;align-items:center;gap:.5em;margin:.15em 0">'
            f'<span style="width:1.6em;height:1.1em;background:{colour};border:1px solid #999;'
            f'display:inline-block"></span><span>{html.escape(label)} '
            f'<span style="color:#666">({count})</span></span></div>')


def legend_html(title: str, subtitle: str, classes: Sequence[tuple[str, str, int]],
                no_data: int = 0) -> str:
    """A map legend: (colour, label, number of areas) per class, and the no-data class if any.

    All text is escaped (titles may come from a package's own indicator declarations).
    """
    rows = [_legend_row(colour, label, count) for colour, label, count in classes]
    if no_data:
        rows.append(_legend_row(NO_DATA_COLOUR, t("no_data"), no_data))
    return (f"<div><strong>{html.escape(title)}</strong><br>"
            f"<span style='color:#555'>{html.escape(subtitle)}</span>{''.join(rows)}</div>")
