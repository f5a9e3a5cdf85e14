"""documents: versions, numbers and signatures

Revision ID: 4e1d2b3c5f62
Revises: 3d0c1a2b4e51
Create Date: 2026-11-29 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4e1d2b3c5f62'
down_revision = '3d0c1a2b4e51'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
