"""Sweden's 290 kommuner: the embedded list (``kommuner.csv``), and the check of a kommun code.

The list is public reference data written once into the repository so that an unknown code is
refused before any network call, and offline. When SCB is reachable, the builder also checks the
code against the region list of a table (`kommuner_in_table`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from datapackage.scb.pxweb import TableMeta
from model.problems import ImportRefused, Problem

KOMMUNER_CSV = Path(__file__).resolve().parent / "kommuner.csv"
_CODE = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Kommun:
    code: str
    name: str


@lru_cache(maxsize=1)
def kommuner() -> dict[str, str]:
    """Kommun code → name, from the embedded list (290 kommuner)."""
    with KOMMUNER_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["kommun_code"]: row["kommun_name"] for row in csv.DictReader(handle)}


def find_kommun(code: str) -> Kommun:
    """The kommun with this four-digit code.

    Raises
    ------
    ImportRefused
        For a code that is not four digits, or not one of the 290 kommuner; the message gives
        examples and where the full list is.
    """
    code = str(code).strip()
    known = kommuner()
    if code in known:
        return Kommun(code, known[code])
    examples = "1280 (Malmö), 0180 (Stockholm), 1480 (Göteborg)"
    if not _CODE.match(code):
        sv = f"Kommunkoden {code!r} ska vara fyra siffror, t.ex. {examples}."
        en = f"The kommun code {code!r} must be four digits, e.g. {examples}."
    else:
        same_lan = [f"{c} ({n})" for c, n in known.items() if c[:2] == code[:2]][:5]
        hint_sv = f" Kommuner i samma län: {', '.join(same_lan)}." if same_lan else ""
        hint_en = f" Kommuner in the same county: {', '.join(same_lan)}." if same_lan else ""
        sv = f"Kommunkoden {code} finns inte bland Sveriges 290 kommuner.{hint_sv}"
        en = f"The kommun code {code} is not one of Sweden's 290 kommuner.{hint_en}"
    where = "datapackage/scb/" + KOMMUNER_CSV.name
    raise ImportRefused([Problem("--kommun", f"{sv} Hela listan: {where}.",
                                 f"{en} Full list: {where}.")])


def kommuner_in_table(meta: TableMeta, region_variable: str = "Region") -> dict[str, str]:
    """The kommuner a table's region variable lists (four-digit codes), code → text."""
    variable = meta.variable(region_variable)
    if variable is None:
        return {}
    return {v: variable.text_of(v) for v in variable.values if _CODE.match(v)}
