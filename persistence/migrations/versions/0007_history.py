"""History: every version of every record a person can change, with who, when, before and after.

Revision ID: 0007
Revises: 0006
Create Date: 2026-03-10

Rows that exist before this revision get their first history entry the first time they change (their
state at that moment, with the author and time the row carries), see `persistence.history`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NAME, KEY, ITEM_KEY = 200, 100, 400


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package_key", sa.String(KEY), nullable=False),
        sa.Column("entity_kind", sa.String(20), nullable=False),
        sa.Column("entity_key", sa.String(ITEM_KEY), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("changed_by", sa.String(NAME), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before_json", sa.Text, nullable=True),
        sa.Column("after_json", sa.Text, nullable=True),
        sa.Column("cause_id", sa.Integer, nullable=True),
        sa.UniqueConstraint("entity_kind", "entity_key", "version", name="uq_history_entity_version"),
    )
    op.create_index("ix_history_package_kind", "history", ["package_key", "entity_kind"])


def downgrade() -> None:
    op.drop_index("ix_history_package_kind", table_name="history")
    op.drop_table("history")
