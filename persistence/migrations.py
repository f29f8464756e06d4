"""Versioned schema migrations: an ordered list of functions and a ``schema_version`` table.

Each `Migration` moves the schema one version up; `upgrade` applies those a database has not had yet,
all in one transaction (both backends run DDL transactionally here), and records each in
``schema_version``. Two app instances starting at once cannot both migrate: PostgreSQL takes an
advisory lock, SQLite's ``BEGIN IMMEDIATE`` holds the write lock. A database newer than the code is
refused rather than guessed at.

Migrations describe the tables *as they were* at their version (their own `Table` objects below), never
`persistence.schema`, so old steps stay correct when the current schema moves on.

To add a migration: write ``_vN(conn, now)`` and append ``Migration(N, "...", _vN)`` to `MIGRATIONS`;
then update `persistence.schema` to match (the tests compare the two).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Connection,
    Double,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    inspect,
    select,
    text,
)

from persistence.engine import transaction
from persistence.errors import SchemaVersionError
from persistence.records import SEEDED_BOARDS
from persistence.schema import KEY, NAME, UUID, UtcDateTime
from persistence.schema import schema_version as version_table

#: Arbitrary constant naming the PostgreSQL advisory lock held while migrating.
_LOCK_KEY = 5_726_311_947


@dataclass(frozen=True)
class Migration:
    """One step: ``apply(conn, now)`` moves the schema from ``version - 1`` to ``version``."""

    version: int
    description: str
    apply: Callable[[Connection, datetime], None]


def _v1(conn: Connection, now: datetime) -> None:
    """Saved scenarios and indicator targets."""
    meta = MetaData()
    Table("scenarios", meta,
          Column("id", Integer, primary_key=True),
          Column("package_key", String(KEY), nullable=False),
          Column("name", String(NAME), nullable=False),
          Column("scenario_json", Text, nullable=False),
          Column("version", Integer, nullable=False),
          Column("created_at", UtcDateTime, nullable=False),
          Column("updated_at", UtcDateTime, nullable=False),
          UniqueConstraint("package_key", "name", name="uq_scenarios_package_name"))
    Table("targets", meta,
          Column("id", Integer, primary_key=True),
          Column("package_key", String(KEY), nullable=False),
          Column("indicator_id", String(KEY), nullable=False),
          Column("baseline_year", Integer, nullable=False),
          Column("baseline_value", Double, nullable=False),
          Column("start_year", Integer, nullable=False),
          Column("checkpoints_json", Text, nullable=False),
          Column("scenario_name", String(NAME), nullable=True),
          Column("version", Integer, nullable=False),
          Column("created_at", UtcDateTime, nullable=False),
          Column("updated_at", UtcDateTime, nullable=False),
          UniqueConstraint("package_key", "indicator_id", name="uq_targets_package_indicator"))
    meta.create_all(conn)


def _v2(conn: Connection, now: datetime) -> None:
    """Boards (seeded with the six of the programme), insatser, their indicators, reported values."""
    meta = MetaData()
    boards = Table("boards", meta,
                   Column("id", Integer, primary_key=True),
                   Column("name_sv", String(NAME), nullable=False),
                   Column("name_en", String(NAME), nullable=False),
                   Column("sort_order", Integer, nullable=False),
                   Column("created_at", UtcDateTime, nullable=False),
                   UniqueConstraint("name_sv", name="uq_boards_name_sv"))
    Table("insatser", meta,
          Column("id", String(UUID), primary_key=True),
          Column("package_key", String(KEY), nullable=False),
          Column("name", String(NAME), nullable=False),
          Column("board_id", Integer, ForeignKey("boards.id", name="fk_insatser_board"), nullable=False),
          Column("area_level", String(KEY), nullable=False),
          Column("area_ids_json", Text, nullable=False),
          Column("start_year", Integer, nullable=False),
          Column("budget_sek", Double, nullable=True),
          Column("description", Text, nullable=False),
          Column("version", Integer, nullable=False),
          Column("created_at", UtcDateTime, nullable=False),
          Column("updated_at", UtcDateTime, nullable=False),
          UniqueConstraint("package_key", "name", name="uq_insatser_package_name"))
    Table("insats_indicators", meta,
          Column("id", String(UUID), primary_key=True),
          Column("insats_id", String(UUID),
                 ForeignKey("insatser.id", ondelete="CASCADE", name="fk_insats_indicators_insats"),
                 nullable=False),
          Column("name", String(NAME), nullable=False),
          Column("kind", String(20), nullable=False),
          Column("unit", String(KEY), nullable=False),
          Column("direction", String(20), nullable=False),
          Column("baseline_year", Integer, nullable=True),
          Column("baseline_value", Double, nullable=True),
          Column("target_2030", Double, nullable=True),
          Column("target_2035", Double, nullable=True),
          Column("version", Integer, nullable=False),
          Column("created_at", UtcDateTime, nullable=False),
          Column("updated_at", UtcDateTime, nullable=False),
          UniqueConstraint("insats_id", "name", name="uq_insats_indicators_insats_name"))
    Table("reported_values", meta,
          Column("id", Integer, primary_key=True),
          Column("indicator_id", String(UUID),
                 ForeignKey("insats_indicators.id", ondelete="CASCADE",
                            name="fk_reported_values_indicator"),
                 nullable=False),
          Column("year", Integer, nullable=False),
          Column("value", Double, nullable=False),
          Column("numerator", Double, nullable=True),
          Column("denominator", Double, nullable=True),
          Column("note", Text, nullable=False),
          Column("reported_by", String(NAME), nullable=False),
          Column("reported_at", UtcDateTime, nullable=False),
          Index("ix_reported_values_indicator_year", "indicator_id", "year"))
    meta.create_all(conn)
    conn.execute(insert(boards), [
        {"name_sv": sv, "name_en": en, "sort_order": i, "created_at": now}
        for i, (sv, en) in enumerate(SEEDED_BOARDS, start=1)])


def _v3(conn: Connection, now: datetime) -> None:
    """Who last changed an editable row (shown when someone else's change conflicts with yours)."""
    for table in ("scenarios", "targets", "insatser", "insats_indicators"):
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN updated_by VARCHAR({NAME})"))


def _v4(conn: Connection, now: datetime) -> None:
    """The board responsible for each indicator's targets (shown in the steering group's table)."""
    conn.execute(text(f"ALTER TABLE targets ADD COLUMN responsible_board VARCHAR({NAME})"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "scenarios and targets", _v1),
    Migration(2, "boards, insatser, insats indicators, reported values", _v2),
    Migration(3, "updated_by on editable rows", _v3),
    Migration(4, "responsible board on targets", _v4),
)
#: The schema version this code reads and writes.
HEAD: int = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The schema version of the database behind ``conn``; 0 for an empty database."""
    if not inspect(conn).has_table(version_table.name):
        return 0
    return int(conn.execute(select(func.max(version_table.c.version))).scalar() or 0)


def _newer_than_code(found: int) -> SchemaVersionError:
    return SchemaVersionError(
        f"Databasen har schemaversion {found}, men den här versionen av appen känner bara till "
        f"version {HEAD}. Uppdatera appen; databasen lämnas orörd.",
        f"The database has schema version {found}, but this version of the app only knows version "
        f"{HEAD}. Update the app; the database is left untouched.")


def upgrade(engine: Engine, target: int | None = None, now: datetime | None = None) -> int:
    """Apply the migrations the database has not had, up to ``target`` (default: `HEAD`).

    Parameters
    ----------
    engine : from `persistence.engine.make_engine`.
    target : stop at this version (tests build old databases with it).
    now : the time recorded as ``applied_at`` (UTC now when None).

    Returns
    -------
    int
        The schema version after the upgrade.

    Raises
    ------
    SchemaVersionError
        When the database is newer than the code, or ``target`` is not a known version.
    sqlalchemy.exc.SQLAlchemyError
        Database failures (the caller turns them into `PersistenceError`).
    """
    target = HEAD if target is None else target
    if not 0 <= target <= HEAD:
        raise SchemaVersionError(f"Okänd schemaversion {target}.", f"Unknown schema version {target}.")
    with transaction(engine, write=False) as conn:
        found = current_version(conn)
    if found > HEAD:
        raise _newer_than_code(found)
    if found >= target:
        return found  # nothing to do; a read-only database at the newest version stays usable
    now = datetime.now(UTC) if now is None else now
    with transaction(engine, write=True) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        found = current_version(conn)  # again: another instance may have migrated meanwhile
        if found > HEAD:
            raise _newer_than_code(found)
        if found == 0:
            version_table.create(conn, checkfirst=True)
        for migration in MIGRATIONS:
            if found < migration.version <= target:
                migration.apply(conn, now)
                conn.execute(insert(version_table).values(
                    version=migration.version, description=migration.description, applied_at=now))
                found = migration.version
    return found
