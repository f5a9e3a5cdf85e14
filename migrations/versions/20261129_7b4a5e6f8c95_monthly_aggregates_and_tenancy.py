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
    op.create_table(
        'monthly_figures',
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('dimension', sa.String(length=20), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('received', sa.Integer(), nullable=False),
        sa.Column('accepted', sa.Integer(), nullable=False),
        sa.Column('settled', sa.Integer(), nullable=False),
        sa.Column('referred_to_court', sa.Integer(), nullable=False),
        sa.Column('withdrawn', sa.Integer(), nullable=False),
        sa.Column('rejected', sa.Integer(), nullable=False),
        sa.Column('days_to_conclude', sa.Integer(), nullable=False),
        sa.Column('concluded_late', sa.Integer(), nullable=False),
        sa.Column('claim_amount', sa.BigInteger(), nullable=False),
        sa.Column('resolved_claim_amount', sa.BigInteger(), nullable=False),
        sa.Column('agreed_amount', sa.BigInteger(), nullable=False),
        sa.Column('performed_amount', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_monthly_figures_centre_id_centres')),
        sa.PrimaryKeyConstraint('centre_id', 'scope', 'month', 'dimension', 'key', name=op.f('pk_monthly_figures')),
    )


def downgrade():
    op.drop_table('monthly_figures')
