"""The one versioned save, delete and restore of an editable record (optimistic concurrency).

Editable rows (scenarios, targets, insatser, insats indicators) carry a ``version``. Saving a loaded
record updates the row only if its version is still the one that was loaded (``UPDATE … WHERE version =
:loaded``, atomic on both backends) and bumps it; otherwise nothing is written and `ConflictError`
carries the row as it is now, so the page can show both and keep the person's input. A save that
changes nothing writes nothing (no new version). Creating a record whose key is taken raises the
``exists`` error the caller chooses (`NameTakenError` for a name). Every write adds its entry to the
history (`persistence.history`) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Table, and_, delete, insert, update

from persistence import history
from persistence.driver_errors import Action
from persistence.errors import ConflictError, NameTakenError
from persistence.operation import Operations

R = TypeVar("R")


@dataclass(frozen=True)
class Item(Generic[R]):
    """The row a write is about.

    Attributes
    ----------
    kind, key, package_key : how the history names it (`persistence.records.HISTORY_KINDS`, the
        record's ``key``) and the package it belongs to.
    table : where it is stored.
    identity : the columns and values that name the row (also written when it is created).
    load : reads the row as it is now (None when there is none).
    what : (Swedish, English) how messages name it, e.g. ("Insatsen 'Läxhjälp'", "The insats …").
    """

    kind: str
    key: str
    package_key: str
    table: Table
    identity: Mapping[str, Any]
    load: Callable[[], R | None]
    what: Action

    def where(self) -> ColumnElement[bool]:
        return and_(*(self.table.c[column] == value for column, value in self.identity.items()))


def _when(moment: datetime | None) -> tuple[str, str]:
    if moment is None:
        return "", ""
    text = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f" {text}", f" at {text}"


def conflict(what: Action, current: Any) -> ConflictError:
    """`ConflictError` for a stale save or delete; ``current`` None means it has been removed."""
    what_sv, what_en = what
    if current is None:
        return ConflictError(
            f"{what_sv} har tagits bort av någon annan sedan du öppnade den. Det du har skrivit har "
            "inte sparats men finns kvar här.",
            f"{what_en} has been removed by someone else since you opened it. What you wrote has not "
            "been saved but is still here.")
    when_sv, when_en = _when(current.updated_at)
    by = current.updated_by
    return ConflictError(
        f"{what_sv} har ändrats av {by or 'någon annan'}{when_sv} sedan du öppnade den (nu version "
        f"{current.version}). Det du har skrivit har inte sparats men finns kvar: jämför med den "
        "sparade versionen och spara igen.",
        f"{what_en} was changed by {by or 'someone else'}{when_en} since you opened it (now version "
        f"{current.version}). What you wrote has not been saved but is still here: compare with the "
        "saved version and save again.",
        current=current)


def name_taken(what_sv: str, what_en: str, name: str, current: Any) -> NameTakenError:
    """`NameTakenError`: there is already ``what`` called ``name`` (``current``)."""
    return NameTakenError(
        f"Det finns redan {what_sv} som heter '{name}'. Välj ett annat namn eller öppna den befintliga.",
        f"There is already {what_en} called '{name}'. Choose another name or open the existing one.",
        current=current)


def save(batch: Operations, item: Item[R], values: Mapping[str, Any], expected_version: int, *,
         exists: Callable[[R], ConflictError], same: Callable[[R], bool], action: str | None = None,
         created_at: datetime | None = None, cause_id: int | None = None) -> R:
    """Create (``expected_version == 0``) or update (the version the person loaded) one row.

    Parameters
    ----------
    batch : the open transaction (who and when are its ``user`` and ``now``).
    item : the row.
    values : the columns a person changes (not the identity, version or time stamps).
    expected_version : 0 to create; else the version the person's edit started from.
    exists : the error when creating a row that exists already (gets the existing record).
    same : True when the stored record already holds what is being saved (then nothing is written).
    action : the history's word for the write ("restore"); "create"/"update" when None.
    created_at : kept when a removed record is restored (default: now).
    cause_id : the history entry this write belongs to (an insats's indicators restored with it).

    Returns
    -------
    The record as stored now.

    Raises
    ------
    ConflictError
        ``exists(...)`` on creating, or the row changed or was removed since it was loaded.
    """
    table, conn = item.table, batch.conn
    before = item.load()
    stamps = {"updated_at": batch.now, "updated_by": batch.user}
    if expected_version == 0:
        if before is not None:
            raise exists(before)
        version = history.latest_version(conn, item.kind, item.key) + 1  # never reuse a version
        conn.execute(insert(table).values(**item.identity, **values, **stamps, version=version,
                                          created_at=created_at or batch.now))
        action = action or "create"
    else:
        if before is not None and getattr(before, "version", None) == expected_version and same(before):
            return before
        done = conn.execute(update(table).where(item.where(), table.c.version == expected_version)
                            .values(**values, **stamps, version=table.c.version + 1)).rowcount
        if done != 1:
            raise conflict(item.what, item.load())
        action = action or "update"
    after = item.load()
    assert after is not None
    history.record(batch, item.kind, item.key, item.package_key, after.version, action,  # type: ignore[attr-defined]
                   before, after, cause_id)
    return after


def remove(batch: Operations, item: Item[R], expected_version: int | None, *,
           children: Callable[[int], None] | None = None, cause_id: int | None = None) -> bool:
    """Delete one row if it is still at ``expected_version`` (None: whatever its version, for rows
    removed with their parent); the deletion is a new version in the history, undoable with restore.

    ``children(entry_id)`` removes what belongs to the row first (passing the deletion's history entry
    as their cause). Returns False when the row is already gone (nothing the person wanted is lost).

    Raises
    ------
    ConflictError
        The row changed since it was loaded (``current`` is the row now).
    """
    table = item.table
    current = item.load()
    if current is None:
        return False
    version = current.version  # type: ignore[attr-defined]
    if expected_version is not None and version != expected_version:
        raise conflict(item.what, current)
    entry = history.record(batch, item.kind, item.key, item.package_key, version + 1, "delete", current,
                           None, cause_id)
    if children is not None:
        children(entry)
    done = batch.conn.execute(delete(table).where(item.where(), table.c.version == version)).rowcount
    if done != 1:
        raise conflict(item.what, item.load())
    return True


def restore_version(batch: Operations, item: Item[R], expected_version: int) -> int:
    """The version to save a restored record at: the row's own (which must be ``expected_version``),
    or 0 (create again) when it is removed and its deletion is ``expected_version``.

    Raises
    ------
    ConflictError
        The item changed (or was restored or removed again) since the person saw it.
    """
    current = item.load()
    if current is not None:
        if current.version != expected_version:  # type: ignore[attr-defined]
            raise conflict(item.what, current)
        return expected_version
    if history.latest_version(batch.conn, item.kind, item.key) != expected_version:
        raise conflict(item.what, None)
    return 0
