"""Download buttons for report-ready map images. The image is drawn only when the button is clicked
(Streamlit runs the callable then), so moving a slider never pays for it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.export_spec import FORMATS, MapSpec
from ui.state import lang, t

MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
#: A4 landscape at 300 dpi for print; otherwise a 2,400 px wide image for screens and Word.
PRINT_SIZE = (3508, 300)
SCREEN_SIZE = (2400, 200)


def map_downloads(key: str, areas: gpd.GeoDataFrame, values: pd.Series, *, title: str,
                  subtitle: str, legend_title: str, unit: str, attribution: str, demo: bool,
                  file_stem: str, higher_is_worse: bool = True, scheme: str = "quantiles",
                  proposals: gpd.GeoDataFrame | None = None,
                  overlays: Sequence[gpd.GeoDataFrame] = (),
                  categorical: Mapping[str, tuple[str, str]] | None = None,
                  land: gpd.GeoSeries | None = None, notes: Sequence[str] = ()) -> None:
    """Format and print choices plus a download button for the map now shown.

    ``land`` cuts the areas to the city's land (see `geo.land`); ``notes`` are lines under the
    subtitle saying what went into the map (an indicator's caveat, an index's make-up).
    """
    cols = st.columns([2, 2, 3])
    fmt = cols[0].selectbox(t("export_format"), FORMATS, key=f"{key}_format",
                            format_func=str.upper)
    for_print = cols[1].toggle(t("export_print"), key=f"{key}_print")
    width, dpi = PRINT_SIZE if for_print else SCREEN_SIZE
    spec = MapSpec(title=title, subtitle=subtitle, legend_title=legend_title, unit=unit,
                   attribution=attribution,
                   date_text=t("export_date", date=date.today().isoformat()), demo=demo,
                   lang=lang(), notes=tuple(n for n in notes if n))

    def draw() -> bytes:
        from geo.export import render_map  # matplotlib: only when the button is clicked

        return render_map(areas, values, spec, fmt=fmt, scheme=scheme, k=5,
                          higher_is_worse=higher_is_worse, proposals=proposals, overlays=overlays,
                          categorical=categorical, land=land, width_px=width, dpi=dpi)

    cols[2].download_button(t("export_map"), draw, file_name=f"{file_stem}.{fmt}", mime=MIME[fmt],
                            key=f"{key}_download", icon=":material/download:")
