"""The manifest of a package built from SCB: how real each indicator is at each level, why anything is
missing, which years were carried over from an older division and where the series breaks.

A missing indicator always says why: the table is gone (404), its layout or an answer did not
match the catalogue (naming the code), SCB does not publish it (trångboddhet), or SCB published no
values at that level for the kommun – the last only when the table was read and matched.

Never imports streamlit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from datapackage.manifest import (
    Availability,
    Classification,
    IndicatorEntry,
    Level,
    Manifest,
    SeriesBreak,
)
from datapackage.scb.carry import CHANGED, MERGED, SAME, SPLIT
from datapackage.scb.catalogue import DESO, EXTRA_INDICATORS, KOMMUN, NOT_PUBLISHED, REGSO
from datapackage.scb.kommuner import Kommun
from datapackage.scb.tables import ATTRIBUTION, TableResult
from datapackage.scb.values import BY_KEY, BY_SAME_CODE, CarryLog
from model import columns as c
from model.registry import REGISTRY

YOUTH_AGE_GROUP = "15-24"  # the nearest band to 16-24 that SCB publishes per DeSO/RegSO
AREA_LEVELS = (DESO, REGSO, KOMMUN)
LEVELS = (
    Level(DESO, "DeSO", "DeSO (demographic statistical area)", REGSO),
    Level(REGSO, "RegSO", "RegSO (regional statistical area)", KOMMUN),
    Level(KOMMUN, "Kommun", "Municipality", None),
)
_NAMES = {DESO: ("DeSO 2018", "DeSO 2025"), REGSO: ("RegSO 2020", "RegSO 2025")}
_LEVEL_NAMES = {DESO: "DeSO", REGSO: "RegSO", KOMMUN: "kommun"}


def span(years: Sequence[int]) -> str:
    years = sorted(years)
    if not years:
        return "–"
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _kinds(log: CarryLog, what: str) -> tuple[str, str]:
    """The carried areas by kind, in words. ``what``: share, count or category."""
    split_sv = {"share": "med det gamla områdets värde", "count": "med sin andel av befolkningen",
                "category": ""}[what]
    split_en = {"share": "with the old area's value", "count": "with their share of the people",
                "category": ""}[what]
    parts_sv, parts_en = [], []
    for kind, sv, en in ((SAME, f"{log.kinds.get(SAME, 0)} oförändrade med samma värden",
                          f"{log.kinds.get(SAME, 0)} unchanged with the same values"),
                         (SPLIT, f"{log.kinds.get(SPLIT, 0)} delade {split_sv}".strip(),
                          f"{log.kinds.get(SPLIT, 0)} split {split_en}".strip()),
                         (MERGED, f"{log.kinds.get(MERGED, 0)} sammanslagna, befolkningsviktade",
                          f"{log.kinds.get(MERGED, 0)} merged, population-weighted"),
                         (CHANGED, f"{log.kinds.get(CHANGED, 0)} med ändrade gränser, "
                                   "befolkningsviktade",
                          f"{log.kinds.get(CHANGED, 0)} with changed boundaries, "
                          "population-weighted")):
        if log.kinds.get(kind, 0):
            parts_sv.append(sv)
            parts_en.append(en)
    return ", ".join(parts_sv), ", ".join(parts_en)


def carry_note(level: str, log: CarryLog, what: str) -> tuple[str, str]:
    """The note on the years carried over at one level (empty when none were)."""
    if not log.carried_years or level not in _NAMES:
        return "", ""
    old, new = _NAMES[level]
    years = span(sorted(log.carried_years))
    kinds_sv, kinds_en = _kinds(log, what)
    if log.method == BY_SAME_CODE:
        return (f"{years}: publicerat på {old}-koder och matchat mot {new} med samma kod "
                "(nyckeln gav ingen RegSO-koppling; gränserna kan ha ändrats).",
                f"{years}: published on {old} codes and matched to {new} by the same code (the "
                "key gave no RegSO relation; boundaries may have changed).")
    how_sv = ("SCB:s nyckel DeSO 2018–2025" if log.method == BY_KEY
              else "SCB:s kodregel (nyckeln kunde inte hämtas)")
    how_en = ("SCB's DeSO 2018–2025 key" if log.method == BY_KEY
              else "SCB's code rule (the key could not be fetched)")
    via_sv = "" if level == DESO else ", via DeSO"
    via_en = "" if level == DESO else ", through DeSO"
    if what == "category":
        return (f"{years}: publicerat på {old}-koder; förs över till {new} bara för oförändrade "
                f"områden ({how_sv}{via_sv}): {kinds_sv}.",
                f"{years}: published on {old} codes; carried to {new} only for unchanged areas "
                f"({how_en}{via_en}): {kinds_en}.")
    return (f"{years}: publicerat på {old}-koder och överfört till {new} med {how_sv}{via_sv}, "
            f"befolkningsviktat: {kinds_sv}.",
            f"{years}: published on {old} codes and carried over to {new} with {how_en}{via_en}, "
            f"population-weighted: {kinds_en}.")


def dropped_note(log: CarryLog) -> tuple[str, str]:
    if not log.dropped:
        return "", ""
    codes = sorted(log.dropped)
    return (f"{len(codes)} områdeskoder i tabellen når inget område i 2025 års gränser (t.ex. "
            f"{codes[0]}) och togs inte med.",
            f"{len(codes)} area codes in the table reach no area in the 2025 boundaries (e.g. "
            f"{codes[0]}) and were left out.")


def series_breaks(logs: Mapping[str, CarryLog]) -> tuple[SeriesBreak, ...]:
    """One break per first year on the current division, with the levels it applies to."""
    by_year: dict[int, list[str]] = defaultdict(list)
    for level, log in logs.items():
        if log.break_year is not None and level in _NAMES:
            by_year[log.break_year].append(level)
    breaks = []
    for year, levels in sorted(by_year.items()):
        olds = " och ".join(_NAMES[lv][0] for lv in levels)
        news = " och ".join(_NAMES[lv][1] for lv in levels)
        breaks.append(SeriesBreak(
            year,
            f"Från {year} på {news}; åren före är publicerade på {olds} och överförda "
            "(befolkningsviktat) – inte helt jämförbara över brottet.",
            f"From {year} on {news.replace(' och ', ' and ')}; earlier years are published on "
            f"{olds.replace(' och ', ' and ')} and carried over (population-weighted) – not fully "
            "comparable across the break.", tuple(levels)))
    return tuple(breaks)


def _missing_reason(indicator: str, level: str, relevant: Sequence[tuple[TableResult, str]]
                    ) -> tuple[str, str]:
    if indicator in NOT_PUBLISHED:
        return NOT_PUBLISHED[indicator]
    for result, role in relevant:
        failure = result.failure_for(role)
        if failure is not None:
            return (f"SCB {result.spec.table_id}: {failure[0]}", f"SCB {result.spec.table_id}: "
                    f"{failure[1]}")
    if relevant:
        tables = ", ".join(r.spec.table_id for r, _ in relevant)
        name = _LEVEL_NAMES[level]
        return (f"SCB publicerar inga värden på {name}-nivå för kommunen i {tables}.",
                f"SCB publishes no values at {name} level for the kommun in {tables}.")
    return ("Ingen SCB-tabell i katalogen ger indikatorn.",
            "No SCB table in the catalogue provides the indicator.")


def indicator_entries(values: pd.DataFrame, results: Sequence[TableResult],
                      logs: Mapping[tuple[str, str], CarryLog],
                      derived: Mapping[tuple[str, str], tuple[str, str]]) -> dict[str, IndicatorEntry]:
    """Status and notes of every built-in indicator and every extra one that has values."""
    extra_ids = [i.id for i in EXTRA_INDICATORS if (values[c.INDICATOR] == i.id).any()]
    entries: dict[str, IndicatorEntry] = {}
    for indicator in (*REGISTRY.ids, *extra_ids):
        relevant = [(r, f"value:{m.indicator}") for r in results for m in r.spec.measures
                    if m.indicator == indicator]
        relevant += [(r, "population") for r in results
                     if indicator == "befolkning" and r.spec.population is not None]
        base = [(m.note_sv, m.note_en) for r, _ in relevant for m in r.spec.measures
                if m.indicator == indicator]
        if indicator == "befolkning":
            base.append(("Folkbokförda invånare 31 december (SCB).",
                         "Registered inhabitants on 31 December (SCB)."))
        rows = values[(values[c.INDICATOR] == indicator) & values[c.VALUE].notna()]
        levels: dict[str, Availability] = {}
        for level in AREA_LEVELS:
            years = sorted(int(y) for y in rows.loc[rows[c.LEVEL] == level, c.YEAR].unique())
            if not years:
                levels[level] = Availability("missing", *_missing_reason(indicator, level,
                                                                         relevant))
                continue
            log = logs.get((indicator, level), CarryLog())
            notes = [*dict.fromkeys(base), carry_note(level, log,
                                                      "count" if indicator == "befolkning"
                                                      else "share"),
                     dropped_note(log), derived.get((indicator, level), ("", ""))]
            tables = ", ".join(dict.fromkeys(r.spec.table_id for r, _ in relevant))
            notes.append((f"År {span(years)} ({len(years)} år), SCB {tables}.",
                           f"Years {span(years)} ({len(years)} years), SCB {tables}."))
            status = "derived" if (indicator, level) in derived else "real"
            levels[level] = Availability(status, " ".join(n[0] for n in notes if n[0]),
                                         " ".join(n[1] for n in notes if n[1]))
        statuses = {a.status for a in levels.values()}
        status = "real" if "real" in statuses else "derived" if "derived" in statuses else "missing"
        tables = sorted({r.spec.table_id for r, _ in relevant})
        source = f"SCB ({', '.join(tables)})" if tables else "SCB"
        first = next((a for a in levels.values() if a.status != "missing"),
                     next(iter(levels.values())))
        breaks = series_breaks({lv: log for (ind, lv), log in logs.items() if ind == indicator})
        entries[indicator] = IndicatorEntry(status, first.note_sv, first.note_en, source, levels,
                                            breaks)
    return entries


def fetched_on(sources: Sequence[Mapping[str, Any]]) -> str:
    fetched = sorted({d for s in sources for d in re.findall(r"\d{4}-\d{2}-\d{2}",
                                                             str(s.get("fetched", "")))})
    return fetched[-1] if fetched else "okänt datum"


def build_manifest(kommun: Kommun, years: set[int], entries: dict[str, IndicatorEntry],
                   sources: list[dict[str, Any]], classifications: tuple[Classification, ...]
                   ) -> Manifest:
    when = fetched_on(sources)
    description_sv = (
        f"Öppna data från SCB för {kommun.name} ({kommun.code}), hämtade {when}: DeSO- och "
        "RegSO-gränser 2025 (SCB:s öppna geodata) och alla publicerade år av STATIV-tabellerna per "
        "RegSO (unga som varken arbetar eller studerar, ekonomiskt bistånd, behörighet till "
        "gymnasiet), låg ekonomisk standard och folkmängd per DeSO och RegSO samt SCB:s "
        "socioekonomiska index och områdestyp per RegSO. År före SCB:s nya indelning (DeSO 2025, "
        "RegSO 2025) är överförda till 2025 års områden med befolkningsvikter; brottet är markerat. "
        "Trångboddhet publiceras inte per område. Varje indikator och nivå är märkt verklig, "
        "härledd eller saknad; måtten skiljer sig delvis från programmets definitioner – se noten "
        "vid varje indikator. Kommunens egna delområden och andra lager kan läggas till med "
        "importen.")
    description_en = (
        f"Open data from SCB for {kommun.name} ({kommun.code}), fetched {when}: DeSO and RegSO "
        "2025 boundaries (SCB open geodata) and every published year of the STATIV tables by "
        "RegSO (young people neither working nor studying, social assistance, eligibility for "
        "upper secondary school), low economic standard and population by DeSO and RegSO, and "
        "SCB's socioeconomic index and area type by RegSO. Years before SCB's new division (DeSO "
        "2025, RegSO 2025) are carried over to the 2025 areas with population weights; the break "
        "is marked. Overcrowding is not published per area. Each indicator and level is marked "
        "real, derived or missing; the measures partly differ from the programme's definitions – "
        "see each indicator's note. The kommun's own sub-districts and other layers can be added "
        "with the import.")
    extras = tuple(i for i in EXTRA_INDICATORS if i.id in entries)
    return Manifest(
        name=f"{kommun.name} – SCB:s öppna data",
        description=description_sv,
        description_en=description_en,
        attribution=ATTRIBUTION,
        levels=LEVELS,
        years=tuple(sorted(years)),
        youth_age_group=YOUTH_AGE_GROUP,
        indicators=entries,
        demo=False,
        extra_indicators=extras,
        city_level=KOMMUN,
        sources=tuple(sources),
        classifications=classifications,
    )
