"""What the OpenStreetMap access indicators leave out, for the Data page (codes worded here).

A package with access indicators (`datapackage.osm_access`) records its extract in the manifest's
``sources``: what was kept per kind and what was left out, as codes with counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from datapackage.manifest import Manifest
from datapackage.osm_access import SOURCE_ID
from i18n.catalogue import TEXT
from i18n.format import number
from ui.state import lang, t
from ui.tables import show_table


def _kind(kind: object) -> str:
    key = f"osm_kind_{kind or ''}"
    return t(key) if key in TEXT else str(kind)


def left_out_rows(record: Mapping[str, Any]) -> pd.DataFrame:
    """One row per left-out reason and kind, in the current language."""
    rows = []
    for item in record.get("left_out", []):
        key = f"osm_left_out_{item.get('code', '')}"
        reason = t(key, value=item.get("value", "")) if key in TEXT else str(item.get("code", ""))
        rows.append({t("osm_col_kind"): _kind(item.get("kind")), t("osm_col_reason"): reason,
                     t("osm_col_count"): int(item.get("count", 0))})
    return pd.DataFrame(rows)


def osm_left_out_section(manifest: Manifest) -> None:
    """The table of what the package's OSM extract left out, when it has one."""
    for record in manifest.sources:
        if record.get("id") != SOURCE_ID or not record.get("left_out"):
            continue
        st.subheader(t("osm_left_out_title"))
        kept = ", ".join(f"{number(n, lang(), 0)} {_kind(k).lower()}"
                         for k, n in dict(record.get("kept", {})).items())
        st.caption(t("osm_left_out_caption", kept=kept or "–"))
        show_table(left_out_rows(record), hide_index=True)
