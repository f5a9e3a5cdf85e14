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
    op.create_table(
        'instalments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.CheckConstraint('amount > 0', name=op.f('ck_instalments_instalment_amount_positive')),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_instalments_case_id_cases')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_instalments')),
        sa.UniqueConstraint('case_id', 'sequence', name=op.f('uq_instalments_case_id_sequence')),
    )
    op.create_table(
        'follow_up_visits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('visited_on', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_follow_up_visits_case_id_cases')),
        sa.ForeignKeyConstraint(
            ['recorded_by_id'], ['users.id'], name=op.f('fk_follow_up_visits_recorded_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_visits')),
    )
    op.create_index('ix_follow_up_visits_case_id_id', 'follow_up_visits', ['case_id', 'id'], unique=False)
    op.create_table(
        'referrals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('court_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('referred_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('referred_by_id', sa.Integer(), nullable=True),
        sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
        sa.Column('filing_number', sa.String(length=60), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_referrals_case_id_cases')),
        sa.ForeignKeyConstraint(['court_id'], ['organisations.id'], name=op.f('fk_referrals_court_id_organisations')),
        sa.ForeignKeyConstraint(['referred_by_id'], ['users.id'], name=op.f('fk_referrals_referred_by_id_users')),
        sa.ForeignKeyConstraint(
            ['acknowledged_by_id'], ['users.id'], name=op.f('fk_referrals_acknowledged_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
        sa.UniqueConstraint('case_id', name=op.f('uq_referrals_case_id')),
        sa.UniqueConstraint('court_id', 'filing_number', name=op.f('uq_referrals_court_id_filing_number')),
    )
    op.create_index(
        'ix_referrals_court_id_updated_at', 'referrals', ['court_id', 'updated_at', 'id'], unique=False
    )
    op.create_table(
        'confirmations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('applied_on', sa.Date(), nullable=True),
        sa.Column('applied_by_id', sa.Integer(), nullable=True),
        sa.Column('application_document_id', sa.Integer(), nullable=True),
        sa.Column('late_reason', sa.Text(), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=True),
        sa.Column('confirmation_number', sa.String(length=60), nullable=True),
        sa.Column('decided_on', sa.Date(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('confirmed', 'not_confirmed')",
            name=op.f('ck_confirmations_confirmation_outcome'),
        ),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_confirmations_case_id_cases')),
        sa.ForeignKeyConstraint(['applied_by_id'], ['users.id'], name=op.f('fk_confirmations_applied_by_id_users')),
        sa.ForeignKeyConstraint(
            ['application_document_id'],
            ['documents.id'],
            name=op.f('fk_confirmations_application_document_id_documents'),
        ),
        sa.ForeignKeyConstraint(
            ['recorded_by_id'], ['users.id'], name=op.f('fk_confirmations_recorded_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_confirmations')),
        sa.UniqueConstraint('case_id', name=op.f('uq_confirmations_case_id')),
    )


def downgrade():
    op.drop_table('confirmations')
    op.drop_index('ix_referrals_court_id_updated_at', table_name='referrals')
    op.drop_table('referrals')
    op.drop_index('ix_follow_up_visits_case_id_id', table_name='follow_up_visits')
    op.drop_table('follow_up_visits')
    op.drop_table('instalments')
