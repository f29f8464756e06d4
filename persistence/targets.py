"""Indicator targets, one set per package, indicator and scope (the proposed areas or the whole city)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from sqlalchemy import Row, select

from persistence import schema as s
from persistence.errors import ConflictError
from persistence.operation import Operations, operation
from persistence.records import TARGETS, IndicatorTargets, checkpoints_from_dict, content, item_key
from persistence.versioned import Item, remove, restore_version, save


def _from_row(row: Row) -> IndicatorTargets:
    return IndicatorTargets(
        row.package_key, row.indicator_id, row.baseline_year, row.baseline_value, row.start_year,
        checkpoints_from_dict(json.loads(row.checkpoints_json)), row.scenario_name,
        row.responsible_board, scope=row.scope, version=row.version, created_at=row.created_at,
        updated_at=row.updated_at, updated_by=row.updated_by)


def _already_saved(existing: IndicatorTargets) -> ConflictError:
    who_sv, who_en = existing.updated_by or "någon annan", existing.updated_by or "someone else"
    return ConflictError(
        f"Målen för '{existing.indicator_id}' har redan sparats av {who_sv}. Det du har skrivit har inte "
        "sparats men finns kvar: jämför och spara igen.",
        f"The targets for '{existing.indicator_id}' have already been saved by {who_en}. What you wrote "
        "has not been saved but is still here: compare and save again.", current=existing)


class TargetOps(Operations):
    """Targets: list, read, save (versioned; only a change is written), delete and restore."""

    def _targets_item(self, package_key: str, indicator_id: str, scope: str) -> Item[IndicatorTargets]:
        return Item(TARGETS, item_key(package_key, indicator_id, scope), package_key, s.targets,
                    {"package_key": package_key, "indicator_id": indicator_id, "scope": scope},
                    lambda: self._load_targets(package_key, indicator_id, scope),
                    (f"Målen för '{indicator_id}'", f"The targets for '{indicator_id}'"))

    def _load_targets(self, package_key: str, indicator_id: str, scope: str) -> IndicatorTargets | None:
        t = s.targets
        row = self.conn.execute(select(t).where(t.c.package_key == package_key,
                                                t.c.indicator_id == indicator_id,
                                                t.c.scope == scope)).first()
        return None if row is None else _from_row(row)

    @operation(("Målen kunde inte läsas", "The targets could not be read"), write=False)
    def list_targets(self, package_key: str, scope: str | None = None) -> list[IndicatorTargets]:
        """The package's targets by indicator id (then scope): both scopes, or only ``scope``."""
        t = s.targets
        query = select(t).where(t.c.package_key == package_key).order_by(t.c.indicator_id, t.c.scope)
        if scope is not None:
            query = query.where(t.c.scope == scope)
        return [_from_row(r) for r in self.conn.execute(query)]

    @operation(("Målen kunde inte läsas", "The targets could not be read"), write=False)
    def get_targets(self, package_key: str, indicator_id: str,
                    scope: str = "proposal") -> IndicatorTargets | None:
        return self._load_targets(package_key, indicator_id, scope)

    @operation(("Målen kunde inte sparas", "The targets could not be saved"), write=True)
    def save_targets(self, targets: IndicatorTargets) -> IndicatorTargets:
        """Create (``targets.version == 0``) or update (the version the person loaded) an indicator's
        targets. Targets equal to what is stored are not written again (no new version)."""
        return self._write_targets(targets)

    def _write_targets(self, targets: IndicatorTargets, action: str | None = None,
                       cause_id: int | None = None) -> IndicatorTargets:
        values = {"baseline_year": targets.baseline_year, "baseline_value": targets.baseline_value,
                  "start_year": targets.start_year,
                  "checkpoints_json": json.dumps(targets.checkpoints_dict(), ensure_ascii=False,
                                                 sort_keys=True),
                  "scenario_name": targets.scenario_name,
                  "responsible_board": targets.responsible_board}
        wanted = content(targets)
        return save(self, self._targets_item(targets.package_key, targets.indicator_id, targets.scope),
                    values, targets.version, exists=_already_saved,
                    same=lambda current: content(current) == wanted, action=action,
                    created_at=targets.created_at if action == "restore" else None, cause_id=cause_id)

    @operation(("Målen kunde inte tas bort", "The targets could not be removed"), write=True)
    def delete_targets(self, package_key: str, indicator_id: str, *, expected_version: int,
                       scope: str = "proposal") -> bool:
        """Remove an indicator's targets if still at ``expected_version``; False if already gone."""
        return remove(self, self._targets_item(package_key, indicator_id, scope), expected_version)

    def _restore_targets(self, state: dict[str, Any], expected_version: int,
                         cause_id: int | None = None) -> IndicatorTargets:
        restored = IndicatorTargets.from_dict(state)
        item = self._targets_item(restored.package_key, restored.indicator_id, restored.scope)
        version = restore_version(self, item, expected_version)
        return self._write_targets(replace(restored, version=version), "restore", cause_id)
