"""The SCB tables Kraftsamla fetches, as data: one declarative catalogue.

Each `TableSpec` names a Statistikdatabasen table (its id and path under PxWeb v1), the area levels
to ask for, how the other variables are fixed (both sexes, everyone), which content (``ContentsCode``)
becomes which indicator, numerator or denominator, which becomes a classification (SCB's
områdestyp), or how age bands add up to the package's age groups. `datapackage.scb.layout` compares a
spec with the table description SCB returns; `datapackage.scb.answers` compares it with each answer.

How sure we are of each id is said beside it (``certainty``), and in the README.

Never imports streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from datapackage.scb.area_types import AREA_TYPE_ID
from model.registry import Direction, Indicator, Role, Unit

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

    def matches_text(self, text: str) -> bool:
        return re.search(self.text_pattern, text, re.IGNORECASE) is not None

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
class Classify:
    """A content whose values are category codes of a classification (e.g. områdestyp 1–5)."""

    classification: str
    content: Content


@dataclass(frozen=True)
class TableSpec:
    """One table to fetch. ``levels`` are the area levels asked for (the kommun itself is added
    when the table lists it). ``first_year`` is the first year fetched; ``last_known_year`` the
    latest year SCB had published when the entry was written (``fetch-scb --check`` reports newer
    ones, and an older latest year as a mismatch)."""

    key: str
    table_id: str
    path: str
    what_sv: str
    what_en: str
    levels: tuple[str, ...]
    picks: tuple[Pick, ...] = ()
    measures: tuple[Measure, ...] = ()
    population: AgeGroups | None = None
    classifications: tuple[Classify, ...] = ()
    first_year: int | None = None
    last_known_year: int | None = None
    certainty: str = ""

    def content_roles(self) -> list[tuple[str, Content, bool]]:
        """Every content the spec needs: (role, content, required). Roles are ``value:<indicator>``,
        ``den:<indicator>``, ``population`` and ``class:<classification>``."""
        roles: list[tuple[str, Content, bool]] = []
        for measure in self.measures:
            roles.append((f"value:{measure.indicator}", measure.value, True))
            if measure.denominator is not None:
                roles.append((f"den:{measure.indicator}", measure.denominator, False))
        if self.population is not None:
            roles.append(("population", self.population.content, True))
        for classify in self.classifications:
            roles.append((f"class:{classify.classification}", classify.content, True))
        return roles


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
        last_known_year=2023,
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
        last_known_year=2023,
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
        last_known_year=2023,
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
        last_known_year=2024,
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
        last_known_year=2024,
        certainty="Id, path, content 000007Y7, Alder bands (-4 … 80-, totalt) and Kon=1+2 are used "
                  "by several public projects against the live API; RegSO rows "
                  "(1280R001_RegSO2025) as in a recorded SCB response, whose content column is "
                  "named by its text ('Folkmängden per region'): found by the text pattern.",
    ),
    TableSpec(
        key="omradestyp",
        table_id="TAB6586",
        path="AA/AA0003/AA0003X/IntGr5Socio",
        what_sv="socioekonomiskt index och områdestyp per RegSO",
        what_en="socioeconomic index and area type by RegSO",
        levels=(REGSO,),
        measures=(
            Measure(
                "scb_socioekonomiskt_index", Content("000008IT", r"^index|socioekonomiskt index"),
                "SCB:s socioekonomiska index (TAB6586): medelvärdet av tre andelar; 0–100, högre "
                "betyder större utmaningar.",
                "SCB's socioeconomic index (TAB6586): the mean of three shares; 0–100, higher means "
                "greater challenges."),
            Measure(
                "bistand_langtidsarbetsloshet",
                Content(None, r"bistånd och/eller långtidsarbetslös|income support and/or long"),
                "Andel personer 20–64 år med ekonomiskt bistånd minst tio månader och/eller "
                "arbetslösa mer än sex månader (SCB TAB6586) – ett alternativt mått för ekonomiskt "
                "bistånd: en andel personer, inte som STATIV:s andel av nettoinkomsten.",
                "Share of persons aged 20–64 with income support for at least ten months and/or "
                "unemployed for more than six months (SCB TAB6586) – an alternative measure for "
                "social assistance: a share of persons, unlike STATIV's share of net income."),
        ),
        classifications=(Classify(AREA_TYPE_ID, Content("000008IU", r"områdestyp|area type")),),
        first_year=2011,
        last_known_year=2024,
        certainty="Table id TAB6586, contents 000008IT (index) and 000008IU (områdestyp) and the "
                  "coverage (RegSO 2020 codes 2011–2023, RegSO 2025 codes 2024, '..' where "
                  "withheld) are verified from a public project that queried SCB's API v2 in "
                  "October 2026. UNVERIFIED: the PxWeb v1 path (from a public note citing SCB's "
                  "Statistikdatabasen page IntGr5Socio in folder AA0003X, where SCB keeps tables "
                  "it no longer updates) and the component's content code (found by its text, "
                  "as worded in the table's footnotes). Run fetch-scb --check.",
    ),
)

#: Indicators the catalogue adds beyond the built-in ones (declared in the manifest's
#: ``extra_indicators`` when the package has values for them). Descriptive: shown, never weighted.
EXTRA_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="scb_socioekonomiskt_index",
        name_sv="SCB:s socioekonomiska index",
        name_en="SCB socioeconomic index",
        short_sv="Socioek. index (SCB)",
        short_en="Socioec. index (SCB)",
        unit=Unit.INDEX_POINTS,
        direction=Direction.HIGHER_IS_WORSE,
        role=Role.DESCRIPTIVE,
        definition_sv="Medelvärdet av andelen med låg ekonomisk standard, andelen 20–64 år med "
                      "förgymnasial utbildning och andelen 20–64 år med långvarigt ekonomiskt "
                      "bistånd och/eller långtidsarbetslöshet (procent); 0–100, högre betyder "
                      "större socioekonomiska utmaningar. Grunden för SCB:s områdestyp.",
        definition_en="The mean of the share with low economic standard, the share aged 20–64 "
                      "with at most pre-upper-secondary education and the share aged 20–64 with "
                      "long-term income support and/or long-term unemployment (percent); 0–100, "
                      "higher means greater socioeconomic challenges. The basis of SCB's area type.",
        source="SCB (TAB6586)",
    ),
    Indicator(
        id="bistand_langtidsarbetsloshet",
        name_sv="Långvarigt ekonomiskt bistånd och/eller långtidsarbetslöshet (andel personer "
                "20–64 år)",
        name_en="Long-term income support and/or long-term unemployment (share of persons aged "
                "20–64)",
        short_sv="Bistånd/långtidsarbetslösa",
        short_en="Support/long-term unemployed",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER_IS_WORSE,
        role=Role.DESCRIPTIVE,
        definition_sv="Alternativt mått för ekonomiskt bistånd: andel personer 20–64 år som haft "
                      "ekonomiskt bistånd i minst tio månader och/eller varit arbetslösa längre än "
                      "sex månader under året (en av de tre delarna i SCB:s socioekonomiska "
                      "index). En andel personer, till skillnad från indikatorn ekonomiskt bistånd "
                      "som är biståndets andel av nettoinkomsten.",
        definition_en="Alternative measure for social assistance: share of persons aged 20–64 who "
                      "had income support for at least ten months and/or were unemployed for more "
                      "than six months in the year (one of the three parts of SCB's socioeconomic "
                      "index). A share of persons, unlike the social-assistance indicator, which is "
                      "the assistance's share of net income.",
        source="SCB (TAB6586)",
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
