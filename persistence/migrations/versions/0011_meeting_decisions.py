"""Meeting notes: the decisions (and open questions) the steering group records per step of Möte.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

One row per note, versioned like every editable record; its history is kept in ``history`` with the
kind ``meeting_note``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

NAME, KEY, UUID = 200, 100, 36


def upgrade() -> None:
    op.create_table(
        "meeting_notes",
        sa.Column("id", sa.String(UUID), primary_key=True),
        sa.Column("package_key", sa.String(KEY), nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("meeting_date", sa.Date, nullable=False),
        sa.Column("present", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(NAME), nullable=True),
    )
    op.create_index("ix_meeting_notes_package", "meeting_notes", ["package_key", "meeting_date"])


def downgrade() -> None:
    op.drop_index("ix_meeting_notes_package", table_name="meeting_notes")
    op.drop_table("meeting_notes")
