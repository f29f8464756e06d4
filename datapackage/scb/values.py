"""From a fetched table's rows to the package's tidy rows on the current areas.

Rows on the current division (``_DeSO2025``/``_RegSO2025`` codes, and the kommun) are taken as
they are, for the areas the boundaries have. Rows on an older division (DeSO 2018, RegSO 2020) are
carried onto the current areas through a `Division` (SCB's DeSO key, or the code rule, with
population weights; see `datapackage.scb.carry`). Every block records in a `CarryLog` which years were
carried and how, so the manifest can say it and mark the break.

Never imports streamlit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from datapackage.malmo import indicator_rows, population_rows
from datapackage.scb.carry import (
    CHANGED,
    MERGED,
    NEW,
    OLD,
    SAME,
    SPLIT,
    aggregate_weights,
    carry_categories,
    carry_counts,
    carry_shares,
    identity_pairs,
    population_weights,
    relation_kinds,
)
from datapackage.scb.catalogue import DESO, KOMMUN, REGSO, TIME
from datapackage.scb.deso_key import REGSO_NEW, REGSO_OLD, DesoKey, key_from_code_rule
from datapackage.scb.layout import ResolvedTable
from datapackage.scb.pxweb import CONTENT_COLUMN, SUPPRESSED, VALUE
from datapackage.scb.tables import CURRENT, LEVEL
from model import columns as c

#: How older codes reached the current areas at a level.
BY_KEY, BY_CODE_RULE, BY_SAME_CODE = "key", "code_rule", "same_code"


@dataclass
class Division:
    """The current areas of each level and how older codes map onto them."""

    known: dict[str, set[str]]
    weights: dict[str, pd.DataFrame]
    method: dict[str, str]
    _kinds: dict[str, pd.Series] = field(default_factory=dict)

    def kinds(self, level: str) -> pd.Series:
        """How each current area of the level relates to the older division (computed once)."""
        if level not in self._kinds:
            self._kinds[level] = relation_kinds(self.weights[level])
        return self._kinds[level]


def build_division(areas: dict[str, pd.DataFrame], key: DesoKey | None, old_deso: Sequence[str],
                   new_population: pd.Series, old_population: pd.Series,
                   old_regso: Sequence[str]) -> Division:
    """How DeSO 2018 and RegSO 2020 codes map onto this package's DeSO 2025 and RegSO 2025 areas.

    ``old_deso``/``old_regso`` are the older codes the tables hold; ``new_population`` persons per
    DeSO 2025 (the first year on the new codes), ``old_population`` per DeSO 2018 (the last year on
    the old codes). RegSO weights follow from the DeSO weights when the key gives both RegSO codes;
    otherwise RegSO codes are matched by the same code (the boundaries may differ; noted).
    """
    known = {level: set(areas[level][c.AREA_ID].astype(str)) for level in (DESO, REGSO)}
    if key is not None:
        pairs, deso_method = key.pairs[key.pairs[NEW].isin(known[DESO])], BY_KEY
    else:
        pairs, deso_method = key_from_code_rule(old_deso, known[DESO]), BY_CODE_RULE
    deso_weights = population_weights(pairs, new_population)
    weights = {DESO: deso_weights}
    method = {DESO: deso_method}
    if key is not None and {REGSO_OLD, REGSO_NEW} <= set(key.pairs.columns):
        old_group = key.pairs.dropna(subset=[REGSO_OLD]).set_index(OLD)[REGSO_OLD]
        new_group = key.pairs.dropna(subset=[REGSO_NEW]).set_index(NEW)[REGSO_NEW]
        old_group = old_group[~old_group.index.duplicated()]
        new_group = new_group[~new_group.index.duplicated()]
        regso = aggregate_weights(deso_weights, old_group, new_group, old_population)
        weights[REGSO] = regso[regso[NEW].isin(known[REGSO])]
        method[REGSO] = BY_KEY
    else:
        codes = sorted(set(old_regso) & known[REGSO])
        weights[REGSO] = identity_pairs(codes)
        method[REGSO] = BY_SAME_CODE
    return Division(known, weights, method)


@dataclass
class CarryLog:
    """What happened to one indicator (or population, or classification) at one level."""

    current_years: set[int] = field(default_factory=set)
    carried_years: set[int] = field(default_factory=set)
    kinds: dict[str, int] = field(default_factory=dict)  # relation kind -> areas with carried values
    dropped: set[str] = field(default_factory=set)  # codes with no current area and no key pair
    method: str = ""

    @property
    def break_year(self) -> int | None:
        """The first year on the current division, when earlier years were carried over."""
        if not self.carried_years or not self.current_years:
            return None
        later = [y for y in self.current_years if y > max(self.carried_years)]
        return min(later) if later else None


Logs = dict[tuple[str, str], CarryLog]


def _year(value: object) -> int:
    return int(str(value)[:4])


def _blocks(rows: pd.DataFrame, code: str | None) -> list[tuple[str, int, bool, pd.DataFrame]]:
    """(level, year, current, rows) for one content code."""
    if code is None or rows.empty:
        return []
    selected = rows[rows[CONTENT_COLUMN] == code]
    return [(str(level), _year(year), bool(current), group)
            for (level, year, current), group in selected.groupby([LEVEL, TIME, CURRENT], sort=True)]


def _log(logs: Logs, name: str, level: str) -> CarryLog:
    return logs.setdefault((name, level), CarryLog())


def _direct(division: Division, level: str, log: CarryLog, ids: pd.Index) -> pd.Index:
    if level == KOMMUN:
        return ids
    known = division.known.get(level, set())
    log.dropped |= {str(i) for i in ids if str(i) not in known}
    return pd.Index([i for i in ids if str(i) in known])


def _unmapped(division: Division, level: str, log: CarryLog, ids: pd.Index) -> None:
    """Older codes the correspondence does not reach: left out, and counted in the notes."""
    mapped = set(division.weights[level][OLD].astype(str))
    log.dropped |= {str(i) for i in ids if str(i) not in mapped}


def _note_kinds(division: Division, level: str, log: CarryLog, carried: pd.Index) -> None:
    log.method = division.method[level]
    kinds = division.kinds(level).reindex(carried).fillna(CHANGED)
    for kind in (SAME, SPLIT, MERGED, CHANGED):
        log.kinds[kind] = max(log.kinds.get(kind, 0), int((kinds == kind).sum()))


def population_blocks(rows: pd.DataFrame, resolved: ResolvedTable
                      ) -> list[tuple[str, int, bool, pd.DataFrame]]:
    """Population counts per block: (level, year, current, counts indexed by the block's codes with
    one column per age group)."""
    spec = resolved.spec.population
    assert spec is not None
    out = []
    for level, year, current, group in _blocks(rows, resolved.contents.get("population")):
        wide = group.pivot_table(index=c.AREA_ID, columns=spec.variable, values=VALUE,
                                 aggfunc="first")
        counts = pd.DataFrame({
            name: wide.reindex(columns=list(bands)).sum(axis=1, min_count=len(bands))
            for name, bands in spec.groups.items()})
        counts = counts[counts[c.AGE_TOTAL].notna()].rename_axis(None)
        if not counts.empty:
            out.append((level, year, current, counts))
    return out


def population_table(blocks: list[tuple[str, int, bool, pd.DataFrame]], division: Division,
                     logs: Logs) -> pd.DataFrame:
    """Tidy population rows on the current areas (older blocks carried as counts)."""
    parts = []
    for level, year, current, counts in blocks:
        log = _log(logs, "befolkning", level)
        if current:
            kept = counts.loc[_direct(division, level, log, counts.index)]
            log.current_years.add(year)
        else:
            _unmapped(division, level, log, counts.index)
            kept = carry_counts(counts, division.weights[level]).dropna(subset=[c.AGE_TOTAL])
            if kept.empty:
                continue
            log.carried_years.add(year)
            _note_kinds(division, level, log, kept.index)
        if not kept.empty:
            parts.append(population_rows(level, year, kept))
    if not parts:
        return pd.DataFrame(columns=list(c.POPULATION_TABLE_COLUMNS))
    out = pd.concat(parts, ignore_index=True)
    out[c.POPULATION] = out[c.POPULATION].astype(float)
    return out


def measure_table(rows: pd.DataFrame, resolved: ResolvedTable, division: Division,
                  old_population: dict[tuple[str, int], pd.Series], logs: Logs
                  ) -> dict[str, list[pd.DataFrame]]:
    """Indicator rows of every measure of a table on the current areas, by indicator id.

    Older blocks are carried as shares, weighted by the table's own count content where it has one
    (then numerator and denominator are carried too), else by the older areas' population in the
    nearest year (``old_population`` by level and year).
    """
    out: dict[str, list[pd.DataFrame]] = defaultdict(list)
    for measure in resolved.spec.measures:
        ident = measure.indicator
        den_code = resolved.contents.get(f"den:{ident}")
        dens = {(lv, y, cur): g.set_index(c.AREA_ID)[VALUE]
                for lv, y, cur, g in _blocks(rows, den_code)}
        for level, year, current, group in _blocks(rows, resolved.contents.get(f"value:{ident}")):
            g = group.set_index(c.AREA_ID)
            value = g[VALUE].astype(float)
            suppressed = g[SUPPRESSED].astype(bool) | value.isna()
            den = dens.get((level, year, current))
            log = _log(logs, ident, level)
            if current:
                ids = _direct(division, level, log, value.index)
                value, suppressed = value.loc[ids], suppressed.loc[ids]
                numerator = value / 100.0 * den.reindex(ids) if den is not None else None
                log.current_years.add(year)
                out[ident].append(indicator_rows(level, ident, year, value, numerator,
                                                 den.reindex(ids) if den is not None else None,
                                                 suppressed))
                continue
            _unmapped(division, level, log, value.index)
            base = den if den is not None else _nearest(old_population, level, year)
            carried = carry_shares(value, suppressed, division.weights[level], base,
                                   base_is_count=den is not None)
            carried = carried[carried.index.isin(division.known.get(level, set()))]
            if carried.empty:
                continue
            log.carried_years.add(year)
            _note_kinds(division, level, log, carried.index)
            out[ident].append(indicator_rows(level, ident, year, carried["value"],
                                             carried["numerator"], carried["denominator"],
                                             carried["suppressed"]))
    return out


def _nearest(populations: dict[tuple[str, int], pd.Series], level: str, year: int
             ) -> pd.Series | None:
    years = [y for lv, y in populations if lv == level]
    if not years:
        return None
    return populations[(level, min(years, key=lambda y: (abs(y - year), -y)))]


def classification_table(rows: pd.DataFrame, resolved: ResolvedTable, division: Division,
                         logs: Logs, valid: dict[str, set[str]]
                         ) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Classification rows (category codes) on the current areas; older codes only where the area
    did not change. Returns the rows and, per classification, values that are not one of its
    categories (left out)."""
    parts, invalid = [], defaultdict(list)
    for classify in resolved.spec.classifications:
        ident = classify.classification
        for level, year, current, group in _blocks(rows, resolved.contents.get(f"class:{ident}")):
            g = group.set_index(c.AREA_ID)[VALUE].dropna()
            codes = g.map(lambda v: str(int(v)) if float(v).is_integer() else str(v))
            bad = codes[~codes.isin(valid[ident])]
            invalid[ident].extend(f"{i}: {v}" for i, v in bad.items())
            codes = codes[codes.isin(valid[ident])]
            log = _log(logs, ident, level)
            if current:
                codes = codes.loc[_direct(division, level, log, codes.index)]
                log.current_years.add(year)
            else:
                _unmapped(division, level, log, codes.index)
                codes = carry_categories(codes, division.weights[level])
                codes = codes[codes.index.isin(division.known.get(level, set()))]
                if codes.empty:
                    continue
                log.carried_years.add(year)
                _note_kinds(division, level, log, codes.index)
            if not codes.empty:
                parts.append(pd.DataFrame({
                    c.CLASSIFICATION: ident, c.AREA_ID: pd.array(codes.index.astype(str),
                                                                 dtype="string"),
                    c.LEVEL: level, c.YEAR: year,
                    c.CATEGORY: pd.array(codes.astype(str).to_numpy(), dtype="string")}))
    table = (pd.concat(parts, ignore_index=True) if parts
             else pd.DataFrame(columns=list(c.CLASSIFICATION_TABLE_COLUMNS)))
    return table, dict(invalid)
