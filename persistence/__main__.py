"""``python -m persistence``: create or upgrade the database schema, or say where the data are kept.

    python -m persistence upgrade [URL]   # apply pending Alembic revisions (URL: KRAFTSAMLA_DATABASE_URL
                                          # or the local SQLite file when left out); a database made
                                          # before Alembic (schema v1–v4) is upgraded in place
    python -m persistence info [URL]      # backend, location and schema revision

Deployments run ``upgrade`` once, with a role that may change the schema, before the app's replicas
start. Developers writing a new revision use Alembic's own command line (``persistence/alembic.ini``).

Exit codes: 0 on success, 1 when the database cannot be opened or upgraded.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from persistence.engine import database_url
from persistence.errors import PersistenceError
from persistence.migrate import head
from persistence.store import open_store


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m persistence",
                                     description="Kraftsamla's database: upgrade or inspect it.")
    parser.add_argument("command", choices=("upgrade", "info"))
    parser.add_argument("url", nargs="?", help="SQLAlchemy URL (default: KRAFTSAMLA_DATABASE_URL or "
                        "data/local/kraftsamla.sqlite)")
    args = parser.parse_args(argv)
    try:
        store = open_store(args.url or database_url(), upgrade_schema=args.command == "upgrade")
        try:
            version = store.schema_version()
        finally:
            store.close()
    except PersistenceError as exc:
        print(exc.message_en, file=sys.stderr)
        return 1
    print(f"{store.location}: schema version {version or '(empty)'} (this code: {head()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
