"""The SCB tables Kraftsamla fetches, as data: one declarative catalogue.

Each `TableSpec` names a Statistikdatabasen table (its id and path under PxWeb v1), the area levels
to ask for, how the other variables are fixed (both sexes, everyone), which content (``ContentsCode``)
becomes which indicator, numerator or denominator, or how age bands add up to the package's age
groups. `check_layout` compares a spec with the table description SCB returns and reports every
difference (a renamed variable, a content code that is gone) as a `Problem` instead of failing, so a
table whose layout changed is skipped and reported while the others are built.

How sure we are of each id is said beside it (``certainty``), and in the README.

Never imports streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from datapackage.problems import Problem, Severity
from datapackage.scb.pxweb import CONTENTS, TableMeta

DESO, REGSO, KOMMUN = "deso", "regso", "kommun"
REGION = "Region"
TIME = "Tid"

#: Region codes as SCB writes them in DeSO/RegSO tables: ``1280C1010`` (DeSO), ``1280R001`` (RegSO),
#: optionally with the division's vintage, ``1280C1010_DeSO2025``, ``1280R001_RegSO2025``.
_LEVEL_PATTERNS = {
    DESO: r"^(?P<area>{k}[A-C]\d{{4}})(?:_DeSO(?P<vintage>\d{{4}}))?$",
    REGSO: r"^(?P<area>{k}R\d{{3}})(?:_RegSO(?P<vintage>\d{{4}}))?$",
    KOMMUN: r"^(?P<area>{k})$",
}


def region_pattern(level: str, kommun: str) -> re.Pattern[str]:
    return re.compile(_LEVEL_PATTERNS[level].format(k=re.escape(kommun)))


@dataclass(frozen=True)
class Content:
    """A content (a value of ``ContentsCode``): its code, or failing that, a pattern in its text.

    ``code`` None: found by text only (used where SCB's code is not known to us).
    """

    code: str | None
    text_pattern: str

    def resolve(self, codes: tuple[str, ...], texts: tuple[str, ...]) -> tuple[str | None, bool]:
        """(code found, found by text rather than by code)."""
        if self.code is not None and self.code in codes:
            return self.code, False
        pattern = re.compile(self.text_pattern, re.IGNORECASE)
        for code, text in zip(codes, texts, strict=False):
            if pattern.search(text):
                return code, True
        return None, False


@dataclass(frozen=True)
class Pick:
    """Fix a variable to one value. ``variables`` are alternative codes SCB has used for it."""

    variables: tuple[str, ...]
    value: str


@dataclass(frozen=True)
class Measure:
    """A content of a table that becomes an indicator at the levels the table covers.

    ``denominator`` is the count behind the share where the table has one; the numerator is then
    ``value / 100 × denominator`` (shares are percent).
    """

    indicator: str
    value: Content
    note_sv: str
    note_en: str
    denominator: Content | None = None


@dataclass(frozen=True)
class AgeGroups:
    """Population counts: a content and the age bands that add up to each age group."""

    content: Content
    groups: Mapping[str, tuple[str, ...]]
    variable: str = "Alder"
    picks: tuple[Pick, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """One table to fetch. ``levels`` are the area levels asked for (the kommun itself is added
    when the table lists it)."""

    key: str
    table_id: str
    path: str
    what_sv: str
    what_en: str
    levels: tuple[str, ...]
    picks: tuple[Pick, ...] = ()
    measures: tuple[Measure, ...] = ()
    population: AgeGroups | None = None
    first_year: int | None = None
    certainty: str = ""


BOTH_SEXES = Pick(("Kon",), "1+2")

CATALOGUE: tuple[TableSpec, ...] = (
    TableSpec(
        key="uvas",
        table_id="IntGr8RegSOKON1N",
        path="AA/AA0003/AA0003H/IntGr8RegSOKON1N",
        what_sv="unga som varken arbetar eller studerar per RegSO",
        what_en="young people neither working nor studying by RegSO",
        levels=(REGSO,),
        picks=(BOTH_SEXES, Pick(("Bakgrund",), "000")),  # 000 = all education levels = everyone
        measures=(Measure(
            "uvas", Content("000004W9", r"20.25"),
            "20–25 år, inte 16–24 år (SCB STATIV), båda könen, alla. Andel som varken "
            "förvärvsarbetar eller studerar under höstterminen.",
            "Ages 20–25, not 16–24 (SCB STATIV), both sexes, everyone. Share neither gainfully "
            "employed nor studying in the autumn term."),),
        first_year=2007,
        certainty="Verified: table id, folder, variables (Region, Kon, Bakgrund, Tid) and content "
                  "000004W9 come from a recorded SCB response (FAVE, 2025).",
    ),
    TableSpec(
        key="ekonomiskt_bistand",
        table_id="IntGr4RegSOKon",
        path="AA/AA0003/AA0003G/IntGr4RegSOKon",
        what_sv="transfereringar (ekonomiskt bistånd) per RegSO",
        what_en="transfers (social assistance) by RegSO",
        levels=(REGSO,),
        picks=(BOTH_SEXES, Pick(("Bakgrund",), "tot20-64")),
        measures=(Measure(
            "ekonomiskt_bistand", Content("000004WZ", r"ekonomiskt bistånd|income support"),
            "Ekonomiskt bistånd som andel av nettoinkomsten (20–64 år, SCB STATIV), inte andel "
            "personer som fått bistånd.",
            "Social assistance as a share of net income (ages 20–64, SCB STATIV), not the share "
            "of people who received it."),),
        first_year=2007,
        certainty="Verified from a recorded SCB response (FAVE, 2025): folder AA0003G, content "
                  "000004WZ = income support as % of the group's net income.",
    ),
    TableSpec(
        key="behorighet",
        table_id="IntGr8RegSOKon2",
        path="AA/AA0003/AA0003H/IntGr8RegSOKon2",
        what_sv="behörighet till gymnasiet per RegSO",
        what_en="eligibility for upper secondary school by RegSO",
        levels=(REGSO,),
        # The recorded response names the sex variable "Bakgrund" (values 1+2, 1, 2); "Kon" is
        # accepted too.
        picks=(Pick(("Kon", "Bakgrund"), "1+2"),),
        measures=(Measure(
            "behorighet_yrkesprogram", Content("000004VC", r"gymnasie|upper secondary"),
            "Andel elever som gick ut årskurs 9 och är behöriga till minst ett nationellt "
            "gymnasieprogram (SCB STATIV), efter bostadsområde; undertryckt där eleverna är få.",
            "Share of pupils leaving year 9 who are eligible for at least one national "
            "upper-secondary programme (SCB STATIV), by home area; suppressed where pupils are few."),),
        first_year=2007,
        certainty="Verified from a recorded SCB response (FAVE, 2024): content 000004VC.",
    ),
    TableSpec(
        key="lag_ekonomisk_standard",
        table_id="Tab4InkDesoRegso",
        path="HE/HE0110/HE0110I/Tab4InkDesoRegso",
        what_sv="låg ekonomisk standard per DeSO och RegSO",
        what_en="low economic standard by DeSO and RegSO",
        levels=(DESO, REGSO),
        picks=(Pick(("Alder",), "tot"),),
        measures=(Measure(
            "lag_inkomststandard",
            Content("000008AC", r"låg ekonomisk standard|low economic standard"),
            "SCB:s ”låg ekonomisk standard” (disponibel inkomst per konsumtionsenhet under 60 % av "
            "medianen i riket), alla åldrar – det närmaste officiella måttet, inte ”låg "
            "inkomststandard”.",
            "SCB's 'low economic standard' (disposable income per consumption unit below 60% of "
            "the national median), all ages – the nearest official measure, not 'low income "
            "standard'.",
            # SCB's code for the number of persons is not known to us: found by its text.
            denominator=Content(None, r"^antal personer|^number of persons"),
        ),),
        first_year=2011,
        certainty="Id, path and content 000008AC (with Alder=tot) are used by several public "
                  "projects against the live API; the count content is found by its text "
                  "(unverified; left empty with a note when absent).",
    ),
    TableSpec(
        key="befolkning",
        table_id="FolkmDesoAldKon",
        path="BE/BE0101/BE0101Y/FolkmDesoAldKon",
        what_sv="folkmängd efter ålder per DeSO och RegSO",
        what_en="population by age by DeSO and RegSO",
        levels=(DESO, REGSO),
        population=AgeGroups(
            content=Content("000007Y7", r"folkmängd|population|antal"),
            groups={
                "total": ("totalt",),
                "0-19": ("-4", "5-9", "10-14", "15-19"),
                "15-24": ("15-19", "20-24"),
            },
            picks=(BOTH_SEXES,),
        ),
        first_year=2010,
        certainty="Id, path, content 000007Y7, Alder bands (-4 … 80-, totalt) and Kon=1+2 are used "
                  "by several public projects against the live API; RegSO rows "
                  "(1280R001_RegSO2025) as in a recorded SCB response.",
    ),
)

#: Indicators no table in the catalogue provides, with the reason (shown in the manifest).
NOT_PUBLISHED: Mapping[str, tuple[str, str]] = {
    "trangboddhet": (
        "SCB publicerar ingen tabell med trångboddhet per DeSO eller RegSO i Statistikdatabasen "
        "(den finns inte i SCB:s förteckning över DeSO/RegSO-tabeller). Lägg till egna värden med "
        "importen.",
        "SCB publishes no table of overcrowding by DeSO or RegSO in Statistikdatabasen (it is not "
        "in SCB's list of DeSO/RegSO tables). Add your own values with the import.",
    ),
}


# =============================================================================================
# Layout check
# =============================================================================================


@dataclass(frozen=True)
class ResolvedTable:
    """A spec matched to a table's description: the variable codes and values to ask for."""

    spec: TableSpec
    meta: TableMeta
    fixed: dict[str, str]  # variable code -> value
    contents: dict[str, str]  # role -> content code ("value:<indicator>", "den:<indicator>", "population")
    regions: dict[str, tuple[str, ...]]  # level -> region codes (all vintages) in the table
    years: tuple[str, ...]
    age_values: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    def selection(self, years: tuple[str, ...] | None = None) -> dict[str, tuple[str, ...]]:
        """The query: regions of every level, fixed values, contents, years."""
        sel: dict[str, tuple[str, ...]] = {
            REGION: tuple(code for codes in self.regions.values() for code in codes)}
        for code, value in self.fixed.items():
            sel[code] = (value,)
        if self.age_values:
            sel[self.spec.population.variable] = self.age_values  # type: ignore[union-attr]
        sel[CONTENTS] = tuple(dict.fromkeys(self.contents.values()))
        sel[TIME] = years if years is not None else self.years
        return sel


def table_name(spec: TableSpec) -> str:
    """How problems name a table, e.g. ``"SCB IntGr8RegSOKON1N"``."""
    return f"SCB {spec.table_id}"


def check_layout(spec: TableSpec, meta: TableMeta, kommun: str
                 ) -> tuple[ResolvedTable | None, list[Problem]]:
    """Match a spec to the table SCB describes.

    Returns the resolved table (None when it cannot be used) and the problems: errors for what
    makes the table unusable (no region or time variable, a fixed value or content that is gone),
    warnings for what was worked around (a content found by its text, a variable the catalogue does
    not know). Problems name the table and the variable (``column``).
    """
    where = table_name(spec)
    problems: list[Problem] = []

    def error(sv: str, en: str, column: str | None = None) -> None:
        problems.append(Problem(where, sv, en, column=column))

    def warn(sv: str, en: str, column: str | None = None) -> None:
        problems.append(Problem(where, sv, en, column=column, severity=Severity.WARNING))

    region, time = meta.variable(REGION), meta.variable(TIME)
    if region is None:
        error("Tabellen har ingen variabel 'Region' längre – layouten har ändrats.",
              "The table no longer has a 'Region' variable – its layout has changed.", REGION)
    if time is None:
        error("Tabellen har ingen variabel 'Tid' längre – layouten har ändrats.",
              "The table no longer has a 'Tid' variable – its layout has changed.", TIME)
    contents_var = meta.variable(CONTENTS)
    if contents_var is None:
        error("Tabellen har ingen variabel 'ContentsCode'.", "The table has no 'ContentsCode' "
              "variable.", CONTENTS)
    fixed: dict[str, str] = {}
    picks = spec.picks + (spec.population.picks if spec.population else ())
    for pick in picks:
        found = next((meta.variable(code) for code in pick.variables if meta.variable(code)), None)
        if found is None:
            error(f"Variabeln {' / '.join(pick.variables)} saknas – bytt namn eller borttagen.",
                  f"The variable {' / '.join(pick.variables)} is missing – renamed or removed.",
                  pick.variables[0])
        elif pick.value not in found.values:
            error(f"Värdet {pick.value!r} finns inte längre i variabeln {found.code}.",
                  f"The value {pick.value!r} is no longer in the variable {found.code}.", found.code)
        else:
            fixed[found.code] = pick.value
    contents: dict[str, str] = {}
    if contents_var is not None:
        wanted: list[tuple[str, Content, bool]] = []
        for measure in spec.measures:
            wanted.append((f"value:{measure.indicator}", measure.value, True))
            if measure.denominator is not None:
                wanted.append((f"den:{measure.indicator}", measure.denominator, False))
        if spec.population is not None:
            wanted.append(("population", spec.population.content, True))
        for role, content, required in wanted:
            code, by_text = content.resolve(contents_var.values, contents_var.value_texts)
            label = content.code or content.text_pattern
            if code is None:
                sv = f"Innehållet {label} finns inte i tabellen (bytt kod eller borttaget)."
                en = f"The content {label} is not in the table (code changed or removed)."
                (error if required else warn)(sv, en, CONTENTS)
            else:
                contents[role] = code
                if by_text and content.code is not None:
                    warn(f"Innehållet {content.code} saknas; använde {code} "
                         f"({contents_var.text_of(code)!r}) som har samma text.",
                         f"The content {content.code} is missing; used {code} "
                         f"({contents_var.text_of(code)!r}), which has the same text.", CONTENTS)
    age_values: tuple[str, ...] = ()
    if spec.population is not None:
        ages = meta.variable(spec.population.variable)
        bands = tuple(dict.fromkeys(b for g in spec.population.groups.values() for b in g))
        if ages is None:
            error(f"Variabeln {spec.population.variable} saknas.",
                  f"The variable {spec.population.variable} is missing.", spec.population.variable)
        else:
            absent = [b for b in bands if b not in ages.values]
            if absent:
                error(f"Åldersgrupperna {', '.join(absent)} finns inte längre.",
                      f"The age bands {', '.join(absent)} are no longer there.", ages.code)
            age_values = bands
    known = {REGION, TIME, CONTENTS, *fixed, *(p for pick in picks for p in pick.variables)}
    if spec.population is not None:
        known.add(spec.population.variable)
    for variable in meta.variables:
        if variable.code not in known:
            (warn if variable.elimination else error)(
                f"Tabellen har en variabel som katalogen inte känner: {variable.code} "
                f"({variable.text}).",
                f"The table has a variable the catalogue does not know: {variable.code} "
                f"({variable.text}).", variable.code)
    regions: dict[str, tuple[str, ...]] = {}
    if region is not None:
        for level in (*spec.levels, KOMMUN):
            pattern = region_pattern(level, kommun)
            codes = tuple(v for v in region.values if pattern.match(v))
            if codes:
                regions[level] = codes
        if not any(level in regions for level in spec.levels):
            error(f"Tabellen har inga områden för kommunen {kommun} på nivån "
                  f"{' / '.join(spec.levels)}.", f"The table has no areas of kommun {kommun} at "
                  f"level {' / '.join(spec.levels)}.", REGION)
    years: tuple[str, ...] = ()
    if time is not None:
        years = tuple(y for y in time.values
                      if spec.first_year is None or not y[:4].isdigit() or int(y[:4]) >= spec.first_year)
    if any(p.is_error for p in problems):
        return None, problems
    return ResolvedTable(spec, meta, fixed, contents, regions, years, age_values), problems
