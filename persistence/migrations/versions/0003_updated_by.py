"""Who last changed an editable row (the hand-written migration v3).

Revision ID: 0003
Revises: 0002
Create Date: 2025-10-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NAME = 200
TABLES = ("scenarios", "targets", "insatser", "insats_indicators")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("updated_by", sa.String(NAME), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN in place (SQLite ≥ 3.35): copying the table and dropping the old one
    # would make SQLite's foreign keys delete the rows that refer to it.
    for table in TABLES:
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.drop_column("updated_by")
