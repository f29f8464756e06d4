"""Saved scenarios and indicator targets (the hand-written migration v1).

Revision ID: 0001
Revises:
Create Date: 2025-10-01

The tables are written out as they were at this revision, never taken from `persistence.schema`, so
this step stays correct when the current schema moves on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NAME, KEY = 200, 100


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package_key", sa.String(KEY), nullable=False),
        sa.Column("name", sa.String(NAME), nullable=False),
        sa.Column("scenario_json", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("package_key", "name", name="uq_scenarios_package_name"),
    )
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package_key", sa.String(KEY), nullable=False),
        sa.Column("indicator_id", sa.String(KEY), nullable=False),
        sa.Column("baseline_year", sa.Integer, nullable=False),
        sa.Column("baseline_value", sa.Double, nullable=False),
        sa.Column("start_year", sa.Integer, nullable=False),
        sa.Column("checkpoints_json", sa.Text, nullable=False),
        sa.Column("scenario_name", sa.String(NAME), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("package_key", "indicator_id", name="uq_targets_package_indicator"),
    )


def downgrade() -> None:
    op.drop_table("targets")
    op.drop_table("scenarios")
    if sa.inspect(op.get_bind()).has_table("schema_version"):  # put back by 0005's downgrade
        op.drop_table("schema_version")
