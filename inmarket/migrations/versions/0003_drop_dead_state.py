"""drop dead state: alert_deliveries (alert outcomes record every delivery now) and
accounts.fit_reasons (reasons are computed when read; only the verdict is stored)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_deliveries_account_id"))
    op.drop_table("alert_deliveries")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("fit_reasons")


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("fit_reasons", sa.Text(), nullable=False, server_default="[]")
        )
    op.create_table(
        "alert_deliveries",
        sa.Column("alert_id", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("account_id", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("destination", sa.String(length=500), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("thread_ts", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", "channel"),
    )
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alert_deliveries_account_id"), ["account_id"], unique=False
        )
