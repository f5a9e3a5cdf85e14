"""where the filer says the respondent is reached, for the invitation on acceptance

Revision ID: d8e52f3a0b74
Revises: c7d41e2f9a63
Create Date: 2026-12-05 21:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d8e52f3a0b74"
down_revision = "c7d41e2f9a63"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("respondent_email", sa.String(254), nullable=False, server_default=""))
        batch.add_column(sa.Column("respondent_mobile", sa.String(20), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("respondent_mobile")
        batch.drop_column("respondent_email")
