"""The store: saved scenarios, targets, boards, insatser, their indicators and reported values, kept in
one database that every session of a deployment shares, with the history of every change.

Concurrency
-----------
Editable rows (scenarios, targets, insatser, insats indicators) carry a ``version``; a save names the
version the person's edit started from and is refused with `ConflictError` (carrying the row as it is
now) when someone else saved in between (`persistence.versioned`). Creating records and reporting values
only insert rows, so two people doing it at once never conflict (apart from choosing a name that is
taken: `NameTakenError`). Every write is kept in the history (`persistence.history`); deletions are
versions too and can be undone with `Store.restore`.

Operations
----------
Each operation (``list_boards``, ``save_insats``, ``restore`` …) is declared once
(`persistence.operation`) and works on a `Store` (its own transaction; pass ``user=`` — who is writing —
and ``now=`` to writes) and on a `Batch` from `Store.batch` (all in one transaction).

Failures
--------
Every method raises `PersistenceError` (a subclass where it helps: unreachable, read-only, conflict,
not found, invalid input) instead of a driver exception. A failed write leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from persistence.batch import AllOperations, Batch
from persistence.driver_errors import Action, translate_error
from persistence.engine import database_url, describe_url, make_engine, normalise_url, transaction
from persistence.errors import PersistenceError
from persistence.migrate import current_revision, upgrade


def open_store(url: str | None = None, *, upgrade_schema: bool = True) -> Store:
    """Open the database at ``url`` (default: `database_url()`), creating or upgrading its schema.

    Parameters
    ----------
    url : SQLAlchemy URL: ``sqlite:///path/file.sqlite`` or
        ``postgresql+psycopg://user:pw@host:5432/db`` (plain ``postgresql://`` works too).
    upgrade_schema : apply pending migrations now (default). With False nothing connects until the first
        call, for deployments whose app role may not change the schema (run
        ``python -m persistence upgrade`` with an owner role instead).

    Raises
    ------
    PersistenceError
        Unreadable URL, unreachable database (`DatabaseUnavailableError`, within a few seconds), or a
        database newer than the code (`SchemaVersionError`).
    """
    engine = make_engine(database_url() if url is None else url)
    store = Store(engine)
    if upgrade_schema:
        try:
            store.upgrade()
        except PersistenceError:
            engine.dispose()
            raise
    return store


class Store(AllOperations):
    """Reads and writes every kind of record (see the module docstring). Thread-safe: one store can be
    shared by all sessions of a process (it holds a connection pool, not a connection)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.location = describe_url(normalise_url(engine.url))

    # --- life cycle ----------------------------------------------------------------------------------

    @property
    def backend(self) -> str:
        """"sqlite" or "postgresql"."""
        return self._engine.dialect.name

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        """Close every pooled connection. The store can still be used afterwards (it reconnects)."""
        self._engine.dispose()

    def upgrade(self, target: str = "head") -> str:
        """Apply pending migrations (see `persistence.migrate.upgrade`); returns the revision."""
        with self._errors(("Databasen kunde inte öppnas", "The database could not be opened"),
                          write=False):
            return upgrade(self._engine, target)

    def schema_version(self) -> str | None:
        """The database's schema revision (`persistence.migrate.head()` once upgraded; None when
        empty)."""
        with self._session(("Databasens version kunde inte läsas",
                            "The database version could not be read"), write=False) as session:
            return current_revision(session.conn)

    # --- transactions -------------------------------------------------------------------------------

    @contextmanager
    def _errors(self, action: Action, write: bool) -> Iterator[None]:
        try:
            yield
        except PersistenceError as exc:
            if exc.writing is None:
                exc.writing = write
            raise
        except SQLAlchemyError as exc:
            error = translate_error(exc, action, write, self.location)
            error.writing = write
            raise error from exc

    @contextmanager
    def _session(self, action: Action, write: bool, user: str | None = None,
                 now: datetime | None = None) -> Iterator[Batch]:
        with self._errors(action, write), transaction(self._engine, write) as conn:
            yield Batch(conn, user=user, now=now)

    @contextmanager
    def reading(self, action: Action = ("Uppgifterna kunde inte läsas", "The data could not be read"),
                ) -> Iterator[Batch]:
        """Several reads in one transaction (works on a read-only database too)."""
        with self._session(action, False) as session:
            yield session

    @contextmanager
    def batch(self, action: Action = ("Ändringarna kunde inte sparas", "The changes could not be saved"),
              *, user: str | None = None, now: datetime | None = None) -> Iterator[Batch]:
        """Several writes in one transaction: all are kept, or (on any error) none.

        Examples
        --------
        >>> with store.batch(user="anna") as batch:  # doctest: +SKIP
        ...     insats = batch.save_insats(insats)
        ...     batch.save_indicator(InsatsIndicator(insats.id, "Deltagare", kind="output"))
        """
        with self._session(action, True, user, now) as session:
            yield session

    def _run(self, body: Callable[..., Any], action: Action, write: bool, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> Any:
        user, now = kwargs.pop("user", None), kwargs.pop("now", None)
        with self._session(action, write, user, now) as batch:
            return body(batch, *args, **kwargs)


__all__ = ["Batch", "Store", "open_store", "translate_error"]
