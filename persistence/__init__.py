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
    NameTakenError,
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
from persistence.meeting_notes import MEETING_STEPS, NOTE_KINDS, MeetingNote
from persistence.migrate import head
from persistence.records import (
    CHECKPOINT_YEARS,
    DIRECTIONS,
    HISTORY_ACTIONS,
    HISTORY_KINDS,
    INDICATOR,
    INDICATOR_KINDS,
    INSATS,
    REPORTED_VALUE,
    ROLE,
    SCENARIO,
    SEEDED_BOARDS,
    TARGET_KINDS,
    TARGET_SCOPES,
    TARGETS,
    Board,
    HistoryEntry,
    IndicatorTargets,
    Insats,
    InsatsIndicator,
    ReportedValue,
    RoleGrant,
    SavedScenario,
    TargetCheckpoint,
    UnreadableScenario,
)
from persistence.store import Batch, Store, open_store

#: The schema revision this code reads and writes (the newest Alembic revision).
SCHEMA_VERSION: str = head()

__all__ = [
    "CHECKPOINT_YEARS",
    "DATABASE_URL_ENV",
    "DEFAULT_SQLITE_PATH",
    "DIRECTIONS",
    "HISTORY_ACTIONS",
    "HISTORY_KINDS",
    "INDICATOR",
    "INDICATOR_KINDS",
    "INSATS",
    "MEETING_STEPS",
    "NOTE_KINDS",
    "REPORTED_VALUE",
    "ROLE",
    "SCENARIO",
    "SCHEMA_VERSION",
    "SEEDED_BOARDS",
    "TARGETS",
    "TARGET_KINDS",
    "TARGET_SCOPES",
    "Batch",
    "Board",
    "ConflictError",
    "DatabaseUnavailableError",
    "HistoryEntry",
    "ImportReport",
    "IndicatorTargets",
    "Insats",
    "InsatsIndicator",
    "InvalidDataError",
    "MeetingNote",
    "NameTakenError",
    "NotFoundError",
    "PersistenceError",
    "ReadOnlyDatabaseError",
    "ReportedValue",
    "RoleGrant",
    "SavedScenario",
    "SchemaVersionError",
    "Store",
    "TargetCheckpoint",
    "UnreadableScenario",
    "database_url",
    "export_insatser",
    "export_insatser_csv",
    "export_insatser_zip",
    "import_insatser",
    "open_store",
    "sqlite_url",
]
