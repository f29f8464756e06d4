"""Build the real Malmö data package from the public files in ``shared/data/real``.

The source folder holds SCB, Malmö stad, Polisen and Kolada files, each described in its own
``PROVENANCE.md``; they are read at run time, never copied into the repository.
`build_malmo_package` reads them (`read_sources`), then pure functions turn them into four area
levels, a tidy indicator table, a population table, the police overlay and a manifest whose notes
say, per indicator and level, whether a value is published (real), computed from published values
(derived) or not available (missing). Nothing is invented: where the sources have no value, the
package has none.

Levels, fine to coarse (all stored in EPSG:3006):

* ``deso``: DeSO 2025 (209), parent ``regso``;
* ``regso``: RegSO 2025 (91), names from SCB's DeSO–RegSO table, parent ``kommun``;
* ``delomrade``: Malmö stad's 136 delområden (land only), no parent: they do not nest in DeSO;
* ``kommun``: Malmö (1280), the union of the DeSO polygons; the package's city level.

Never imports streamlit.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from datapackage.manifest import (
    Availability,
    IndicatorEntry,
    LandOutline,
    Level,
    Manifest,
    Overlay,
)
from datapackage.osm_access import with_osm_access_from
from datapackage.scb.area_types import AREA_TYPE, AREA_TYPE_ID
from datapackage.store import STORAGE_CRS, DataPackage
from geo.interpolate import (
    areal_weights,
    interpolate_counts,
    interpolate_rate,
    nested_weights,
    share_weights,
)
from i18n.numbers import number
from model import columns as c
from model.problems import ImportRefused, Problem

# --- Source files, relative to the source folder ------------------------------------------------
DESO_GEOMETRY = "scb_deso2025_malmo/malmo_deso2025_simplified_wgs84.geojson"
DESO_TABLE = "scb_deso2025_malmo/malmo_deso2025_indicators.csv"
REGSO_GEOMETRY = "scb_deso2025_malmo/malmo_regso2025_dissolved_from_deso_wgs84.geojson"
CROSSWALK = "scb_deso2025_malmo/malmo_deso2025_deso2018_regso_crosswalk.csv"
DESO2018_TABLE = "scb_deso2018_tables_malmo/malmo_deso2018_scb_tables_2022.csv"
DELOMRADE_GEOMETRY = "malmo_delomraden/malmo_delomraden_epsg3008.gpkg"
POLICE_GEOMETRY = "polisen_utsatta_omraden_2023/malmo_utsatta_omraden_2023_wgs84.geojson"
REGSO_POPULATION = "scb_regso_malmo/malmo_regso2025_population_by_age_sex_2024.csv"
REGSO_ELIGIBILITY = "scb_regso_malmo/malmo_regso_eligibility_upper_secondary_2023.csv"
REGSO_UVAS = "scb_regso_malmo/malmo_regso_uvas_2023.csv"
REGSO_ASSISTANCE = "scb_regso_malmo/malmo_regso_economic_assistance_2023.csv"
KOMMUN_SERIES = "kommun_series/kommun_series.csv"
AREA_TYPES = "scb_regso_omradestyp/malmo_regso_omradestyp_2022_2023.csv"
OSM_PLACES = "osm_malmo_pois"  # a folder of GeoJSON files (see datapackage.osm)

# --- Identity of the package -------------------------------------------------------------------
KOMMUN_CODE = "1280"
KOMMUN_NAME = "Malmö"
YOUTH_AGE_GROUP = "15-24"  # the nearest band to 16-24 that SCB publishes per DeSO/RegSO
POLICE_OVERLAY_ID = "polisen_utsatta_2023"
PACKAGE_NAME = "Malmö – verkliga data (SCB m.fl.)"
ATTRIBUTION = "Källa: SCB; Malmö stad; Polisen; Kolada (RKA)"

DESO, REGSO, DELOMRADE, KOMMUN = "deso", "regso", "delomrade", "kommun"
AREA_LEVELS = (DESO, REGSO, DELOMRADE)

# --- Years (see the PROVENANCE files) ----------------------------------------------------------
YEAR_DESO_ECON = 2024  # low_econ_std_pct in the DeSO 2025 table
YEAR_DESO2018 = 2022  # the DeSO 2018 table
YEAR_DESO_POPULATION = 2025  # the DeSO age distribution: same vintage as `pop` (see _population)
YEAR_REGSO_POPULATION = 2024
YEAR_REGSO_STATIV = 2023  # UVAS, eligibility and transfers per RegSO

# --- Which rows of the RegSO STATIV cubes and Kolada series are used ---------------------------
SEX_TOTAL = "total"
UVAS_BACKGROUND = "000"  # all education levels = everyone (identical to `TOT`)
UVAS_MEASURE = "000004W9"  # neet_20_25_pct
ASSISTANCE_BACKGROUND = "tot20-64"  # everyone aged 20-64 (identical to `000` and `TOT`)
ASSISTANCE_MEASURE = "000004WZ"  # income support as % of the group's net income
KOLADA = {
    "uvas": "N02797",  # UVAS 16-24
    "behorighet_yrkesprogram": "N15428",  # year 9, eligible for vocational programmes
    "trangboddhet": "N07907",  # overcrowding norm 2, multi-dwelling buildings only
    "ekonomiskt_bistand": "N31807",  # share of inhabitants who received it
    "lag_inkomststandard": "N66077",  # low economic standard, ages 0-19
}

# Abbreviations in Malmö stad's delområde names, written out.
_NAME_ABBREVIATIONS = {"INDUSTRIOMR.": "INDUSTRIOMRÅDE"}

_REQUIRED: dict[str, tuple[str, ...]] = {
    DESO_GEOMETRY: ("deso",),
    DESO_TABLE: ("deso", "regso", "low_econ_std_pct", "pop_agedist_total", "pop_0_19",
                 "pop_15_24"),
    REGSO_GEOMETRY: ("regso",),
    CROSSWALK: ("deso2025", "deso2018", "regso2025", "regso_namn"),
    DESO2018_TABLE: ("deso2018", "low_econ_std_pct", "econstd_n_persons", "pop_total",
                     "pop_0_19_2022", "pop_15_24_2022"),
    DELOMRADE_GEOMETRY: ("delomrade", "do_kod"),
    POLICE_GEOMETRY: ("NAMN", "KATEGORI"),
    REGSO_POPULATION: ("regso", "total_totalt", "total_0_19", "total_15_24"),
    REGSO_ELIGIBILITY: ("regso", "eligible_upper_sec_pct"),
    REGSO_UVAS: ("regso", "sex_label", "bakgrund", "measure_code", "value", "suppressed"),
    REGSO_ASSISTANCE: ("regso", "sex_label", "bakgrund", "measure_code", "value", "suppressed"),
    KOMMUN_SERIES: ("kommun_code", "source_id", "year", "gender", "value"),
    AREA_TYPES: ("regso", "omradestyp_2022", "omradestyp_2023"),
}
_CODE_COLUMNS = ("deso", "regso", "deso2025", "deso2018", "regso2025", "kommun_code", "bakgrund",
                 "measure_code", "source_id", "gender", "sex_label", "do_kod")
_NUMERIC: dict[str, tuple[str, ...]] = {
    DESO_TABLE: ("low_econ_std_pct", "pop_agedist_total", "pop_0_19", "pop_15_24"),
    DESO2018_TABLE: ("low_econ_std_pct", "econstd_n_persons", "pop_total", "pop_0_19_2022",
                     "pop_15_24_2022"),
    REGSO_POPULATION: ("total_totalt", "total_0_19", "total_15_24"),
    REGSO_ELIGIBILITY: ("eligible_upper_sec_pct",),
    REGSO_UVAS: ("value", "suppressed"),
    REGSO_ASSISTANCE: ("value", "suppressed"),
    KOMMUN_SERIES: ("year", "value"),
    AREA_TYPES: ("omradestyp_2022", "omradestyp_2023"),
}


@dataclass(frozen=True)
class MalmoSources:
    """The source files, read but not yet reshaped. Layers are in their source CRS."""

    deso: gpd.GeoDataFrame
    deso_table: pd.DataFrame
    regso: gpd.GeoDataFrame
    crosswalk: pd.DataFrame
    deso2018_table: pd.DataFrame
    delomraden: gpd.GeoDataFrame
    police: gpd.GeoDataFrame
    regso_population: pd.DataFrame
    regso_eligibility: pd.DataFrame
    regso_uvas: pd.DataFrame
    regso_assistance: pd.DataFrame
    kommun_series: pd.DataFrame
    area_types: pd.DataFrame


# =============================================================================================
# Reading
# =============================================================================================


def read_sources(src: str | Path) -> MalmoSources:
    """Read every source file, checking that it exists and has the columns the build uses.

    Raises
    ------
    ImportRefused
        Naming each missing or malformed file (and column), when anything cannot be used.
    """
    src = Path(src)
    if not src.is_dir():
        raise ImportRefused([Problem(
            str(src),
            "Källmappen finns inte. Ange mappen med de verkliga data (t.ex. ../shared/data/real).",
            "The source folder does not exist. Give the folder with the real data "
            "(e.g. ../shared/data/real).",
        )])
    problems: list[Problem] = []
    layers = {rel: _read_layer(src, rel, problems)
              for rel in (DESO_GEOMETRY, REGSO_GEOMETRY, DELOMRADE_GEOMETRY, POLICE_GEOMETRY)}
    tables = {rel: _read_table(src, rel, problems)
              for rel in (DESO_TABLE, CROSSWALK, DESO2018_TABLE, REGSO_POPULATION,
                          REGSO_ELIGIBILITY, REGSO_UVAS, REGSO_ASSISTANCE, KOMMUN_SERIES,
                          AREA_TYPES)}
    if problems:
        raise ImportRefused(problems)
    sources = MalmoSources(
        deso=layers[DESO_GEOMETRY],
        deso_table=tables[DESO_TABLE],
        regso=layers[REGSO_GEOMETRY],
        crosswalk=tables[CROSSWALK],
        deso2018_table=tables[DESO2018_TABLE],
        delomraden=layers[DELOMRADE_GEOMETRY],
        police=layers[POLICE_GEOMETRY],
        regso_population=tables[REGSO_POPULATION],
        regso_eligibility=tables[REGSO_ELIGIBILITY],
        regso_uvas=tables[REGSO_UVAS],
        regso_assistance=tables[REGSO_ASSISTANCE],
        kommun_series=tables[KOMMUN_SERIES],
        area_types=tables[AREA_TYPES],
    )
    problems = check_sources(sources, src)
    if problems:
        raise ImportRefused(problems)
    return sources


def _missing_file(path: Path) -> Problem:
    return Problem(str(path), "Filen saknas i källmappen.", "The file is missing from the source "
                   "folder.")


def _read_layer(src: Path, rel: str, problems: list[Problem]) -> gpd.GeoDataFrame | None:
    path = src / rel
    if not path.is_file():
        problems.append(_missing_file(path))
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several error types for unreadable files
        problems.append(Problem(str(path), f"Kan inte läsa geometrifilen: {exc}",
                                f"Cannot read the geometry file: {exc}"))
        return None
    ok = _check_columns(gdf, path, rel, problems)
    if gdf.crs is None:
        problems.append(Problem(str(path), "Filen anger inget koordinatsystem (CRS).",
                                "The file has no coordinate reference system (CRS)."))
        ok = False
    if gdf.empty or not gdf.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        problems.append(Problem(str(path), "Filen måste innehålla ytor (polygoner).",
                                "The file must hold polygons."))
        ok = False
    if not ok:
        return None
    for col in _CODE_COLUMNS:
        if col in gdf.columns:
            gdf[col] = gdf[col].astype("string")
    return gdf


def _read_table(src: Path, rel: str, problems: list[Problem]) -> pd.DataFrame | None:
    path = src / rel
    if not path.is_file():
        problems.append(_missing_file(path))
        return None
    required = _REQUIRED[rel]
    try:
        df = pd.read_csv(path, dtype=dict.fromkeys(_CODE_COLUMNS, "string"),
                         usecols=lambda col: col in required or col == "regso_namn")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError,
            ValueError) as exc:
        problems.append(Problem(str(path), f"Kan inte läsa filen: {exc}",
                                f"Cannot read the file: {exc}"))
        return None
    if not _check_columns(df, path, rel, problems):
        return None
    ok = True
    for col in _NUMERIC.get(rel, ()):
        numbers = pd.to_numeric(df[col], errors="coerce")
        bad = numbers.isna() & df[col].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            problems.append(Problem(
                str(path), f"Värdet {df[col][bad].iloc[0]!r} är inget tal.",
                f"The value {df[col][bad].iloc[0]!r} is not a number.", row=row, column=col))
            ok = False
        df[col] = numbers
    return df if ok else None


def _check_columns(df: pd.DataFrame, path: Path, rel: str, problems: list[Problem]) -> bool:
    missing = [col for col in _REQUIRED[rel] if col not in df.columns]
    for col in missing:
        problems.append(Problem(str(path), "Kolumnen saknas.", "The column is missing.", row=1,
                                column=col))
    return not missing


def check_sources(sources: MalmoSources, src: Path) -> list[Problem]:
    """Cross-file checks: the DeSO files and the crosswalk must describe the same areas."""
    problems: list[Problem] = []
    xw = sources.crosswalk
    for rel, codes in ((DESO_GEOMETRY, sources.deso["deso"]),
                       (DESO_TABLE, sources.deso_table["deso"]),
                       (CROSSWALK, xw["deso2025"])):
        duplicated = codes[codes.duplicated()]
        if not duplicated.empty:
            problems.append(Problem(str(src / rel), f"DeSO {duplicated.iloc[0]} förekommer flera "
                                    "gånger.", f"DeSO {duplicated.iloc[0]} occurs more than once.",
                                    column="deso"))
    known = set(xw["deso2025"])
    for rel, codes in ((DESO_GEOMETRY, sources.deso["deso"]),
                       (DESO_TABLE, sources.deso_table["deso"])):
        unknown = sorted(set(codes) - known)
        if unknown:
            problems.append(Problem(
                str(src / rel), f"{len(unknown)} DeSO saknas i kopplingstabellen {CROSSWALK} "
                f"(t.ex. {unknown[0]}).", f"{len(unknown)} DeSO are not in the crosswalk "
                f"{CROSSWALK} (e.g. {unknown[0]}).", column="deso"))
    for rel, codes in ((DESO_GEOMETRY, sources.deso["deso"]),
                       (DESO_TABLE, sources.deso_table["deso"])):
        absent = sorted(known - set(codes))
        if absent:
            problems.append(Problem(str(src / rel), f"{len(absent)} DeSO i kopplingstabellen "
                                    f"saknas i filen (t.ex. {absent[0]}).", f"{len(absent)} DeSO "
                                    f"in the crosswalk are missing from the file (e.g. "
                                    f"{absent[0]}).", column="deso"))
    names = xw.groupby("regso2025")["regso_namn"].nunique()
    if (names > 1).any():
        problems.append(Problem(str(src / CROSSWALK), f"RegSO {names[names > 1].index[0]} har "
                                "flera namn.", f"RegSO {names[names > 1].index[0]} has more than "
                                "one name.", column="regso_namn"))
    parents_2018 = xw.drop_duplicates(["deso2018", "regso2025"])["deso2018"]
    if parents_2018.duplicated().any():
        code = parents_2018[parents_2018.duplicated()].iloc[0]
        problems.append(Problem(str(src / CROSSWALK), f"DeSO 2018 {code} ligger i flera RegSO.",
                                f"DeSO 2018 {code} lies in more than one RegSO.",
                                column="deso2018"))
    for rel, cube in ((REGSO_UVAS, sources.regso_uvas), (REGSO_ASSISTANCE,
                                                         sources.regso_assistance)):
        keys = cube[["regso", "sex_label", "bakgrund", "measure_code"]]
        if keys.duplicated().any():
            row = int(np.flatnonzero(keys.duplicated().to_numpy())[0]) + 2
            problems.append(Problem(str(src / rel), "Raden upprepar en tidigare rad (samma "
                                    "regso, kön, bakgrund och mått).", "The row repeats an "
                                    "earlier one (same regso, sex, background and measure).",
                                    row=row))
    unknown_types = sorted(set(sources.area_types["regso"]) - set(xw["regso2025"]))
    if unknown_types:
        problems.append(Problem(str(src / AREA_TYPES), f"{len(unknown_types)} RegSO finns inte i "
                                f"kopplingstabellen (t.ex. {unknown_types[0]}).",
                                f"{len(unknown_types)} RegSO are not in the crosswalk (e.g. "
                                f"{unknown_types[0]}).", column="regso"))
    for column in ("omradestyp_2022", "omradestyp_2023"):
        bad = ~sources.area_types[column].isin([1, 2, 3, 4, 5]) & sources.area_types[column].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            problems.append(Problem(str(src / AREA_TYPES), "Områdestypen ska vara 1–5.",
                                    "The area type must be 1–5.", row=row, column=column))
    missing_regso = sorted(set(xw["regso2025"]) - set(sources.regso["regso"]))
    if missing_regso:
        problems.append(Problem(str(src / REGSO_GEOMETRY), f"{len(missing_regso)} RegSO saknar "
                                f"geometri (t.ex. {missing_regso[0]}).", f"{len(missing_regso)} "
                                f"RegSO have no geometry (e.g. {missing_regso[0]}).",
                                column="regso"))
    return problems


# =============================================================================================
# Areas
# =============================================================================================


def clean_polygons(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """2-D geometries in EPSG:3006, repaired where invalid, keeping only their polygonal parts."""
    geoms = gdf.geometry.to_crs(STORAGE_CRS)
    if geoms.has_z.any():  # the police file carries a constant Z; areas are 2-D
        geoms = gpd.GeoSeries(shapely.force_2d(geoms.to_numpy()), index=geoms.index,
                              crs=STORAGE_CRS)
    invalid = ~geoms.is_valid
    if invalid.any():
        repaired = shapely.make_valid(geoms[invalid].to_numpy(), method="structure",
                                      keep_collapsed=False)
        repaired = [_polygonal(g) for g in repaired]
        geoms = geoms.copy()
        geoms[invalid] = repaired
    return geoms


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def _area_frame(ids: Iterable, names: Iterable, level: str, parents: Iterable,
                geometry: Iterable) -> gpd.GeoDataFrame:
    ids = [str(i) for i in ids]
    frame = gpd.GeoDataFrame(
        {
            c.AREA_ID: pd.array(ids, dtype="string"),
            c.NAME: pd.array(list(names), dtype="string"),
            c.LEVEL: pd.array([level] * len(ids), dtype="string"),
            c.PARENT_ID: pd.array(list(parents), dtype="string"),
        },
        geometry=list(geometry),
        crs=STORAGE_CRS,
    )
    return frame.sort_values(c.AREA_ID).reset_index(drop=True)


def title_case_name(name: str) -> str:
    """Malmö stad's upper-case delområde names in title case, e.g. ``"Rosengård Centrum"``.

    Every word (and every part of a hyphenated word) starts with a capital; known abbreviations are
    written out (``"SOFIELUNDS INDUSTRIOMR."`` → ``"Sofielunds Industriområde"``).
    """
    words = [_NAME_ABBREVIATIONS.get(word.upper(), word) for word in name.split()]
    return " ".join("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
                    for word in words)


def deso_areas(deso: gpd.GeoDataFrame, crosswalk: pd.DataFrame) -> gpd.GeoDataFrame:
    """DeSO 2025 areas named "code (RegSO name)", with their RegSO as parent."""
    xw = crosswalk.set_index("deso2025")
    codes = deso["deso"]
    return _area_frame(
        codes,
        [f"{code} ({xw.at[code, 'regso_namn']})" for code in codes],
        DESO,
        codes.map(xw["regso2025"]),
        clean_polygons(deso),
    )


def regso_areas(regso: gpd.GeoDataFrame, crosswalk: pd.DataFrame, deso: gpd.GeoDataFrame,
                closing_m: float = 40.0) -> gpd.GeoDataFrame:
    """RegSO 2025 areas with the names of SCB's DeSO–RegSO table, parent the kommun.

    The source layer was made by dissolving DeSO polygons; where it holds an empty polygon (RegSO
    ``1280R024`` in the copy at hand) the area is rebuilt the same way from its DeSOs in ``deso`` (the
    package's DeSO areas, whose ``parent_id`` is the RegSO), so no area goes missing from the map.
    """
    names = crosswalk.drop_duplicates("regso2025").set_index("regso2025")["regso_namn"]
    known = regso[regso["regso"].isin(names.index)]
    geoms = clean_polygons(known)
    for i in np.flatnonzero(geoms.is_empty.to_numpy()):
        members = deso.geometry[deso[c.PARENT_ID] == known["regso"].iloc[i]].to_numpy()
        if len(members):
            union = shapely.union_all(members).buffer(closing_m).buffer(-closing_m)
            geoms.iloc[i] = _polygonal(shapely.make_valid(union))
    return _area_frame(known["regso"], known["regso"].map(names), REGSO,
                       [KOMMUN_CODE] * len(known), geoms)


def delomrade_areas(delomraden: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Malmö stad's delområden, id = ``do_kod``, names in title case, no parent."""
    return _area_frame(
        delomraden["do_kod"].astype("string"),
        [title_case_name(str(n)) for n in delomraden["delomrade"]],
        DELOMRADE,
        [None] * len(delomraden),
        clean_polygons(delomraden),
    )


def kommun_area(deso: gpd.GeoDataFrame, closing_m: float = 40.0) -> gpd.GeoDataFrame:
    """The whole kommun: the union of the DeSO polygons.

    The simplified DeSO polygons leave slivers between neighbours; a morphological closing
    (buffer ``+closing_m`` then ``-closing_m`` metres, as used for the source's RegSO layer) removes
    them so the kommun is one polygon without spurious holes.
    """
    union = shapely.union_all(deso.geometry.to_numpy())
    closed = _polygonal(shapely.make_valid(union.buffer(closing_m).buffer(-closing_m)))
    return _area_frame([KOMMUN_CODE], [KOMMUN_NAME], KOMMUN, [None], [closed])


def land_outline(delomraden: gpd.GeoDataFrame, closing_m: float = 20.0) -> gpd.GeoSeries:
    """Malmö's land: the union of the delområden, which cover land only (EPSG:3006).

    SCB's DeSO/RegSO polygons include Öresund and the harbour basins; maps clip the areas to this
    outline so the sea is not drawn as land. A small closing removes slivers between delområden.
    """
    union = shapely.union_all(clean_polygons(delomraden).to_numpy())
    closed = _polygonal(shapely.make_valid(union.buffer(closing_m).buffer(-closing_m)))
    return gpd.GeoSeries([closed], crs=STORAGE_CRS)


def area_type_rows(area_types: pd.DataFrame, regso_ids: Iterable[str]) -> pd.DataFrame:
    """SCB's områdestyp per RegSO as classification rows, one per area and year."""
    known = area_types[area_types["regso"].isin(set(regso_ids))]
    rows = []
    for column in (col for col in known.columns if col.startswith("omradestyp_")):
        year = int(column.removeprefix("omradestyp_"))
        present = known[known[column].notna()]
        rows.append(pd.DataFrame({
            c.CLASSIFICATION: AREA_TYPE_ID, c.AREA_ID: present["regso"].astype("string"),
            c.LEVEL: REGSO, c.YEAR: year,
            c.CATEGORY: present[column].astype(int).astype("string")}))
    return pd.concat(rows, ignore_index=True)


def police_overlay(police: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Polisen's utsatta områden with ``name`` and ``category`` columns, in EPSG:3006."""
    return gpd.GeoDataFrame(
        {"name": police["NAMN"].astype("string").to_numpy(),
         "category": police["KATEGORI"].astype("string").to_numpy()},
        geometry=clean_polygons(police).to_numpy(),
        crs=STORAGE_CRS,
    )


# =============================================================================================
# Tables
# =============================================================================================


def indicator_rows(
    level: str,
    indicator: str,
    year: int,
    value: pd.Series,
    numerator: pd.Series | None = None,
    denominator: pd.Series | None = None,
    suppressed: pd.Series | None = None,
) -> pd.DataFrame:
    """Rows of the tidy indicator table for one level, indicator and year.

    ``value`` is indexed by area code; the other series are aligned to it (missing = empty).
    """
    index = value.index

    def aligned(series: pd.Series | None) -> np.ndarray:
        if series is None:
            return np.full(len(index), np.nan)
        return series.reindex(index).astype(float).to_numpy()

    flags = (np.zeros(len(index), dtype=bool) if suppressed is None
             else suppressed.reindex(index).fillna(False).astype(bool).to_numpy())
    return pd.DataFrame({
        c.AREA_ID: pd.array(index.astype(str), dtype="string"),
        c.LEVEL: level,
        c.YEAR: int(year),
        c.INDICATOR: indicator,
        c.VALUE: value.astype(float).to_numpy(),
        c.NUMERATOR: aligned(numerator),
        c.DENOMINATOR: aligned(denominator),
        c.SUPPRESSED: flags,
    })


def population_rows(level: str, year: int, counts: pd.DataFrame) -> pd.DataFrame:
    """Tidy population rows from counts indexed by area code, one column per age group."""
    long = counts.rename_axis(c.AREA_ID).reset_index().melt(
        id_vars=c.AREA_ID, var_name=c.AGE_GROUP, value_name=c.POPULATION)
    long[c.LEVEL] = level
    long[c.YEAR] = int(year)
    long[c.AREA_ID] = long[c.AREA_ID].astype("string")
    return long[list(c.POPULATION_TABLE_COLUMNS)]


def kommun_series_rows(series: pd.DataFrame, indicator: str, source_id: str) -> pd.DataFrame:
    """One Kolada series for Malmö, both sexes, as indicator rows at the kommun level.

    Several Kolada series share one ``indicator`` label in the file, so the row filter is on
    ``source_id``, ``gender == "T"`` and ``kommun_code == "1280"``.
    """
    rows = series[(series["source_id"] == source_id) & (series["gender"] == "T")
                  & (series["kommun_code"] == KOMMUN_CODE)]
    parts = [indicator_rows(KOMMUN, indicator, int(year),
                            pd.Series([float(group["value"].iloc[0])], index=[KOMMUN_CODE]))
             for year, group in rows.groupby("year")]
    return _concat(parts)


def _concat(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=list(c.INDICATOR_TABLE_COLUMNS))
    return pd.concat(parts, ignore_index=True)


def deso_population(deso_table: pd.DataFrame) -> pd.DataFrame:
    """DeSO population by age group from the DeSO 2025 table (total, 0-19, 15-24)."""
    t = deso_table.set_index("deso")
    return pd.DataFrame({
        c.AGE_TOTAL: t["pop_agedist_total"],
        c.AGE_CHILDREN: t["pop_0_19"],
        YOUTH_AGE_GROUP: t["pop_15_24"],
    }).rename_axis(None)


def deso2018_counts(deso2018_table: pd.DataFrame) -> pd.DataFrame:
    """2022 counts per DeSO 2018: population by age group and the economic-standard population."""
    t = deso2018_table.set_index("deso2018")
    return pd.DataFrame({
        c.AGE_TOTAL: t["pop_total"],
        c.AGE_CHILDREN: t["pop_0_19_2022"],
        YOUTH_AGE_GROUP: t["pop_15_24_2022"],
        "econ_n": t["econstd_n_persons"],
        "econ_low": t["low_econ_std_pct"] / 100.0 * t["econstd_n_persons"],
    }).rename_axis(None)


def regso_population(regso_table: pd.DataFrame) -> pd.DataFrame:
    """RegSO 2024 population by age group from SCB's RegSO 2025 table."""
    t = regso_table.set_index("regso")
    return pd.DataFrame({
        c.AGE_TOTAL: t["total_totalt"],
        c.AGE_CHILDREN: t["total_0_19"],
        YOUTH_AGE_GROUP: t["total_15_24"],
    }).rename_axis(None)


def stativ_values(cube: pd.DataFrame, background: str, measure_code: str) -> pd.DataFrame:
    """One measure of a RegSO STATIV cube for both sexes: ``value`` and ``suppressed`` by RegSO."""
    rows = cube[(cube["sex_label"] == SEX_TOTAL) & (cube["bakgrund"] == background)
                & (cube["measure_code"] == measure_code)]
    if rows["regso"].duplicated().any():
        raise ValueError(f"measure {measure_code!r}, background {background!r}: a RegSO occurs "
                         "twice")
    out = rows.set_index("regso")[["value", "suppressed"]].rename_axis(None)
    out["suppressed"] = out["suppressed"].fillna(0).astype(bool) | out["value"].isna()
    return out


def _round_counts(counts: pd.DataFrame) -> pd.DataFrame:
    return counts.round().astype("Int64")


@dataclass(frozen=True)
class _Tables:
    indicators: pd.DataFrame
    population: pd.DataFrame
    facts: dict[str, float]  # numbers quoted in the manifest's notes


def build_tables(sources: MalmoSources, delomrade: gpd.GeoDataFrame,
                 deso: gpd.GeoDataFrame) -> _Tables:
    """The indicator and population tables of the package (see the module docstring)."""
    xw = sources.crosswalk
    pop_deso = deso_population(sources.deso_table)
    to_regso = nested_weights(xw, "deso2025", "regso2025")
    from_2018 = share_weights(xw, "deso2018", "deso2025", pop_deso[c.AGE_TOTAL])
    from_2018_to_regso = nested_weights(xw, "deso2018", "regso2025")
    to_delomrade = areal_weights(deso, delomrade, c.AREA_ID, c.AREA_ID)

    counts_2018 = deso2018_counts(sources.deso2018_table)
    counts_2022 = interpolate_counts(counts_2018, from_2018)  # carried to DeSO 2025
    regso_2022 = interpolate_counts(counts_2018, from_2018_to_regso)

    # --- population -------------------------------------------------------------------------
    ages = [c.AGE_TOTAL, c.AGE_CHILDREN, YOUTH_AGE_GROUP]
    regso_2024 = regso_population(sources.regso_population)
    population = pd.concat([
        population_rows(DESO, YEAR_DESO_POPULATION, pop_deso),
        population_rows(DESO, YEAR_DESO2018, _round_counts(counts_2022[ages])),
        population_rows(REGSO, YEAR_REGSO_POPULATION, regso_2024),
        population_rows(REGSO, YEAR_DESO_POPULATION, interpolate_counts(pop_deso, to_regso)),
        population_rows(REGSO, YEAR_DESO2018, regso_2022[ages]),
        population_rows(DELOMRADE, YEAR_DESO_POPULATION,
                        _round_counts(interpolate_counts(pop_deso, to_delomrade))),
        population_rows(DELOMRADE, YEAR_DESO2018,
                        _round_counts(interpolate_counts(counts_2022[ages], to_delomrade))),
        population_rows(KOMMUN, YEAR_DESO_POPULATION, _kommun_sum(pop_deso)),
        population_rows(KOMMUN, YEAR_REGSO_POPULATION, _kommun_sum(regso_2024)),
        population_rows(KOMMUN, YEAR_DESO2018, _kommun_sum(counts_2018[ages])),
    ], ignore_index=True)
    population[c.POPULATION] = population[c.POPULATION].astype(float)

    parts: list[pd.DataFrame] = []
    # --- befolkning: total population as an indicator ---------------------------------------
    totals = population[population[c.AGE_GROUP] == c.AGE_TOTAL]
    for (level, year), group in totals.groupby([c.LEVEL, c.YEAR], sort=False):
        parts.append(indicator_rows(str(level), "befolkning", int(year),
                                    group.set_index(c.AREA_ID)[c.POPULATION]))

    # --- lag_inkomststandard ----------------------------------------------------------------
    low_2024 = sources.deso_table.set_index("deso")["low_econ_std_pct"].rename_axis(None)
    parts.append(indicator_rows(DESO, "lag_inkomststandard", YEAR_DESO_ECON, low_2024))
    parts.append(indicator_rows(REGSO, "lag_inkomststandard", YEAR_DESO_ECON,
                                interpolate_rate(low_2024, pop_deso[c.AGE_TOTAL], to_regso)))
    parts.append(indicator_rows(DELOMRADE, "lag_inkomststandard", YEAR_DESO_ECON,
                                interpolate_rate(low_2024, pop_deso[c.AGE_TOTAL], to_delomrade)))
    delomrade_2022 = interpolate_counts(counts_2022[["econ_low", "econ_n"]], to_delomrade)
    for level, counts in ((DESO, counts_2022), (REGSO, regso_2022), (DELOMRADE, delomrade_2022)):
        parts.append(indicator_rows(level, "lag_inkomststandard", YEAR_DESO2018,
                                    100.0 * counts["econ_low"] / counts["econ_n"],
                                    counts["econ_low"], counts["econ_n"]))
    parts.append(kommun_series_rows(sources.kommun_series, "lag_inkomststandard",
                                    KOLADA["lag_inkomststandard"]))

    # --- behorighet_yrkesprogram ----------------------------------------------------------------
    eligible = sources.regso_eligibility.set_index("regso")["eligible_upper_sec_pct"]
    eligible = eligible.rename_axis(None)
    parts.append(indicator_rows(REGSO, "behorighet_yrkesprogram", YEAR_REGSO_STATIV, eligible,
                                suppressed=eligible.isna()))
    # --- uvas and ekonomiskt_bistand: one measure of a RegSO STATIV cube --------------------
    for indicator, cube, background, measure in (
        ("uvas", sources.regso_uvas, UVAS_BACKGROUND, UVAS_MEASURE),
        ("ekonomiskt_bistand", sources.regso_assistance, ASSISTANCE_BACKGROUND,
         ASSISTANCE_MEASURE),
    ):
        values = stativ_values(cube, background, measure)
        parts.append(indicator_rows(REGSO, indicator, YEAR_REGSO_STATIV, values["value"],
                                    suppressed=values["suppressed"]))
    for indicator in ("behorighet_yrkesprogram", "uvas", "ekonomiskt_bistand", "trangboddhet"):
        parts.append(kommun_series_rows(sources.kommun_series, indicator, KOLADA[indicator]))

    indicators = _concat(parts)
    indicators[c.SUPPRESSED] = indicators[c.SUPPRESSED].astype(bool)
    facts = {
        "low_all_ages_2022": float(100.0 * counts_2018["econ_low"].sum()
                                   / counts_2018["econ_n"].sum()),
        "low_all_ages_2024": float((low_2024 * pop_deso[c.AGE_TOTAL]).sum()
                                   / pop_deso[c.AGE_TOTAL][low_2024.notna()].sum()),
        "split_deso2018": int((from_2018["weight"] < 1).groupby(from_2018["source"]).any().sum()),
        "split_deso2025": int((from_2018["weight"] < 1).sum()),
    }
    return _Tables(indicators, population, facts)


def _kommun_sum(counts: pd.DataFrame) -> pd.DataFrame:
    return counts.sum().to_frame(KOMMUN_CODE).T


# =============================================================================================
# Manifest
# =============================================================================================

LEVELS = (
    Level(DESO, "DeSO", "DeSO (demographic statistical area)", REGSO),
    Level(REGSO, "RegSO", "RegSO (regional statistical area)", KOMMUN),
    Level(DELOMRADE, "Delområde", "Sub-district (delområde)", None),
    Level(KOMMUN, "Kommun", "Municipality", None),
)

_DESCRIPTION_SV = (
    "Verkliga, offentliga data för Malmö: SCB:s DeSO 2025 (209 områden) och RegSO 2025 (91), "
    "Malmö stads 136 delområden och hela kommunen. Områdesstatistik från SCB (DeSO-tabeller 2022 "
    "och 2024, RegSO/STATIV 2023), kommunserier från Kolada (RKA) och Polisens utsatta områden "
    "2023 som referenslager. Förbehåll: DeSO- och RegSO-gränserna är kraftigt förenklade och "
    "omfattar även havsområdet, medan delområdena bara täcker land. Delområdesvärden är "
    "uppskattade från DeSO med arealviktning (bara DeSO-ytornas landdel, befolkningsviktat). "
    "Indikatorerna mäts delvis olika på olika nivåer och trångboddhet finns bara för hela "
    "kommunen – se noten vid varje indikator. Befolkningen per DeSO (åldersfördelningen) avser "
    "sannolikt 2025. RegSO-tabellerna 2023 är publicerade på den äldre RegSO-indelningen, som "
    "grupperar DeSO på samma sätt i Malmö."
)
_DESCRIPTION_EN = (
    "Real public data for Malmö: SCB's DeSO 2025 (209 areas) and RegSO 2025 (91), Malmö stad's "
    "136 delområden (sub-districts) and the whole municipality. Area statistics from SCB (DeSO "
    "tables 2022 and 2024, RegSO/STATIV 2023), municipal series from Kolada (RKA) and the "
    "police's 'utsatta områden' 2023 as a reference layer. Caveats: DeSO and RegSO boundaries are "
    "heavily simplified and include the sea, while delområden cover land only. Delområde values "
    "are estimated from DeSO by areal interpolation (land part of each DeSO only, population-"
    "weighted). Indicators are partly measured differently at different levels, and overcrowding "
    "exists for the whole municipality only – see each indicator's note. The DeSO population "
    "(age distribution) most likely refers to 2025. The 2023 RegSO tables are published on the "
    "older RegSO division, which groups DeSO identically in Malmö."
)

_MISSING_BELOW_REGSO = Availability(
    "missing",
    "Finns bara per RegSO i tillgängliga data; fördelas inte ner på mindre områden.",
    "Available per RegSO only; not disaggregated to smaller areas.",
)


def indicator_entries(facts: dict[str, float]) -> dict[str, IndicatorEntry]:
    """The manifest's account of every indicator: status and note, overall and per level."""
    split = (f"{facts['split_deso2018']:.0f} DeSO 2018 delades 2025 i {facts['split_deso2025']:.0f}"
             " nya DeSO")
    split_en = (f"{facts['split_deso2018']:.0f} DeSO 2018 were split into "
                f"{facts['split_deso2025']:.0f} new DeSO in 2025")
    low_2022, low_2024 = facts["low_all_ages_2022"], facts["low_all_ages_2024"]
    return {
        "lag_inkomststandard": IndicatorEntry(
            status="real",
            source="SCB (DeSO); Kolada N66077 (SCB)",
            note_sv=(
                "Mäter SCB:s ”låg ekonomisk standard” (hushållets disponibla inkomst per "
                "konsumtionsenhet under 60 % av medianen i riket), det närmaste officiella måttet "
                "– inte ”låg inkomststandard”. Områdesnivåer: alla åldrar, heltal i procent. "
                "Kommunnivå: bara 0–19 år (Kolada N66077)."
            ),
            note_en=(
                "Measures SCB's 'low economic standard' (household disposable income per "
                "consumption unit below 60% of the national median), the nearest official "
                "measure – not 'low income standard'. Area levels: all ages, whole percent. "
                "Municipality level: ages 0–19 only (Kolada N66077)."
            ),
            levels={
                DESO: Availability(
                    "real",
                    "SCB:s andel med låg ekonomisk standard, alla åldrar (2022 och 2024). 2022 "
                    f"kommer från DeSO 2018-indelningen: {split}; de nya områdena har fått "
                    "föregångarens andel och en nämnare fördelad efter befolkningen (uppskattat). "
                    "Nämnare 2022: SCB:s antal personer i måttet; täljare = andel × nämnare. "
                    "2024 har ingen nämnare i källan.",
                    "SCB's share with low economic standard, all ages (2022 and 2024). 2022 comes "
                    f"from the DeSO 2018 division: {split_en}; the new areas carry their "
                    "predecessor's share and a denominator split by population (estimated). "
                    "Denominator 2022: SCB's number of persons in the measure; numerator = share × "
                    "denominator. 2024 has no denominator in the source.",
                ),
                REGSO: Availability(
                    "derived",
                    "Beräknad från DeSO: befolkningsviktat medelvärde (2024) respektive summerad "
                    "täljare och nämnare (2022). Ingen officiell RegSO-siffra.",
                    "Computed from DeSO: population-weighted mean (2024) or summed numerator and "
                    "denominator (2022). Not an official RegSO figure.",
                ),
                DELOMRADE: Availability(
                    "derived",
                    "Uppskattad från DeSO med arealviktning: bara DeSO-ytornas landdel räknas "
                    "(DeSO-gränserna omfattar hav, delområden bara land), viktat med befolkningen "
                    "som antas bo jämnt fördelad över landdelen. Gränserna är förenklade.",
                    "Estimated from DeSO by areal interpolation: only the land part of each DeSO "
                    "counts (DeSO boundaries include sea, delområden are land only), weighted by "
                    "population assumed to live evenly over that land. Boundaries are simplified.",
                ),
                KOMMUN: Availability(
                    "real",
                    "Kolada N66077: andel invånare 0–19 år med låg ekonomisk standard, 2011–2022, "
                    "heltal – inte alla åldrar som på områdesnivå. Alla åldrar, beräknat från "
                    f"DeSO: 2022 ≈ {number(low_2022, 'sv')} %, 2024 ≈ {number(low_2024, 'sv')} %.",
                    "Kolada N66077: share of inhabitants aged 0–19 with low economic standard, "
                    "2011–2022, whole percent – not all ages as at area level. All ages, computed "
                    f"from DeSO: 2022 ≈ {number(low_2022, 'en')}%, 2024 ≈ {number(low_2024, 'en')}%.",
                ),
            },
        ),
        "behorighet_yrkesprogram": IndicatorEntry(
            status="real",
            source="SCB (STATIV, RegSO); Kolada N15428 (SCB/Skolverket)",
            note_sv=(
                "RegSO 2023: andel elever som gick ut årskurs 9 och är behöriga till minst ett "
                "nationellt gymnasieprogram (SCB STATIV), efter bostadsområde; 20 av 91 RegSO är "
                "undertryckta (för få elever). Kommun: Kolada N15428, hemkommun, 1998–2024 "
                "(brott i serien mellan 2010 och 2011)."
            ),
            note_en=(
                "RegSO 2023: share of pupils leaving year 9 who are eligible for at least one "
                "national upper-secondary programme (SCB STATIV), by home area; 20 of 91 RegSO are "
                "suppressed (too few pupils). Municipality: Kolada N15428, home municipality, "
                "1998–2024 (break in the series between 2010 and 2011)."
            ),
            levels={
                DESO: _MISSING_BELOW_REGSO,
                REGSO: Availability(
                    "real",
                    "SCB STATIV 2023 (äldre RegSO-koder). Undertryckta värden visas som saknade.",
                    "SCB STATIV 2023 (older RegSO codes). Suppressed values are shown as missing.",
                ),
                DELOMRADE: _MISSING_BELOW_REGSO,
                KOMMUN: Availability(
                    "real",
                    "Kolada N15428: elever i åk 9 behöriga till yrkesprogram, hemkommun, "
                    "1998–2024.",
                    "Kolada N15428: year-9 pupils eligible for vocational programmes, home "
                    "municipality, 1998–2024.",
                ),
            },
        ),
        "uvas": IndicatorEntry(
            status="real",
            source="SCB (STATIV, RegSO); Kolada N02797 (MUCF/SCB)",
            note_sv=(
                "RegSO 2023: andel som varken förvärvsarbetar eller studerar, 20–25 år, inte 16–24 "
                "år; SCB STATIV. Kommun: UVAS 16–24 år (MUCF/SCB via Kolada N02797, 2008–2022). "
                "Nivåerna gäller alltså olika åldrar och definitioner."
            ),
            note_en=(
                "RegSO 2023: share neither gainfully employed nor studying, ages 20–25, not "
                "16–24; SCB STATIV. Municipality: NEET 16–24 (MUCF/SCB via Kolada N02797, "
                "2008–2022). The levels therefore cover different ages and definitions."
            ),
            levels={
                DESO: _MISSING_BELOW_REGSO,
                REGSO: Availability(
                    "real",
                    "20–25 år, inte 16–24 år; SCB STATIV 2023, båda könen, alla utbildningsnivåer. "
                    "2 RegSO är undertryckta. (16–19 år finns också i källan men saknas för 11 "
                    "RegSO.)",
                    "Ages 20–25, not 16–24; SCB STATIV 2023, both sexes, all education levels. "
                    "2 RegSO are suppressed. (Ages 16–19 also exist in the source but are missing "
                    "for 11 RegSO.)",
                ),
                DELOMRADE: _MISSING_BELOW_REGSO,
                KOMMUN: Availability(
                    "real",
                    "UVAS 16–24 år, Kolada N02797 (MUCF/SCB), 2008–2022.",
                    "NEET 16–24, Kolada N02797 (MUCF/SCB), 2008–2022.",
                ),
            },
        ),
        "ekonomiskt_bistand": IndicatorEntry(
            status="real",
            source="SCB (STATIV, RegSO); Kolada N31807 (Socialstyrelsen/SCB)",
            note_sv=(
                "Mäts olika på olika nivåer. RegSO 2023: ekonomiskt bistånd som andel av "
                "nettoinkomsten (20–64 år), inte andel personer som fått bistånd. Kommun: andel "
                "invånare som någon gång under året fått ekonomiskt bistånd (Kolada N31807, "
                "1994–2022). Värdena kan inte jämföras mellan nivåerna."
            ),
            note_en=(
                "Measured differently at different levels. RegSO 2023: social assistance as a "
                "share of net income (ages 20–64), not the share of people who received it. "
                "Municipality: share of inhabitants who received social assistance during the "
                "year (Kolada N31807, 1994–2022). Values cannot be compared between levels."
            ),
            levels={
                DESO: _MISSING_BELOW_REGSO,
                REGSO: Availability(
                    "real",
                    "Andel av nettoinkomsten (20–64 år), inte andel personer som fått bistånd. "
                    "SCB STATIV 2023, båda könen.",
                    "Share of net income (ages 20–64), not the share of people who received "
                    "assistance. SCB STATIV 2023, both sexes.",
                ),
                DELOMRADE: _MISSING_BELOW_REGSO,
                KOMMUN: Availability(
                    "real",
                    "Andel invånare som någon gång under året fått ekonomiskt bistånd (Kolada "
                    "N31807), 1994–2022 – ett annat mått än på RegSO-nivå.",
                    "Share of inhabitants who received social assistance during the year (Kolada "
                    "N31807), 1994–2022 – a different measure than at RegSO level.",
                ),
            },
        ),
        "trangboddhet": IndicatorEntry(
            status="missing",
            source="Kolada N07907 (SCB)",
            note_sv=(
                "Finns inte per område i tillgängliga data. Bara för hela kommunen: trångboddhet "
                "i flerbostadshus enligt norm 2 (Kolada N07907, 2012–2023), småhus ingår inte."
            ),
            note_en=(
                "Not available per area in the data at hand. Whole municipality only: "
                "overcrowding in multi-dwelling buildings, norm 2 (Kolada N07907, 2012–2023); "
                "detached houses are not included."
            ),
            levels={
                **{level: Availability(
                    "missing",
                    "Finns inte per område i tillgängliga data.",
                    "Not available per area in the data at hand.",
                ) for level in AREA_LEVELS},
                KOMMUN: Availability(
                    "real",
                    "Trångboddhet i flerbostadshus enligt norm 2 (Kolada N07907, 2012–2023): bara "
                    "flerbostadshus, småhus ingår inte.",
                    "Overcrowding in multi-dwelling buildings, norm 2 (Kolada N07907, 2012–2023): "
                    "multi-dwelling buildings only, detached houses not included.",
                ),
            },
        ),
        "befolkning": IndicatorEntry(
            status="real",
            source="SCB",
            note_sv=(
                "Folkbokförda invånare. DeSO: 2022 (DeSO 2018-tabellen) och 2025 (sannolikt; "
                "åldersfördelningen i DeSO 2025-filen). RegSO: 2024 (SCB), 2022 och 2025 summerat "
                "från DeSO. Delområden: uppskattat med arealviktning."
            ),
            note_en=(
                "Registered inhabitants. DeSO: 2022 (DeSO 2018 table) and 2025 (most likely; the "
                "age distribution in the DeSO 2025 file). RegSO: 2024 (SCB), 2022 and 2025 summed "
                "from DeSO. Delområden: estimated by areal interpolation."
            ),
            levels={
                DESO: Availability(
                    "real",
                    "2025 (sannolikt) från SCB. 2022 från DeSO 2018: för delade områden fördelat "
                    "efter befolkningen 2025 (uppskattat).",
                    "2025 (most likely) from SCB. 2022 from DeSO 2018: split areas divided by "
                    "their 2025 population (estimated).",
                ),
                REGSO: Availability(
                    "real",
                    "2024 från SCB; 2022 och 2025 summerade från DeSO.",
                    "2024 from SCB; 2022 and 2025 summed from DeSO.",
                ),
                DELOMRADE: Availability(
                    "derived",
                    "Uppskattad från DeSO med arealviktning (landdelen av varje DeSO, jämnt "
                    "fördelad befolkning).",
                    "Estimated from DeSO by areal interpolation (land part of each DeSO, "
                    "population assumed evenly spread).",
                ),
                KOMMUN: Availability(
                    "real",
                    "Summan av DeSO (2022, 2025) respektive RegSO (2024).",
                    "Sum of DeSO (2022, 2025) or RegSO (2024).",
                ),
            },
        ),
    }


def build_manifest(years: Iterable[int], facts: dict[str, float]) -> Manifest:
    """The package manifest; ``years`` are all years with a value in any table."""
    return Manifest(
        name=PACKAGE_NAME,
        description=_DESCRIPTION_SV,
        description_en=_DESCRIPTION_EN,
        attribution=ATTRIBUTION,
        levels=LEVELS,
        years=tuple(sorted({int(y) for y in years})),
        youth_age_group=YOUTH_AGE_GROUP,
        indicators=indicator_entries(facts),
        demo=False,
        overlays=(Overlay(POLICE_OVERLAY_ID, "Polisens utsatta områden 2023",
                          "Police 'vulnerable areas' 2023", "Källa: Polisen"),),
        city_level=KOMMUN,
        classifications=(AREA_TYPE,),
        land=LandOutline(
            "Malmö stad (delområden)",
            "Landytan är unionen av Malmö stads 136 delområden, som bara täcker land. Kartorna "
            "ritar DeSO och RegSO beskurna till land; beräkningar använder hela områdena.",
            "The land outline is the union of Malmö stad's 136 delområden, which cover land only. "
            "Maps draw DeSO and RegSO clipped to land; calculations use the whole areas."),
    )


# =============================================================================================
# The build
# =============================================================================================


def build_malmo_package(src: str | Path) -> DataPackage:
    """Build the real Malmö data package from a folder laid out like ``shared/data/real``.

    Parameters
    ----------
    src : the source folder (its ``README.md`` and ``PROVENANCE.md`` files describe the data).

    Returns
    -------
    DataPackage
        Not yet written; pass it to `datapackage.store.write_package`.

    Raises
    ------
    ImportRefused
        When a source file is missing or malformed; each problem names the file.
    """
    sources = read_sources(src)
    try:
        deso = deso_areas(sources.deso, sources.crosswalk)
        delomrade = delomrade_areas(sources.delomraden)
        areas = {
            DESO: deso,
            REGSO: regso_areas(sources.regso, sources.crosswalk, deso),
            DELOMRADE: delomrade,
            KOMMUN: kommun_area(deso),
        }
        tables = build_tables(sources, delomrade, deso)
    except ValueError as exc:  # inconsistent sources that the checks in read_sources missed
        raise ImportRefused([Problem(str(src), f"Källfilerna stämmer inte med varandra: {exc}",
                                     f"The source files do not agree: {exc}")]) from None
    years = set(tables.indicators[c.YEAR]) | set(tables.population[c.YEAR])
    package = DataPackage(
        manifest=build_manifest(years, tables.facts),
        areas=areas,
        indicators=tables.indicators,
        population=tables.population,
        overlays={POLICE_OVERLAY_ID: police_overlay(sources.police)},
        classifications=area_type_rows(sources.area_types, areas[REGSO][c.AREA_ID]),
        land=land_outline(sources.delomraden),
    )
    # Access to everyday places from OpenStreetMap, on the land part of each area (issue 21).
    return with_osm_access_from(package, Path(src) / OSM_PLACES, land=package.land.union_all())
