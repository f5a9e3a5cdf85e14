"""court linkage: referrals, judicial confirmation, instalments

Revision ID: 5f2e3c4d6a73
Revises: 4e1d2b3c5f62
Create Date: 2026-11-29 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5f2e3c4d6a73'
down_revision = '4e1d2b3c5f62'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
