"""One declaration per store operation, usable on a `Store` (its own transaction) and on a `Batch`
(inside the batch's transaction).

Each read or write is written once, as a method of a mixin decorated with `operation`, whose body runs
on a `persistence.batch.Batch` (an open connection, who, when). Called on a `Batch` the body runs
directly; called on a `persistence.store.Store` it runs in a transaction of its own, with driver errors
turned into `PersistenceError` naming the action, and the keyword arguments ``user`` (who is writing)
and ``now`` (the time stamped on written rows) taken by the store.

Examples
--------
>>> class BoardOps(Operations):  # doctest: +SKIP
...     @operation(("Nämnderna kunde inte läsas", "The boards could not be read"), write=False)
...     def list_boards(self) -> list[Board]:
...         return [...]  # self is a Batch here
>>> store.list_boards()  # one transaction  # doctest: +SKIP
>>> with store.batch(user="anna") as batch:  # doctest: +SKIP
...     batch.list_boards()  # inside the batch's transaction
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection

from persistence.driver_errors import Action

P = ParamSpec("P")
R = TypeVar("R")


class Operations:
    """Base of the mixins that declare operations (`operation`). ``conn``, ``user`` and ``now`` are
    those of the batch an operation's body runs in."""

    conn: Connection
    user: str | None
    now: datetime

    def _run(self, body: Callable[..., Any], action: Action, write: bool, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> Any:
        raise NotImplementedError


def operation(action: Action, *, write: bool) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare a store operation: ``action`` is (Swedish, English) "what could not be done" for the
    error message; ``write`` whether it writes (SQLite takes the write lock up front)."""

    def decorate(body: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(body)
        def run(self: Operations, *args: Any, **kwargs: Any) -> Any:
            return self._run(body, action, write, args, kwargs)

        run.action = action  # type: ignore[attr-defined]
        run.write = write  # type: ignore[attr-defined]
        return run  # type: ignore[return-value]

    return decorate
