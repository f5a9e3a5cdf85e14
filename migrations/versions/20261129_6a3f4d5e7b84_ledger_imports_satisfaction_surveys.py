"""ledger imports, satisfaction surveys

Revision ID: 6a3f4d5e7b84
Revises: 5f2e3c4d6a73
Create Date: 2026-11-29 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6a3f4d5e7b84'
down_revision = '5f2e3c4d6a73'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
