"""initial schema

Revision ID: b2f4f3d52f5f
Revises: 
Create Date: 2026-11-29 08:42:09.643296

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2f4f3d52f5f'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('centres',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('case_prefix', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centres')),
    sa.UniqueConstraint('code', name=op.f('uq_centres_code'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('enterprise', 'court', 'chamber', name='organisationkind', native_enum=False, length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('court_code', sa.String(length=16), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('legal_representative', sa.String(length=100), nullable=False),
    sa.Column('industry', sa.String(length=40), nullable=False),
    sa.Column('chamber_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind <> 'court' OR court_code IS NOT NULL", name=op.f('ck_organisations_court_has_code')),
    sa.CheckConstraint("kind <> 'enterprise' OR uscc IS NOT NULL", name=op.f('ck_organisations_enterprise_has_uscc')),
    sa.ForeignKeyConstraint(['chamber_id'], ['organisations.id'], name=op.f('fk_organisations_chamber_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('court_code', name=op.f('uq_organisations_court_code')),
    sa.UniqueConstraint('uscc', name=op.f('uq_organisations_uscc'))
    )
    op.create_table('case_number_counters',
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_serial', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_case_number_counters_centre_id_centres')),
    sa.PrimaryKeyConstraint('centre_id', 'year', name=op.f('pk_case_number_counters'))
    )
    op.create_table('case_tallies',
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('case_count', sa.Integer(), nullable=False),
    sa.Column('claim_amount', sa.BigInteger(), nullable=False),
    sa.Column('agreed_amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_case_tallies_centre_id_centres')),
    sa.PrimaryKeyConstraint('centre_id', 'scope', 'state', name=op.f('pk_case_tallies'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.Enum('enterprise', 'mediator', 'court_liaison', 'staff', 'admin', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('industry', sa.String(length=40), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_users_centre_id_centres')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_users_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('state', sa.Enum('filed', 'assigned', 'mediated', 'settled', 'referred_to_court', 'rejected', 'withdrawn', name='casestate', native_enum=False, length=20), nullable=False),
    sa.Column('source', sa.Enum('direct', 'court_delegated', 'court_commissioned', name='casesource', native_enum=False, length=20), nullable=False),
    sa.Column('court_id', sa.Integer(), nullable=True),
    sa.Column('court_case_number', sa.String(length=60), nullable=True),
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=True),
    sa.Column('claim_amount', sa.BigInteger(), nullable=False),
    sa.Column('agreed_amount', sa.BigInteger(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('industry', sa.String(length=40), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=True),
    sa.Column('performance_deadline', sa.Date(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('outcome_reason', sa.Text(), nullable=True),
    sa.Column('filed_by_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('concluded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('agreed_amount IS NULL OR agreed_amount > 0', name=op.f('ck_cases_agreed_amount_positive')),
    sa.CheckConstraint('applicant_id <> respondent_id', name=op.f('ck_cases_parties_differ')),
    sa.CheckConstraint('claim_amount > 0', name=op.f('ck_cases_claim_amount_positive')),
    sa.ForeignKeyConstraint(['applicant_id'], ['organisations.id'], name=op.f('fk_cases_applicant_id_organisations')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_cases_centre_id_centres')),
    sa.ForeignKeyConstraint(['court_id'], ['organisations.id'], name=op.f('fk_cases_court_id_organisations')),
    sa.ForeignKeyConstraint(['filed_by_id'], ['users.id'], name=op.f('fk_cases_filed_by_id_users')),
    sa.ForeignKeyConstraint(['mediator_id'], ['users.id'], name=op.f('fk_cases_mediator_id_users')),
    sa.ForeignKeyConstraint(['respondent_id'], ['organisations.id'], name=op.f('fk_cases_respondent_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('court_id', 'court_case_number', name=op.f('uq_cases_court_id_court_case_number')),
    sa.UniqueConstraint('number', name=op.f('uq_cases_number'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_applicant_id_id', ['applicant_id', 'id'], unique=False)
        batch_op.create_index('ix_cases_centre_state_id', ['centre_id', 'state', 'id'], unique=False)
        batch_op.create_index('ix_cases_court_id_id', ['court_id', 'id'], unique=False)
        batch_op.create_index('ix_cases_mediator_id_id', ['mediator_id', 'id'], unique=False)
        batch_op.create_index('ix_cases_respondent_id_id', ['respondent_id', 'id'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_case_events_actor_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_events_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events')),
    sa.UniqueConstraint('hash', name=op.f('uq_case_events_hash'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index('ix_case_events_case_id_id', ['case_id', 'id'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('storage_name', sa.String(length=80), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('template_version', sa.String(length=40), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_documents_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_documents_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('storage_name', name=op.f('uq_documents_storage_name'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_case_id'), ['case_id'], unique=False)



def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_case_id'))

    op.drop_table('documents')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index('ix_case_events_case_id_id')

    op.drop_table('case_events')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_respondent_id_id')
        batch_op.drop_index('ix_cases_mediator_id_id')
        batch_op.drop_index('ix_cases_court_id_id')
        batch_op.drop_index('ix_cases_centre_state_id')
        batch_op.drop_index('ix_cases_applicant_id_id')

    op.drop_table('cases')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_organisation_id'))

    op.drop_table('users')
    op.drop_table('case_tallies')
    op.drop_table('case_number_counters')
    op.drop_table('organisations')
    op.drop_table('centres')
