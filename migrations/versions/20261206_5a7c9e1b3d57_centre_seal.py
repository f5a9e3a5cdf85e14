"""the centre's seal image, carried by the agreements that take effect

Revision ID: 5a7c9e1b3d57
Revises: 4f6b8d0e2a46
Create Date: 2026-12-05 09:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5a7c9e1b3d57"
down_revision = "4f6b8d0e2a46"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("centres") as batch:
        batch.add_column(sa.Column("seal_storage_name", sa.String(100), nullable=True))
        batch.add_column(sa.Column("seal_sha256", sa.String(64), nullable=True))


def downgrade():
    with op.batch_alter_table("centres") as batch:
        batch.drop_column("seal_sha256")
        batch.drop_column("seal_storage_name")
