"""Persistence: saved scenarios, targets, insatser with their indicators and reported values, shared
by everyone using one deployment and kept across restarts.

SQLite at ``data/local/kraftsamla.sqlite`` by default; PostgreSQL when ``KRAFTSAMLA_DATABASE_URL`` is
set. Never imports streamlit.

Examples
--------
>>> store = open_store(database_url())  # doctest: +SKIP
>>> saved = store.save_insats(Insats("demo", "Läxhjälp", "grundskolenämnden", "deso", ("A",), 2026))
"""

from persistence.engine import DATABASE_URL_ENV, DEFAULT_SQLITE_PATH, database_url, sqlite_url
from persistence.errors import (
    ConflictError,
    DatabaseUnavailableError,
    InvalidDataError,
    NotFoundError,
    PersistenceError,
    ReadOnlyDatabaseError,
    SchemaVersionError,
)
from persistence.exchange import (
    ImportReport,
    export_insatser,
    export_insatser_csv,
    export_insatser_zip,
    import_insatser,
)
from persistence.migrations import HEAD as SCHEMA_VERSION
from persistence.records import (
    CHECKPOINT_YEARS,
    DIRECTIONS,
    INDICATOR_KINDS,
    SEEDED_BOARDS,
    TARGET_KINDS,
    Board,
    IndicatorTargets,
    Insats,
    InsatsIndicator,
    ReportedValue,
    SavedScenario,
    TargetCheckpoint,
)
from persistence.store import Batch, Store, open_store

__all__ = [
    "CHECKPOINT_YEARS",
    "DATABASE_URL_ENV",
    "DEFAULT_SQLITE_PATH",
    "DIRECTIONS",
    "INDICATOR_KINDS",
    "SCHEMA_VERSION",
    "SEEDED_BOARDS",
    "TARGET_KINDS",
    "Batch",
    "Board",
    "ConflictError",
    "DatabaseUnavailableError",
    "ImportReport",
    "IndicatorTargets",
    "Insats",
    "InsatsIndicator",
    "InvalidDataError",
    "NotFoundError",
    "PersistenceError",
    "ReadOnlyDatabaseError",
    "ReportedValue",
    "SavedScenario",
    "SchemaVersionError",
    "Store",
    "TargetCheckpoint",
    "database_url",
    "export_insatser",
    "export_insatser_csv",
    "export_insatser_zip",
    "import_insatser",
    "open_store",
    "sqlite_url",
]
