"""Report-ready static map images (PNG, SVG, PDF) drawn with matplotlib, no browser needed.

One function, `render_map`, draws a choropleth of one value per area with everything a report needs so
that the image can be pasted into Word or a slide without retouching: a title and subtitle at the top, the
map, a legend with the class breaks in the values' unit and the number of areas per class, a scale bar in
km and a north arrow, the attribution and the date at the bottom, proposed areas outlined in black with
their labels, reference overlays dashed, and a clear label when the data are fictitious.

Classes come from `geo.classify.classify`, so the app and the exported image agree. Colours run from
light (least need) to dark (greatest need) in a colour-blind-safe palette that is monotone in lightness and
therefore survives greyscale print. Light grey stands for context (the whole city's outline) and for areas
with no data, instead of web tiles, so no network is needed and nothing is licensed separately.

Layout is computed in inches from the requested pixel width and density, and every typographic size is
scaled with the figure width, so a 2,400 px screen image and a 3,508 px print image look the same.
Polygons are drawn as one compound path per class (no per-polygon Python loop), so 6,000 areas render
in about a second.

Pure apart from matplotlib's global settings, which are changed only inside a lock for the duration of
one render. Never imports streamlit; never reads the clock (the date text is passed in).
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import PathPatch, Polygon, Rectangle
from matplotlib.path import Path
from matplotlib.textpath import TextToPath

from geo.classify import NO_DATA_COLOUR, classify
from geo.export_spec import FORMATS, LANGUAGES, MapSpec  # noqa: F401 (re-exported)
from geo.land import clip_to_land
from i18n.numbers import number
from model import columns as c

#: The only CRS accepted: SWEREF 99 TM, the packages' storage CRS (metres, north up).
EXPORT_EPSG = 3006
#: Narrowest PNG accepted: report writers scale images down, never up.
MIN_WIDTH_PX = 2000
#: Every typographic size below is for a 12 inch wide image and scales with the width.
REFERENCE_WIDTH_IN = 12.0

FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib, so output is the same on every machine
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#555555"
CONTEXT_FILL = "#f2f2f2"
CONTEXT_EDGE = "#a6a6a6"
AREA_EDGE = "#ffffff"
PROPOSAL_COLOUR = "#000000"
#: Dark orange: stands apart from the yellow-green-blue palette, also for colour-blind readers; the
#: dashes carry the meaning in greyscale.
OVERLAY_COLOUR = "#d95f02"
DEMO_COLOUR = "#b30000"

_TEXT: dict[str, dict[str, str]] = {
    "no_data": {"sv": "Uppgift saknas", "en": "No data"},
    "darker": {"sv": "Mörkare färg = större behov.", "en": "Darker colour = greater need."},
    "counts": {"sv": "Antal områden inom parentes.", "en": "Number of areas in brackets."},
    "proposals": {"sv": "Föreslagna områden", "en": "Proposed areas"},
    "overlay": {"sv": "Referensområden", "en": "Reference areas"},
    "demo": {"sv": "Demodata – fiktiv stad", "en": "Demo data – fictitious city"},
    "north": {"sv": "N", "en": "N"},
}

# Font sizes in points for a 12 inch wide image.
_TITLE_PT = 26.0
_SUBTITLE_PT = 17.0
_LEGEND_TITLE_PT = 16.0
_LEGEND_PT = 15.0
_NOTE_PT = 12.5
_LABEL_PT = 12.5
_FOOTER_PT = 12.0
_DEMO_PT = 17.0

# matplotlib's rcParams are process-wide; Streamlit renders in several threads.
_RENDER_LOCK = threading.Lock()
_TEXT_TO_PATH = TextToPath()


# --- numbers and labels -----------------------------------------------------------------------------

def format_number(value: float, lang: str, decimals: int) -> str:
    """``value`` with ``decimals`` decimals in the language's style (`i18n.numbers.number`)."""
    return number(value, lang, decimals)


def class_break_labels(lower: Sequence[float], upper: Sequence[float], unit: str = "",
                       lang: str = "sv") -> tuple[str, ...]:
    """Legend labels "lower–upper unit" per class, e.g. ``("0,8–3,1 %", "3,1–5,4 %")``.

    Whole-number breaks get no decimals; otherwise one decimal, or more where one would make two
    neighbouring labels read the same.
    """
    bounds = [*lower, *upper]
    if not bounds:
        return ()
    decimals = 0 if all(float(b).is_integer() for b in bounds) else 1
    while decimals < 4:
        labels = [f"{format_number(lo, lang, decimals)}–{format_number(hi, lang, decimals)}"
                  for lo, hi in zip(lower, upper, strict=True)]
        if len(set(labels)) == len(labels):
            break
        decimals += 1
    suffix = f" {unit}" if unit else ""
    return tuple(label + suffix for label in labels)


def scale_bar_length(max_m: float) -> float:
    """The longest round length (1, 2 or 5 × 10^n metres) not above ``max_m``."""
    if not max_m > 0:
        raise ValueError(f"max_m must be positive, got {max_m}")
    exponent = math.floor(math.log10(max_m))
    for step in (5, 2, 1):
        length = step * 10.0 ** exponent
        if length <= max_m * (1 + 1e-9):
            return length
    return 10.0 ** exponent


def _length_text(metres: float, lang: str) -> str:
    if metres < 1000:
        return f"{metres:.0f} m"
    km = metres / 1000
    return f"{format_number(km, lang, 0 if km.is_integer() else 1)} km"


# --- geometry to matplotlib paths ---------------------------------------------------------------

def _compound_path(geoms: np.ndarray) -> Path | None:
    """One matplotlib path for many (multi)polygons and lines, built with vectorised shapely calls.

    Polygons are oriented (shells counter-clockwise, holes clockwise) so that the non-zero fill rule
    of every backend leaves holes empty.
    """
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if len(geoms) == 0:
        return None
    parts = shapely.get_parts(geoms)
    kinds = shapely.get_type_id(parts)
    polygons = shapely.orient_polygons(parts[kinds == 3])
    lines = parts[np.isin(kinds, (1, 2))]
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for rings, closed in ((shapely.get_rings(polygons), True), (lines, False)):
        if len(rings) == 0:
            continue
        coords, index = shapely.get_coordinates(rings, return_index=True)
        if len(coords) == 0:
            continue
        code = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
        starts = np.r_[0, np.flatnonzero(np.diff(index)) + 1]
        code[starts] = Path.MOVETO
        if closed:
            code[np.r_[starts[1:] - 1, len(coords) - 1]] = Path.CLOSEPOLY
        vertices.append(coords)
        codes.append(code)
    if not vertices:
        return None
    return Path(np.concatenate(vertices), np.concatenate(codes))


def _check_crs(gdf: gpd.GeoDataFrame, what: str) -> None:
    epsg = gdf.crs.to_epsg() if gdf.crs is not None else None
    if epsg != EXPORT_EPSG:
        got = f"EPSG:{epsg}" if epsg else (gdf.crs.to_string() if gdf.crs is not None else "no CRS")
        raise ValueError(f"{what} must be in EPSG:{EXPORT_EPSG} (SWEREF 99 TM, metres), got {got}. "
                         f"Reproject with .to_crs('EPSG:{EXPORT_EPSG}').")


# --- text measurement -------------------------------------------------------------------------------

def _font(size: float, bold: bool = False) -> FontProperties:
    return FontProperties(family=FONT_FAMILY, size=size, weight="bold" if bold else "normal")


def _text_width_in(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of text in inches (matplotlib's own font metrics)."""
    if not text:
        return 0.0
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, _font(size, bold), ismath=False)
    return width / 72.0


def _wrap(text: str, size: float, width_in: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` that each fit ``width_in`` inches (words are never split)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = paragraph.split()
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if line and _text_width_in(candidate, size, bold) > width_in:
                lines.append(line)
                line = word
            else:
                line = candidate
        if line:
            lines.append(line)
    return lines


def _line_height_in(size: float, spacing: float = 1.3) -> float:
    return size * spacing / 72.0


# --- legend model -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _LegendEntry:
    kind: str  # "fill", "outline", "dashed" or "key" (a proposal's number, then its name)
    colour: str
    label: str
    key: str = ""


def _numeric_legend(values: pd.Series, spec: MapSpec, scheme: str, k: int,
                    higher_is_worse: bool) -> tuple[pd.Series, list[_LegendEntry], list[str]]:
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    bad = values.notna() & numbers.isna()
    if bad.any():
        raise ValueError(f"values must be numbers (or pass categorical=); e.g. {values[bad].iloc[0]!r} "
                         f"for area {values[bad].index[0]!r}")
    classification = classify(numbers, scheme=scheme, k=k, higher_is_worse=higher_is_worse)
    labels = class_break_labels(classification.lower, classification.upper, spec.unit, spec.lang)
    entries = [_LegendEntry("fill", colour, f"{label} ({count})") for colour, label, count in
               zip(classification.colours, labels, classification.counts, strict=True)]
    notes = [_TEXT["darker"][spec.lang], _TEXT["counts"][spec.lang]]
    return classification.colour_of(), entries, notes


def _categorical_legend(values: pd.Series, categorical: Mapping[str, tuple[str, str]]
                        ) -> tuple[pd.Series, list[_LegendEntry], list[str]]:
    if not categorical:
        raise ValueError("categorical must map at least one category to (colour, label)")
    keys = values.astype("object").where(values.notna(), None)
    colours = keys.map(lambda v: categorical[v][0] if v in categorical else NO_DATA_COLOUR)
    counts = keys.value_counts()
    entries = [_LegendEntry("fill", colour, f"{label} ({int(counts.get(key, 0))})")
               for key, (colour, label) in categorical.items()]
    return colours.astype(str), entries, []


# --- the image ----------------------------------------------------------------------------------------

def render_map(areas: gpd.GeoDataFrame, values: pd.Series, spec: MapSpec, *, fmt: str = "png",
               scheme: str = "quantiles", k: int = 5, higher_is_worse: bool = True,
               proposals: gpd.GeoDataFrame | None = None, overlays: Sequence[gpd.GeoDataFrame] = (),
               context: gpd.GeoDataFrame | None = None,
               categorical: Mapping[str, tuple[str, str]] | None = None,
               land: gpd.GeoSeries | None = None,
               width_px: int = 2400, dpi: int = 200) -> bytes:
    """A report-ready map image of one value per area, as the bytes of a PNG, SVG or PDF file.

    Parameters
    ----------
    areas : one row per area with ``area_id`` and polygon geometry, in EPSG:3006.
    values : value per area, indexed by area_id; NaN (or an id left out) means no data and is drawn in
        `NO_DATA_COLOUR` with a legend entry. Numbers, unless ``categorical`` is given.
    spec : title, subtitle, legend heading, unit, attribution, date text, demo flag and language.
    fmt : one of `FORMATS`. SVG and PDF are vector files whose text stays searchable text.
    scheme, k : classification scheme and number of classes (`geo.classify.classify`).
    higher_is_worse : False when low values mean great need; the darkest colour then goes to the
        lowest class.
    proposals : proposed areas (EPSG:3006) with ``proposal_id`` and ``name`` (``name_en`` is used for
        English when present), outlined in black and numbered on the map ("P1"), with a key beside
        the map that gives each number its name, so labels never pile up on a dense centre.
    overlays : reference layers (EPSG:3006), drawn dashed. The legend names each by its
        ``attrs["title"]``, else "Referensområden".
    context : light grey background (EPSG:3006), e.g. the whole city's outline.
    categorical : instead of numeric classes, category -> (colour, label), e.g. for a difference map
        ("enters", "leaves", "stays", "outside"); values outside the mapping count as no data.
        ``scheme``, ``k`` and ``higher_is_worse`` are then ignored.
    land : the city's land outline (EPSG:3006); areas, proposals and context are drawn cut to it
        and the view is fitted to it, so the sea is not painted as part of the city.
    width_px : width of the image in pixels (at least `MIN_WIDTH_PX`); with ``dpi`` it sets the
        physical size of every format (width_px / dpi inches).
    dpi : pixel density written into the PNG (e.g. 300 with width_px=3508 for A4 landscape print).

    Returns
    -------
    bytes
        The file. Identical inputs give identical bytes (metadata dates are left out).

    Raises
    ------
    ValueError
        For a format, CRS, size, scheme or value that cannot be drawn; the message names it.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown image format {fmt!r}. Valid: {', '.join(FORMATS)}")
    if int(width_px) < MIN_WIDTH_PX:
        raise ValueError(f"width_px must be at least {MIN_WIDTH_PX}, got {width_px}")
    if not 50 <= int(dpi) <= 1200:
        raise ValueError(f"dpi must be between 50 and 1200, got {dpi}")
    _check_crs(areas, "areas")
    if c.AREA_ID not in areas.columns:
        raise ValueError(f"areas has no '{c.AREA_ID}' column")
    if proposals is not None:
        _check_crs(proposals, "proposals")
        if len(proposals) and c.NAME not in proposals.columns:
            raise ValueError(f"proposals has no '{c.NAME}' column")
    for position, overlay in enumerate(overlays):
        _check_crs(overlay, f"overlay {position}")
    if context is not None:
        _check_crs(context, "context")
    if values.index.has_duplicates:
        raise ValueError("values has duplicated area ids: "
                         f"{', '.join(map(str, values.index[values.index.duplicated()][:5]))}")
    if land is not None:
        _check_crs(gpd.GeoDataFrame(geometry=land), "land")
        areas = clip_to_land(areas, land)
        if proposals is not None:
            proposals = clip_to_land(proposals, land)
        if context is not None:
            context = clip_to_land(context, land)

    ids = areas[c.AREA_ID].astype(str).to_numpy()
    per_area = pd.Series(values.to_numpy(), index=values.index.astype(str)).reindex(ids)
    if categorical is None:
        fills, entries, notes = _numeric_legend(per_area, spec, scheme, k, higher_is_worse)
    else:
        fills, entries, notes = _categorical_legend(per_area, categorical)
    no_data = int((fills.to_numpy() == NO_DATA_COLOUR).sum()) if categorical is None else \
        int((~per_area.isin(list(categorical))).sum())
    if no_data:
        entries.append(_LegendEntry("fill", NO_DATA_COLOUR, f"{_TEXT['no_data'][spec.lang]} ({no_data})"))
    extra: list[_LegendEntry] = []
    if proposals is not None and len(proposals):
        extra.append(_LegendEntry("outline", PROPOSAL_COLOUR,
                                  f"{_TEXT['proposals'][spec.lang]} ({len(proposals)})"))
        extra.extend(_LegendEntry("key", TEXT_COLOUR, name, key=pid)
                     for pid, name in _proposal_labels(proposals, spec.lang))
    for overlay in overlays:
        title = str(overlay.attrs.get("title") or _TEXT["overlay"][spec.lang])
        extra.append(_LegendEntry("dashed", OVERLAY_COLOUR, title))

    rc = {
        "font.family": FONT_FAMILY,
        "svg.fonttype": "none",  # SVG text stays text
        "svg.hashsalt": "kraftsamla-map",  # stable ids inside the SVG
        "pdf.fonttype": 42,  # embedded TrueType: the PDF's text can be extracted and searched
        "path.simplify": True,
    }
    with _RENDER_LOCK, mpl.rc_context(rc):
        figure = _draw(areas, fills.to_numpy(), entries, extra, notes, spec, proposals, overlays,
                       context, int(width_px), int(dpi))
        buffer = io.BytesIO()
        metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None},
                    "png": {}}[fmt]
        figure.savefig(buffer, format=fmt, dpi=int(dpi), metadata=metadata)
    return buffer.getvalue()


def _draw(areas: gpd.GeoDataFrame, fills: np.ndarray, entries: list[_LegendEntry],
          extra: list[_LegendEntry], notes: list[str], spec: MapSpec,
          proposals: gpd.GeoDataFrame | None, overlays: Sequence[gpd.GeoDataFrame],
          context: gpd.GeoDataFrame | None, width_px: int, dpi: int) -> Figure:
    """Lay out and draw the figure; sizes in inches, origin at the bottom left."""
    width = width_px / dpi
    s = width / REFERENCE_WIDTH_IN
    pad = 0.4 * s
    gap = 0.3 * s
    panel_w = 0.3 * width
    lang = spec.lang

    # Header and footer text, wrapped to the space they have.
    title_lines = _wrap(spec.title, _TITLE_PT * s, width - 2 * pad, bold=True)
    subtitle_lines = _wrap(spec.subtitle, _SUBTITLE_PT * s, width - 2 * pad)
    header_note_lines = [line for note in spec.notes
                         for line in _wrap(note, _NOTE_PT * s, width - 2 * pad)]
    header_h = (len(title_lines) * _line_height_in(_TITLE_PT * s, 1.2)
                + len(subtitle_lines) * _line_height_in(_SUBTITLE_PT * s)
                + len(header_note_lines) * _line_height_in(_NOTE_PT * s)) + gap
    date_w = _text_width_in(spec.date_text, _FOOTER_PT * s)
    attribution_lines = _wrap(spec.attribution, _FOOTER_PT * s, width - 2 * pad - date_w - gap)
    footer_lines = max(len(attribution_lines), 1 if spec.date_text else 0)
    footer_h = footer_lines * _line_height_in(_FOOTER_PT * s, 1.35)

    # Legend height, so that the body is tall enough for it.
    legend_text_w = panel_w - 0.75 * s
    legend_title_lines = _wrap(spec.legend_title, _LEGEND_TITLE_PT * s, panel_w, bold=True)
    note_lines = [line for note in notes for line in _wrap(note, _NOTE_PT * s, panel_w)]
    entry_lines = [_wrap(e.label, _LEGEND_PT * s, legend_text_w) or [""] for e in [*entries, *extra]]
    row_h = _line_height_in(_LEGEND_PT * s, 1.75)
    wrapped_row_h = _line_height_in(_LEGEND_PT * s, 1.25)
    legend_h = (len(legend_title_lines) * _line_height_in(_LEGEND_TITLE_PT * s)
                + len(note_lines) * _line_height_in(_NOTE_PT * s) + 0.12 * s
                + sum(row_h + (len(lines) - 1) * wrapped_row_h for lines in entry_lines)
                + (0.2 * s if extra else 0.0))
    compass_h = 1.25 * s

    # Map box: as large as the width allows, with the data's aspect ratio.
    bounds = [areas.total_bounds]
    if context is not None and len(context):
        bounds.append(context.total_bounds)
    b = np.array(bounds)
    xmin, ymin = np.nanmin(b[:, 0]), np.nanmin(b[:, 1])
    xmax, ymax = np.nanmax(b[:, 2]), np.nanmax(b[:, 3])
    if not np.all(np.isfinite([xmin, ymin, xmax, ymax])):
        raise ValueError("areas has no geometry to draw")
    span_x = max(xmax - xmin, 1.0) * 1.04
    span_y = max(ymax - ymin, 1.0) * 1.04
    map_w = width - 2 * pad - gap - panel_w
    map_h = min(map_w * span_y / span_x, 1.1 * width)
    body_h = max(map_h, legend_h + compass_h + gap)
    height = pad + header_h + body_h + gap + footer_h + pad
    metres_per_in = max(span_x / map_w, span_y / map_h)
    map_left = pad
    map_bottom = pad + footer_h + gap + (body_h - map_h)
    body_top = height - pad - header_h

    fig = Figure(figsize=(width, height), dpi=dpi, facecolor="white")
    inches = fig.dpi_scale_trans

    def text(x: float, y: float, content: str, size: float, **kwargs) -> None:
        fig.text(x, y, content, transform=inches, fontsize=size, color=kwargs.pop("color", TEXT_COLOUR),
                 fontfamily=FONT_FAMILY, **kwargs)

    # Header.
    y = height - pad
    for line in title_lines:
        y -= _line_height_in(_TITLE_PT * s, 1.2)
        text(pad, y, line, _TITLE_PT * s, fontweight="bold", va="baseline")
    for line in subtitle_lines:
        y -= _line_height_in(_SUBTITLE_PT * s)
        text(pad, y, line, _SUBTITLE_PT * s, color=MUTED_COLOUR, va="baseline")
    for line in header_note_lines:
        y -= _line_height_in(_NOTE_PT * s)
        text(pad, y, line, _NOTE_PT * s, color=MUTED_COLOUR, va="baseline")

    # Map.
    ax = fig.add_axes((map_left / width, map_bottom / height, map_w / width, map_h / height))
    ax.set_axis_off()
    centre_x, centre_y = (xmin + xmax) / 2, (ymin + ymax) / 2
    half_w, half_h = map_w * metres_per_in / 2, map_h * metres_per_in / 2
    ax.set_xlim(centre_x - half_w, centre_x + half_w)
    ax.set_ylim(centre_y - half_h, centre_y + half_h)
    ax.set_aspect("equal", adjustable="box")

    if context is not None and len(context):
        _add_paths(ax, [_compound_path(context.geometry.to_numpy())], [CONTEXT_FILL],
                   edgecolor=CONTEXT_EDGE, linewidth=0.8 * s, zorder=1)
    geoms = areas.geometry.to_numpy()
    colours = sorted(set(fills))
    edge_w = s * min(0.6, max(0.12, 6.0 / math.sqrt(max(len(areas), 1))))
    _add_paths(ax, [_compound_path(geoms[fills == colour]) for colour in colours], colours,
               edgecolor=AREA_EDGE, linewidth=edge_w, zorder=2)
    for overlay in overlays:
        dashed = _add_paths(ax, [_compound_path(overlay.geometry.to_numpy())], ["none"],
                            edgecolor=OVERLAY_COLOUR, linewidth=2.0 * s, linestyle=(0, (4, 2.5)),
                            zorder=3)
        # White-edged dashes stay visible on the darkest class, also in greyscale.
        dashed.set_path_effects([patheffects.Stroke(linewidth=3.6 * s, foreground="white"),
                                 patheffects.Normal()])
    halo = 3.0 * s
    if proposals is not None and len(proposals):
        collection = _add_paths(ax, [_compound_path(proposals.geometry.to_numpy())], ["none"],
                                edgecolor=PROPOSAL_COLOUR, linewidth=2.2 * s, zorder=4)
        # A white stroke under the black outline keeps it visible on the darkest class.
        collection.set_path_effects([patheffects.Stroke(linewidth=4.6 * s, foreground="white"),
                                     patheffects.Normal()])
    demo_box = None
    if spec.demo:
        demo_size = _DEMO_PT * s
        demo_box = (map_left + 0.12 * s, map_bottom + map_h - 0.12 * s - 2.2 * demo_size / 72,
                    _text_width_in(_TEXT["demo"][lang], demo_size, bold=True) + 0.3 * s,
                    2.2 * demo_size / 72)
        text(map_left + 0.12 * s + 0.15 * s, map_bottom + map_h - 0.12 * s - 1.1 * demo_size / 72,
             _TEXT["demo"][lang], demo_size, fontweight="bold", color=DEMO_COLOUR, va="center",
             zorder=10, bbox={"boxstyle": "square,pad=0.35", "facecolor": "white",
                              "edgecolor": DEMO_COLOUR, "linewidth": 2.0 * s})
    if proposals is not None and len(proposals):
        _label_proposals(ax, fig, proposals, lang, s, halo,
                         to_inches=lambda x, y: (map_left + (x - (centre_x - half_w)) / metres_per_in,
                                                 map_bottom + (y - (centre_y - half_h)) / metres_per_in),
                         to_data=lambda x, y: (centre_x - half_w + (x - map_left) * metres_per_in,
                                               centre_y - half_h + (y - map_bottom) * metres_per_in),
                         frame=(map_left, map_bottom, map_w, map_h),
                         blocked=[demo_box] if demo_box else [])

    # Legend panel, top-aligned with the map.
    x0 = width - pad - panel_w
    y = body_top
    for line in legend_title_lines:
        y -= _line_height_in(_LEGEND_TITLE_PT * s)
        text(x0, y, line, _LEGEND_TITLE_PT * s, fontweight="bold", va="baseline")
    for line in note_lines:
        y -= _line_height_in(_NOTE_PT * s)
        text(x0, y, line, _NOTE_PT * s, color=MUTED_COLOUR, va="baseline")
    y -= 0.12 * s
    swatch_w, swatch_h = 0.5 * s, 0.3 * s
    for row, (entry, lines) in enumerate(zip([*entries, *extra], entry_lines, strict=True)):
        if row == len(entries) and extra:
            y -= 0.2 * s
        top = y
        y -= row_h + (len(lines) - 1) * wrapped_row_h
        centre = top - row_h / 2
        _swatch(fig, entry, x0, centre - swatch_h / 2, swatch_w, swatch_h, s)
        for i, line in enumerate(lines):
            text(x0 + swatch_w + 0.2 * s, centre - i * wrapped_row_h, line, _LEGEND_PT * s,
                 va="center_baseline")

    # North arrow and scale bar at the bottom of the panel, level with the map's bottom edge.
    base = pad + footer_h + gap
    _north_arrow(fig, x0 + 0.25 * s, base + 0.25 * s, s, lang)
    bar_x = x0 + 0.85 * s
    bar_max_in = panel_w - 0.85 * s - 0.35 * s
    length = scale_bar_length(bar_max_in * metres_per_in * 0.9)
    _scale_bar(fig, bar_x, base + 0.3 * s, length / metres_per_in, length, s, lang)

    # Footer.
    y = pad + footer_h
    for line in attribution_lines:
        y -= _line_height_in(_FOOTER_PT * s, 1.35)
        text(pad, y + 0.3 * _line_height_in(_FOOTER_PT * s), line, _FOOTER_PT * s, color=MUTED_COLOUR)
    if spec.date_text:
        text(width - pad, pad + footer_h - _line_height_in(_FOOTER_PT * s, 1.35)
             + 0.3 * _line_height_in(_FOOTER_PT * s), spec.date_text, _FOOTER_PT * s,
             color=MUTED_COLOUR, ha="right")
    return fig


def _add_paths(ax, paths: list[Path | None], facecolors: list[str], **style) -> PatchCollection:
    kept = [(p, f) for p, f in zip(paths, facecolors, strict=True) if p is not None]
    collection = PatchCollection([PathPatch(p) for p, _ in kept],
                                 facecolors=[f for _, f in kept] or "none", rasterized=False,
                                 joinstyle="round", capstyle="round", **style)
    ax.add_collection(collection, autolim=False)
    return collection


def _swatch(fig: Figure, entry: _LegendEntry, x: float, y: float, w: float, h: float, s: float) -> None:
    inches = fig.dpi_scale_trans
    if entry.kind == "key":
        fig.text(x + w / 2, y + h / 2, entry.key, transform=inches, fontsize=_LEGEND_PT * s,
                 fontweight="bold", ha="center", va="center", color=TEXT_COLOUR,
                 fontfamily=FONT_FAMILY)
    elif entry.kind == "fill":
        fig.add_artist(Rectangle((x, y), w, h, transform=inches, facecolor=entry.colour,
                                 edgecolor="#8c8c8c", linewidth=0.6 * s))
    elif entry.kind == "outline":
        fig.add_artist(Rectangle((x, y), w, h, transform=inches, facecolor="white",
                                 edgecolor=entry.colour, linewidth=2.2 * s))
    else:
        fig.add_artist(Rectangle((x, y), w, h, transform=inches, facecolor="none",
                                 edgecolor=entry.colour, linewidth=2.0 * s, linestyle=(0, (4, 2.5))))


def _north_arrow(fig: Figure, x: float, y: float, s: float, lang: str) -> None:
    """An arrow pointing to grid north (true north within 2° in Malmö), "N" above it."""
    inches = fig.dpi_scale_trans
    w, h = 0.26 * s, 0.55 * s
    fig.add_artist(Polygon([(x - w / 2, y), (x, y + h), (x, y + 0.3 * h)], closed=True, transform=inches,
                           facecolor="white", edgecolor=TEXT_COLOUR, linewidth=1.0 * s))
    fig.add_artist(Polygon([(x + w / 2, y), (x, y + h), (x, y + 0.3 * h)], closed=True, transform=inches,
                           facecolor=TEXT_COLOUR, edgecolor=TEXT_COLOUR, linewidth=1.0 * s))
    fig.text(x, y + h + 0.08 * s, _TEXT["north"][lang], transform=inches, fontsize=_LEGEND_PT * s,
             fontweight="bold", ha="center", va="bottom", color=TEXT_COLOUR, fontfamily=FONT_FAMILY)


def _scale_bar(fig: Figure, x: float, y: float, length_in: float, length_m: float, s: float,
               lang: str) -> None:
    """Two-part scale bar (black, white) with "0" and the round length above its ends."""
    inches = fig.dpi_scale_trans
    h = 0.09 * s
    half = length_in / 2
    for i, colour in enumerate((TEXT_COLOUR, "white")):
        fig.add_artist(Rectangle((x + i * half, y), half, h, transform=inches, facecolor=colour,
                                 edgecolor=TEXT_COLOUR, linewidth=0.8 * s))
    size = _NOTE_PT * s
    end = _length_text(length_m, lang)
    in_km = end.endswith("km")
    middle = length_m / 2 / (1000 if in_km else 1)
    middle_text = format_number(middle, lang, 0 if float(middle).is_integer() else 1)
    for pos, label in ((0.0, "0"), (half, middle_text), (length_in, end)):
        fig.text(x + pos, y + h + 0.06 * s, label, transform=inches, fontsize=size, ha="center",
                 va="bottom", color=TEXT_COLOUR, fontfamily=FONT_FAMILY)


Box = tuple[float, float, float, float]  # x, y, width, height in inches


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _inside(box: Box, frame: Box) -> bool:
    return frame[0] <= box[0] and box[0] + box[2] <= frame[0] + frame[2] and frame[1] <= box[1] and \
        box[1] + box[3] <= frame[1] + frame[3]


#: Directions tried for a callout, first to the sides (labels are wide), then up/down and diagonals.
_CALLOUT_ANGLES = (0.0, 180.0, 30.0, 150.0, -30.0, -150.0, 90.0, -90.0, 60.0, 120.0, -60.0, -120.0)
_CALLOUT_RADII_IN = (0.35, 0.6, 0.9, 1.3, 1.8, 2.4)


def _proposal_labels(proposals: gpd.GeoDataFrame, lang: str) -> list[tuple[str, str]]:
    """(number, name) per proposed area, e.g. ("P1", "Rosengård m.fl."), for the map and its key."""
    name_column = "name_en" if lang == "en" and "name_en" in proposals.columns else c.NAME
    ids = proposals["proposal_id"].astype(str) if "proposal_id" in proposals.columns else \
        pd.Series([f"P{i + 1}" for i in range(len(proposals))], index=proposals.index)
    names = proposals[name_column].fillna(proposals.get(c.NAME, "")).astype(str)
    return list(zip(ids, names, strict=True))


def _label_proposals(ax, fig: Figure, proposals: gpd.GeoDataFrame, lang: str, s: float, halo: float,
                     *, to_inches, to_data, frame: Box, blocked: list[Box]) -> list[Box]:
    """Number each proposed area ("P1") legibly, with a white halo; the key beside the map names them.

    A number is written on its area, at a point inside it, unless it would cover another number;
    then it becomes a callout beside the area with a leader line, placed where it covers no other
    number and, where possible, no proposed area. Callouts are placed greedily in proposal order
    (P1 = greatest need first). Returns the boxes of the numbers (inches), which never overlap.
    """
    size = _LABEL_PT * s
    line_h = 1.3 * size / 72
    points = shapely.point_on_surface(proposals.geometry.to_numpy())
    labels = [pid for pid, _ in _proposal_labels(proposals, lang)]
    area_boxes: list[Box] = []
    for xmin, ymin, xmax, ymax in proposals.geometry.bounds.to_numpy():
        x0, y0 = to_inches(xmin, ymin)
        x1, y1 = to_inches(xmax, ymax)
        area_boxes.append((x0, y0, x1 - x0, y1 - y0))
    placed = list(blocked)
    texts: list[tuple[str, Box, tuple[float, float] | None]] = []  # label, box, leader target
    pending = []
    for point, label in zip(points, labels, strict=True):
        if point is None or shapely.is_empty(point):
            continue
        px, py = to_inches(shapely.get_x(point), shapely.get_y(point))
        w = _text_width_in(label, size, bold=True) + halo / 72
        box = (px - w / 2, py - line_h / 2, w, line_h)
        if _inside(box, frame) and not any(_overlaps(box, other) for other in placed):
            placed.append(box)
            texts.append((label, box, None))
        else:
            pending.append((px, py, label, w))
    for px, py, label, w in pending:
        box = _callout_box(px, py, w, line_h, s, frame, placed, area_boxes)
        placed.append(box)
        texts.append((label, box, (px, py)))

    effects = [patheffects.withStroke(linewidth=halo, foreground="white")]
    for label, box, target in texts:
        if target is not None:
            # Leader from the area's inner point to the nearest point of the label's box.
            ex = min(max(target[0], box[0]), box[0] + box[2])
            ey = min(max(target[1], box[1]), box[1] + box[3])
            (x0, y0), (x1, y1) = to_data(*target), to_data(ex, ey)
            ax.plot([x0, x1], [y0, y1], color=TEXT_COLOUR, linewidth=1.1 * s, zorder=5,
                    solid_capstyle="round", path_effects=[
                        patheffects.Stroke(linewidth=1.1 * s + 2.2 * s, foreground="white"),
                        patheffects.Normal()])
            ax.plot([x0], [y0], marker="o", markersize=4.0 * s, color=TEXT_COLOUR,
                    markeredgecolor="white", markeredgewidth=0.8 * s, zorder=5)
        x, y = to_data(box[0] + box[2] / 2, box[1] + box[3] / 2)
        style = {"fontsize": size, "fontweight": "bold", "ha": "center", "va": "center",
                 "fontfamily": FONT_FAMILY, "clip_on": False}
        # The halo is drawn by a white copy underneath: text drawn with path effects becomes outlines
        # in SVG and PDF, and the label itself must stay searchable text.
        ax.text(x, y, label, color="white", path_effects=effects, zorder=6, **style)
        ax.text(x, y, label, color=TEXT_COLOUR, zorder=7, **style)
    return [box for _, box, _ in texts]


def _callout_box(px: float, py: float, w: float, h: float, s: float, frame: Box, placed: list[Box],
                 area_boxes: list[Box]) -> Box:
    """The nearest free place for a label beside (px, py): first clear of labels and proposed areas,
    then clear of labels only; the search widens until one is found."""
    radii = [*_CALLOUT_RADII_IN, *(3.0 + 0.6 * i for i in range(12))]
    for avoid in ([*placed, *area_boxes], placed):
        for radius in radii:
            for angle in _CALLOUT_ANGLES:
                cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
                cx = px + cos * (radius * s + w / 2)
                cy = py + sin * (radius * s + h / 2)
                box = (cx - w / 2, cy - h / 2, w, h)
                if _inside(box, frame) and not any(_overlaps(box, o) for o in avoid):
                    return box
    return (px - w / 2, py - h / 2, w, h)  # unreachable on any real map; keeps the number shown
