"""Adding a city's uploaded files to a package, in memory, without touching the package on disk."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import pandas as pd

from datapackage.manifest import Availability, IndicatorEntry, Level
from datapackage.store import DataPackage
from model import columns as c
from model.registry import REGISTRY, Indicator


def with_upload(package: DataPackage, level: str, *, areas: gpd.GeoDataFrame | None = None,
                table: pd.DataFrame | None = None, level_name: str | None = None,
                source_label: str = "") -> DataPackage:
    """A new package: ``package`` plus uploaded areas (as a new level) and/or indicator rows.

    Uploaded values are marked ``uploaded`` (never real or SCB data) with the visitor's own
    ``source_label`` (e.g. "Egen uppladdning: skolenkat.csv"), which is also added to the package's
    attribution so every map and table that shows them names it.

    Parameters
    ----------
    level : the level the upload belongs to. With ``areas`` it must be new; without, it must exist.
    areas : validated areas (EPSG:3006, area_id, name, parent_id) for a new level.
    table : validated tidy indicator rows; their ``level`` is set to ``level``. Rows for the same area,
        year and indicator replace the package's.
    level_name : display name of a new level (defaults to ``level``).
    source_label : where the upload comes from, in the visitor's words.
    """
    manifest = package.manifest
    exists = level in manifest.level_ids
    if areas is not None and exists:
        raise ValueError(f"level {level!r} already exists; choose a new name")
    if areas is None and not exists:
        raise ValueError(
            f"level {level!r} does not exist; levels: {', '.join(manifest.level_ids)}")
    new_areas = dict(package.areas)
    levels = manifest.levels
    if areas is not None:
        new_areas[level] = areas.assign(**{c.LEVEL: level}).to_crs(package.areas[
            manifest.level_ids[0]].crs).reset_index(drop=True)
        levels = (*levels, Level(level, level_name or level, level_name or level,
                                 source=source_label))
    indicators = package.indicators
    entries = dict(manifest.indicators)
    years = set(manifest.years)
    if table is not None and not table.empty:
        rows = table.assign(**{c.LEVEL: level})
        key = [c.AREA_ID, c.LEVEL, c.YEAR, c.INDICATOR]
        kept = indicators.merge(rows[key], on=key, how="left", indicator=True)
        indicators = pd.concat(
            [indicators[(kept["_merge"] == "left_only").to_numpy()], rows], ignore_index=True)
        years |= {int(y) for y in rows[c.YEAR].unique()}
        for ident in rows[c.INDICATOR].unique():
            entry = entries.get(ident, IndicatorEntry(status="uploaded"))
            per_level = {**entry.levels, level: Availability("uploaded", source_label,
                                                             source_label)}
            status = "uploaded" if entry.status == "missing" else entry.status
            entries[ident] = dataclasses.replace(entry, status=status, levels=per_level)
    attribution = manifest.attribution
    if source_label and source_label not in attribution:
        attribution = f"{attribution}; {source_label}" if attribution else source_label
    new_manifest = dataclasses.replace(manifest, levels=levels, indicators=entries,
                                       years=tuple(sorted(years)), attribution=attribution)
    return dataclasses.replace(package, manifest=new_manifest, areas=new_areas,
                               indicators=indicators, path=None)


def with_extra_indicators(package: DataPackage, declarations: Sequence[Indicator],
                          rows: pd.DataFrame, entries: Mapping[str, IndicatorEntry], *,
                          attribution: str | None = None,
                          source: Mapping[str, Any] | None = None) -> DataPackage:
    """A new package: ``package`` plus indicators of its own (derived or imported), declared in the
    manifest's ``extra_indicators``.

    Parameters
    ----------
    declarations : the new indicators; one with the id of an earlier extra indicator replaces it.
    rows : tidy indicator rows (`model.columns.INDICATOR_TABLE_COLUMNS`) of those indicators, at
        levels of the package; rows for the same area, level, year and indicator replace the package's.
    entries : the manifest's account (status, source, notes) of each new indicator.
    attribution : text to append to the package's attribution (once).
    source : a record for the manifest's ``sources``; one with the same ``id`` replaces it.

    Raises
    ------
    ValueError
        For an id that is a built-in indicator, rows of an undeclared indicator or an unknown level.
    """
    manifest = package.manifest
    ids = [d.id for d in declarations]
    kept = tuple(i for i in manifest.extra_indicators if i.id not in ids)
    REGISTRY.extended([*kept, *declarations])  # raises IndicatorDefinitionError for built-in ids
    undeclared = sorted(set(rows[c.INDICATOR]) - set(ids))
    if undeclared:
        raise ValueError(f"rows of undeclared indicators: {', '.join(map(str, undeclared))}")
    unknown = sorted(set(rows[c.LEVEL]) - set(manifest.level_ids))
    if unknown:
        raise ValueError(f"rows at unknown levels {', '.join(map(str, unknown))}; levels: "
                         f"{', '.join(manifest.level_ids)}")
    key = [c.AREA_ID, c.LEVEL, c.YEAR, c.INDICATOR]
    old = package.indicators
    replaced = old.merge(rows[key].drop_duplicates(), on=key, how="left", indicator=True)
    indicators = pd.concat([old[(replaced["_merge"] == "left_only").to_numpy()],
                            rows[list(c.INDICATOR_TABLE_COLUMNS)]], ignore_index=True)
    text = manifest.attribution
    if attribution and attribution not in text:
        text = f"{text}; {attribution}" if text.strip() else attribution
    sources = tuple(manifest.sources)
    if source is not None:
        sources = (*(s for s in sources if s.get("id") != source.get("id")), dict(source))
    new_manifest = dataclasses.replace(
        manifest, extra_indicators=(*kept, *declarations),
        indicators={**manifest.indicators, **entries}, attribution=text, sources=sources,
        years=tuple(sorted(set(manifest.years) | {int(y) for y in rows[c.YEAR].unique()})))
    return dataclasses.replace(package, manifest=new_manifest, indicators=indicators, path=None)
