"""payments, performed amount in the tallies, agreement effective date

Revision ID: 3d0c1a2b4e51
Revises: d41f0b6c2e87
Create Date: 2026-11-29 21:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3d0c1a2b4e51'
down_revision = 'd41f0b6c2e87'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'payments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('paid_on', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('amount > 0', name=op.f('ck_payments_payment_amount_positive')),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_payments_case_id_cases')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_payments_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    )
    op.create_index('ix_payments_case_id_id', 'payments', ['case_id', 'id'], unique=False)
    with op.batch_alter_table('case_tallies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('performed_amount', sa.BigInteger(), nullable=False, server_default='0'))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agreement_effective_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('agreement_effective_on')
    with op.batch_alter_table('case_tallies', schema=None) as batch_op:
        batch_op.drop_column('performed_amount')
    op.drop_index('ix_payments_case_id_id', table_name='payments')
    op.drop_table('payments')
