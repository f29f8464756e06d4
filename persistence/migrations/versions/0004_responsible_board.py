"""The board responsible for each indicator's targets (the hand-written migration v4).

Revision ID: 0004
Revises: 0003
Create Date: 2025-10-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NAME = 200


def upgrade() -> None:
    with op.batch_alter_table("targets") as batch:
        batch.add_column(sa.Column("responsible_board", sa.String(NAME), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN in place (SQLite ≥ 3.35): copying the table and dropping the old one
    # would make SQLite's foreign keys delete the rows that refer to it.
    with op.batch_alter_table("targets", recreate="never") as batch:
        batch.drop_column("responsible_board")
