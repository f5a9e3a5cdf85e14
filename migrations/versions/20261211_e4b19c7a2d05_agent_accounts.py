"""the account through which a party's agent acts in the case

Revision ID: e4b19c7a2d05
Revises: d8e52f3a0b74
Create Date: 2026-12-06 00:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e4b19c7a2d05"
down_revision = "d8e52f3a0b74"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case_agents") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_case_agents_user_id"), ["user_id"], unique=False)
        batch.create_foreign_key(batch.f("fk_case_agents_user_id_users"), "users", ["user_id"], ["id"])


def downgrade():
    with op.batch_alter_table("case_agents") as batch:
        batch.drop_constraint(batch.f("fk_case_agents_user_id_users"), type_="foreignkey")
        batch.drop_index(batch.f("ix_case_agents_user_id"))
        batch.drop_column("user_id")
