"""Database URLs and SQLAlchemy engines for the two supported backends.

The embedded default is a SQLite file under ``data/local/`` (no set-up, one machine). Setting
``KRAFTSAMLA_DATABASE_URL`` to a PostgreSQL URL shares one database between every instance of a
deployment. Both engines are configured so that:

* write transactions take the database's write lock at once (SQLite ``BEGIN IMMEDIATE``), so two
  sessions writing at the same time wait for each other briefly instead of failing;
* DDL runs inside transactions on SQLite too (a failed migration leaves nothing half done);
* SQLite enforces foreign keys (``ON DELETE CASCADE`` from an insats to its indicators and values);
* an unreachable PostgreSQL server is reported within `CONNECT_TIMEOUT_S` seconds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from persistence.errors import DatabaseUnavailableError, PersistenceError

#: Environment variable holding the SQLAlchemy URL of a shared database.
DATABASE_URL_ENV = "KRAFTSAMLA_DATABASE_URL"
#: The embedded default database file.
DEFAULT_SQLITE_PATH = Path(__file__).resolve().parents[1] / "data" / "local" / "kraftsamla.sqlite"
#: Seconds to wait for a PostgreSQL server before reporting it unreachable (libpq's minimum is 2).
CONNECT_TIMEOUT_S = 3
#: Seconds a SQLite write waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT_S = 10
#: Execution option marking a connection whose transactions will write.
WRITE_OPTION = "kraftsamla_write"


def sqlite_url(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite file (made absolute)."""
    return f"sqlite:///{Path(path).resolve()}"


def database_url(env: Mapping[str, str] | None = None) -> str:
    """The database this deployment uses.

    Parameters
    ----------
    env : the environment to read; ``os.environ`` when None.

    Returns
    -------
    str
        ``KRAFTSAMLA_DATABASE_URL`` when it is set and not empty (e.g.
        ``postgresql+psycopg://user:pw@127.0.0.1:5432/kraftsamla``), else the SQLite file
        ``data/local/kraftsamla.sqlite`` beside the code.
    """
    env = os.environ if env is None else env
    url = (env.get(DATABASE_URL_ENV) or "").strip()
    return url or sqlite_url(DEFAULT_SQLITE_PATH)


def normalise_url(url: str | URL) -> URL:
    """Parse ``url``; plain ``postgresql://`` and ``postgres://`` URLs get the psycopg (v3) driver.

    Raises
    ------
    PersistenceError
        When the URL cannot be read or names a backend other than SQLite or PostgreSQL.
    """
    text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://"):]
    try:
        parsed = make_url(text)
    except ArgumentError as exc:
        raise PersistenceError(
            "Databasadressen (KRAFTSAMLA_DATABASE_URL) kan inte läsas. Skriv den som "
            "postgresql+psycopg://användare:lösenord@värd:5432/databas.",
            "The database URL (KRAFTSAMLA_DATABASE_URL) cannot be read. Write it as "
            "postgresql+psycopg://user:password@host:5432/database.", str(exc)) from None
    backend = parsed.get_backend_name()
    if parsed.drivername == "postgresql":  # psycopg (v3) is what requirements.txt installs
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend not in ("sqlite", "postgresql"):
        raise PersistenceError(
            f"Databastypen '{backend}' stöds inte. Använd PostgreSQL eller SQLite.",
            f"The database type '{backend}' is not supported. Use PostgreSQL or SQLite.")
    return parsed


def describe_url(url: URL) -> str:
    """Where the data are kept, for people and logs (never shows a password)."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite {url.database or ':memory:'}"
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    return f"PostgreSQL {host}{port}/{url.database or ''}"


def _is_sqlite_file(url: URL) -> bool:
    uri = str(url.query.get("uri", "")).lower() in ("true", "1")
    return bool(url.database) and url.database != ":memory:" and not uri


def make_engine(url: str | URL) -> Engine:
    """A configured engine for ``url`` (see the module docstring). Does not connect yet.

    Raises
    ------
    PersistenceError
        For an unreadable or unsupported URL, or a SQLite folder that cannot be created.
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_timeout=CONNECT_TIMEOUT_S * 3,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "kraftsamla"})
    if _is_sqlite_file(parsed):
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailableError(
                f"Mappen för databasfilen ({folder}) kan inte skapas.",
                f"The folder of the database file ({folder}) cannot be created.", str(exc)) from None
    memory = not parsed.database or parsed.database == ":memory:"
    engine = create_engine(
        parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
        **({"poolclass": StaticPool} if memory else {}))
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (SQLAlchemy's
    documented recipe), so DDL is transactional and writers can take the lock up front."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def transaction(engine: Engine, write: bool) -> Iterator[Connection]:
    """A connection inside one transaction: committed when the block ends, rolled back on error."""
    with engine.connect() as conn:
        if write:
            conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn
