"""The indicators an insats follows itself (output: what it delivers; outcome: what it changes)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from sqlalchemy import Row, select

from persistence import history
from persistence import schema as s
from persistence.errors import InvalidDataError, NotFoundError
from persistence.operation import Operations, operation
from persistence.records import INDICATOR, InsatsIndicator, content, item_key
from persistence.versioned import Item, conflict, name_taken, remove, restore_version, save


def _from_row(row: Row) -> InsatsIndicator:
    return InsatsIndicator(
        row.insats_id, row.name, row.kind, row.unit, row.direction, row.baseline_year,
        row.baseline_value, row.target_2030, row.target_2035, row.id, row.version, row.created_at,
        row.updated_at, row.updated_by)


class IndicatorOps(Operations):
    """Insats indicators: list, read, save (versioned), delete (with their values) and restore."""

    def _indicator_item(self, indicator_id: str, package_key: str, name: str) -> Item[InsatsIndicator]:
        return Item(INDICATOR, item_key(indicator_id), package_key, s.insats_indicators,
                    {"id": indicator_id}, lambda: self.get_indicator(indicator_id),
                    (f"Indikatorn '{name}'", f"The indicator '{name}'"))

    @operation(("Indikatorerna kunde inte läsas", "The indicators could not be read"), write=False)
    def list_indicators(self, package_key: str, insats_id: str | None = None) -> list[InsatsIndicator]:
        """The indicators of one insats, or of every insats in the package (by insats, then name)."""
        ti, t = s.insats_indicators, s.insatser
        query = (select(ti).join(t, t.c.id == ti.c.insats_id).where(t.c.package_key == package_key)
                 .order_by(t.c.name, ti.c.name))
        if insats_id is not None:
            query = query.where(ti.c.insats_id == insats_id)
        return [_from_row(r) for r in self.conn.execute(query)]

    @operation(("Indikatorn kunde inte läsas", "The indicator could not be read"), write=False)
    def get_indicator(self, indicator_id: str) -> InsatsIndicator | None:
        ti = s.insats_indicators
        row = self.conn.execute(select(ti).where(ti.c.id == indicator_id)).first()
        return None if row is None else _from_row(row)

    @operation(("Indikatorn kunde inte läsas", "The indicator could not be read"), write=False)
    def indicator_named(self, insats_id: str, name: str) -> InsatsIndicator | None:
        ti = s.insats_indicators
        row = self.conn.execute(select(ti).where(ti.c.insats_id == insats_id,
                                                 ti.c.name == name.strip())).first()
        return None if row is None else _from_row(row)

    @operation(("Indikatorn kunde inte sparas", "The indicator could not be saved"), write=True)
    def save_indicator(self, indicator: InsatsIndicator) -> InsatsIndicator:
        """Create (``version == 0``) or update (the version the person loaded) an insats indicator.

        Raises
        ------
        NotFoundError
            The insats it belongs to does not exist (any more).
        NameTakenError
            The insats has another indicator with the name.
        ConflictError
            The indicator changed or was removed since it was loaded.
        """
        return self._write_indicator(indicator)

    def _write_indicator(self, indicator: InsatsIndicator, action: str | None = None,
                         cause_id: int | None = None) -> InsatsIndicator:
        insats = self.get_insats(indicator.insats_id)  # type: ignore[attr-defined]
        if insats is None:
            raise NotFoundError(
                "Insatsen som indikatorn hör till finns inte (den kan ha tagits bort av någon annan).",
                "The insats the indicator belongs to does not exist (someone else may have removed it).")
        named = self.indicator_named(indicator.insats_id, indicator.name)
        if named is not None and named.id != indicator.id:
            raise name_taken(f"en indikator i insatsen '{insats.name}'",
                             f"an indicator in the insats '{insats.name}'", indicator.name, named)
        ident = indicator.id
        if indicator.version == 0:
            ident = ident or str(uuid.uuid4())
            if self.get_indicator(ident) is not None:
                raise InvalidDataError(f"Det finns redan en indikator med id {ident}.",
                                       f"There is already an indicator with id {ident}.")
        values = {"insats_id": indicator.insats_id, "name": indicator.name, "kind": indicator.kind,
                  "unit": indicator.unit or "", "direction": indicator.direction,
                  "baseline_year": indicator.baseline_year, "baseline_value": indicator.baseline_value,
                  "target_2030": indicator.target_2030, "target_2035": indicator.target_2035}
        wanted = content(replace(indicator, id=ident, unit=indicator.unit or ""))
        item = self._indicator_item(ident, insats.package_key, indicator.name)
        return save(self, item, values, indicator.version,
                    exists=lambda current: conflict(item.what, current),
                    same=lambda current: content(current) == wanted, action=action,
                    created_at=indicator.created_at if action == "restore" else None,
                    cause_id=cause_id)

    @operation(("Indikatorn kunde inte tas bort", "The indicator could not be removed"), write=True)
    def delete_indicator(self, indicator_id: str, *, expected_version: int) -> bool:
        """Remove an indicator with its reported values; False if already gone. Undo with `restore`."""
        return self._remove_indicator(indicator_id, expected_version)

    def _remove_indicator(self, indicator_id: str, expected_version: int | None,
                          cause_id: int | None = None) -> bool:
        current = self.get_indicator(indicator_id)
        if current is None:
            return False
        insats = self.get_insats(current.insats_id)  # type: ignore[attr-defined]

        def children(entry_id: int) -> None:
            for report in self.list_reported_values(  # type: ignore[attr-defined]
                    insats.package_key, indicator_id=indicator_id):
                self._remove_reported_value(report.id, cause_id=entry_id)  # type: ignore[attr-defined]

        return remove(self, self._indicator_item(indicator_id, insats.package_key, current.name),
                      expected_version, children=children, cause_id=cause_id)

    def _restore_indicator(self, state: dict[str, Any], expected_version: int,
                           cause_id: int | None = None) -> InsatsIndicator:
        restored = InsatsIndicator.from_dict(state)
        insats = self.get_insats(restored.insats_id)  # type: ignore[attr-defined]
        if insats is None:
            raise NotFoundError(
                "Insatsen som indikatorn hör till är borttagen; återställ insatsen först.",
                "The insats the indicator belongs to has been removed; restore the insats first.")
        item = self._indicator_item(restored.id, insats.package_key, restored.name)
        deletion = history.latest_entry(self.conn, item.kind, item.key)
        version = restore_version(self, item, expected_version)
        saved = self._write_indicator(replace(restored, version=version), "restore", cause_id)
        if version == 0:
            entry = history.latest_entry(self.conn, item.kind, item.key)
            self._restore_children(deletion, entry.id if entry else None)  # type: ignore[attr-defined]
        return saved
