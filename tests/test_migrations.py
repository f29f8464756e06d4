"""Schema migrations with Alembic: a new database is built by the revisions, databases made by the
hand-written migrations v1–v4 upgrade in place (real files made by that code, and the same schemas on
PostgreSQL), every revision can be undone, instances starting at once migrate once, and a database from
a newer release is refused. On SQLite and PostgreSQL (fixtures in `tests.stores`)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, bindparam, create_engine, inspect, text

from persistence import (
    SCHEMA_VERSION,
    SEEDED_BOARDS,
    IndicatorTargets,
    SchemaVersionError,
    Store,
    TargetCheckpoint,
    open_store,
    sqlite_url,
)
from persistence import schema as current_schema
from persistence.__main__ import main as persistence_main
from persistence.engine import make_engine
from persistence.migrate import LEGACY_REVISIONS, downgrade, upgrade
from tests.stores import LEGACY_FILES, PKG, T0, legacy_database
from tests.stores import sample_insats as _insats
from tests.stores import sample_scenario as _scenario

BOOKKEEPING = {"alembic_version", "schema_version"}


def _described(engine: Engine) -> dict[str, dict]:
    """Tables as the database describes them: columns (nullable), unique constraints, foreign keys and
    indexes, by table; Alembic's and the old runner's bookkeeping left out."""
    inspector = inspect(engine)
    out = {}
    for name in sorted(set(inspector.get_table_names()) - BOOKKEEPING):
        out[name] = {
            "columns": {c["name"]: c["nullable"] for c in inspector.get_columns(name)},
            "unique": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)),
            "foreign": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                               tuple(f["referred_columns"])) for f in inspector.get_foreign_keys(name)),
            "indexes": sorted((i["name"], tuple(i["column_names"]))
                              for i in inspector.get_indexes(name) if not i.get("unique")),
        }
    return out


def _assert_current_schema(engine: Engine) -> None:
    """The database holds exactly the tables, columns, nullability and unique constraints of
    `persistence.schema` (plus Alembic's own table)."""
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) == set(current_schema.metadata.tables) | {"alembic_version"}
    for name, table in current_schema.metadata.tables.items():
        columns = {c["name"]: c for c in inspector.get_columns(name)}
        assert set(columns) == {c.name for c in table.columns}, name
        for column in table.columns:
            assert columns[column.name]["nullable"] == column.nullable, (name, column.name)
        uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)}
        expected = {tuple(c.name for c in con.columns) for con in table.constraints
                    if con.__class__.__name__ == "UniqueConstraint"}
        assert uniques == expected, name
        indexes = {(i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(name)
                   if not i.get("unique")}
        assert indexes == {(i.name, tuple(c.name for c in i.columns)) for i in table.indexes}, name


def _alembic_versions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]


# ---------------------------------------------------------------------------------------------------
# A new database
# ---------------------------------------------------------------------------------------------------


def test_new_database_is_at_the_newest_version_with_the_six_boards(store: Store) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    assert [(b.name_sv, b.name_en) for b in store.list_boards()] == list(SEEDED_BOARDS)


def test_migrations_build_exactly_the_schema_the_code_uses(make_store: Callable[..., Store]) -> None:
    _assert_current_schema(make_store().engine)


def test_opening_twice_does_not_migrate_again(db_url: str, make_store: Callable[..., Store]) -> None:
    make_store().close()
    store = make_store()
    assert _alembic_versions(store.engine) == [SCHEMA_VERSION]
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM boards")).scalar() == len(SEEDED_BOARDS)


def test_instances_starting_at_once_migrate_once(db_url: str, make_store: Callable[..., Store]) -> None:
    failures: list[Exception] = []

    def start() -> None:
        try:
            make_store(db_url)
        except Exception as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failures, failures
    store = make_store()
    assert _alembic_versions(store.engine) == [SCHEMA_VERSION]
    with store.engine.connect() as conn:
        boards = conn.execute(text("SELECT count(*) FROM boards")).scalar()
    assert boards == len(SEEDED_BOARDS)


def test_every_revision_can_be_undone_and_redone(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert upgrade(engine) == SCHEMA_VERSION
        with engine.begin() as conn:  # one row per table that a downgrade has to carry or drop
            conn.execute(text(
                "INSERT INTO targets (package_key, indicator_id, baseline_year, baseline_value,"
                " start_year, checkpoints_json, version, created_at, updated_at, scope) VALUES"
                " ('demo', 'uvas', 2024, 12.5, 2026, '{}', 1, :t, :t, 'proposal'),"
                " ('demo', 'uvas', 2024, 14.0, 2026, '{}', 1, :t, :t, 'city')")
                .bindparams(bindparam("t", type_=current_schema.UtcDateTime())), {"t": T0})
        assert downgrade(engine, LEGACY_REVISIONS[4]) == "0004"
        with engine.connect() as conn:  # what the hand-written runner of earlier releases expects
            assert [r[0] for r in conn.execute(text("SELECT version FROM schema_version ORDER BY 1"))] \
                == [1, 2, 3, 4]
            # the older schema has room for one set of targets per indicator: the whole-city one goes
            assert conn.execute(text("SELECT baseline_value FROM targets")).scalars().all() == [12.5]
            assert not inspect(conn).has_table("history")
        assert downgrade(engine, "base") is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert upgrade(engine) == SCHEMA_VERSION
        _assert_current_schema(engine)
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------------------------------
# Databases made by the hand-written migrations v1–v4
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_baseline_revisions_build_what_the_hand_written_migrations_built(tmp_path: Path,
                                                                        version: int) -> None:
    made_then = create_engine(sqlite_url(LEGACY_FILES / f"kraftsamla_v{version}.sqlite"))
    made_now = make_engine(sqlite_url(tmp_path / "alembic.sqlite"))
    try:
        assert upgrade(made_now, LEGACY_REVISIONS[version]) == LEGACY_REVISIONS[version]
        assert _described(made_now) == _described(made_then)
    finally:
        made_then.dispose()
        made_now.dispose()


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_every_hand_written_version_upgrades_in_place(db_url: str, make_store: Callable[..., Store],
                                                      version: int) -> None:
    legacy_database(db_url, version)
    assert open_store(db_url, upgrade_schema=False).schema_version() == LEGACY_REVISIONS[version]
    scenario = _scenario(f"Sparat i version {version}")
    extra = {3: ", updated_by", 4: ", updated_by"}.get(version, "")
    with make_engine(db_url).begin() as conn:
        conn.execute(text(
            f"INSERT INTO scenarios (package_key, name, scenario_json, version, created_at, updated_at"
            f"{extra}) VALUES (:p, :n, :j, 2, :t, :t{', :who' if extra else ''})")
            .bindparams(bindparam("t", type_=current_schema.UtcDateTime())),
            {"p": PKG, "n": scenario.name, "j": scenario.to_json(), "t": T0, "who": "anna"})
    store = make_store()  # upgrades in place
    assert store.schema_version() == SCHEMA_VERSION
    _assert_current_schema(store.engine)
    saved = store.get_scenario(PKG, scenario.name)
    assert saved is not None
    assert saved.scenario == scenario
    assert (saved.version, saved.updated_by, saved.created_at) == (
        2, "anna" if extra else None, T0)
    again = store.save_scenario(PKG, replace(scenario, rule="top-n:3"), expected_version=2, user="bo")
    assert (again.version, again.updated_by) == (3, "bo")


def test_upgrade_from_version_1_keeps_the_data(db_url: str, make_store: Callable[..., Store]) -> None:
    # A database as the first release left it: scenarios and targets only, no updated_by columns.
    legacy_database(db_url, 1)
    engine = make_engine(db_url)
    scenario = _scenario("Gammalt scenario")
    stamp = bindparam("t", type_=current_schema.UtcDateTime())
    with engine.begin() as conn:
        assert not inspect(conn).has_table("insatser")
        conn.execute(text(
            "INSERT INTO scenarios (package_key, name, scenario_json, version, created_at, updated_at)"
            " VALUES (:p, :n, :j, 3, :t, :t)").bindparams(stamp),
            {"p": PKG, "n": scenario.name, "j": scenario.to_json(), "t": T0})
        conn.execute(text(
            "INSERT INTO targets (package_key, indicator_id, baseline_year, baseline_value, start_year,"
            " checkpoints_json, scenario_name, version, created_at, updated_at) VALUES"
            " (:p, 'uvas', 2024, 12.5, 2026, :c, :n, 1, :t, :t)").bindparams(stamp),
            {"p": PKG, "c": '{"2030": {"kind": "relative", "amount": -20}}', "n": scenario.name,
             "t": T0})
    engine.dispose()

    store = make_store()  # upgrades in place
    assert store.schema_version() == SCHEMA_VERSION
    saved = store.get_scenario(PKG, scenario.name)
    assert saved is not None
    assert saved.scenario == scenario
    assert (saved.version, saved.updated_by) == (3, None)
    targets = store.get_targets(PKG, "uvas")
    assert targets is not None
    assert targets.checkpoints == (TargetCheckpoint(2030, "relative", -20.0),)
    assert targets.scenario_name == scenario.name
    assert targets.scope == "proposal"  # every target before 0006 was set for the proposed areas
    # The upgraded database works like a new one: the old rows can be edited, insatser added.
    again = store.save_scenario(PKG, replace(scenario, rule="top-n:5"), expected_version=3, user="eva")
    assert (again.version, again.updated_by, again.scenario.rule) == (4, "eva", "top-n:5")
    assert store.save_insats(_insats()).version == 1
    assert [b.name_sv for b in store.list_boards()] == [sv for sv, _ in SEEDED_BOARDS]
    assert not inspect(store.engine).has_table("schema_version")  # Alembic has taken over


def test_upgrade_from_version_2_keeps_insatser(db_url: str, make_store: Callable[..., Store]) -> None:
    legacy_database(db_url, 2)
    engine = make_engine(db_url)
    with engine.begin() as conn:
        board = conn.execute(text("SELECT id FROM boards WHERE name_sv = 'kulturnämnden'")).scalar()
        conn.execute(text(
            "INSERT INTO insatser (id, package_key, name, board_id, area_level, area_ids_json,"
            " start_year, budget_sek, description, version, created_at, updated_at) VALUES"
            " ('abc', :p, 'Sommarscen', :b, 'deso', '[\"A\"]', 2027, NULL, '', 1, :t, :t)")
            .bindparams(bindparam("t", type_=current_schema.UtcDateTime())),
            {"p": PKG, "b": board, "t": T0})
    engine.dispose()
    store = make_store()
    [insats] = store.list_insatser(PKG)
    assert (insats.id, insats.name, insats.board, insats.area_ids, insats.updated_by) == (
        "abc", "Sommarscen", "kulturnämnden", ("A",), None)
    assert insats.created_at == T0


def test_a_real_version_4_file_upgrades_to_the_newest_revision_keeping_everything(
        tmp_path: Path) -> None:
    path = tmp_path / "kraftsamla.sqlite"
    shutil.copyfile(LEGACY_FILES / "kraftsamla_v4.sqlite", path)
    assert persistence_main(["upgrade", sqlite_url(path)]) == 0  # what a deployment runs
    store = open_store(sqlite_url(path))
    try:
        assert store.schema_version() == SCHEMA_VERSION
        _assert_current_schema(store.engine)
        november, districts = (store.get_scenario("demo", n) for n in ("Styrgruppen november",
                                                                        "Stadsdelar"))
        assert (november.scenario.level, november.scenario.year, november.scenario.rule) == (
            "deso", 2024, "top-n:5")
        assert november.scenario.weights == (("behorighet_yrkesprogram", 1.0), ("trangboddhet", 0.5))
        assert (november.version, november.updated_by) == (1, "Anna Andersson")
        assert (districts.scenario.level, districts.updated_by) == ("stadsdel", None)
        [targets] = store.list_targets("demo")
        assert (targets.indicator_id, targets.scope, targets.baseline_value, targets.version,
                targets.updated_by, targets.responsible_board) == (
            "uvas", "proposal", 9.75, 2, "Cia", "arbetsmarknads- och socialnämnden")
        assert targets.checkpoints == (TargetCheckpoint(2030, "relative", -20.0),
                                       TargetCheckpoint(2035, "close_gap", 50.0))
        assert [b.name_sv for b in store.list_boards()] == [
            *(sv for sv, _ in SEEDED_BOARDS), "stadsbyggnadsnämnden"]
        [insats] = store.list_insatser("demo")
        assert (insats.name, insats.board, insats.area_ids, insats.budget_sek, insats.updated_by) == (
            "Läxhjälp i Kustad", "grundskolenämnden", ("A", "B"), 1_250_000.0, "Anna Andersson")
        [indicator] = store.list_indicators("demo")
        assert (indicator.name, indicator.baseline_value, indicator.target_2035) == (
            "Andel behöriga", 61.5, 75.5)
        [report] = store.list_reported_values("demo")
        assert (report.value, report.numerator, report.note, report.reported_by) == (
            63.25, 253.0, "första terminen", "Bo Berg")
        # The history starts at the state each row was in: a change keeps it, and it can be restored.
        changed = store.save_targets(replace(targets, baseline_value=10.0), user="Eva")
        assert [(e.version, e.action, e.changed_by) for e in store.history("targets", targets.key)] == [
            (2, "update", "Cia"), (3, "update", "Eva")]
        back = store.restore("targets", targets.key, 2, expected_version=changed.version, user="Eva")
        assert (back.baseline_value, back.version) == (9.75, 4)
        assert isinstance(back, IndicatorTargets)
    finally:
        store.close()


def test_python_m_persistence_says_where_and_which_version(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "kraftsamla.sqlite"
    shutil.copyfile(LEGACY_FILES / "kraftsamla_v2.sqlite", path)
    assert persistence_main(["info", sqlite_url(path)]) == 0
    assert "schema version 0002" in capsys.readouterr().out  # not upgraded by info
    assert persistence_main(["upgrade", sqlite_url(path)]) == 0
    assert f"schema version {SCHEMA_VERSION}" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------------
# A database from a newer release
# ---------------------------------------------------------------------------------------------------


def test_database_newer_than_the_code_is_refused(db_url: str, make_store: Callable[..., Store]) -> None:
    store = make_store()
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9001'"))
    store.close()
    with pytest.raises(SchemaVersionError) as info:
        open_store(db_url)
    assert "9001" in info.value.message_sv
    assert "Update the app" in info.value.message_en


def test_a_hand_written_version_this_code_never_had_is_refused(db_url: str) -> None:
    legacy_database(db_url, 4)
    with make_engine(db_url).begin() as conn:
        conn.execute(text("INSERT INTO schema_version (version, description, applied_at) "
                          "VALUES (5, 'from the future', :t)")
                     .bindparams(bindparam("t", type_=current_schema.UtcDateTime())), {"t": T0})
    with pytest.raises(SchemaVersionError) as info:
        open_store(db_url)
    assert "v5" in info.value.message_sv
    assert "Update the app" in info.value.message_en
