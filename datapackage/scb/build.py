"""Build a data package for any Swedish kommun from SCB's open sources.

`build_scb_package` fetches, through an `ScbClient`:

1. DeSO 2025 and RegSO 2025 boundaries from SCB's open geodata, cut to the kommun (EPSG:3006);
2. SCB's correspondence DeSO 2018 → DeSO 2025 (`datapackage.scb.deso_key`; the code rule when the
   key cannot be had);
3. every table of the catalogue (`datapackage.scb.catalogue.CATALOGUE`): its description first
   (checked against the catalogue), then every published year, one query per year (split further
   when a year exceeds SCB's cell limit), each answer checked against the query
   (`datapackage.scb.answers`): a table, variable or content that does not match is reported by name
   and the table's status recorded, never read as "no values";

and builds the levels ``deso`` (parent ``regso``), ``regso`` (parent ``kommun``) and ``kommun`` (the
union of the DeSO polygons), the indicator, population and classification tables and a manifest
that marks every indicator and level real, derived or missing, records every source, the years
carried over from the older divisions and where each series breaks (`datapackage.scb.describe`).

Region codes: years up to 2023 are on DeSO 2018 / RegSO 2020 codes (no suffix), later years on
``_DeSO2025``/``_RegSO2025`` codes. Older years are carried onto the 2025 areas with population
weights (`datapackage.scb.values`, `datapackage.scb.carry`). Nothing is invented.

Never imports streamlit; dates come from the client's clock.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from datapackage.malmo import _area_frame, _concat, clean_polygons, indicator_rows, kommun_area
from datapackage.scb.area_types import AREA_TYPE
from datapackage.scb.catalogue import CATALOGUE, DESO, KOMMUN, REGSO, TableSpec
from datapackage.scb.client import ScbClient
from datapackage.scb.describe import (
    build_manifest,
    carry_note,
    indicator_entries,
)
from datapackage.scb.deso_key import DESO_PAGE_URL, fetch_deso_key
from datapackage.scb.geodata import DESO_2025, REGSO_2025, BoundaryLayer, read_boundaries
from datapackage.scb.kommuner import Kommun, find_kommun
from datapackage.scb.progress import (
    BOUNDARIES,
    BUILDING,
    DESO_KEY,
    PART,
    TABLE,
    FetchProgress,
    Progress,
    ignore,
)
from datapackage.scb.tables import ATTRIBUTION, CURRENT, LEVEL, TableResult, fetch_table
from datapackage.scb.values import (
    CarryLog,
    build_division,
    classification_table,
    measure_table,
    population_blocks,
    population_table,
)
from datapackage.store import DataPackage
from model import columns as c
from model.problems import ImportRefused, Problem


@dataclass
class ScbBuild:
    """The package (not yet written), and what to tell the person (tables skipped, codes left out)."""

    package: DataPackage
    problems: list[Problem]


# =============================================================================================
# Areas
# =============================================================================================


def build_areas(deso: gpd.GeoDataFrame, regso: gpd.GeoDataFrame, kommun: Kommun,
                deso_layer: BoundaryLayer = DESO_2025, regso_layer: BoundaryLayer = REGSO_2025
                ) -> dict[str, gpd.GeoDataFrame]:
    """The three levels from the boundary layers (already in EPSG:3006, cut to the kommun).

    A DeSO's parent is the layer's RegSO attribute when it has one, else the RegSO that contains the
    DeSO's representative point. DeSO are named "code (RegSO name)".
    """
    regso_codes = regso[regso_layer.code_field].astype(str)
    names = (regso[regso_layer.name_field].astype(str)
             if regso_layer.name_field and regso_layer.name_field in regso.columns else regso_codes)
    regso_names = dict(zip(regso_codes, names, strict=True))
    deso_codes = deso[deso_layer.code_field].astype(str)
    if deso_layer.parent_field and deso_layer.parent_field in deso.columns:
        parents = deso[deso_layer.parent_field].astype("string").to_numpy()
    else:
        points = gpd.GeoDataFrame(geometry=deso.geometry.representative_point(), crs=deso.crs)
        joined = gpd.sjoin(points, regso[[regso_layer.code_field, "geometry"]], how="left",
                           predicate="within")
        joined = joined[~joined.index.duplicated()]
        parents = joined[regso_layer.code_field].astype("string").to_numpy()
    deso_names = [f"{code} ({regso_names.get(str(p), p)})" if pd.notna(p) else code
                  for code, p in zip(deso_codes, parents, strict=True)]
    deso_areas = _area_frame(deso_codes, deso_names, DESO, parents, clean_polygons(deso))
    regso_areas = _area_frame(regso_codes, names, REGSO, [kommun.code] * len(regso),
                              clean_polygons(regso))
    whole = kommun_area(deso_areas)
    whole[c.AREA_ID] = pd.array([kommun.code], dtype="string")
    whole[c.NAME] = pd.array([kommun.name], dtype="string")
    return {DESO: deso_areas, REGSO: regso_areas, KOMMUN: whole}


def table_params(spec: TableSpec, i: int, n: int) -> dict[str, Any]:
    """What a table's progress step says (``i18n.catalogue`` keys ``scb_progress_table``/``_part``)."""
    return {"i": i, "n": n, "table_id": spec.table_id, "what_sv": spec.what_sv,
            "what_en": spec.what_en}


# =============================================================================================
# The build
# =============================================================================================


def build_scb_package(kommun_code: str, client: ScbClient, *,
                      catalogue: Sequence[TableSpec] = CATALOGUE,
                      boundaries: tuple[BoundaryLayer, BoundaryLayer] = (DESO_2025, REGSO_2025),
                      deso_key: str | None = None, deso_page: str = DESO_PAGE_URL,
                      progress: Progress = ignore) -> ScbBuild:
    """Fetch and build the package of one kommun (see the module docstring).

    ``deso_key`` is a file or URL of SCB's DeSO 2018–2025 key (default: found on SCB's DeSO page,
    ``deso_page``); ``progress`` receives a `FetchProgress` for every step.

    Raises
    ------
    ImportRefused
        For an unknown kommun code, or boundaries that cannot be used (nothing is built then).
    datapackage.scb.client.ScbUnavailable
        When SCB cannot be reached after the retries.
    datapackage.scb.progress.FetchCancelled
        When the client's ``should_stop`` said so.
    """
    kommun = find_kommun(kommun_code)
    problems: list[Problem] = []
    sources: list[dict[str, Any]] = []
    steps = len(boundaries) + 1 + len(catalogue)
    # Each step's expected requests, so the progress (and the time left) follows the real work.
    weights = (*(1.0,) * len(boundaries), 2.0, *(
        1.0 + max(1, (spec.last_known_year or spec.first_year or 0) - (spec.first_year or 0) + 1)
        for spec in catalogue))
    layers: dict[str, gpd.GeoDataFrame] = {}
    for i, layer in enumerate(boundaries, start=1):
        progress(FetchProgress(BOUNDARIES, i, steps, params={
            "i": i, "n": len(boundaries), "layer": layer.layer, "kommun": kommun.name,
            "code": kommun.code}, weights=weights))
        params = layer.params(kommun.code)
        answer = client.get(layer.url, params, rate_limited=False)
        layers[layer.level] = read_boundaries(answer.content, layer, kommun.code)
        sources.append({"id": layer.layer, "title": f"{layer.layer} (SCB:s öppna geodata)",
                        "url": layer.url, "query": params, "fetched": answer.fetched.isoformat(),
                        "attribution": ATTRIBUTION, "status": "ok"})
    areas = build_areas(layers[DESO], layers[REGSO], kommun, *boundaries)

    progress(FetchProgress(DESO_KEY, len(boundaries) + 1, steps, weights=weights))
    key, key_source, key_problems = fetch_deso_key(client, deso_key, deso_page)
    problems.extend(key_problems)
    sources.append(key_source)

    results: list[TableResult] = []
    for i, spec in enumerate(catalogue, start=1):
        step, params = len(boundaries) + 1 + i, table_params(spec, i, len(catalogue))
        progress(FetchProgress(TABLE, step, steps, params=params, weights=weights))

        def on_part(part: int, parts: int, step: int = step, params: dict = params) -> None:
            progress(FetchProgress(PART, step, steps, part, parts, {**params, "part": part,
                                                                     "parts": parts}, weights))

        result = fetch_table(client, spec, kommun, problems, on_part)
        sources.append(result.source)
        results.append(result)
    progress(FetchProgress(BUILDING, steps, steps, 1, 1, weights=weights))
    return _assemble(kommun, areas, key.for_kommun(kommun.code) if key else None, results,
                     sources, problems)


def _older_codes(results: Sequence[TableResult], level: str) -> list[str]:
    codes: set[str] = set()
    for result in results:
        if result.rows is not None and not result.rows.empty:
            rows = result.rows
            codes |= set(rows.loc[(rows[LEVEL] == level) & ~rows[CURRENT].astype(bool),
                                  c.AREA_ID].astype(str))
    return sorted(codes)


def _assemble(kommun: Kommun, areas: dict[str, gpd.GeoDataFrame], key, results: list[TableResult],
              sources: list[dict[str, Any]], problems: list[Problem]) -> ScbBuild:
    pop_result = next((r for r in results if r.spec.population is not None
                       and r.rows is not None and r.resolved is not None), None)
    blocks = population_blocks(pop_result.rows, pop_result.resolved) if pop_result else []
    deso_blocks = [(year, current, counts) for level, year, current, counts in blocks
                   if level == DESO]
    newest = max((b for b in deso_blocks if b[1]), default=None, key=lambda b: b[0])
    oldest = max((b for b in deso_blocks if not b[1]), default=None, key=lambda b: b[0])
    division = build_division(
        areas, key, _older_codes(results, DESO),
        newest[2][c.AGE_TOTAL] if newest else pd.Series(dtype=float),
        oldest[2][c.AGE_TOTAL] if oldest else pd.Series(dtype=float),
        _older_codes(results, REGSO))
    old_population = {(level, year): counts[c.AGE_TOTAL]
                      for level, year, current, counts in blocks if not current}
    logs: dict[tuple[str, str], CarryLog] = {}
    population = population_table(blocks, division, logs)
    population, derived_from = kommun_population(population, kommun.code)
    derived: dict[tuple[str, str], tuple[str, str]] = {}
    if derived_from:
        names = {DESO: ("DeSO", "DeSO"), REGSO: ("RegSO", "RegSO")}
        used = sorted(derived_from)
        derived[("befolkning", KOMMUN)] = (
            f"Summan av kommunens {' och '.join(names[lv][0] for lv in used)}.",
            f"Sum of the kommun's {' and '.join(names[lv][1] for lv in used)}.")

    indicator_parts = [indicator_rows(str(level), "befolkning", int(year),
                                      g.set_index(c.AREA_ID)[c.POPULATION])
                       for (level, year), g in population[population[c.AGE_GROUP] == c.AGE_TOTAL]
                       .groupby([c.LEVEL, c.YEAR])]
    classification_parts = []
    valid = {AREA_TYPE.id: {k.code for k in AREA_TYPE.categories}}
    for result in results:
        if result.resolved is None or result.rows is None:
            continue
        for parts in measure_table(result.rows, result.resolved, division, old_population,
                                   logs).values():
            indicator_parts.extend(parts)
        if result.spec.classifications:
            table, invalid = classification_table(result.rows, result.resolved, division, logs,
                                                  valid)
            classification_parts.append(table)
            for ident, values in ((k, v) for k, v in invalid.items() if v):
                problems.append(Problem(
                    f"SCB {result.spec.table_id}", f"{len(values)} värden är ingen kategori av "
                    f"{ident} och togs inte med (t.ex. {values[0]}).", f"{len(values)} values are "
                    f"not a category of {ident} and were left out (e.g. {values[0]}).",
                    column=ident))
    indicators = _concat(indicator_parts)
    indicators[c.SUPPRESSED] = indicators[c.SUPPRESSED].astype(bool)
    classifications = (pd.concat(classification_parts, ignore_index=True)
                       if classification_parts else
                       pd.DataFrame(columns=list(c.CLASSIFICATION_TABLE_COLUMNS)))
    years = (set(indicators[c.YEAR].astype(int)) | set(population[c.YEAR].astype(int))
             | set(classifications[c.YEAR].astype(int)))
    if not years:
        raise ImportRefused([Problem(f"SCB ({kommun.code})", "Inga värden kunde hämtas för "
                                     "kommunen – se meddelandena ovan.", "No values could be "
                                     "fetched for the kommun – see the messages above.")])
    entries = indicator_entries(indicators, results, logs, derived)
    declared = ()
    if len(classifications):
        log = logs.get((AREA_TYPE.id, REGSO), CarryLog())
        years_k = sorted(int(y) for y in classifications[c.YEAR].unique())
        note_sv, note_en = carry_note(REGSO, log, "category")
        declared = (dataclasses.replace(
            AREA_TYPE, note_sv=" ".join(filter(None, [AREA_TYPE.note_sv, f"År {years_k[0]}–"
                                                      f"{years_k[-1]}.", note_sv])),
            note_en=" ".join(filter(None, [AREA_TYPE.note_en, f"Years {years_k[0]}–"
                                           f"{years_k[-1]}.", note_en]))),)
    manifest = build_manifest(kommun, years, entries, sources, declared)
    package = DataPackage(manifest, areas, indicators, population, classifications=classifications)
    return ScbBuild(package, problems)


def kommun_population(population: pd.DataFrame, code: str) -> tuple[pd.DataFrame, set[str]]:
    """Add the kommun's population for years the table has no kommun row: the sum of its DeSO when
    it has DeSO that year, else of its RegSO (e.g. a RegSO-only answer). Returns the table and the
    levels summed."""
    have = set(population.loc[population[c.LEVEL] == KOMMUN, c.YEAR])
    used: set[str] = set()
    sums = []
    for year in sorted(set(population[c.YEAR]) - have):
        for level in (DESO, REGSO):
            rows = population[(population[c.LEVEL] == level) & (population[c.YEAR] == year)]
            if len(rows):
                total = rows.groupby(c.AGE_GROUP, as_index=False)[c.POPULATION].sum()
                total[c.YEAR] = year
                sums.append(total)
                used.add(level)
                break
    if not sums:
        return population, used
    out = pd.concat(sums, ignore_index=True)
    out[c.AREA_ID] = code
    out[c.LEVEL] = KOMMUN
    return pd.concat([population, out[list(c.POPULATION_TABLE_COLUMNS)]], ignore_index=True), used
