"""the mediator register: profiles with terms of appointment, and training records

Revision ID: 6b8d0f2c4e68
Revises: 5a7c9e1b3d57
Create Date: 2026-12-05 12:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "6b8d0f2c4e68"
down_revision = "5a7c9e1b3d57"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mediator_profiles",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("dispute_types", sa.JSON(), nullable=False),
        sa.Column("languages", sa.String(200), nullable=False),
        sa.Column("qualifications", sa.Text(), nullable=False),
        sa.Column("term_starts_on", sa.Date(), nullable=True),
        sa.Column("term_ends_on", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
    )
    op.create_table(
        "mediator_trainings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("mediator_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("course", sa.String(200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.BigInteger(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    )
    op.create_index("ix_mediator_trainings_mediator_id", "mediator_trainings", ["mediator_id"])


def downgrade():
    op.drop_index("ix_mediator_trainings_mediator_id", table_name="mediator_trainings")
    op.drop_table("mediator_trainings")
    op.drop_table("mediator_profiles")
