"""SCB's PxWeb API v1, as data: table metadata, queries, splitting by the cell limit, and responses.

Pure functions only (no I/O). The shapes are those of ``api.scb.se/OV0104/v1/doris``:

* ``GET`` on a table returns its variables::

      {"title": "...", "variables": [{"code": "Region", "text": "region", "values": [...],
       "valueTexts": [...], "elimination": true}, {"code": "Tid", ..., "time": true}]}

* ``POST`` a query ``{"query": [{"code": "Region", "selection": {"filter": "item", "values": [...]}},
  ...], "response": {"format": "json"}}`` and the answer is::

      {"columns": [{"code": "Region", "text": "region", "type": "d"}, ..., {"code": "Tid", ...,
       "type": "t"}, {"code": "000004W9", "text": "...", "type": "c"}],
       "comments": [], "data": [{"key": ["1280R001", "1+2", "000", "2023"], "values": ["18.6"]}],
       "metadata": [{"infofile": "AA0003", "updated": "2025-02-28T07:00:00Z", "label": "...",
                     "source": "SCB"}]}

  ``key`` has one entry per ``d``/``t`` column, ``values`` one per ``c`` (content) column; SCB writes
  ``..`` for a value it withholds (too few people, or too uncertain).

* ``GET <base>?config`` returns the limits: ``{"maxValues": 150000, "maxCalls": 30, "timeWindow": 10}``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model.problems import Problem

CONTENTS = "ContentsCode"
#: SCB's markers for values that are not numbers: ``..`` withheld or not available, ``...`` not
#: applicable, ``.`` category not applicable, ``-`` nothing (zero).
SUPPRESSED_MARKER = ".."
NOT_APPLICABLE_MARKERS = ("...", ".")
ZERO_MARKER = "-"

#: The column names of a parsed response, besides one column per query variable.
CONTENT_COLUMN = "content"
RAW = "raw"
VALUE = "value"
SUPPRESSED = "suppressed"


# =============================================================================================
# Limits and metadata
# =============================================================================================


@dataclass(frozen=True)
class Limits:
    """SCB's published limits: cells per query, and calls per time window (seconds)."""

    max_values: int = 150_000
    max_calls: int = 30
    time_window: float = 10.0


def parse_config(data: Mapping[str, Any]) -> Limits:
    """Limits from the config endpoint (v1 keys, or v2's ``maxDataCells``/``maxCallsPerTimeWindow``).

    Missing keys keep SCB's documented v1 defaults; values that are not positive numbers raise
    `ValueError` naming the key.
    """
    defaults = Limits()

    def number(keys: Sequence[str], default: float) -> float:
        for key in keys:
            if key in data:
                try:
                    value = float(data[key])
                except (TypeError, ValueError):
                    raise ValueError(f"config key {key!r} is not a number: {data[key]!r}") from None
                if not value > 0:
                    raise ValueError(f"config key {key!r} must be positive, not {data[key]!r}")
                return value
        return default

    return Limits(
        max_values=int(number(("maxValues", "maxDataCells"), defaults.max_values)),
        max_calls=int(number(("maxCalls", "maxCallsPerTimeWindow"), defaults.max_calls)),
        time_window=number(("timeWindow",), defaults.time_window),
    )


@dataclass(frozen=True)
class Variable:
    """One variable of a table: its code, label, value codes and their texts."""

    code: str
    text: str
    values: tuple[str, ...]
    value_texts: tuple[str, ...]
    time: bool = False
    elimination: bool = False  # may be left out of a query (SCB then sums over it)

    def text_of(self, value: str) -> str:
        try:
            return self.value_texts[self.values.index(value)]
        except (ValueError, IndexError):
            return value


@dataclass(frozen=True)
class TableMeta:
    """A table's title and variables, as ``GET`` on the table returns them."""

    title: str
    variables: tuple[Variable, ...]

    def variable(self, code: str) -> Variable | None:
        for variable in self.variables:
            if variable.code == code:
                return variable
        return None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(v.code for v in self.variables)


def parse_table_meta(data: Mapping[str, Any]) -> TableMeta:
    """Parse a table's metadata; `ValueError` names what is missing."""
    if not isinstance(data, Mapping) or not isinstance(data.get("variables"), list):
        raise ValueError("the table description has no 'variables' list")
    variables = []
    for i, raw in enumerate(data["variables"]):
        if not isinstance(raw, Mapping) or "code" not in raw or not isinstance(raw.get("values"),
                                                                                list):
            raise ValueError(f"variable {i} has no 'code' or no 'values' list")
        values = tuple(str(v) for v in raw["values"])
        texts = tuple(str(t) for t in raw.get("valueTexts", values))
        variables.append(Variable(str(raw["code"]), str(raw.get("text", raw["code"])), values,
                                  texts, bool(raw.get("time", False)),
                                  bool(raw.get("elimination", False))))
    return TableMeta(str(data.get("title", "")), tuple(variables))


# =============================================================================================
# Queries
# =============================================================================================

Selection = dict[str, tuple[str, ...]]


def cells(selection: Mapping[str, Sequence[str]]) -> int:
    """Number of cells a selection asks for (the product of the value counts)."""
    return math.prod(len(values) for values in selection.values())


def query_body(selection: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The JSON body of a v1 data query selecting exactly these values (in this variable order)."""
    return {
        "query": [{"code": code, "selection": {"filter": "item", "values": list(values)}}
                  for code, values in selection.items()],
        "response": {"format": "json"},
    }


def split_selection(selection: Mapping[str, Sequence[str]], max_cells: int) -> list[Selection]:
    """Split a selection into parts of at most ``max_cells`` cells each.

    The variable with the most values is cut into consecutive chunks, as few as the limit allows;
    when even a single value of it leaves too many cells, each part is split again on the next
    largest variable. The parts are disjoint and their union is the original selection, and their
    order follows the original order of values.

    Raises
    ------
    ValueError
        When ``max_cells`` is below 1 or a variable has no values.
    """
    if max_cells < 1:
        raise ValueError(f"max_cells must be at least 1, not {max_cells}")
    sel: Selection = {code: tuple(values) for code, values in selection.items()}
    empty = [code for code, values in sel.items() if not values]
    if empty:
        raise ValueError(f"variable {empty[0]!r} has no values selected")
    total = cells(sel)
    if total <= max_cells:
        return [sel]
    largest = max(sel, key=lambda code: len(sel[code]))
    n = len(sel[largest])
    rest = total // n  # cells per value of the largest variable
    chunk = max(1, max_cells // rest)
    parts: list[Selection] = []
    for start in range(0, n, chunk):
        part = dict(sel)
        part[largest] = sel[largest][start:start + chunk]
        if cells(part) > max_cells:
            if all(len(v) == 1 for v in part.values()):
                raise ValueError("a single cell exceeds the limit")  # unreachable for max_cells >= 1
            parts.extend(split_selection(part, max_cells))
        else:
            parts.append(part)
    return parts


def plan_parts(selection: Mapping[str, Sequence[str]], max_cells: int,
               one_per: str | None = None) -> list[Selection]:
    """The queries to send for a selection: one per value of ``one_per`` (e.g. one per year, so a
    re-run after SCB publishes a new year fetches only that year), each split to the cell limit."""
    if one_per is None or one_per not in selection:
        return split_selection(selection, max_cells)
    parts: list[Selection] = []
    for value in selection[one_per]:
        single = {code: (value,) if code == one_per else tuple(values)
                  for code, values in selection.items()}
        parts.extend(split_selection(single, max_cells))
    return parts


# =============================================================================================
# Responses
# =============================================================================================


@dataclass
class ParsedResponse:
    """A data response in long form, and what was wrong with it.

    ``frame`` has one column per dimension (``d``/``t``) of the response, named by its code, then
    ``content`` (the content code), ``raw`` (SCB's string), ``value`` (float, NaN where not a number)
    and ``suppressed`` (True for ``..``).
    """

    frame: pd.DataFrame
    contents: dict[str, str] = field(default_factory=dict)  # content code -> text
    updated: str | None = None
    label: str | None = None
    problems: list[Problem] = field(default_factory=list)
    dimensions: dict[str, str] = field(default_factory=dict)  # dimension code -> text


def parse_response(data: Any, where: str) -> ParsedResponse:
    """Parse a v1 ``json`` data response into long form.

    ``where`` names the table for problems (e.g. ``"SCB IntGr8RegSOKON1N"``); a problem's ``row`` is
    the 1-based position in the response's ``data`` array and its ``column`` the content code.
    A response that is not shaped like SCB's gives one problem and an empty frame.
    """
    def refused(sv: str, en: str) -> ParsedResponse:
        return ParsedResponse(pd.DataFrame(), problems=[Problem(where, sv, en)])

    if not isinstance(data, Mapping) or not isinstance(data.get("columns"), list) or not isinstance(
            data.get("data"), list):
        return refused("Svaret från SCB saknar 'columns' eller 'data' – okänt format.",
                       "SCB's answer has no 'columns' or 'data' – unknown format.")
    try:
        dims = [str(col["code"]) for col in data["columns"] if col.get("type") in ("d", "t")]
        dim_texts = {str(col["code"]): str(col.get("text", col["code"]))
                     for col in data["columns"] if col.get("type") in ("d", "t")}
        contents = {str(col["code"]): str(col.get("text", col["code"]))
                    for col in data["columns"] if col.get("type") == "c"}
    except (AttributeError, KeyError, TypeError):
        return refused("En kolumn i svaret saknar 'code'.", "A column in the answer has no 'code'.")
    content_codes = list(contents)
    keys: list[list[str]] = []
    raws: list[list[str]] = []
    problems: list[Problem] = []
    for i, record in enumerate(data["data"]):
        key = record.get("key") if isinstance(record, Mapping) else None
        values = record.get("values") if isinstance(record, Mapping) else None
        if not isinstance(key, list) or not isinstance(values, list) or len(key) != len(dims) or len(
                values) != len(content_codes):
            problems.append(Problem(
                where, f"Raden har {len(key or [])} nycklar och {len(values or [])} värden; "
                f"väntade {len(dims)} och {len(content_codes)}.",
                f"The row has {len(key or [])} keys and {len(values or [])} values; expected "
                f"{len(dims)} and {len(content_codes)}.", row=i + 1))
            continue
        keys.append([str(k) for k in key])
        raws.append([str(v) for v in values])
    n = len(keys)
    columns: dict[str, Any] = {}
    for j, dim in enumerate(dims):
        columns[dim] = np.repeat([k[j] for k in keys], len(content_codes)) if n else []
    columns[CONTENT_COLUMN] = np.tile(content_codes, n) if n else []
    flat = [v for row in raws for v in row]
    columns[RAW] = flat
    frame = pd.DataFrame(columns)
    frame[RAW] = frame[RAW].astype(str).str.strip()
    value, suppressed, bad = parse_values(frame[RAW])
    frame[VALUE] = value
    frame[SUPPRESSED] = suppressed
    for idx in np.flatnonzero(bad)[:5]:  # a few examples are enough to fix a broken table
        problems.append(Problem(
            where, f"Värdet {frame[RAW].iloc[idx]!r} är inget tal och ingen av SCB:s markörer "
            "(.., ..., ., -).", f"The value {frame[RAW].iloc[idx]!r} is neither a number nor one of "
            "SCB's markers (.., ..., ., -).", row=int(idx // max(len(content_codes), 1)) + 1,
            column=str(frame[CONTENT_COLUMN].iloc[idx])))
    meta = data.get("metadata") or []
    first = meta[0] if meta and isinstance(meta[0], Mapping) else {}
    return ParsedResponse(frame, contents, first.get("updated"), first.get("label"), problems,
                          dim_texts)


def parse_values(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numbers from SCB's strings: (value, suppressed, not understood).

    ``..`` is suppressed (NaN); ``...`` and ``.`` are not applicable (NaN, not suppressed); ``-`` is
    zero; anything else must be a number with a decimal point (a decimal comma is accepted too).
    """
    text = raw.astype(str).str.strip()
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    suppressed = (text == SUPPRESSED_MARKER).to_numpy()
    not_applicable = text.isin(NOT_APPLICABLE_MARKERS).to_numpy()
    zero = (text == ZERO_MARKER).to_numpy()
    value = numbers.to_numpy(dtype=float, na_value=np.nan, copy=True)
    value[zero] = 0.0
    bad = np.isnan(value) & ~suppressed & ~not_applicable & ~zero
    return value, suppressed, bad
