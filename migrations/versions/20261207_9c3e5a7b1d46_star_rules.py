"""each centre's rule for the shortlist of its outstanding mediators (商会调解之星)

Revision ID: 9c3e5a7b1d46
Revises: 8b2d4f6a1c35
Create Date: 2026-12-05 13:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "9c3e5a7b1d46"
down_revision = "8b2d4f6a1c35"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "star_rules",
        sa.Column("centre_id", sa.Integer(), sa.ForeignKey("centres.id"), primary_key=True),
        sa.Column("min_concluded", sa.Integer(), nullable=False),
        sa.Column("min_success_rate", sa.Integer(), nullable=False),
        sa.Column("min_satisfaction", sa.BigInteger(), nullable=False),
        sa.Column("max_breaches", sa.Integer(), nullable=False),
        sa.Column("min_training_hours", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
    )


def downgrade():
    op.drop_table("star_rules")
