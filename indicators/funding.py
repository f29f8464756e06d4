"""A transparent proposal for splitting the city board's money between the boards.

Each board's claim is the need of the areas where it runs insatser, counted only inside the proposed
areas::

    need_i    = youth_i · (score_i / 100) ** alpha        young people, weighted by the index
    claim_b   = Σ_i need_i / n_i                          over the proposed areas board b works in;
                                                          n_i = boards working in area i (shared fairly)
    amount_b  = floor + (total − floor · B) · claim_b / Σ_b claim_b

``alpha`` = 0 splits by young people alone, 1 weights them by the index, larger values favour the
areas with the greatest need. ``floor`` is a minimum amount per board (B boards). Every input and
step is shown on the page and in the download, so the steering group can check and change it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model import columns as c

BOARD = "board"


class FundingError(ValueError):
    """The parameters cannot give a split (e.g. the floors exceed the total)."""


@dataclass(frozen=True)
class FundingParameters:
    total: float
    alpha: float = 1.0
    floor: float = 0.0

    def __post_init__(self) -> None:
        if not np.isfinite(self.total) or self.total < 0:
            raise FundingError(f"total must be a non-negative amount, got {self.total!r}")
        if not np.isfinite(self.alpha) or self.alpha < 0:
            raise FundingError(f"alpha must be zero or positive, got {self.alpha!r}")
        if not np.isfinite(self.floor) or self.floor < 0:
            raise FundingError(f"floor must be zero or positive, got {self.floor!r}")


def split_funding(assignments: pd.DataFrame, areas: pd.DataFrame,
                  params: FundingParameters) -> pd.DataFrame:
    """Amount per board.

    Parameters
    ----------
    assignments : rows (board, area_id): which boards run insatser in which areas.
    areas : indexed by area_id with ``youth``, ``score`` (0-100) and ``selected`` (in the proposal).
    params : total, alpha and the floor per board.

    Returns
    -------
    pd.DataFrame
        One row per board (sorted by amount, largest first): ``areas`` (proposed areas it works in),
        ``youth`` (young people there, shared areas split), ``claim``, ``share`` (0-1) and ``amount``.
    """
    for col in (BOARD, c.AREA_ID):
        if col not in assignments.columns:
            raise FundingError(f"assignments lacks the column {col!r}")
    for col in ("youth", "score", "selected"):
        if col not in areas.columns:
            raise FundingError(f"areas lacks the column {col!r}")
    boards = sorted(assignments[BOARD].dropna().unique())
    if not boards:
        return pd.DataFrame(columns=["areas", "youth", "claim", "share", "amount"])
    if params.floor * len(boards) > params.total:
        raise FundingError(
            f"the floors ({params.floor:,.0f} × {len(boards)} boards) exceed the total "
            f"({params.total:,.0f})")
    pairs = assignments[[BOARD, c.AREA_ID]].dropna().drop_duplicates()
    proposed = areas[areas["selected"].astype(bool)]
    pairs = pairs[pairs[c.AREA_ID].isin(proposed.index)]
    sharing = pairs.groupby(c.AREA_ID)[BOARD].transform("size")
    figures = proposed.reindex(pairs[c.AREA_ID])
    youth = figures["youth"].fillna(0).to_numpy() / sharing.to_numpy()
    need = youth * np.power(figures["score"].fillna(0).to_numpy() / 100.0, params.alpha)
    per_pair = pd.DataFrame({BOARD: pairs[BOARD].to_numpy(), "youth": youth, "claim": need,
                             "areas": 1})
    table = per_pair.groupby(BOARD)[["areas", "youth", "claim"]].sum().reindex(boards,
                                                                              fill_value=0)
    remaining = params.total - params.floor * len(boards)
    total_claim = table["claim"].sum()
    if total_claim > 0:
        variable = remaining * table["claim"] / total_claim
    else:  # no board works in a proposed area: split what is left evenly
        variable = pd.Series(remaining / len(boards), index=table.index)
    table["amount"] = params.floor + variable
    table["share"] = table["amount"] / params.total if params.total else 0.0
    table.index.name = BOARD
    return table[["areas", "youth", "claim", "share", "amount"]].sort_values("amount",
                                                                            ascending=False)
