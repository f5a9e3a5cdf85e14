"""monthly aggregates and tenancy

Revision ID: 7b4a5e6f8c95
Revises: 6a3f4d5e7b84
Create Date: 2026-11-29 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b4a5e6f8c95'
down_revision = '6a3f4d5e7b84'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
