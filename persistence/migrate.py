"""Schema migrations with Alembic: create a new database, upgrade an older one in place.

The revisions live in `persistence/migrations/versions/`, one file each with ``upgrade()`` and
``downgrade()``. Revisions 0001–0004 are the hand-written migrations v1–v4 of earlier releases; a database
those made (a ``schema_version`` table, no ``alembic_version``) is stamped with the matching revision
and upgraded from there, in place, keeping its data.

One upgrade runs in one transaction (both backends run DDL transactionally here). Two app instances
starting at once cannot both migrate: PostgreSQL takes an advisory lock, SQLite's ``BEGIN IMMEDIATE``
holds the write lock, and the version is read again once the lock is held. A database at a revision
this code does not know (made by a newer release) is refused rather than guessed at.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, func, inspect, select, table, text
from sqlalchemy import column as sql_column

from persistence.engine import transaction
from persistence.errors import SchemaVersionError

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"
#: The hand-written migrations' versions and the revisions that build the same schema.
LEGACY_REVISIONS: dict[int, str] = {1: "0001", 2: "0002", 3: "0003", 4: "0004"}
LEGACY_TABLE = "schema_version"
#: Arbitrary constant naming the PostgreSQL advisory lock held while migrating.
_LOCK_KEY = 5_726_311_947
# Alembic keeps the running migration's context in module globals: one upgrade at a time per process
# (the database lock already orders them between processes).
_ALEMBIC = threading.Lock()


def config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for our revisions; ``connection`` is the one migrations run on."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    """The newest revision: the schema this code reads and writes."""
    found = scripts().get_current_head()
    assert found is not None
    return found


def known(revision: str) -> bool:
    """True when ``revision`` is one of ours."""
    try:
        return scripts().get_revision(revision) is not None
    except CommandError:
        return False


def current_revision(conn: Connection) -> str | None:
    """The revision of the database behind ``conn``: Alembic's, or the one matching a hand-written
    migration's version (a database not upgraded since); None for an empty database."""
    found = MigrationContext.configure(conn).get_current_revision()
    if found is not None or not inspect(conn).has_table(LEGACY_TABLE):
        return found
    legacy = conn.execute(select(func.max(sql_column("version"))).select_from(table(LEGACY_TABLE))).scalar()
    if legacy is None:
        return None
    return LEGACY_REVISIONS.get(int(legacy), f"v{legacy}")


def _unknown(found: str) -> SchemaVersionError:
    return SchemaVersionError(
        f"Databasen har schemaversion {found}, men den här versionen av appen känner bara till "
        f"versioner upp till {head()}. Uppdatera appen; databasen lämnas orörd.",
        f"The database has schema version {found}, but this version of the app only knows versions up "
        f"to {head()}. Update the app; the database is left untouched.")


def _ahead_or_equal(found: str | None, target: str) -> bool:
    """True when the database at ``found`` needs nothing to reach ``target``."""
    if found is None:
        return False
    return found == target or target in {r.revision for r in scripts().iterate_revisions(found, "base")}


def upgrade(engine: Engine, target: str = "head") -> str:
    """Apply the revisions the database has not had, up to ``target`` (default: the newest).

    Parameters
    ----------
    engine : from `persistence.engine.make_engine`.
    target : a revision id (tests build older schemas with it) or "head".

    Returns
    -------
    str
        The database's revision afterwards.

    Raises
    ------
    SchemaVersionError
        When the database is at a revision this code does not know, or ``target`` is unknown.
    sqlalchemy.exc.SQLAlchemyError
        Database failures (the caller turns them into `PersistenceError`).
    """
    target = head() if target == "head" else target
    if not known(target):
        raise SchemaVersionError(f"Okänd schemaversion {target}.", f"Unknown schema version {target}.")
    with transaction(engine, write=False) as conn:
        found = current_revision(conn)
    if found is not None and not known(found):
        raise _unknown(found)
    if _ahead_or_equal(found, target):
        return found  # nothing to do; a read-only database at the newest version stays usable
    with _ALEMBIC, transaction(engine, write=True) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        found = current_revision(conn)  # again: another instance may have migrated meanwhile
        if found is not None and not known(found):
            raise _unknown(found)
        if _ahead_or_equal(found, target):
            return found
        cfg = config(conn)
        if found is not None and MigrationContext.configure(conn).get_current_revision() is None:
            command.stamp(cfg, found)  # made by the hand-written migrations: Alembic takes over
        command.upgrade(cfg, target)
        return current_revision(conn) or target


def downgrade(engine: Engine, target: str) -> str | None:
    """Undo revisions down to ``target`` ("base": an empty database). For tests and emergencies; the
    app never downgrades."""
    with _ALEMBIC, transaction(engine, write=True) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        command.downgrade(config(conn), target)
        return MigrationContext.configure(conn).get_current_revision()
