"""The line between kraftsamlande insatser and lokal utveckling: the kind of each insats, its partners,
which insatser the funding split counts, and where the kinds overlap.

Kinds (`INSATS_KINDS`):

* ``kraftsamlande`` — a kraftsamlande insats (the long-term, concentrated preventive effort);
* ``core_mission`` — förstärkning av grunduppdraget (a board's ordinary work, reinforced);
* ``local_development`` — lokal utveckling (the area's wider development work).

Partners by kind (`PARTNER_KINDS`): civil society, business, property owners, residents, school,
region/police. The funding split (`indicators.funding`) counts only kraftsamlande insatser
(`funding_assignments`). Pure: returns codes and numbers, never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from indicators.funding import BOARD
from model import columns as c

KRAFTSAMLANDE, CORE_MISSION, LOCAL_DEVELOPMENT = "kraftsamlande", "core_mission", "local_development"
INSATS_KINDS: tuple[str, ...] = (KRAFTSAMLANDE, CORE_MISSION, LOCAL_DEVELOPMENT)
PARTNER_KINDS: tuple[str, ...] = ("civil_society", "business", "property_owners", "residents", "school",
                                  "region_police")

#: Input columns: one row per insats.
KIND, AREA_LEVEL, AREA_IDS = "kind", "area_level", "area_ids"
#: The overlap code of an area where no insats works.
NO_KIND = "none"


class KindsInputError(ValueError):
    """The insatser table lacks a column or names an unknown kind."""


def _check(insatser: pd.DataFrame, needed: Iterable[str]) -> None:
    for col in needed:
        if col not in insatser.columns:
            raise KindsInputError(f"insatser lacks the column {col!r}")
    unknown = sorted(set(insatser[KIND]) - set(INSATS_KINDS)) if KIND in insatser.columns else []
    if unknown:
        raise KindsInputError(f"unknown insats kind(s) in column {KIND!r}: {unknown}; valid: "
                              f"{list(INSATS_KINDS)}")


@dataclass(frozen=True)
class FundingInput:
    """What the funding split counts.

    Attributes
    ----------
    assignments : rows (board, area_id) of the kraftsamlande insatser at the level.
    counted : number of kraftsamlande insatser at the level.
    left_out : insatser not counted, by reason code: each other kind (``core_mission``,
        ``local_development``) and ``other_level`` (kraftsamlande, but at another area level).
    """

    assignments: pd.DataFrame
    counted: int
    left_out: dict[str, int]


def funding_assignments(insatser: pd.DataFrame, level: str) -> FundingInput:
    """The (board, area) pairs the funding split counts: only kraftsamlande insatser at ``level``.

    Parameters
    ----------
    insatser : one row per insats with ``board``, ``kind``, ``area_level`` and ``area_ids`` (a
        sequence of area ids).
    level : the area level of the proposal.
    """
    _check(insatser, (BOARD, KIND, AREA_LEVEL, AREA_IDS))
    left_out = {kind: int((insatser[KIND] == kind).sum()) for kind in INSATS_KINDS[1:]}
    own = insatser[insatser[KIND] == KRAFTSAMLANDE]
    here = own[own[AREA_LEVEL] == level]
    left_out["other_level"] = int(len(own) - len(here))
    pairs = [(board, area) for board, ids in zip(here[BOARD], here[AREA_IDS], strict=True)
             for area in ids]
    return FundingInput(pd.DataFrame(pairs, columns=[BOARD, c.AREA_ID]), len(here),
                        {k: v for k, v in left_out.items() if v})


def overlap_code(kinds: Iterable[str]) -> str:
    """The code of a set of kinds, in `INSATS_KINDS` order joined by "+" (`NO_KIND` when empty),
    e.g. ``"kraftsamlande+local_development"``."""
    present = set(kinds)
    return "+".join(k for k in INSATS_KINDS if k in present) or NO_KIND


def kinds_per_area(insatser: pd.DataFrame, area_ids: Iterable[str], level: str) -> pd.DataFrame:
    """Which kinds of insatser work in each area of ``level``.

    Returns
    -------
    pd.DataFrame
        Indexed by area id (every id of ``area_ids``, in order), one boolean column per kind in
        `INSATS_KINDS`, ``n_kinds`` (0–3), ``n_insatser`` and ``overlap`` (`overlap_code`). Insatser at
        another level are not placed.
    """
    _check(insatser, (KIND, AREA_LEVEL, AREA_IDS))
    index = pd.Index([str(a) for a in area_ids], name=c.AREA_ID)
    out = pd.DataFrame(False, index=index, columns=list(INSATS_KINDS))
    out["n_insatser"] = 0
    here = insatser[insatser[AREA_LEVEL] == level]
    for kind, ids in zip(here[KIND], here[AREA_IDS], strict=True):
        known = [a for a in dict.fromkeys(map(str, ids)) if a in index]
        out.loc[known, kind] = True
        out.loc[known, "n_insatser"] += 1
    out["n_kinds"] = out[list(INSATS_KINDS)].sum(axis=1).astype(int)
    out["overlap"] = [overlap_code(k for k in INSATS_KINDS if row[k])
                      for _, row in out[list(INSATS_KINDS)].iterrows()]
    return out
