"""The history: every version of every record a person can change, with who, when, before and after.

Each write to a scenario, targets, an insats, an insats indicator or a reported value adds one entry
(`HistoryEntry`) in the same transaction as the write, so the history and the tables never disagree.
Versions count on across a deletion: an item deleted at version 3 has a deletion entry at version 4, and
a later restore (or a new item under the same key) is version 5, so a page holding version 3 can never
overwrite what came after it.

Rows written before the history existed get, the first time they change, an entry for the state they
were in (their own author and time; no "before"), so that state can be restored too.

`HistoryOps` adds the reads (`history`, `deleted`, `stored_packages`) and `restore` to the store.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select

from persistence import schema as s
from persistence.errors import InvalidDataError, NotFoundError
from persistence.operation import Operations, operation
from persistence.records import (
    HISTORY_KINDS,
    INDICATOR,
    INSATS,
    MEETING_NOTE,
    REPORTED_VALUE,
    ROLE,
    SCENARIO,
    TARGETS,
    HistoryEntry,
)


def _dumps(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _loads(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


def _entry(row: Row) -> HistoryEntry:
    return HistoryEntry(row.entity_kind, row.entity_key, row.package_key, row.version, row.action,
                        row.changed_by, row.changed_at, _loads(row.before_json), _loads(row.after_json),
                        row.cause_id, row.id)


def latest_version(conn: Connection, kind: str, key: str) -> int:
    """The newest version the history holds for an item; 0 when it has none."""
    h = s.history
    found = conn.execute(select(func.max(h.c.version)).where(h.c.entity_kind == kind,
                                                             h.c.entity_key == key)).scalar()
    return int(found or 0)


def latest_entry(conn: Connection, kind: str, key: str) -> HistoryEntry | None:
    h = s.history
    row = conn.execute(select(h).where(h.c.entity_kind == kind, h.c.entity_key == key)
                       .order_by(h.c.version.desc()).limit(1)).first()
    return None if row is None else _entry(row)


def _stamp(record: Any) -> tuple[int, str | None, datetime | None]:
    """(version, who, when) of a stored record as it carries them itself."""
    if hasattr(record, "reported_at"):  # reported values have no version column
        return 1, record.reported_by or None, record.reported_at
    return record.version, record.updated_by, record.updated_at


def record(batch: Operations, kind: str, key: str, package_key: str, version: int, action: str,
           before: Any, after: Any, cause_id: int | None = None) -> int:
    """Add the entry for one write (in the batch's transaction); returns its id.

    ``before`` and ``after`` are records (their ``to_dict()`` is kept) or None. ``batch.user`` and
    ``batch.now`` say who and when.
    """
    conn = batch.conn
    if before is not None and latest_version(conn, kind, key) == 0:
        # Written before the history existed: keep the state it was in as its first entry.
        old_version, who, when = _stamp(before)
        conn.execute(insert(s.history).values(
            package_key=package_key, entity_kind=kind, entity_key=key, version=old_version,
            action="create" if old_version <= 1 else "update", changed_by=who,
            changed_at=when or batch.now, before_json=None, after_json=_dumps(before.to_dict())))
    return int(conn.execute(insert(s.history).values(
        package_key=package_key, entity_kind=kind, entity_key=key, version=version, action=action,
        changed_by=batch.user, changed_at=batch.now,
        before_json=None if before is None else _dumps(before.to_dict()),
        after_json=None if after is None else _dumps(after.to_dict()), cause_id=cause_id,
    )).inserted_primary_key[0])


def caused_by(conn: Connection, entry_id: int) -> list[HistoryEntry]:
    """Entries written because of entry ``entry_id`` (the children removed with an insats), in order."""
    h = s.history
    rows = conn.execute(select(h).where(h.c.cause_id == entry_id).order_by(h.c.id))
    return [_entry(r) for r in rows]


def _check_kind(kind: str) -> None:
    if kind not in HISTORY_KINDS:
        listed = ", ".join(HISTORY_KINDS)
        raise InvalidDataError(f"Okänd sorts post {kind!r}. Giltiga: {listed}.",
                               f"Unknown kind of record {kind!r}. Valid: {listed}.")


_RESTORERS = {SCENARIO: "_restore_scenario", TARGETS: "_restore_targets", INSATS: "_restore_insats",
              INDICATOR: "_restore_indicator", REPORTED_VALUE: "_restore_reported_value",
              ROLE: "_restore_role", MEETING_NOTE: "_restore_meeting_note"}


class HistoryOps(Operations):
    """Reading the history and restoring from it."""

    @operation(("Historiken kunde inte läsas", "The history could not be read"), write=False)
    def history(self, kind: str, key: str) -> list[HistoryEntry]:
        """Every version of one item (``kind`` from `HISTORY_KINDS`, ``key`` its record's ``key``),
        oldest first. Empty for an item that has not changed since the history began."""
        _check_kind(kind)
        h = s.history
        rows = self.conn.execute(select(h).where(h.c.entity_kind == kind, h.c.entity_key == key)
                                 .order_by(h.c.version))
        return [_entry(r) for r in rows]

    @operation(("Borttagna poster kunde inte läsas", "Removed records could not be read"), write=False)
    def deleted(self, package_key: str, kind: str, *, with_parent: bool = False) -> list[HistoryEntry]:
        """The package's items of ``kind`` that are removed now: the deletion entry of each (its
        ``before`` is what was removed), newest first. Items removed together with the insats they
        belong to are left out unless ``with_parent``."""
        _check_kind(kind)
        h = s.history
        newest = (select(h.c.entity_key, func.max(h.c.version).label("version"))
                  .where(h.c.package_key == package_key, h.c.entity_kind == kind)
                  .group_by(h.c.entity_key).subquery())
        rows = self.conn.execute(
            select(h).join(newest, (h.c.entity_key == newest.c.entity_key)
                           & (h.c.version == newest.c.version))
            .where(h.c.entity_kind == kind, h.c.action == "delete").order_by(h.c.id.desc()))
        return [e for e in map(_entry, rows) if with_parent or e.cause_id is None]

    @operation(("Den tidigare versionen kunde inte återställas",
                "The earlier version could not be restored"), write=True)
    def restore(self, kind: str, key: str, version: int, *, expected_version: int) -> Any:
        """Make an item what it was after ``version`` again; the restore is itself a new version.

        Parameters
        ----------
        kind, key : the item (see `history`).
        version : the version to bring back (not a deletion).
        expected_version : the item's version as the person saw it (its current version, or the
            deletion's version when it is removed); otherwise `ConflictError`.

        Returns
        -------
        The record as saved. A removed insats comes back with the indicators and reported values that
        were removed with it; a removed indicator with its reported values.

        Raises
        ------
        NotFoundError
            No such version, or what the item belongs to has been removed (restore that first).
        InvalidDataError
            ``version`` is a deletion.
        ConflictError
            The item changed since the person saw it, or its name is now taken.
        """
        _check_kind(kind)
        h = s.history
        row = self.conn.execute(select(h).where(h.c.entity_kind == kind, h.c.entity_key == key,
                                                h.c.version == version)).first()
        if row is None:
            raise NotFoundError(f"Version {version} finns inte i historiken.",
                                f"Version {version} is not in the history.")
        entry = _entry(row)
        if entry.after is None:
            raise InvalidDataError(
                f"Version {version} är en borttagning; välj versionen före den för att återställa.",
                f"Version {version} is a removal; choose the version before it to restore.")
        return getattr(self, _RESTORERS[kind])(entry.after, expected_version)

    def _restore_children(self, deletion: HistoryEntry | None, cause_id: int) -> None:
        """Bring back what was removed together with an item (``deletion``: its removal), if each is
        still removed; their restores point at ``cause_id``."""
        if deletion is None or deletion.action != "delete":
            return
        for child in caused_by(self.conn, deletion.id):
            latest = latest_entry(self.conn, child.kind, child.key)
            if latest is not None and latest.id == child.id and child.before is not None:
                getattr(self, _RESTORERS[child.kind])(child.before, child.version, cause_id=cause_id)

    @operation(("Datapaketen kunde inte läsas", "The data packages could not be read"), write=False)
    def stored_packages(self) -> dict[str, dict[str, int]]:
        """How many scenarios, targets and insatser are stored per package key, e.g. ``{"demo":
        {"scenarios": 2, "targets": 4, "insatser": 1}}`` — for listing what belongs to packages that are
        not loaded (and removing it with the ``delete_*`` methods)."""
        out: dict[str, dict[str, int]] = {}
        for name, table in (("scenarios", s.scenarios), ("targets", s.targets),
                            ("insatser", s.insatser)):
            rows = self.conn.execute(select(table.c.package_key, func.count())
                                     .group_by(table.c.package_key))
            for package_key, count in rows:
                out.setdefault(package_key, {"scenarios": 0, "targets": 0, "insatser": 0})[name] = count
        return dict(sorted(out.items()))
