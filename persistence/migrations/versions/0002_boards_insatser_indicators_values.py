"""Boards (seeded with the six of the programme), insatser, their indicators and reported values (the
hand-written migration v2).

Revision ID: 0002
Revises: 0001
Create Date: 2025-10-08
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NAME, KEY, UUID = 200, 100, 36
#: The boards seeded at this revision, as they were then (Swedish, English).
BOARDS = (
    ("arbetsmarknads- och socialnämnden", "Labour Market and Social Services Committee"),
    ("fritidsnämnden", "Leisure Committee"),
    ("förskolenämnden", "Preschool Committee"),
    ("grundskolenämnden", "Compulsory School Committee"),
    ("kulturnämnden", "Culture Committee"),
    ("tekniska nämnden", "Technical Committee"),
)


def upgrade() -> None:
    boards = op.create_table(
        "boards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name_sv", sa.String(NAME), nullable=False),
        sa.Column("name_en", sa.String(NAME), nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name_sv", name="uq_boards_name_sv"),
    )
    op.create_table(
        "insatser",
        sa.Column("id", sa.String(UUID), primary_key=True),
        sa.Column("package_key", sa.String(KEY), nullable=False),
        sa.Column("name", sa.String(NAME), nullable=False),
        sa.Column("board_id", sa.Integer, sa.ForeignKey("boards.id", name="fk_insatser_board"),
                  nullable=False),
        sa.Column("area_level", sa.String(KEY), nullable=False),
        sa.Column("area_ids_json", sa.Text, nullable=False),
        sa.Column("start_year", sa.Integer, nullable=False),
        sa.Column("budget_sek", sa.Double, nullable=True),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("package_key", "name", name="uq_insatser_package_name"),
    )
    op.create_table(
        "insats_indicators",
        sa.Column("id", sa.String(UUID), primary_key=True),
        sa.Column("insats_id", sa.String(UUID),
                  sa.ForeignKey("insatser.id", ondelete="CASCADE", name="fk_insats_indicators_insats"),
                  nullable=False),
        sa.Column("name", sa.String(NAME), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("unit", sa.String(KEY), nullable=False),
        sa.Column("direction", sa.String(20), nullable=False),
        sa.Column("baseline_year", sa.Integer, nullable=True),
        sa.Column("baseline_value", sa.Double, nullable=True),
        sa.Column("target_2030", sa.Double, nullable=True),
        sa.Column("target_2035", sa.Double, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("insats_id", "name", name="uq_insats_indicators_insats_name"),
    )
    op.create_table(
        "reported_values",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("indicator_id", sa.String(UUID),
                  sa.ForeignKey("insats_indicators.id", ondelete="CASCADE",
                                name="fk_reported_values_indicator"),
                  nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("value", sa.Double, nullable=False),
        sa.Column("numerator", sa.Double, nullable=True),
        sa.Column("denominator", sa.Double, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("reported_by", sa.String(NAME), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reported_values_indicator_year", "reported_values", ["indicator_id", "year"])
    now = datetime.now(UTC)
    op.bulk_insert(boards, [{"name_sv": sv, "name_en": en, "sort_order": i, "created_at": now}
                            for i, (sv, en) in enumerate(BOARDS, start=1)])


def downgrade() -> None:
    op.drop_index("ix_reported_values_indicator_year", table_name="reported_values")
    op.drop_table("reported_values")
    op.drop_table("insats_indicators")
    op.drop_table("insatser")
    op.drop_table("boards")
