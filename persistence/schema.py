"""The database schema as this version of the code reads and writes it (the newest Alembic revision).

The Alembic revisions in `persistence/migrations/versions/` build this schema step by step and upgrade
older databases to it; a test compares the migrated database with these tables (Alembic's own
``alembic_version`` table aside). Timestamps are stored in UTC (`UtcDateTime`). JSON-shaped fields are
kept as text (``*_json``) so both backends store them the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

NAME = 200  # names of scenarios, insatser, indicators, boards, people
KEY = 100  # package keys, indicator ids, area levels
UUID = 36
ITEM_KEY = 400  # a record's key in the history (`persistence.records.item_key`)


class UtcDateTime(TypeDecorator):
    """A timezone-aware datetime stored as UTC; SQLite's naive values are read back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

scenarios = Table(
    "scenarios", metadata,
    Column("id", Integer, primary_key=True),
    Column("package_key", String(KEY), nullable=False),
    Column("name", String(NAME), nullable=False),
    Column("scenario_json", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(NAME), nullable=True),  # revision 0003
    UniqueConstraint("package_key", "name", name="uq_scenarios_package_name"),
)

targets = Table(
    "targets", metadata,
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
    Column("updated_by", String(NAME), nullable=True),  # revision 0003
    Column("responsible_board", String(NAME), nullable=True),  # revision 0004
    Column("scope", String(20), nullable=False, server_default="proposal"),  # revision 0006
    UniqueConstraint("package_key", "indicator_id", "scope", name="uq_targets_package_indicator_scope"),
)

boards = Table(
    "boards", metadata,
    Column("id", Integer, primary_key=True),
    Column("name_sv", String(NAME), nullable=False),
    Column("name_en", String(NAME), nullable=False),
    Column("sort_order", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("name_sv", name="uq_boards_name_sv"),
)

insatser = Table(
    "insatser", metadata,
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
    Column("updated_by", String(NAME), nullable=True),  # revision 0003
    Column("kind", String(20), nullable=False, server_default="kraftsamlande"),  # revision 0010
    Column("partners_json", Text, nullable=False, server_default="[]"),  # revision 0010
    Column("participation_json", Text, nullable=True),  # revision 0010
    UniqueConstraint("package_key", "name", name="uq_insatser_package_name"),
)

insats_indicators = Table(
    "insats_indicators", metadata,
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
    Column("updated_by", String(NAME), nullable=True),  # revision 0003
    UniqueConstraint("insats_id", "name", name="uq_insats_indicators_insats_name"),
)

reported_values = Table(
    "reported_values", metadata,
    Column("id", Integer, primary_key=True),
    Column("indicator_id", String(UUID),
           ForeignKey("insats_indicators.id", ondelete="CASCADE", name="fk_reported_values_indicator"),
           nullable=False),
    Column("year", Integer, nullable=False),
    Column("value", Double, nullable=False),
    Column("numerator", Double, nullable=True),
    Column("denominator", Double, nullable=True),
    Column("note", Text, nullable=False),
    Column("reported_by", String(NAME), nullable=False),
    Column("reported_at", UtcDateTime, nullable=False),
    Index("ix_reported_values_indicator_year", "indicator_id", "year"),
)

#: Roles given in the app by an administratör (revision 0008); see `persistence.roles`.
role_grants = Table(
    "role_grants", metadata,
    Column("id", Integer, primary_key=True),
    Column("person", String(NAME), nullable=False),
    Column("role", String(20), nullable=False),
    Column("board", String(NAME), nullable=False, server_default=""),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(NAME), nullable=True),
    UniqueConstraint("person", "role", "board", name="uq_role_grants_person_role_board"),
)

#: Every version of every record a person can change (revision 0007); see `persistence.history`.
history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True),
    Column("package_key", String(KEY), nullable=False),
    Column("entity_kind", String(20), nullable=False),
    Column("entity_key", String(ITEM_KEY), nullable=False),
    Column("version", Integer, nullable=False),
    Column("action", String(20), nullable=False),
    Column("changed_by", String(NAME), nullable=True),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("before_json", Text, nullable=True),
    Column("after_json", Text, nullable=True),
    Column("cause_id", Integer, nullable=True),
    UniqueConstraint("entity_kind", "entity_key", "version", name="uq_history_entity_version"),
    Index("ix_history_package_kind", "package_key", "entity_kind"),
)

#: The decisions and open questions recorded per step of a meeting (revision 0011); see
#: `persistence.meeting_notes`.
meeting_notes = Table(
    "meeting_notes", metadata,
    Column("id", String(UUID), primary_key=True),
    Column("package_key", String(KEY), nullable=False),
    Column("step", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("meeting_date", Date, nullable=False),
    Column("present", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(NAME), nullable=True),
    Index("ix_meeting_notes_package", "package_key", "meeting_date"),
)
