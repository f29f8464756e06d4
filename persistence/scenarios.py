"""Saved scenarios of the Områdesval page, by package key and name.

A scenario this version of the app cannot read is never an error when listing: `list_scenarios` gives
the readable ones, `unreadable_scenarios` the others (so a page can show and remove them).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Row, select

from indicators.scenario import Scenario
from persistence import schema as s
from persistence.checks import check_name
from persistence.operation import Operations, operation
from persistence.records import SCENARIO, SavedScenario, UnreadableScenario, item_key
from persistence.versioned import Item, name_taken, remove, restore_version, save

Stored = SavedScenario | UnreadableScenario


def _from_row(row: Row) -> Stored:
    try:
        scenario = Scenario.from_dict({**json.loads(row.scenario_json), "name": row.name})
    except (ValueError, KeyError, TypeError) as exc:
        return UnreadableScenario(row.package_key, row.name, row.scenario_json, str(exc), row.version,
                                  row.created_at, row.updated_at, row.updated_by)
    return SavedScenario(row.package_key, scenario, row.version, row.created_at, row.updated_at,
                         row.updated_by)


class ScenarioOps(Operations):
    """Scenarios: list, read, save (versioned), delete and restore."""

    def _stored_scenario(self, package_key: str, name: str) -> Stored | None:
        t = s.scenarios
        row = self.conn.execute(select(t).where(t.c.package_key == package_key,
                                                t.c.name == name)).first()
        return None if row is None else _from_row(row)

    def _stored_scenarios(self, package_key: str) -> list[Stored]:
        t = s.scenarios
        rows = self.conn.execute(select(t).where(t.c.package_key == package_key).order_by(t.c.name))
        return [_from_row(r) for r in rows]

    def _scenario_item(self, package_key: str, name: str) -> Item[Stored]:
        return Item(SCENARIO, item_key(package_key, name), package_key, s.scenarios,
                    {"package_key": package_key, "name": name},
                    lambda: self._stored_scenario(package_key, name),
                    (f"Scenariot '{name}'", f"The scenario '{name}'"))

    @operation(("Scenarierna kunde inte läsas", "The scenarios could not be read"), write=False)
    def list_scenarios(self, package_key: str) -> list[SavedScenario]:
        """The package's saved scenarios that this version can read, by name."""
        return [r for r in self._stored_scenarios(package_key) if isinstance(r, SavedScenario)]

    @operation(("Scenarierna kunde inte läsas", "The scenarios could not be read"), write=False)
    def unreadable_scenarios(self, package_key: str) -> list[UnreadableScenario]:
        """The package's saved scenarios this version cannot read (to show and remove them)."""
        return [r for r in self._stored_scenarios(package_key) if isinstance(r, UnreadableScenario)]

    @operation(("Scenariot kunde inte läsas", "The scenario could not be read"), write=False)
    def get_scenario(self, package_key: str, name: str) -> SavedScenario | None:
        """The saved scenario, or None.

        Raises
        ------
        InvalidDataError
            It is saved but this version of the app cannot read it.
        """
        found = self._stored_scenario(package_key, name)
        if isinstance(found, UnreadableScenario):
            return SavedScenario.from_dict({**found.to_dict(), "scenario": json.loads(found.scenario_json)})
        return found

    @operation(("Scenariot kunde inte sparas", "The scenario could not be saved"), write=True)
    def save_scenario(self, package_key: str, scenario: Scenario, *,
                      expected_version: int = 0) -> SavedScenario:
        """Save ``scenario`` under ``scenario.name``: a new one when ``expected_version`` is 0, else an
        update of the saved one as it was at that version (what the person saw).

        Raises
        ------
        NameTakenError
            A new scenario's name is taken (``current`` is the saved one: ask before replacing it).
        ConflictError
            The saved scenario changed or was removed since the person saw it.
        """
        return self._write_scenario(package_key, scenario, expected_version)

    def _write_scenario(self, package_key: str, scenario: Scenario, expected_version: int,
                        action: str | None = None, created_at: Any = None,
                        cause_id: int | None = None) -> SavedScenario:
        check_name(package_key, "Datapaketets namn", "The package key")
        check_name(scenario.name, "Scenariots namn", "The scenario's name")
        name = scenario.name
        saved = save(
            self, self._scenario_item(package_key, name),
            {"scenario_json": json.dumps(scenario.to_dict(), ensure_ascii=False, sort_keys=True)},
            expected_version,
            exists=lambda current: name_taken("ett scenario", "a scenario", name, current),
            same=lambda current: isinstance(current, SavedScenario) and current.scenario == scenario,
            action=action, created_at=created_at, cause_id=cause_id)
        assert isinstance(saved, SavedScenario)
        return saved

    @operation(("Scenariot kunde inte tas bort", "The scenario could not be removed"), write=True)
    def delete_scenario(self, package_key: str, name: str, *, expected_version: int) -> bool:
        """Remove a saved scenario (readable or not) if it is still at ``expected_version``; False if
        already gone. Undo with `restore`."""
        return remove(self, self._scenario_item(package_key, name), expected_version)

    def _restore_scenario(self, state: dict[str, Any], expected_version: int,
                          cause_id: int | None = None) -> SavedScenario:
        restored = SavedScenario.from_dict(state)
        item = self._scenario_item(restored.package_key, restored.name)
        version = restore_version(self, item, expected_version)
        return self._write_scenario(restored.package_key, restored.scenario, version, "restore",
                                    restored.created_at if version == 0 else None, cause_id)

