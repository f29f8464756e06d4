"""Does a table's description still match the catalogue? `check_layout` resolves a `TableSpec`
against the table SCB describes (``GET`` on the table) and reports every difference (a renamed
variable, a value or content code that is gone, a variable the catalogue does not know) as a
`Problem` naming the table and the variable, instead of failing: a table whose layout changed is
skipped and reported while the others are built.

Never imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from datapackage.scb.catalogue import KOMMUN, REGION, TIME, TableSpec, region_pattern
from datapackage.scb.pxweb import CONTENTS, TableMeta
from model.problems import Problem, Severity


@dataclass(frozen=True)
class ResolvedTable:
    """A spec matched to a table's description: the variable codes and values to ask for."""

    spec: TableSpec
    meta: TableMeta
    fixed: dict[str, str]  # variable code -> value
    #: role -> content code; roles as in `TableSpec.content_roles`
    contents: dict[str, str]
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

    def content_text(self, code: str) -> str:
        """The description's text of a content code (the code itself when unknown)."""
        variable = self.meta.variable(CONTENTS)
        return variable.text_of(code) if variable is not None else code


def table_name(spec: TableSpec) -> str:
    """How problems name a table, e.g. ``"SCB IntGr8RegSOKON1N"``."""
    return f"SCB {spec.table_id}"


def published_years(meta: TableMeta) -> tuple[int, ...]:
    """The years a table's time variable lists (first four digits of each value)."""
    time = meta.variable(TIME)
    if time is None:
        return ()
    return tuple(sorted({int(y[:4]) for y in time.values if y[:4].isdigit()}))


def check_layout(spec: TableSpec, meta: TableMeta, kommun: str | None
                 ) -> tuple[ResolvedTable | None, list[Problem]]:
    """Match a spec to the table SCB describes.

    Returns the resolved table (None when it cannot be used) and the problems: errors for what
    makes the table unusable (no region or time variable, a fixed value or content that is gone),
    warnings for what was worked around (a content found by its text, a variable the catalogue does
    not know). Problems name the table and the variable (``column``). ``kommun`` None checks the
    layout only, not that the table has areas of a kommun.
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
        for role, content, required in spec.content_roles():
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
    if region is not None and kommun is not None:
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
