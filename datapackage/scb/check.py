"""Does the catalogue still match SCB? `check_catalogue` asks SCB's config and each table's
description only (no data) and reports, per table, whether the codes, variables and years the
catalogue expects are still there – what a city runs before relying on a new SCB release.

Each `TableCheck` carries codes, never sentences: ``status`` is one of `MATCH`, `CHANGED`,
`MISSING`, `UNREADABLE`; ``problems`` are the layout check's problems (they name the variable or
content); ``first_year``/``last_year`` the published span and ``new_years`` the years SCB published
after the catalogue's ``last_known_year``. ``python -m cli fetch-scb --check`` words them.

Never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from datapackage.scb.catalogue import CATALOGUE, TableSpec
from datapackage.scb.client import QueryRefused, ScbClient, TableMissing
from datapackage.scb.layout import check_layout, published_years
from model.problems import Problem

MATCH, CHANGED, MISSING, UNREADABLE = "match", "changed", "missing", "unreadable"


@dataclass(frozen=True)
class TableCheck:
    """What SCB's description of one table says about the catalogue's entry."""

    spec: TableSpec
    status: str
    url: str
    title: str = ""
    problems: tuple[Problem, ...] = ()
    first_year: int | None = None
    last_year: int | None = None
    new_years: tuple[int, ...] = ()
    contents: dict[str, str] = field(default_factory=dict)  # role -> content code found

    @property
    def ok(self) -> bool:
        return self.status == MATCH


def check_table(client: ScbClient, spec: TableSpec, kommun: str | None = None) -> TableCheck:
    """Check one table's description against its catalogue entry (one ``GET``).

    ``CHANGED`` when the layout check finds an error (a renamed variable, a content code or value
    that is gone, no areas of ``kommun``), when the table starts later than ``first_year`` or ends
    before ``last_known_year``; warnings (a content found by its text) keep ``MATCH``.
    """
    url = client.table_url(spec.path)
    try:
        meta, _answer = client.table_meta(spec.path)
    except TableMissing:
        return TableCheck(spec, MISSING, url)
    except (QueryRefused, ValueError) as exc:
        return TableCheck(spec, UNREADABLE, url, problems=(Problem(
            f"SCB {spec.table_id}", f"Beskrivningen kunde inte läsas: {exc}",
            f"The description could not be read: {exc}"),))
    resolved, problems = check_layout(spec, meta, kommun)
    years = published_years(meta)
    first, last = (years[0], years[-1]) if years else (None, None)
    changed = resolved is None
    if years and spec.first_year is not None and first is not None and first > spec.first_year:
        changed = True
        problems.append(Problem(f"SCB {spec.table_id}", f"Tabellen börjar {first}, katalogen "
                                f"väntar sig {spec.first_year}.", f"The table starts in {first}; "
                                f"the catalogue expects {spec.first_year}.", column="Tid"))
    if years and spec.last_known_year is not None and last is not None and last < spec.last_known_year:
        changed = True
        problems.append(Problem(f"SCB {spec.table_id}", f"Tabellens senaste år är {last}, men "
                                f"katalogen känner till {spec.last_known_year}.",
                                f"The table's latest year is {last}, but the catalogue knows "
                                f"{spec.last_known_year}.", column="Tid"))
    new = tuple(y for y in years if spec.last_known_year is not None and y > spec.last_known_year)
    return TableCheck(spec, CHANGED if changed else MATCH, url, meta.title, tuple(problems),
                      first, last, new, dict(resolved.contents) if resolved else {})


def check_catalogue(client: ScbClient, catalogue: Sequence[TableSpec] = CATALOGUE,
                    kommun: str | None = None) -> list[TableCheck]:
    """Check every table (SCB's config first, for its limits). `ScbUnavailable` is not caught."""
    client.limits()
    return [check_table(client, spec, kommun) for spec in catalogue]
