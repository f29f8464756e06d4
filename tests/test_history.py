"""History, restore and undoable deletes; who wrote what; targets per scope; only changed rows written;
stale saves refused with the other person's value; stored items of unknown packages or levels listed
and removable. Every test runs on SQLite and PostgreSQL (fixtures in `tests.stores`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from persistence import (
    INDICATOR,
    INSATS,
    REPORTED_VALUE,
    SCENARIO,
    TARGETS,
    ConflictError,
    HistoryEntry,
    IndicatorTargets,
    InsatsIndicator,
    InvalidDataError,
    NameTakenError,
    NotFoundError,
    ReportedValue,
    Store,
    TargetCheckpoint,
    UnreadableScenario,
    import_insatser,
)
from persistence.records import item_key
from tests.stores import PKG, T0, populate, sample_insats, sample_scenario, sample_targets

LATER = T0 + timedelta(hours=1)


def _summary(entries: list[HistoryEntry]) -> list[tuple]:
    return [(e.version, e.action, e.changed_by) for e in entries]


# ---------------------------------------------------------------------------------------------------
# Every kind of write leaves a version: who, when, before, after
# ---------------------------------------------------------------------------------------------------


def test_every_write_to_a_scenario_is_a_version_with_who_before_and_after(store: Store) -> None:
    first = store.save_scenario(PKG, sample_scenario(), user="anna", now=T0)
    second = store.save_scenario(PKG, sample_scenario(rule="top-n:5"), expected_version=1, user="bo",
                                 now=LATER)
    entries = store.history(SCENARIO, first.key)
    assert _summary(entries) == [(1, "create", "anna"), (2, "update", "bo")]
    created, updated = entries
    assert (created.before, created.after) == (None, first.to_dict())
    assert (updated.before, updated.after) == (first.to_dict(), second.to_dict())
    assert (created.changed_at, updated.changed_at) == (T0, LATER)
    assert updated.changed_fields() == ["scenario"]
    assert first.key == item_key(PKG, "Lika vikter")


def test_every_write_to_targets_insatser_indicators_and_values_is_a_version(store: Store) -> None:
    targets = store.save_targets(sample_targets(), user="anna")
    store.save_targets(replace(targets, baseline_value=13.0), user="bo")
    assert _summary(store.history(TARGETS, targets.key)) == [(1, "create", "anna"), (2, "update", "bo")]
    assert store.history(TARGETS, targets.key)[1].changed_fields() == ["baseline_value"]

    insats = store.save_insats(sample_insats(), user="cia")
    moved = store.save_insats(replace(insats, budget_sek=2.0, area_ids=("KU0103",)), user="dan")
    [_, update] = store.history(INSATS, insats.key)
    assert (update.changed_by, update.before["budget_sek"], update.after["budget_sek"]) == (
        "dan", 1_250_000.0, 2.0)
    assert sorted(update.changed_fields()) == ["area_ids", "budget_sek"]
    assert moved.updated_by == "dan"

    indicator = store.save_indicator(InsatsIndicator(insats.id, "Deltagare", "output"), user="eva")
    store.save_indicator(replace(indicator, target_2030=100.0), user="fia")
    assert _summary(store.history(INDICATOR, indicator.key)) == [(1, "create", "eva"),
                                                                 (2, "update", "fia")]

    report = store.report_value(ReportedValue(indicator.id, 2026, 12.0), user="gun")
    assert report.reported_by == "gun"  # the person writing, never empty from the UI
    [created] = store.history(REPORTED_VALUE, report.key)
    assert (created.action, created.changed_by, created.after["value"]) == ("create", "gun", 12.0)


def test_a_save_that_changes_nothing_writes_nothing(store: Store) -> None:
    saved = {i: store.save_targets(sample_targets(i), user="anna") for i in ("uvas", "trangboddhet",
                                                                            "ekonomiskt_bistand")}
    # The page sends every row; only the one the person changed is written.
    with store.batch(user="bo") as batch:
        after = [batch.save_targets(replace(t, baseline_value=99.0) if i == "uvas" else t)
                 for i, t in saved.items()]
    assert [t.version for t in after] == [2, 1, 1]
    assert [t.updated_by for t in after] == ["bo", "anna", "anna"]
    assert [len(store.history(TARGETS, t.key)) for t in after] == [2, 1, 1]
    insats = store.save_insats(sample_insats())
    assert store.save_insats(insats) == insats  # same content at the same version: no new version
    # A stale version is refused even when the content is the same as what is stored now.
    with pytest.raises(ConflictError):
        store.save_targets(replace(after[0], version=1))


# ---------------------------------------------------------------------------------------------------
# Restore and undoable delete
# ---------------------------------------------------------------------------------------------------


def test_an_earlier_version_can_be_restored_and_the_restore_is_a_version(store: Store) -> None:
    store.save_scenario(PKG, sample_scenario(), user="anna")
    changed = store.save_scenario(PKG, sample_scenario(rule="top-n:5"), expected_version=1, user="bo")
    restored = store.restore(SCENARIO, changed.key, 1, expected_version=2, user="cia")
    assert (restored.version, restored.updated_by, restored.scenario.rule) == (3, "cia", "top-decile")
    assert _summary(store.history(SCENARIO, changed.key))[-1] == (3, "restore", "cia")
    with pytest.raises(ConflictError) as stale:  # the person saw version 2; it is 3 now
        store.restore(SCENARIO, changed.key, 2, expected_version=2, user="dan")
    assert stale.value.current == restored
    with pytest.raises(NotFoundError):
        store.restore(SCENARIO, changed.key, 42, expected_version=3)


@pytest.mark.parametrize("kind", [SCENARIO, TARGETS, INSATS, INDICATOR, REPORTED_VALUE])
def test_delete_is_a_version_and_can_be_undone(store: Store, kind: str) -> None:
    insats, output, outcome = populate(store)
    if kind == SCENARIO:
        record = store.save_scenario(PKG, sample_scenario())
        remove = lambda: store.delete_scenario(PKG, record.name, expected_version=1, user="bo")  # noqa: E731
        present = lambda: store.get_scenario(PKG, record.name)  # noqa: E731
    elif kind == TARGETS:
        record = store.save_targets(sample_targets())
        remove = lambda: store.delete_targets(PKG, "uvas", expected_version=1, user="bo")  # noqa: E731
        present = lambda: store.get_targets(PKG, "uvas")  # noqa: E731
    elif kind == INSATS:
        record = insats
        remove = lambda: store.delete_insats(insats.id, expected_version=1, user="bo")  # noqa: E731
        present = lambda: store.get_insats(insats.id)  # noqa: E731
    elif kind == INDICATOR:
        record = outcome
        remove = lambda: store.delete_indicator(outcome.id, expected_version=1, user="bo")  # noqa: E731
        present = lambda: store.get_indicator(outcome.id)  # noqa: E731
    else:
        record = store.list_reported_values(PKG, indicator_id=output.id)[0]
        remove = lambda: store.delete_reported_value(record.id, user="bo")  # noqa: E731
        present = lambda: next((r for r in store.list_reported_values(PKG)  # noqa: E731
                                if r.id == record.id), None)
    before_values = store.list_reported_values(PKG)
    assert remove()
    assert present() is None
    assert not remove()  # already gone: nothing lost
    deletion = store.history(kind, record.key)[-1]
    assert (deletion.action, deletion.changed_by, deletion.after) == ("delete", "bo", None)
    assert deletion.before == record.to_dict()
    assert [e.key for e in store.deleted(PKG, kind)] == [record.key]
    previous = store.history(kind, record.key)[-2].version
    back = store.restore(kind, record.key, previous, expected_version=deletion.version, user="cia")
    assert back.to_dict() | {"version": None, "updated_at": None, "updated_by": None} == \
        record.to_dict() | {"version": None, "updated_at": None, "updated_by": None}
    assert present() == back
    assert store.history(kind, record.key)[-1].action == "restore"
    assert store.deleted(PKG, kind) == []
    # An insats or indicator comes back with what was removed with it.
    assert sorted(r.id for r in store.list_reported_values(PKG)) == sorted(r.id for r in before_values)
    if kind == INSATS:
        assert sorted(i.id for i in store.list_indicators(PKG)) == sorted([output.id, outcome.id])


def test_restoring_a_child_of_a_removed_insats_asks_for_the_insats_first(store: Store) -> None:
    insats, output, _ = populate(store)
    store.delete_insats(insats.id, expected_version=1)
    assert store.deleted(PKG, INDICATOR) == []  # removed with their insats, not on their own
    assert len(store.deleted(PKG, INDICATOR, with_parent=True)) == 2
    deletion = store.history(INDICATOR, output.key)[-1]
    with pytest.raises(NotFoundError) as info:
        store.restore(INDICATOR, output.key, deletion.version - 1, expected_version=deletion.version)
    assert "återställ insatsen först" in info.value.message_sv
    with pytest.raises(InvalidDataError):  # a removal is not a state to go back to
        store.restore(INSATS, insats.key, 2, expected_version=2)


def test_a_new_item_under_a_removed_key_continues_its_versions(store: Store) -> None:
    first = store.save_scenario(PKG, sample_scenario())
    store.delete_scenario(PKG, first.name, expected_version=1)
    again = store.save_scenario(PKG, sample_scenario(rule="top-n:3"))
    assert again.version == 3  # a page still holding version 1 can never overwrite it
    with pytest.raises(ConflictError):
        store.save_scenario(PKG, sample_scenario(rule="top-n:9"), expected_version=1)
    assert _summary(store.history(SCENARIO, first.key)) == [
        (1, "create", None), (2, "delete", None), (3, "create", None)]


def test_rows_from_before_the_history_get_their_state_kept_on_first_change(store: Store) -> None:
    saved = store.save_targets(sample_targets(), user="anna", now=T0)
    with store.engine.begin() as conn:  # as if saved before the history existed
        conn.execute(text("DELETE FROM history"))
    store.save_targets(replace(saved, baseline_value=1.0), user="bo")
    entries = store.history(TARGETS, saved.key)
    assert _summary(entries) == [(1, "create", "anna"), (2, "update", "bo")]
    assert (entries[0].changed_at, entries[0].after) == (T0, saved.to_dict())
    assert store.restore(TARGETS, saved.key, 1, expected_version=2).baseline_value == 12.5


# ---------------------------------------------------------------------------------------------------
# Two people at once
# ---------------------------------------------------------------------------------------------------


def test_two_connections_saving_a_stale_version_conflict_with_the_others_value(
        make_store: Callable[..., Store]) -> None:
    anna, bo = make_store(), make_store()
    targets = anna.save_targets(sample_targets(), user="anna")
    seen_by_bo = bo.get_targets(PKG, "uvas")
    annas = anna.save_targets(replace(targets, baseline_value=11.0), user="anna")
    with pytest.raises(ConflictError) as info:
        bo.save_targets(replace(seen_by_bo, baseline_value=14.0), user="bo")
    assert info.value.current == annas
    assert info.value.current.baseline_value == 11.0
    assert "anna" in info.value.message_sv
    assert not isinstance(info.value, NameTakenError)
    assert bo.get_targets(PKG, "uvas").baseline_value == 11.0
    assert _summary(bo.history(TARGETS, targets.key)) == [(1, "create", "anna"), (2, "update", "anna")]


def test_a_taken_name_is_not_a_lost_update(make_store: Callable[..., Store]) -> None:
    anna, bo = make_store(), make_store()
    annas = anna.save_scenario(PKG, sample_scenario(), user="anna")
    with pytest.raises(NameTakenError) as info:
        bo.save_scenario(PKG, sample_scenario(rule="top-n:3"), user="bo")
    assert info.value.current == annas  # whose it is, its level and year: ask before replacing
    replaced = bo.save_scenario(PKG, sample_scenario(rule="top-n:3"), user="bo",
                                expected_version=info.value.current.version)
    assert (replaced.version, replaced.updated_by) == (2, "bo")
    anna.save_insats(sample_insats())
    with pytest.raises(NameTakenError):
        bo.save_insats(sample_insats())


# ---------------------------------------------------------------------------------------------------
# Targets per scope
# ---------------------------------------------------------------------------------------------------


def test_targets_for_the_proposal_and_the_whole_city_are_kept_apart(store: Store) -> None:
    proposal = store.save_targets(sample_targets(), user="anna")
    city = store.save_targets(replace(sample_targets(), scope="city", baseline_value=9.0), user="anna")
    assert proposal.scope == "proposal"
    assert sample_targets().scope == "proposal"  # the default
    assert [(t.indicator_id, t.scope) for t in store.list_targets(PKG)] == [
        ("uvas", "city"), ("uvas", "proposal")]
    assert store.list_targets(PKG, scope="city") == [city]
    assert store.get_targets(PKG, "uvas") == proposal
    assert store.get_targets(PKG, "uvas", scope="city") == city
    assert city.key != proposal.key
    with pytest.raises(ConflictError):  # one set per package, indicator and scope
        store.save_targets(replace(sample_targets(), scope="city"))
    with pytest.raises(InvalidDataError):
        IndicatorTargets(PKG, "uvas", 2024, 1.0, 2026, (TargetCheckpoint(2030, "absolute", 1.0),),
                         scope="district")
    assert store.delete_targets(PKG, "uvas", scope="city", expected_version=1)
    assert store.list_targets(PKG) == [proposal]


def test_the_scope_unique_constraint_holds_in_the_database(store: Store) -> None:
    store.save_targets(replace(sample_targets(), scope="city"))
    with pytest.raises(IntegrityError) as info, store.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO targets (package_key, indicator_id, baseline_year, baseline_value, start_year,"
            " checkpoints_json, version, created_at, updated_at, scope) SELECT package_key,"
            " indicator_id, baseline_year, baseline_value, start_year, checkpoints_json, 1, created_at,"
            " updated_at, scope FROM targets"))
    assert "unique" in str(info.value).lower()


# ---------------------------------------------------------------------------------------------------
# What refers to packages or levels that are not loaded
# ---------------------------------------------------------------------------------------------------


def test_stored_items_are_listed_per_package_and_removable(store: Store) -> None:
    store.save_scenario("upload-3f9a", sample_scenario())
    store.save_targets(replace(sample_targets(), package_key="upload-3f9a"))
    store.save_insats(sample_insats())
    assert store.stored_packages() == {
        "demo": {"scenarios": 0, "targets": 0, "insatser": 1},
        "upload-3f9a": {"scenarios": 1, "targets": 1, "insatser": 0}}
    assert store.delete_scenario("upload-3f9a", "Lika vikter", expected_version=1)
    assert store.delete_targets("upload-3f9a", "uvas", expected_version=1)
    assert "upload-3f9a" not in store.stored_packages()


def test_an_unreadable_scenario_is_listed_as_such_and_removable(store: Store) -> None:
    store.save_scenario(PKG, sample_scenario("Läsbar"))
    with store.engine.begin() as conn:  # e.g. saved by a newer release with a rule this one lacks
        conn.execute(text(
            "INSERT INTO scenarios (package_key, name, scenario_json, version, created_at, updated_at,"
            " updated_by) SELECT package_key, 'Från framtiden', '{\"level\": \"deso\", \"rule\":"
            " \"magic:3\"}', 4, created_at, updated_at, 'eva' FROM scenarios"))
    assert [s.name for s in store.list_scenarios(PKG)] == ["Läsbar"]  # never raises
    [unreadable] = store.unreadable_scenarios(PKG)
    assert isinstance(unreadable, UnreadableScenario)
    assert (unreadable.name, unreadable.version, unreadable.updated_by) == ("Från framtiden", 4, "eva")
    assert unreadable.detail
    with pytest.raises(NameTakenError) as taken:  # a new scenario under its name asks first, too
        store.save_scenario(PKG, sample_scenario("Från framtiden"))
    assert taken.value.current == unreadable
    assert store.delete_scenario(PKG, "Från framtiden", expected_version=4, user="bo")
    assert store.unreadable_scenarios(PKG) == []
    assert store.deleted(PKG, SCENARIO)[0].before["scenario_json"].startswith("{")


# ---------------------------------------------------------------------------------------------------
# Imports: who imported, not who the file says
# ---------------------------------------------------------------------------------------------------


def test_an_import_records_who_imported_and_keeps_the_files_reporter_as_a_note(store: Store) -> None:
    insats, output, _ = populate(store)
    rows = ("insats;indikator;år;värde;kommentar;rapporterad_av\n"
            f"{insats.name};{output.name};2027;140;andra året;Mallory\n"
            f"{insats.name};{output.name};2028;150;;\n")
    result = import_insatser(rows.encode(), "rapporterat.csv", store, PKG, user="eva")
    assert result.accepted, [p.describe("en") for p in result.problems]
    new = [r for r in store.list_reported_values(PKG) if r.year in (2027, 2028)]
    assert [(r.reported_by, r.note) for r in new] == [
        ("eva", "andra året (rapporterad_av: Mallory)"), ("eva", "")]
    assert {e.changed_by for r in new for e in store.history(REPORTED_VALUE, r.key)} == {"eva"}
