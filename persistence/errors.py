"""Errors raised by the store, each with a Swedish and an English message for the page.

Every method of `persistence.store.Store` that touches the database raises a `PersistenceError` (or a
subclass) instead of a driver exception, so a page can always say what went wrong and keep what the
person typed. ``str(error)`` is the English message; ``detail`` holds the driver's own words for logs.
"""

from __future__ import annotations

from typing import Any


class PersistenceError(Exception):
    """Something could not be read from or written to the database.

    Attributes
    ----------
    message_sv, message_en : what happened and what the person can do, for the page.
    detail : the underlying error's text (driver message) for logs; never shown as the only message.
    writing : True when it happened while writing, False while only reading, None when not known
        (the store fills it in, so a page can say "could not save" or "could not read").
    """

    def __init__(self, message_sv: str, message_en: str, detail: str = "") -> None:
        self.message_sv = message_sv
        self.message_en = message_en
        self.detail = detail
        self.writing: bool | None = None
        super().__init__(message_en)

    def message(self, lang: str = "sv") -> str:
        """The message in ``lang`` ("sv" or "en")."""
        return self.message_en if lang == "en" else self.message_sv


class DatabaseUnavailableError(PersistenceError):
    """The database cannot be reached (server down, wrong address, file cannot be opened)."""


class ReadOnlyDatabaseError(PersistenceError):
    """The database refuses writes (read-only file, read-only transaction or role)."""


class SchemaVersionError(PersistenceError):
    """The database's schema is newer than this version of the app knows, or was never created."""


class InvalidDataError(PersistenceError, ValueError):
    """A value handed to the store is not acceptable (empty name, unknown board, bad year…)."""


class NotFoundError(PersistenceError):
    """A row the write refers to does not exist (e.g. a value reported for a deleted indicator)."""


class ConflictError(PersistenceError):
    """Someone else changed (or removed) the row since it was read; nothing was written.

    Attributes
    ----------
    current : the row as it is now in the database (same type as the one being saved), or None when
        it has been deleted. The page can show it beside the person's own, unsaved input.
    """

    def __init__(self, message_sv: str, message_en: str, current: Any = None, detail: str = "") -> None:
        super().__init__(message_sv, message_en, detail)
        self.current = current


class NameTakenError(ConflictError):
    """A new record was given a name another record already has (a scenario, insats or indicator).

    Not a lost update: nothing the person saw has changed. ``current`` is the record that has the name,
    so the page can ask whether to replace it (naming it, its author and what it is).
    """
