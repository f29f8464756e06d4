"""Build a data package for any Swedish kommun from SCB's open sources.

`build_scb_package` fetches, through an `ScbClient`:

1. DeSO 2025 and RegSO 2025 boundaries from SCB's open geodata, cut to the kommun (EPSG:3006);
2. every table of the catalogue (`datapackage.scb.catalogue.CATALOGUE`): its description first
   (checked against the catalogue: a missing table, variable or content is reported as a problem
   and the table skipped), then every published year, one query per year (split further when a
   year exceeds SCB's cell limit);

and builds the levels ``deso`` (parent ``regso``), ``regso`` (parent ``kommun``) and ``kommun`` (the
union of the DeSO polygons), a tidy indicator table, a population table and a manifest that marks
every indicator and level real, derived or missing, and records each table's id, title, query and
the date its answers were fetched, with "Källa: SCB".

Region codes: SCB's tables carry the current division's codes with a vintage suffix
(``1280C1010_DeSO2025``, ``1280R001_RegSO2025``) and older years on the earlier division without it
(``1280C1010``, ``1280R001``). For each table, level and year the current codes are used when they
hold values, otherwise the older codes, matched to the 2025 areas by the same code; codes without a
2025 area (e.g. a DeSO that was split) are left out and counted in the notes. Nothing is invented.

Never imports streamlit; dates come from the client's clock.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from datapackage.malmo import (
    _area_frame,
    _concat,
    clean_polygons,
    indicator_rows,
    kommun_area,
    population_rows,
)
from datapackage.manifest import Availability, IndicatorEntry, Level, Manifest
from datapackage.problems import ImportRefused, Problem, Severity
from datapackage.scb.catalogue import (
    CATALOGUE,
    DESO,
    KOMMUN,
    NOT_PUBLISHED,
    REGION,
    REGSO,
    TIME,
    ResolvedTable,
    TableSpec,
    check_layout,
    region_pattern,
    table_name,
)
from datapackage.scb.client import QueryRefused, ScbClient, TableMissing
from datapackage.scb.geodata import (
    BOUNDARY_VINTAGE,
    DESO_2025,
    REGSO_2025,
    BoundaryLayer,
    read_boundaries,
)
from datapackage.scb.kommuner import Kommun, find_kommun, kommuner_in_table
from datapackage.scb.pxweb import CONTENT_COLUMN, SUPPRESSED, VALUE, parse_response
from datapackage.store import DataPackage
from indicators import columns as c
from indicators.registry import REGISTRY

ATTRIBUTION = "Källa: SCB"
YOUTH_AGE_GROUP = "15-24"  # the nearest band to 16-24 that SCB publishes per DeSO/RegSO
AREA_LEVELS = (DESO, REGSO, KOMMUN)
LEVELS = (
    Level(DESO, "DeSO", "DeSO (demographic statistical area)", REGSO),
    Level(REGSO, "RegSO", "RegSO (regional statistical area)", KOMMUN),
    Level(KOMMUN, "Kommun", "Municipality", None),
)
_LEVEL_NAMES = {DESO: "DeSO", REGSO: "RegSO", KOMMUN: "kommun"}


@dataclass
class ScbBuild:
    """The package (not yet written), and what to tell the person (tables skipped, codes left out)."""

    package: DataPackage
    problems: list[Problem]


@dataclass
class _Found:
    """What was found for one indicator at one level."""

    years: set[int] = field(default_factory=set)
    tables: list[str] = field(default_factory=list)
    derived: bool = False
    notes_sv: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)


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


# =============================================================================================
# Tables
# =============================================================================================


def assign_areas(frame: pd.DataFrame, resolved: ResolvedTable, kommun: str,
                 known: dict[str, set[str]]) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Rows of a parsed table with ``level`` and ``area_id``, one vintage per level and year.

    Returns the rows and notes per level (Swedish and English alternating) on older codes used and
    codes left out. ``known`` holds the area ids of each level's boundaries.
    """
    notes: dict[str, list[str]] = defaultdict(list)
    if frame.empty:
        return frame.assign(level=pd.Series(dtype=str), area_id=pd.Series(dtype=str)), notes
    lookup: dict[str, tuple[str, str, bool]] = {}
    for code in frame[REGION].unique():
        for level in resolved.regions:
            match = region_pattern(level, kommun).match(code)
            if match:
                vintage = match.groupdict().get("vintage")
                lookup[code] = (level, match["area"], level == KOMMUN or vintage == BOUNDARY_VINTAGE)
                break
    frame = frame[frame[REGION].isin(lookup)].copy()
    frame["level"] = frame[REGION].map(lambda code: lookup[code][0])
    frame[c.AREA_ID] = frame[REGION].map(lambda code: lookup[code][1])
    frame["current"] = frame[REGION].map(lambda code: lookup[code][2])
    has_data = frame[VALUE].notna() & frame[VALUE].ne(0)
    keep = pd.Series(False, index=frame.index)
    older_years: dict[str, list[str]] = defaultdict(list)
    for (level, _year), group in frame.groupby(["level", TIME], sort=True):
        current = group["current"]
        if has_data[group.index[current.to_numpy()]].any():
            keep[group.index[current.to_numpy()]] = True
        else:
            keep[group.index[~current.to_numpy()]] = True
            if (~current).any():
                older_years[str(level)].append(str(_year))
    frame = frame[keep]
    frame = frame.drop_duplicates(["level", c.AREA_ID, TIME, CONTENT_COLUMN,
                                   *[col for col in frame.columns if col == "Alder"]])
    for level, years in older_years.items():
        if level == KOMMUN:
            continue
        span = _span(sorted(int(y[:4]) for y in years if y[:4].isdigit()))
        name = _LEVEL_NAMES[level]
        notes[level] += [
            f"{span}: publicerat med den äldre {name}-indelningens koder, matchade mot 2025 års "
            "områden med samma kod (gränserna kan ha ändrats något).",
            f"{span}: published with the older {name} division's codes, matched to the 2025 areas "
            "with the same code (boundaries may have changed slightly)."]
    unmatched = frame[frame["level"].isin([DESO, REGSO])
                      & ~frame.apply(lambda r: r[c.AREA_ID] in known.get(r["level"], set()), axis=1)]
    for level, group in unmatched.groupby("level"):
        codes = sorted(group[c.AREA_ID].unique())
        notes[str(level)] += [
            f"{len(codes)} områdeskoder i tabellen saknar motsvarighet i 2025 års gränser (t.ex. "
            f"{codes[0]}; oftast områden som delats) och togs inte med.",
            f"{len(codes)} area codes in the table have no 2025 boundary (e.g. {codes[0]}; mostly "
            "areas that were split) and were left out."]
    frame = frame.drop(index=unmatched.index)
    return frame, notes


def _span(years: Sequence[int]) -> str:
    if not years:
        return "–"
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _year(value: Any) -> int:
    return int(str(value)[:4])


def measure_rows(rows: pd.DataFrame, resolved: ResolvedTable) -> dict[str, list[pd.DataFrame]]:
    """Indicator rows of every measure of a table, by indicator id."""
    out: dict[str, list[pd.DataFrame]] = defaultdict(list)
    for measure in resolved.spec.measures:
        code = resolved.contents.get(f"value:{measure.indicator}")
        den_code = resolved.contents.get(f"den:{measure.indicator}")
        values = rows[rows[CONTENT_COLUMN] == code]
        dens = rows[rows[CONTENT_COLUMN] == den_code] if den_code else rows.iloc[0:0]
        for (level, year), group in values.groupby(["level", TIME], sort=True):
            g = group.set_index(c.AREA_ID)
            value = g[VALUE]
            suppressed = g[SUPPRESSED].astype(bool) | value.isna()
            denominator = numerator = None
            d = dens[(dens["level"] == level) & (dens[TIME] == year)].set_index(c.AREA_ID)[VALUE]
            if not d.empty:
                denominator = d
                numerator = value / 100.0 * d.reindex(value.index)
            out[measure.indicator].append(indicator_rows(str(level), measure.indicator, _year(year),
                                                         value, numerator, denominator, suppressed))
    return out


def population_counts(rows: pd.DataFrame, resolved: ResolvedTable) -> list[pd.DataFrame]:
    """Population rows (tidy) from a population table, one block per level and year."""
    spec = resolved.spec.population
    assert spec is not None
    pop = rows[rows[CONTENT_COLUMN] == resolved.contents["population"]]
    out = []
    for (level, year), group in pop.groupby(["level", TIME], sort=True):
        wide = group.pivot_table(index=c.AREA_ID, columns=spec.variable, values=VALUE,
                                 aggfunc="first")
        counts = pd.DataFrame({
            name: wide.reindex(columns=list(bands)).sum(axis=1, min_count=len(bands))
            for name, bands in spec.groups.items()})
        counts = counts[counts[c.AGE_TOTAL].notna()]
        if not counts.empty:
            out.append(population_rows(str(level), _year(year), counts.rename_axis(None)))
    return out


@dataclass
class _TableResult:
    spec: TableSpec
    resolved: ResolvedTable | None
    rows: pd.DataFrame | None
    notes: dict[str, list[str]]
    source: dict[str, Any]
    failure_sv: str = ""
    failure_en: str = ""


def fetch_table(client: ScbClient, spec: TableSpec, kommun: Kommun, label: str,
                known: dict[str, set[str]], problems: list[Problem]) -> _TableResult:
    """Fetch one table for a kommun; every failure becomes a problem (never an exception, except
    `ScbUnavailable`, which ends the build)."""
    where = table_name(spec)
    source: dict[str, Any] = {"id": spec.table_id, "path": spec.path,
                              "url": client.table_url(spec.path), "attribution": ATTRIBUTION}

    def failed(sv: str, en: str, status: str) -> _TableResult:
        problems.append(Problem(where, sv, en, severity=Severity.WARNING))
        source["status"] = status
        return _TableResult(spec, None, None, {}, source, sv, en)

    client.progress(f"{label}: tabellbeskrivning")
    try:
        meta, meta_answer = client.table_meta(spec.path)
    except TableMissing:
        return failed("Tabellen finns inte hos SCB (404) – den kan ha bytt namn eller flyttats. "
                      "Indikatorn saknas i paketet; uppdatera katalogen (datapackage/scb/"
                      "catalogue.py).", "The table does not exist at SCB (404) – it may have been "
                      "renamed or moved. The indicator is missing from the package; update the "
                      "catalogue (datapackage/scb/catalogue.py).", "missing")
    except (QueryRefused, ValueError) as exc:
        return failed(f"Tabellbeskrivningen kunde inte läsas: {exc}",
                      f"The table description could not be read: {exc}", "unreadable")
    source["title"] = meta.title
    if spec.key == "befolkning":
        online = kommuner_in_table(meta)
        if online and kommun.code not in online:
            raise ImportRefused([Problem("--kommun", f"SCB:s regionlista ({spec.table_id}) har "
                                         f"ingen kommun {kommun.code}.", f"SCB's region list "
                                         f"({spec.table_id}) has no kommun {kommun.code}.")])
    resolved, layout = check_layout(spec, meta, kommun.code)
    problems.extend(dataclasses.replace(p, severity=Severity.WARNING) for p in layout)
    if resolved is None:
        source["status"] = "layout_changed"
        first = next(p for p in layout if p.is_error)
        return _TableResult(spec, None, None, {}, source,
                            f"Tabellens layout har ändrats: {first.message('sv')}",
                            f"The table's layout has changed: {first.message('en')}")
    try:
        parts = client.query(spec.path, resolved.selection(), label, one_per=TIME)
    except (TableMissing, QueryRefused) as exc:
        return failed(f"SCB avvisade frågan: {exc}", f"SCB refused the query: {exc}", "refused")
    frames = []
    for part in parts:
        try:
            data = part.answer.json()
        except (UnicodeDecodeError, json.JSONDecodeError):
            problems.append(Problem(where, "Ett svar från SCB var inte JSON; den delen saknas.",
                                    "An answer from SCB was not JSON; that part is missing.",
                                    severity=Severity.WARNING))
            continue
        parsed = parse_response(data, where)
        problems.extend(dataclasses.replace(p, severity=Severity.WARNING) for p in parsed.problems)
        if not parsed.frame.empty:
            frames.append(parsed.frame)
        if parsed.updated:
            source["updated"] = max(source.get("updated", ""), parsed.updated)
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=[REGION, TIME, CONTENT_COLUMN, VALUE, SUPPRESSED])
    rows, notes = assign_areas(rows, resolved, kommun.code, known)
    dates = [meta_answer.fetched, *(p.answer.fetched for p in parts)]
    source.update({
        "status": "ok",
        "query": {code: list(values) for code, values in resolved.selection().items()},
        "requests": len(parts),
        "fetched": _date_span(dates),
    })
    return _TableResult(spec, resolved, rows, notes, source)


def _date_span(dates: Sequence[date]) -> str:
    first, last = min(dates).isoformat(), max(dates).isoformat()
    return first if first == last else f"{first} – {last}"


# =============================================================================================
# The build
# =============================================================================================


def build_scb_package(kommun_code: str, client: ScbClient, *,
                      catalogue: Sequence[TableSpec] = CATALOGUE,
                      boundaries: tuple[BoundaryLayer, BoundaryLayer] = (DESO_2025, REGSO_2025),
                      ) -> ScbBuild:
    """Fetch and build the package of one kommun (see the module docstring).

    Raises
    ------
    ImportRefused
        For an unknown kommun code, or boundaries that cannot be used (nothing is built then).
    datapackage.scb.client.ScbUnavailable
        When SCB cannot be reached after the retries.
    """
    kommun = find_kommun(kommun_code)
    problems: list[Problem] = []
    sources: list[dict[str, Any]] = []
    deso_layer, regso_layer = boundaries
    layers: dict[str, gpd.GeoDataFrame] = {}
    for i, layer in enumerate(boundaries, start=1):
        client.progress(f"Hämtar gränser {i}/{len(boundaries)}: {layer.layer} för {kommun.name} "
                        f"({kommun.code})")
        params = layer.params(kommun.code)
        answer = client.get(layer.url, params, rate_limited=False)
        layers[layer.level] = read_boundaries(answer.content, layer, kommun.code)
        sources.append({"id": layer.layer, "title": f"{layer.layer} (SCB:s öppna geodata)",
                        "url": layer.url, "query": params, "fetched": answer.fetched.isoformat(),
                        "attribution": ATTRIBUTION, "status": "ok"})
    areas = build_areas(layers[DESO], layers[REGSO], kommun, deso_layer, regso_layer)
    known = {level: set(areas[level][c.AREA_ID].astype(str)) for level in (DESO, REGSO)}

    results = []
    for i, spec in enumerate(catalogue, start=1):
        label = f"Hämtar tabell {i}/{len(catalogue)}: {spec.what_sv} ({spec.table_id})"
        result = fetch_table(client, spec, kommun, label, known, problems)
        sources.append(result.source)
        results.append(result)

    indicator_parts: list[pd.DataFrame] = []
    population_parts: list[pd.DataFrame] = []
    found: dict[tuple[str, str], _Found] = defaultdict(_Found)
    for result in results:
        if result.resolved is None or result.rows is None:
            continue
        for indicator, parts in measure_rows(result.rows, result.resolved).items():
            indicator_parts.extend(parts)
            measure = next(m for m in result.spec.measures if m.indicator == indicator)
            _record(found, indicator, parts, result, measure.note_sv, measure.note_en)
        if result.spec.population is not None:
            population_parts.extend(population_counts(result.rows, result.resolved))
    population = _concat_population(population_parts)
    population, kommun_derived = _kommun_population(population, kommun.code)
    population_source = next((r for r in results if r.spec.population is not None), None)
    for level, block in population[population[c.AGE_GROUP] == c.AGE_TOTAL].groupby(c.LEVEL):
        parts = [indicator_rows(str(level), "befolkning", int(year),
                                g.set_index(c.AREA_ID)[c.POPULATION])
                 for year, g in block.groupby(c.YEAR)]
        indicator_parts.extend(parts)
        if population_source is not None:
            _record(found, "befolkning", parts, population_source,
                    "Folkbokförda invånare 31 december (SCB).",
                    "Registered inhabitants on 31 December (SCB).")
        if level == KOMMUN and kommun_derived:
            found[("befolkning", KOMMUN)].derived = True
            found[("befolkning", KOMMUN)].notes_sv.append("Summan av kommunens DeSO.")
            found[("befolkning", KOMMUN)].notes_en.append("Sum of the kommun's DeSO.")
    indicators = _concat(indicator_parts)
    indicators[c.SUPPRESSED] = indicators[c.SUPPRESSED].astype(bool)
    years = set(indicators[c.YEAR].astype(int)) | set(population[c.YEAR].astype(int))
    if not years:
        raise ImportRefused([Problem(f"SCB ({kommun.code})", "Inga värden kunde hämtas för "
                                     "kommunen – se meddelandena ovan.", "No values could be "
                                     "fetched for the kommun – see the messages above.")])
    manifest = build_manifest(kommun, years, found, results, sources)
    return ScbBuild(DataPackage(manifest, areas, indicators, population), problems)


def _record(found: dict[tuple[str, str], _Found], indicator: str, parts: list[pd.DataFrame],
            result: _TableResult, note_sv: str, note_en: str) -> None:
    for part in parts:
        if part.empty or part[c.VALUE].notna().sum() == 0:
            continue
        level = str(part[c.LEVEL].iloc[0])
        f = found[(indicator, level)]
        f.years.add(int(part[c.YEAR].iloc[0]))
        if result.spec.table_id not in f.tables:
            f.tables.append(result.spec.table_id)
            f.notes_sv.append(note_sv)
            f.notes_en.append(note_en)
            extra = result.notes.get(level, [])
            f.notes_sv.extend(extra[0::2])
            f.notes_en.extend(extra[1::2])


def _concat_population(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=list(c.POPULATION_TABLE_COLUMNS))
    out = pd.concat(parts, ignore_index=True)
    out[c.POPULATION] = out[c.POPULATION].astype(float)
    return out


def _kommun_population(population: pd.DataFrame, code: str) -> tuple[pd.DataFrame, bool]:
    """Add the kommun's population (sum of its DeSO) for years the table has no kommun row."""
    deso = population[population[c.LEVEL] == DESO]
    have = set(population[population[c.LEVEL] == KOMMUN][c.YEAR])
    sums = deso[~deso[c.YEAR].isin(have)].groupby([c.YEAR, c.AGE_GROUP], as_index=False)[
        c.POPULATION].sum()
    if sums.empty:
        return population, False
    sums[c.AREA_ID] = code
    sums[c.LEVEL] = KOMMUN
    return pd.concat([population, sums[list(c.POPULATION_TABLE_COLUMNS)]], ignore_index=True), True


# =============================================================================================
# Manifest
# =============================================================================================


def indicator_entries(found: dict[tuple[str, str], _Found], results: Sequence[_TableResult]
                      ) -> dict[str, IndicatorEntry]:
    """Status and notes of every built-in indicator, overall and per level."""
    entries: dict[str, IndicatorEntry] = {}
    for indicator in REGISTRY.ids:
        relevant = [r for r in results
                    if any(m.indicator == indicator for m in r.spec.measures)
                    or (indicator == "befolkning" and r.spec.population is not None)]
        levels: dict[str, Availability] = {}
        for level in AREA_LEVELS:
            f = found.get((indicator, level))
            if f is not None and f.years:
                years = sorted(f.years)
                tables = ", ".join(f.tables)
                status = "derived" if f.derived else "real"
                note_sv = " ".join([*dict.fromkeys(f.notes_sv),
                                    f"År {_span(years)} ({len(years)} år), SCB {tables}."])
                note_en = " ".join([*dict.fromkeys(f.notes_en),
                                    f"Years {_span(years)} ({len(years)} years), SCB {tables}."])
                levels[level] = Availability(status, note_sv, note_en)
            else:
                levels[level] = Availability("missing", *_missing_reason(indicator, level,
                                                                          relevant))
        statuses = {a.status for a in levels.values()}
        status = "real" if "real" in statuses else "derived" if "derived" in statuses else "missing"
        tables = sorted({r.spec.table_id for r in relevant})
        source = f"SCB ({', '.join(tables)})" if tables else "SCB"
        if status == "missing":
            note_sv, note_en = next(iter(levels.values())).note_sv, next(iter(levels.values())).note_en
        else:
            note_sv = next(a.note_sv for a in levels.values() if a.status != "missing")
            note_en = next(a.note_en for a in levels.values() if a.status != "missing")
        entries[indicator] = IndicatorEntry(status, note_sv, note_en, source, levels)
    return entries


def _missing_reason(indicator: str, level: str, relevant: Sequence[_TableResult]
                    ) -> tuple[str, str]:
    if indicator in NOT_PUBLISHED:
        return NOT_PUBLISHED[indicator]
    name = _LEVEL_NAMES[level]
    for result in relevant:
        if result.resolved is None and result.failure_sv:
            return (f"SCB {result.spec.table_id}: {result.failure_sv}",
                    f"SCB {result.spec.table_id}: {result.failure_en}")
    if relevant:
        tables = ", ".join(r.spec.table_id for r in relevant)
        return (f"SCB publicerar inga värden på {name}-nivå för kommunen i {tables}.",
                f"SCB publishes no values at {name} level for the kommun in {tables}.")
    return ("Ingen SCB-tabell i katalogen ger indikatorn.",
            "No SCB table in the catalogue provides the indicator.")


def build_manifest(kommun: Kommun, years: set[int], found: dict[tuple[str, str], _Found],
                   results: Sequence[_TableResult], sources: list[dict[str, Any]]) -> Manifest:
    fetched = sorted({d for s in sources for d in re.findall(r"\d{4}-\d{2}-\d{2}",
                                                              str(s.get("fetched", "")))})
    when = fetched[-1] if fetched else "okänt datum"
    description_sv = (
        f"Öppna data från SCB för {kommun.name} ({kommun.code}), hämtade {when}: DeSO- och "
        "RegSO-gränser 2025 (SCB:s öppna geodata) och alla publicerade år av STATIV-tabellerna per "
        "RegSO (unga som varken arbetar eller studerar, ekonomiskt bistånd, behörighet till "
        "gymnasiet), låg ekonomisk standard och folkmängd per DeSO och RegSO. Trångboddhet "
        "publiceras inte per område. Varje indikator och nivå är märkt verklig, härledd eller "
        "saknad; måtten skiljer sig delvis från programmets definitioner – se noten vid varje "
        "indikator. Kommunens egna delområden och andra lager kan läggas till med importen.")
    description_en = (
        f"Open data from SCB for {kommun.name} ({kommun.code}), fetched {when}: DeSO and RegSO "
        "2025 boundaries (SCB open geodata) and every published year of the STATIV tables by "
        "RegSO (young people neither working nor studying, social assistance, eligibility for "
        "upper secondary school), low economic standard and population by DeSO and RegSO. "
        "Overcrowding is not published per area. Each indicator and level is marked real, "
        "derived or missing; the measures partly differ from the programme's definitions – see "
        "each indicator's note. The kommun's own sub-districts and other layers can be added with "
        "the import.")
    return Manifest(
        name=f"{kommun.name} – SCB:s öppna data",
        description=description_sv,
        description_en=description_en,
        attribution=ATTRIBUTION,
        levels=LEVELS,
        years=tuple(sorted(years)),
        youth_age_group=YOUTH_AGE_GROUP,
        indicators=indicator_entries(found, results),
        demo=False,
        city_level=KOMMUN,
        sources=tuple(sources),
    )

