"""unique case-number prefixes; a ledger import's last sign of life

Revision ID: 8c5b6f7a9d06
Revises: 7b4a5e6f8c95
Create Date: 2026-11-30 01:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c5b6f7a9d06'
down_revision = '7b4a5e6f8c95'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_centres_case_prefix'), ['case_prefix'])
    with op.batch_alter_table('ledger_imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('progress_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('ledger_imports', schema=None) as batch_op:
        batch_op.drop_column('progress_at')
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_centres_case_prefix'), type_='unique')
