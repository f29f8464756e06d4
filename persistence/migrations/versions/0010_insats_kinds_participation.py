"""Insats kinds, partners and young people's participation (issue 21).

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-03

Every insats gets its kind (``kraftsamlande``, ``core_mission``, ``local_development``; existing rows
become ``kraftsamlande``, which is what the register held until now), its partners by kind (a JSON list,
empty for existing rows) and an optional participation record (JSON, see
`indicators.participation.Participation`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("insatser") as batch:
        batch.add_column(sa.Column("kind", sa.String(20), nullable=False,
                                   server_default="kraftsamlande"))
        batch.add_column(sa.Column("partners_json", sa.Text, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("participation_json", sa.Text, nullable=True))


def downgrade() -> None:
    # In place (SQLite ≥ 3.35): recreating the table would let SQLite's foreign keys delete the
    # insatser's indicators (see revision 0004).
    with op.batch_alter_table("insatser", recreate="never") as batch:
        batch.drop_column("participation_json")
        batch.drop_column("partners_json")
        batch.drop_column("kind")
