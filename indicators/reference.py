"""A proposal set beside a categorical reference, e.g. SCB's områdestyp.

The steering group asks: which of SCB's type 1 and type 2 areas are in the proposal, which are left out
(and how need ranks them), and which proposed areas are not type 1–2? `compare_with_reference` answers
with area ids, so the page can name them. Pure: no I/O, no streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from model import columns as c


class ReferenceInputError(ValueError):
    """The inputs cannot be compared; the message names the argument."""


@dataclass(frozen=True)
class ReferenceComparison:
    """Areas of a proposal against the focus categories of a reference (e.g. types 1–2).

    Attributes
    ----------
    in_both : proposed areas in a focus category, indexed by area id, with their category.
    left_out : focus-category areas not proposed, with their category and index rank (best first).
    outside_focus : proposed areas not in a focus category, with their category (NA = no category).
    """

    in_both: pd.DataFrame
    left_out: pd.DataFrame
    outside_focus: pd.DataFrame

    @property
    def n_focus(self) -> int:
        return len(self.in_both) + len(self.left_out)


def compare_with_reference(selected: pd.Series, rank: pd.Series, categories: pd.Series,
                           focus: Iterable[str]) -> ReferenceComparison:
    """Compare a selection with the ``focus`` categories of a reference, area by area.

    Parameters
    ----------
    selected : bool per area id (True = in the proposal).
    rank : the index rank per area id (1 = greatest need; NaN = no score).
    categories : category code per area id (areas without one are simply not in any category).
    focus : the categories the question is about, e.g. ``("1", "2")``.
    """
    focus = tuple(focus)
    if not focus:
        raise ReferenceInputError("focus must name at least one category")
    if selected.index.has_duplicates:
        raise ReferenceInputError("selected has duplicated area ids")
    ids = selected.index
    chosen = selected.reindex(ids).fillna(False).astype(bool)
    category = categories.reindex(ids).astype("string")
    in_focus = category.isin(focus).fillna(False).astype(bool)
    frame = pd.DataFrame({c.CATEGORY: category, "rank": rank.reindex(ids)}, index=ids)
    return ReferenceComparison(
        in_both=frame[chosen & in_focus].sort_values("rank"),
        left_out=frame[~chosen & in_focus].sort_values("rank"),
        outside_focus=frame[chosen & ~in_focus].sort_values("rank"),
    )
