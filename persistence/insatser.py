"""Insatser: the register of kraftsamlande insatser per package (who, where, from when, how much)."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Any

from sqlalchemy import Row, Select, select

from persistence import history
from persistence import schema as s
from persistence.errors import InvalidDataError
from persistence.operation import Operations, operation
from persistence.records import INSATS, Insats, content, item_key, participation_from_dict
from persistence.versioned import Item, conflict, name_taken, remove, restore_version, save


def _from_row(row: Row) -> Insats:
    participation = json.loads(row.participation_json) if row.participation_json else None
    return Insats(row.package_key, row.name, row.board_name, row.area_level,
                  tuple(json.loads(row.area_ids_json)), row.start_year, row.budget_sek, row.description,
                  row.id, row.kind, tuple(json.loads(row.partners_json or "[]")),
                  participation_from_dict(participation), row.version, row.created_at, row.updated_at,
                  row.updated_by)


def _query() -> Select:
    t = s.insatser
    return select(t, s.boards.c.name_sv.label("board_name")).join(s.boards, s.boards.c.id == t.c.board_id)


def _kind_values(insats: Insats) -> dict[str, Any]:
    """The columns of revision 0010: kind, partners and participation (JSON)."""
    record = insats.participation
    return {"kind": insats.kind, "partners_json": json.dumps(list(insats.partners)),
            "participation_json": None if record is None else json.dumps(record.to_dict(),
                                                                         ensure_ascii=False)}


class InsatsOps(Operations):
    """Insatser: list, read, save (versioned), delete (with their indicators and values) and restore."""

    def _insats_item(self, insats_id: str, package_key: str, name: str) -> Item[Insats]:
        return Item(INSATS, item_key(insats_id), package_key, s.insatser,
                    {"id": insats_id, "package_key": package_key},
                    lambda: self.get_insats(insats_id),
                    (f"Insatsen '{name}'", f"The insats '{name}'"))

    @operation(("Insatserna kunde inte läsas", "The insatser could not be read"), write=False)
    def list_insatser(self, package_key: str) -> list[Insats]:
        """The package's insatser, by name."""
        t = s.insatser
        rows = self.conn.execute(_query().where(t.c.package_key == package_key).order_by(t.c.name))
        return [_from_row(r) for r in rows]

    @operation(("Insatsen kunde inte läsas", "The insats could not be read"), write=False)
    def get_insats(self, insats_id: str) -> Insats | None:
        row = self.conn.execute(_query().where(s.insatser.c.id == insats_id)).first()
        return None if row is None else _from_row(row)

    @operation(("Insatsen kunde inte läsas", "The insats could not be read"), write=False)
    def insats_named(self, package_key: str, name: str) -> Insats | None:
        t = s.insatser
        row = self.conn.execute(_query().where(t.c.package_key == package_key,
                                               t.c.name == name.strip())).first()
        return None if row is None else _from_row(row)

    @operation(("Insatsen kunde inte sparas", "The insats could not be saved"), write=True)
    def save_insats(self, insats: Insats) -> Insats:
        """Create (``insats.version == 0``; an id is given if empty) or update (the version the person
        loaded) an insats.

        Raises
        ------
        InvalidDataError
            Unknown board (the message lists the valid ones).
        NameTakenError
            Another insats in the package has the name.
        ConflictError
            The insats changed or was removed since it was loaded.
        """
        return self._write_insats(insats)

    def _write_insats(self, insats: Insats, action: str | None = None,
                      cause_id: int | None = None) -> Insats:
        board = self._board(insats.board)  # type: ignore[attr-defined]
        insats = replace(insats, board=board.name_sv)
        named = self.insats_named(insats.package_key, insats.name)
        if named is not None and named.id != insats.id:
            raise name_taken("en insats", "an insats", insats.name, named)
        ident = insats.id
        if insats.version == 0:
            ident = ident or str(uuid.uuid4())
            if self.get_insats(ident) is not None:
                raise InvalidDataError(f"Det finns redan en insats med id {ident}.",
                                       f"There is already an insats with id {ident}.")
        values = {"name": insats.name, "board_id": board.id, "area_level": insats.area_level,
                  "area_ids_json": json.dumps(list(insats.area_ids), ensure_ascii=False),
                  "start_year": insats.start_year,
                  "budget_sek": None if insats.budget_sek is None else float(insats.budget_sek),
                  "description": insats.description or "", **_kind_values(insats)}
        wanted = content(replace(insats, id=ident))
        item = self._insats_item(ident, insats.package_key, insats.name)
        return save(self, item, values,
                    insats.version, exists=lambda current: conflict(item.what, current),
                    same=lambda current: content(current) == wanted, action=action,
                    created_at=insats.created_at if action == "restore" else None, cause_id=cause_id)

    @operation(("Insatsen kunde inte tas bort", "The insats could not be removed"), write=True)
    def delete_insats(self, insats_id: str, *, expected_version: int) -> bool:
        """Remove an insats with its indicators and reported values; False if already gone. Undo with
        `restore` (which brings them all back)."""
        current = self.get_insats(insats_id)
        name = current.name if current else insats_id
        package_key = current.package_key if current else ""

        def children(entry_id: int) -> None:
            for indicator in self.list_indicators(package_key, insats_id):  # type: ignore[attr-defined]
                self._remove_indicator(indicator.id, None, cause_id=entry_id)  # type: ignore[attr-defined]

        return remove(self, self._insats_item(insats_id, package_key, name), expected_version,
                      children=children)

    def _restore_insats(self, state: dict[str, Any], expected_version: int,
                        cause_id: int | None = None) -> Insats:
        restored = Insats.from_dict(state)
        item = self._insats_item(restored.id, restored.package_key, restored.name)
        deletion = history.latest_entry(self.conn, item.kind, item.key)
        version = restore_version(self, item, expected_version)
        saved = self._write_insats(replace(restored, version=version), "restore", cause_id)
        if version == 0:
            entry = history.latest_entry(self.conn, item.kind, item.key)
            self._restore_children(deletion, entry.id if entry else None)  # type: ignore[attr-defined]
        return saved
