"""the reason the centre gives for refusing an enterprise's registration

Revision ID: 8b2d4f6a1c35
Revises: 7c9e1a3d5f79
Create Date: 2026-12-05 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "8b2d4f6a1c35"
down_revision = "7c9e1a3d5f79"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("refusal_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("refusal_reason")
