"""Alembic's environment: runs the revisions in `versions/` on a connection.

`persistence.migrate` hands in a connection that is already inside a transaction holding the
database's migration lock (``config.attributes["connection"]``), so every revision of one upgrade runs
in that one transaction. Run from the command line (``alembic -c persistence/alembic.ini upgrade head``)
it opens the deployment's database (`persistence.engine.database_url`) itself.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from persistence.engine import database_url, make_engine, transaction
from persistence.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or database_url())
    try:
        with transaction(engine, write=True) as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Kraftsamla's migrations run against a database; --sql (offline) is not supported.")
run_migrations_online()
