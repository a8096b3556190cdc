"""Alert outcomes, the senders' delivery log and noise-control history

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 20:42:43.034363
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_history",
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("account_id", sa.String(length=200), nullable=False),
        sa.Column("last_alert_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_tier", sa.String(length=20), nullable=True),
        sa.Column("seen_signal_ids", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("recipient", "account_id"),
    )
    op.create_table(
        "alert_outcomes",
        sa.Column("alert_id", sa.String(length=128), nullable=False),
        sa.Column("destination", sa.String(length=320), nullable=False),
        sa.Column("account_id", sa.String(length=200), nullable=False),
        sa.Column("account_name", sa.String(length=500), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("rule", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("retriable", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("release_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("alert_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", "destination"),
    )
    with op.batch_alter_table("alert_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alert_outcomes_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            "ix_alert_outcomes_status_release", ["status", "release_at"], unique=False
        )

    op.create_table(
        "alert_sends",
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("alert_id", sa.String(length=128), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("recipient", "alert_id"),
    )
    with op.batch_alter_table("alert_sends", schema=None) as batch_op:
        batch_op.create_index(
            "ix_alert_sends_recipient_sent_at", ["recipient", "sent_at"], unique=False
        )

    op.create_table(
        "delivery_log",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("destination", sa.String(length=320), nullable=False),
        sa.Column("ts", sa.String(length=64), nullable=True),
        sa.Column("thread_ts", sa.String(length=64), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", "destination"),
    )


def downgrade() -> None:
    op.drop_table("delivery_log")
    with op.batch_alter_table("alert_sends", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_sends_recipient_sent_at")

    op.drop_table("alert_sends")
    with op.batch_alter_table("alert_outcomes", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_outcomes_status_release")
        batch_op.drop_index(batch_op.f("ix_alert_outcomes_account_id"))

    op.drop_table("alert_outcomes")
    op.drop_table("alert_history")
