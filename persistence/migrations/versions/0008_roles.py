"""Roles kept in the database: who (the signed-in person's e-mail) holds which role, edited in the app
by an administratör beside the roles the identity provider's group claim gives (see `access.roles`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

One row per person, role and board (the board only for a rapportör; "" otherwise). Versioned like the
other editable records, and every grant and removal is kept in the history (kind "role").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NAME = 200


def upgrade() -> None:
    op.create_table(
        "role_grants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person", sa.String(NAME), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("board", sa.String(NAME), nullable=False, server_default=""),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(NAME), nullable=True),
        sa.UniqueConstraint("person", "role", "board", name="uq_role_grants_person_role_board"),
    )


def downgrade() -> None:
    op.drop_table("role_grants")
