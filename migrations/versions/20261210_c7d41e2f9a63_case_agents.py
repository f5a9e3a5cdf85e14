"""a party's agents in a case (委托代理人) with their authorisation letters

Revision ID: c7d41e2f9a63
Revises: b5c25e5a8428
Create Date: 2026-12-05 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c7d41e2f9a63"
down_revision = "b5c25e5a8428"
branch_labels = None
depends_on = None

KINDS = ("lawyer", "legal_worker", "employee", "relative", "citizen")


def upgrade():
    op.create_table(
        "case_agents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("party", sa.String(10), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="agentkind", native_enum=False, length=20), nullable=False),
        sa.Column("workplace", sa.String(200), nullable=False),
        sa.Column("licence_number", sa.String(20), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column(
            "scope", sa.Enum("general", "special", name="agentscope", native_enum=False, length=10), nullable=False
        ),
        sa.Column("powers", sa.Text(), nullable=False),
        sa.Column("letter_id", sa.Integer(), sa.ForeignKey("evidence_files.id"), nullable=False),
        sa.Column("appointed_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("appointed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.CheckConstraint("party IN ('applicant', 'respondent')", name=op.f("ck_case_agents_agent_party_is_a_side")),
    )
    op.create_index("ix_case_agents_case_id_party", "case_agents", ["case_id", "party"])


def downgrade():
    op.drop_index("ix_case_agents_case_id_party", table_name="case_agents")
    op.drop_table("case_agents")
