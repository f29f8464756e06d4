"""Read and write data packages.

A package is a folder::

    manifest.json     what the package holds (see `datapackage.manifest`)
    areas.gpkg        one layer per level (EPSG:3006): area_id, name, level, parent_id, geometry;
                      reference overlays as layers named ``overlay_<id>``
    indicators.csv    tidy: area_id, level, year, indicator, value, numerator, denominator, suppressed
    population.csv    tidy: area_id, level, year, age_group, population
    classifications.csv  optional, tidy: classification, area_id, level, year, category

Values are percent (0-100) for shares. ``suppressed`` is 1 where the producer withheld a small cell
(``value`` is then empty). Numerator and denominator are given where known so that small-area
uncertainty can be computed.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from datapackage.manifest import Manifest, ManifestError
from model import columns as c
from model.problems import ImportRefused, Problem
from model.registry import REGISTRY, IndicatorRegistry

STORAGE_CRS = "EPSG:3006"
MANIFEST = "manifest.json"
AREAS = "areas.gpkg"
INDICATORS = "indicators.csv"
POPULATION = "population.csv"
CLASSIFICATIONS = "classifications.csv"
OVERLAY_PREFIX = "overlay_"
LAND_LAYER = "land_outline"


@dataclass
class DataPackage:
    """One city's data, in memory. Area layers are in EPSG:3006, indexed 0..n-1."""

    manifest: Manifest
    areas: dict[str, gpd.GeoDataFrame]
    indicators: pd.DataFrame
    population: pd.DataFrame
    overlays: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    path: Path | None = None
    #: Categorical references per area (columns `columns.CLASSIFICATION_TABLE_COLUMNS`).
    classifications: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(c.CLASSIFICATION_TABLE_COLUMNS)))
    #: The land outline (EPSG:3006), when the package has one: maps clip areas to it.
    land: gpd.GeoSeries | None = None

    @property
    def registry(self) -> IndicatorRegistry:
        return self.manifest.registry

    def areas_at(self, level: str) -> gpd.GeoDataFrame:
        """Area layer of one level; `ManifestError` lists the levels when unknown."""
        self.manifest.level(level)
        return self.areas[level]

    def indicator_ids(self) -> tuple[str, ...]:
        """Registered indicators that have at least one value in this package, in registry order."""
        present = set(self.indicators[c.INDICATOR].unique())
        return tuple(i for i in self.registry.ids if i in present)

    def years_for(self, indicator_id: str, level: str) -> tuple[int, ...]:
        rows = self.indicators[
            (self.indicators[c.INDICATOR] == indicator_id) & (self.indicators[c.LEVEL] == level)
        ]
        return tuple(sorted(int(y) for y in rows[c.YEAR].unique()))

    def years_with_values(self, level: str, indicator_ids: Iterable[str]) -> dict[int, tuple[str, ...]]:
        """Years in which any of ``indicator_ids`` has a value at ``level``, each with those ids.

        Suppressed cells and empty values do not count: a year is offered only where there is
        something to show.
        """
        t = self.indicators
        ids = tuple(indicator_ids)
        rows = t[(t[c.LEVEL] == level) & t[c.INDICATOR].isin(ids) & t[c.VALUE].notna()]
        present = rows.groupby(c.YEAR)[c.INDICATOR].agg(set)
        return {int(year): tuple(i for i in ids if i in found)
                for year, found in sorted(present.items())}

    @property
    def programme_index_ids(self) -> tuple[str, ...]:
        """The index indicators the programme weighs by default: the built-in four (a package's own
        index indicators start at weight 0), or the package's own when it has none of those."""
        built_in = tuple(i for i in REGISTRY.index_ids if i in self.registry)
        return built_in or self.registry.index_ids

    def index_coverage(self, level: str) -> dict[int, tuple[str, ...]]:
        """Years with any indicator's values at ``level``, each with the programme's index
        indicators present (see `programme_index_ids`).

        A year with values of other indicators only (UVAS, population) maps to an empty tuple.
        """
        programme = self.programme_index_ids
        present = self.years_with_values(level, self.registry.ids)
        return {year: tuple(i for i in ids if i in programme) for year, ids in present.items()}

    def indicator_values(self, level: str, year: int, indicator_id: str) -> pd.DataFrame:
        """Rows of one indicator at one level and year, indexed by area_id."""
        self.registry.get(indicator_id)  # unknown ids raise with the valid ones listed
        t = self.indicators
        rows = t[(t[c.LEVEL] == level) & (t[c.YEAR] == year) & (t[c.INDICATOR] == indicator_id)]
        return rows.set_index(c.AREA_ID)[[c.VALUE, c.NUMERATOR, c.DENOMINATOR, c.SUPPRESSED]]

    def indicator_frame(self, level: str, year: int, indicator_id: str) -> pd.DataFrame:
        """Every area of a level with its value of one indicator (NaN where absent), indexed by area_id.

        Columns: name, value, numerator, denominator, suppressed.
        """
        areas = self.areas_at(level).set_index(c.AREA_ID)[[c.NAME]]
        values = self.indicator_values(level, year, indicator_id)
        out = areas.join(values, how="left")
        out[c.SUPPRESSED] = out[c.SUPPRESSED].fillna(False).astype(bool)
        return out

    def city_value(self, year: int, indicator_id: str) -> float | None:
        """The package's own whole-city value (from its ``city_level``), if it has one."""
        city = self.manifest.city_level
        if city is None:
            return None
        values = self.indicator_values(city, year, indicator_id)[c.VALUE].dropna()
        return float(values.iloc[0]) if len(values) else None

    def classification_at(self, classification_id: str, level: str,
                          year: int | None = None) -> pd.Series:
        """Category codes of one classification per area of a level, indexed by area_id.

        ``year`` None or without values takes the latest year at or before it (else the latest);
        the year used is in ``.attrs["year"]``. Empty when the level has none.
        """
        self.manifest.classification(classification_id)
        k = self.classifications
        rows = k[(k[c.CLASSIFICATION] == classification_id) & (k[c.LEVEL] == level)]
        if rows.empty:
            return pd.Series(dtype="string", name=c.CATEGORY)
        years = sorted(int(y) for y in rows[c.YEAR].unique())
        usable = [y for y in years if year is None or y <= year] or years
        chosen = usable[-1]
        out = rows[rows[c.YEAR] == chosen].set_index(c.AREA_ID)[c.CATEGORY].astype("string")
        out.attrs["year"] = chosen
        return out

    def classification_for(self, classification_id: str, level: str,
                           year: int | None = None) -> pd.Series:
        """Category per area of ``level``: the level's own, or else its parent level's (a DeSO
        takes its RegSO's type), indexed by area_id; empty when neither has one.

        ``attrs`` carries the year used and, when inherited, ``"from_level"``.
        """
        own = self.classification_at(classification_id, level, year)
        if len(own):
            return own
        parent = self.manifest.level(level).parent
        if parent is None:
            return own
        upper = self.classification_at(classification_id, parent, year)
        if upper.empty:
            return own
        parents = self.areas_at(level).set_index(c.AREA_ID)[c.PARENT_ID]
        out = parents.map(upper).astype("string").rename(c.CATEGORY)
        out.attrs.update(year=upper.attrs["year"], from_level=parent)
        return out

    def classification_levels(self, classification_id: str) -> tuple[str, ...]:
        k = self.classifications
        present = set(k.loc[k[c.CLASSIFICATION] == classification_id, c.LEVEL])
        return tuple(lv for lv in self.manifest.level_ids if lv in present)

    def city_series(self, indicator_id: str) -> pd.Series:
        """The package's own whole-city series of one indicator (its ``city_level``), by year.

        Empty when the package has no city level or no values there.
        """
        city = self.manifest.city_level
        if city is None:
            return pd.Series(dtype=float, name=indicator_id)
        t = self.indicators
        rows = t[(t[c.LEVEL] == city) & (t[c.INDICATOR] == indicator_id) & t[c.VALUE].notna()]
        out = rows.groupby(c.YEAR)[c.VALUE].first().astype(float).sort_index()
        out.index = out.index.astype(int)
        return out.rename(indicator_id)

    def population_at(self, level: str, year: int) -> pd.DataFrame:
        """Population by area (rows) and age group (columns) for the nearest year available."""
        p = self.population[self.population[c.LEVEL] == level]
        if p.empty:
            return pd.DataFrame()
        years = p[c.YEAR].unique()
        nearest = years[np.argmin(np.abs(years - year))]
        p = p[p[c.YEAR] == nearest]
        return p.pivot_table(index=c.AREA_ID, columns=c.AGE_GROUP, values=c.POPULATION,
                             aggfunc="sum")

    def info(self) -> dict:
        """Summary used by ``python -m cli info``."""
        indicators: dict[str, dict] = {}
        for ident in self.indicator_ids():
            rows = self.indicators[self.indicators[c.INDICATOR] == ident]
            indicators[ident] = {
                "years": sorted(int(y) for y in rows[c.YEAR].unique()),
                "levels": [lv for lv in self.manifest.level_ids if lv in set(rows[c.LEVEL])],
                "status": self.manifest.entry(ident).status,
            }
        for ident, entry in self.manifest.indicators.items():
            if ident not in indicators and entry.status == "missing":
                indicators[ident] = {"years": [], "levels": [], "status": "missing"}
        return {
            "name": self.manifest.name,
            "demo": self.manifest.demo,
            "attribution": self.manifest.attribution,
            "levels": {lv: {"areas": len(self.areas[lv])} for lv in self.manifest.level_ids},
            "indicators": indicators,
            "overlays": sorted(self.overlays),
        }


def read_package(path: str | Path) -> DataPackage:
    """Read a package folder. Raises `ImportRefused` naming the file and what is wrong."""
    path = Path(path)
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise ImportRefused([Problem(
            str(manifest_path),
            "Mappen är inget datapaket: manifest.json saknas.",
            "The folder is not a data package: manifest.json is missing.",
        )])
    try:
        manifest = Manifest.from_dict(json.loads(manifest_path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportRefused([Problem(str(manifest_path), f"Ogiltig JSON: {exc}",
                                     f"Invalid JSON: {exc}")]) from None
    except ManifestError as exc:
        raise ImportRefused([Problem(str(manifest_path), f"Fel i manifestet: {exc}",
                                     f"Error in the manifest: {exc}")]) from None

    areas_path = path / AREAS
    problems: list[Problem] = []
    areas: dict[str, gpd.GeoDataFrame] = {}
    overlays: dict[str, gpd.GeoDataFrame] = {}
    try:
        layers = {name for name, _ in pyogrio.list_layers(areas_path)}
    except Exception as exc:  # pyogrio raises several error types for unreadable files
        raise ImportRefused([Problem(str(areas_path), f"Kan inte läsa geometrifilen: {exc}",
                                     f"Cannot read the geometry file: {exc}")]) from None
    for level in manifest.level_ids:
        if level not in layers:
            problems.append(Problem(str(areas_path), f"Lagret '{level}' saknas.",
                                    f"Layer '{level}' is missing.", column=level))
            continue
        areas[level] = _read_layer(areas_path, level)
        empty = areas[level][areas[level].geometry.is_empty | areas[level].geometry.isna()]
        for area_id in empty[c.AREA_ID]:
            problems.append(Problem(
                str(areas_path), f"Området {area_id} i lagret '{level}' saknar geometri.",
                f"Area {area_id} in layer '{level}' has no geometry.", column=c.GEOMETRY))
    for overlay in manifest.overlays:
        layer = OVERLAY_PREFIX + overlay.id
        if layer in layers:
            overlays[overlay.id] = _read_layer(areas_path, layer)
    land = None
    if LAND_LAYER in layers:
        land = _read_layer(areas_path, LAND_LAYER).geometry
    indicators = _read_csv(path / INDICATORS, c.INDICATOR_TABLE_COLUMNS, problems)
    population = _read_csv(path / POPULATION, c.POPULATION_TABLE_COLUMNS, problems)
    classifications = pd.DataFrame(columns=list(c.CLASSIFICATION_TABLE_COLUMNS))
    if (path / CLASSIFICATIONS).is_file() or manifest.classifications:
        classifications = _read_csv(path / CLASSIFICATIONS, c.CLASSIFICATION_TABLE_COLUMNS,
                                    problems, dtype={c.CATEGORY: "string",
                                                     c.CLASSIFICATION: "string"})
        problems += _classification_problems(classifications, manifest, path / CLASSIFICATIONS)
    if problems:
        raise ImportRefused(problems)
    indicators[c.SUPPRESSED] = indicators[c.SUPPRESSED].fillna(0).astype(bool)
    unknown = sorted(set(indicators[c.INDICATOR]) - set(manifest.registry.ids))
    if unknown:
        raise ImportRefused([Problem(
            str(path / INDICATORS),
            f"Okända indikatorer {', '.join(unknown)}. Giltiga: {', '.join(manifest.registry.ids)}"
            " (egna indikatorer deklareras i manifestets 'extra_indicators').",
            f"Unknown indicators {', '.join(unknown)}. Valid: {', '.join(manifest.registry.ids)}"
            " (a package's own indicators are declared in the manifest's 'extra_indicators').",
            column=c.INDICATOR,
        )])
    return DataPackage(manifest, areas, indicators, population, overlays, path,
                       classifications=classifications, land=land)


def _classification_problems(table: pd.DataFrame, manifest: Manifest, path: Path) -> list[Problem]:
    """Classifications that the manifest does not declare, or category codes it does not list."""
    if not set(c.CLASSIFICATION_TABLE_COLUMNS) <= set(table.columns):
        return []
    problems: list[Problem] = []
    declared = {k.id: {cat.code for cat in k.categories} for k in manifest.classifications}
    for ident in sorted(set(table[c.CLASSIFICATION].dropna()) - set(declared)):
        problems.append(Problem(
            str(path), f"Klassningen '{ident}' finns inte i manifestets 'classifications'.",
            f"The classification '{ident}' is not declared in the manifest's 'classifications'.",
            column=c.CLASSIFICATION))
    for ident, codes in declared.items():
        rows = table[table[c.CLASSIFICATION] == ident]
        bad = rows[~rows[c.CATEGORY].isin(codes)]
        if len(bad):
            row = int(bad.index[0]) + 2  # header is row 1
            problems.append(Problem(
                str(path), f"Kategorin '{bad[c.CATEGORY].iloc[0]}' finns inte bland '{ident}':s "
                f"kategorier ({', '.join(sorted(codes))}); {len(bad)} rader.",
                f"Category '{bad[c.CATEGORY].iloc[0]}' is not one of '{ident}''s categories "
                f"({', '.join(sorted(codes))}); {len(bad)} rows.", row=row, column=c.CATEGORY))
    return problems


def _read_layer(areas_path: Path, layer: str) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        gdf = pyogrio.read_dataframe(areas_path, layer=layer)
    if gdf.crs is None or gdf.crs.to_epsg() != 3006:
        gdf = gdf.set_crs(STORAGE_CRS, allow_override=True) if gdf.crs is None else gdf.to_crs(
            STORAGE_CRS)
    for col in (c.AREA_ID, c.NAME, c.PARENT_ID):
        if col in gdf.columns:
            gdf[col] = gdf[col].astype("string")
    return gdf


def _read_csv(path: Path, expected: tuple[str, ...], problems: list[Problem],
              dtype: dict[str, str] | None = None) -> pd.DataFrame:
    if not path.is_file():
        problems.append(Problem(str(path), "Filen saknas.", "The file is missing."))
        return pd.DataFrame(columns=list(expected))
    try:
        df = pd.read_csv(path, dtype={c.AREA_ID: "string", c.LEVEL: "string",
                                      c.INDICATOR: "string", c.AGE_GROUP: "string",
                                      **(dtype or {})})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), f"Kan inte läsa filen: {exc}",
                                f"Cannot read the file: {exc}"))
        return pd.DataFrame(columns=list(expected))
    missing = [col for col in expected if col not in df.columns]
    for col in missing:
        problems.append(Problem(str(path), "Kolumnen saknas.", "The column is missing.",
                                row=1, column=col))
    return df


def write_package(package: DataPackage, path: str | Path) -> Path:
    """Write a package folder (overwriting its files). Geometries are written in EPSG:3006."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    areas_path = path / AREAS
    if areas_path.exists():
        areas_path.unlink()
    # A fixed timestamp inside the GeoPackage keeps regenerated packages byte-identical.
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"})
    for level in package.manifest.level_ids:
        gdf = package.areas[level]
        gdf = gdf.to_crs(STORAGE_CRS)[[*c.AREA_COLUMNS, "geometry"]]
        pyogrio.write_dataframe(gdf, areas_path, layer=level, driver="GPKG")
    for overlay_id, gdf in package.overlays.items():
        pyogrio.write_dataframe(gdf.to_crs(STORAGE_CRS), areas_path,
                                layer=OVERLAY_PREFIX + overlay_id, driver="GPKG")
    if package.land is not None:
        land = gpd.GeoDataFrame(geometry=package.land.to_crs(STORAGE_CRS).reset_index(drop=True))
        pyogrio.write_dataframe(land, areas_path, layer=LAND_LAYER, driver="GPKG")
    indicators = package.indicators[list(c.INDICATOR_TABLE_COLUMNS)].copy()
    indicators[c.VALUE] = indicators[c.VALUE].astype(float).round(3)
    for col in (c.NUMERATOR, c.DENOMINATOR):
        indicators[col] = indicators[col].astype(float).round(1)
    indicators[c.SUPPRESSED] = indicators[c.SUPPRESSED].fillna(False).astype(int)
    indicators = indicators.sort_values([c.LEVEL, c.INDICATOR, c.YEAR, c.AREA_ID])
    indicators.to_csv(path / INDICATORS, index=False, lineterminator="\n")
    population = package.population[list(c.POPULATION_TABLE_COLUMNS)].sort_values(
        [c.LEVEL, c.YEAR, c.AGE_GROUP, c.AREA_ID])
    population.to_csv(path / POPULATION, index=False, lineterminator="\n")
    classifications_path = path / CLASSIFICATIONS
    if len(package.classifications):
        package.classifications[list(c.CLASSIFICATION_TABLE_COLUMNS)].sort_values(
            [c.CLASSIFICATION, c.LEVEL, c.YEAR, c.AREA_ID]).to_csv(
            classifications_path, index=False, lineterminator="\n")
    elif classifications_path.exists():
        classifications_path.unlink()
    (path / MANIFEST).write_text(
        json.dumps(package.manifest.to_dict(), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    return path
