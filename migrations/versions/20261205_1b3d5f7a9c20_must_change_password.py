"""accounts whose password an administrator reset must choose a new one

Revision ID: 1b3d5f7a9c20
Revises: f1a7b3c4d5e8
Create Date: 2026-12-05 06:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "1b3d5f7a9c20"
down_revision = "f1a7b3c4d5e8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
