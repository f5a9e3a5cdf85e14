"""a filer may name preferred mediators from the centre's register

Revision ID: 7c9e1a3d5f79
Revises: 6b8d0f2c4e68
Create Date: 2026-12-05 12:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "7c9e1a3d5f79"
down_revision = "6b8d0f2c4e68"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("preferred_mediator_ids", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("preferred_mediator_ids")
