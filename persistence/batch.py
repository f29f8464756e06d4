"""Every operation of the store, and `Batch`: several of them in one open transaction.

`Operations` gathers the operations declared per kind of record (`persistence.operation`); `Batch`
runs them on its connection, `persistence.store.Store` each in a transaction of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from persistence.boards import BoardOps
from persistence.driver_errors import Action
from persistence.errors import InvalidDataError
from persistence.history import HistoryOps
from persistence.insats_indicators import IndicatorOps
from persistence.insatser import InsatsOps
from persistence.meeting_notes import MeetingNoteOps
from persistence.reported_values import ReportOps
from persistence.roles import RoleOps
from persistence.scenarios import ScenarioOps
from persistence.targets import TargetOps


class AllOperations(BoardOps, ScenarioOps, TargetOps, InsatsOps, IndicatorOps, ReportOps, HistoryOps,
                    RoleOps, MeetingNoteOps):
    """Boards, scenarios, targets, insatser, insats indicators, reported values, the history, the
    roles given in the app and meeting notes."""


class Batch(AllOperations):
    """Reads and writes inside one open transaction (see `Store.batch`). ``user`` is recorded as who
    changed each row (``updated_by``, ``reported_by``, the history); ``now`` (default: when the batch
    began) stamps every row it writes."""

    def __init__(self, conn: Connection, user: str | None = None, now: datetime | None = None) -> None:
        self.conn = conn
        self.user = (user or "").strip() or None
        self.now = datetime.now(UTC) if now is None else now
        if self.now.tzinfo is None:
            raise InvalidDataError("Tidpunkten saknar tidszon.", "The time has no time zone.")

    def _run(self, body: Callable[..., Any], action: Action, write: bool, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> Any:
        if "user" in kwargs or "now" in kwargs:
            raise TypeError("inside a batch, who and when are the batch's (Store.batch(user=…, now=…))")
        return body(self, *args, **kwargs)
