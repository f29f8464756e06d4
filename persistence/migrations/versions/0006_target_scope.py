"""Targets for the whole city beside those for the proposed areas: ``targets.scope``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-03-10

Existing targets were all set for the proposed areas, so they get ``scope = 'proposal'``. One set of
targets per package, indicator and scope. Downgrading removes the whole-city targets (the older schema
has room for one set per indicator only).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("targets") as batch:
        batch.add_column(sa.Column("scope", sa.String(20), nullable=False, server_default="proposal"))
        batch.drop_constraint("uq_targets_package_indicator", type_="unique")
        batch.create_unique_constraint("uq_targets_package_indicator_scope",
                                       ["package_key", "indicator_id", "scope"])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM targets WHERE scope <> 'proposal'"))
    with op.batch_alter_table("targets") as batch:
        batch.drop_constraint("uq_targets_package_indicator_scope", type_="unique")
        batch.drop_column("scope")
        batch.create_unique_constraint("uq_targets_package_indicator", ["package_key", "indicator_id"])
