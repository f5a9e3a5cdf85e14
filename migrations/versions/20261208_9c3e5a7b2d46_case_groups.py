"""serial cases (系列案): groups, their members and the group number counter

Revision ID: 9c3e5a7b2d46
Revises: 6b8d0f2a4c68
Create Date: 2026-12-05 13:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "9c3e5a7b2d46"
down_revision = "6b8d0f2a4c68"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_groups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("centre_id", sa.Integer(), sa.ForeignKey("centres.id"), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("common_party_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("common_side", sa.String(10), nullable=False),
        sa.Column("filed_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("submission_key", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("centre_id", "number"),
        sa.UniqueConstraint("filed_by_id", "submission_key"),
    )
    op.create_index("ix_case_groups_centre_id", "case_groups", ["centre_id"])
    op.create_table(
        "case_group_members",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("case_groups.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_case_group_members_group_id", "case_group_members", ["group_id"])
    op.create_table(
        "case_group_number_counters",
        sa.Column("centre_id", sa.Integer(), sa.ForeignKey("centres.id"), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
    )


def downgrade():
    op.drop_table("case_group_number_counters")
    op.drop_index("ix_case_group_members_group_id", table_name="case_group_members")
    op.drop_table("case_group_members")
    op.drop_index("ix_case_groups_centre_id", table_name="case_groups")
    op.drop_table("case_groups")
