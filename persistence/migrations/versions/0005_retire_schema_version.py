"""Alembic takes over: the hand-written runner's ``schema_version`` table goes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-03-10

A database made before Alembic has ``schema_version`` (one row per hand-written migration, 1–4) and no
``alembic_version``; `persistence.migrate` stamps it with the matching revision (0001–0004) and upgrades
from there, so this revision finds the old table and drops it. A new database never had it. Downgrading
puts the table back with rows 1–4, so the hand-written runner of earlier releases recognises the
database again.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DESCRIPTIONS = ("scenarios and targets", "boards, insatser, insats indicators, reported values",
                "updated_by on editable rows", "responsible board on targets")


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("schema_version"):
        op.drop_table("schema_version")


def downgrade() -> None:
    table = op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    )
    now = datetime.now(UTC)
    op.bulk_insert(table, [{"version": i, "description": d, "applied_at": now}
                           for i, d in enumerate(DESCRIPTIONS, start=1)])
