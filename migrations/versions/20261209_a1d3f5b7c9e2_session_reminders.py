"""session reminders: the day-before reminder, once per session and start

Revision ID: a1d3f5b7c9e2
Revises: a0c2e4f6b8d1
Create Date: 2026-12-05 17:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1d3f5b7c9e2"
down_revision = "a0c2e4f6b8d1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "session_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["mediation_sessions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "starts_at"),
    )


def downgrade():
    op.drop_table("session_reminders")
