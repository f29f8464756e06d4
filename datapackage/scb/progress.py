"""What a fetch from SCB reports while it runs: steps as codes with parameters, never sentences.

The builder and the client call a ``progress`` callback with a `FetchProgress`; the CLI prints each
one through the UI text catalogue (``i18n.catalogue``, keys ``scb_progress_<code>``) and the fetch button
turns them into a progress bar. `FetchCancelled` ends a fetch that the person cancelled.

Never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Step codes (each has a text ``scb_progress_<code>`` in ``i18n.catalogue``).
BOUNDARIES = "boundaries"
DESO_KEY = "deso_key"
TABLE = "table"
PART = "part"
RETRY = "retry"
BUILDING = "building"


@dataclass(frozen=True)
class FetchProgress:
    """One step of a fetch.

    ``step`` and ``steps`` count the fetch's steps (boundary layers, the DeSO key, one per table);
    ``part`` and ``parts`` the queries of the current step (a table's years, split to SCB's cell
    limit). ``params`` fill the step's text (table id, what it holds in both languages, …).
    """

    code: str
    step: int = 0
    steps: int = 0
    part: int = 0
    parts: int = 0
    params: Mapping[str, Any] = field(default_factory=dict)
    #: The expected work of each step (e.g. its requests); empty: every step counts the same.
    weights: tuple[float, ...] = ()

    @property
    def fraction(self) -> float:
        """How far the fetch has come, 0–1: the finished steps' weight plus this step's share of
        its parts, over the total weight."""
        if self.steps <= 0:
            return 0.0
        weights = self.weights if len(self.weights) == self.steps else (1.0,) * self.steps
        total = sum(weights)
        index = min(max(self.step, 1), self.steps) - 1
        within = self.part / self.parts if self.parts else 0.0
        done = sum(weights[:index]) + weights[index] * within
        return min(1.0, max(0.0, done / total)) if total > 0 else 0.0


Progress = Callable[[FetchProgress], None]


def ignore(_event: FetchProgress) -> None:
    """The default progress callback."""


class FetchCancelled(Exception):
    """The person cancelled the fetch; nothing is written."""
