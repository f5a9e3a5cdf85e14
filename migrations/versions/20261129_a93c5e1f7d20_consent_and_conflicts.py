"""respondent consent, conflict declarations, recusal requests, verified registrations

Revision ID: a93c5e1f7d20
Revises: 7c41d2e9a0b3
Create Date: 2026-11-29 09:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a93c5e1f7d20'
down_revision = '7c41d2e9a0b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=False, server_default=''))
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True))
    # Every account and organisation before self-registration was made by an operator.
    op.execute("UPDATE users SET verified_at = created_at")
    op.execute("UPDATE organisations SET verified_at = created_at")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('phone', server_default=None)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('respondent_consent', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('respondent_consent_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('conflict_declarations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mediator_id'], ['users.id'], name=op.f('fk_conflict_declarations_mediator_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_conflict_declarations_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_declarations'))
    )
    with op.batch_alter_table('conflict_declarations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_declarations_mediator_id'), ['mediator_id'], unique=False)
    op.create_table('recusal_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_recusal_requests_case_id_cases')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_recusal_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['mediator_id'], ['users.id'], name=op.f('fk_recusal_requests_mediator_id_users')),
    sa.ForeignKeyConstraint(['party_id'], ['organisations.id'], name=op.f('fk_recusal_requests_party_id_organisations')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_recusal_requests_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recusal_requests'))
    )
    with op.batch_alter_table('recusal_requests', schema=None) as batch_op:
        batch_op.create_index('ix_recusal_requests_case_id_id', ['case_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('recusal_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_recusal_requests_case_id_id')
    op.drop_table('recusal_requests')
    with op.batch_alter_table('conflict_declarations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_declarations_mediator_id'))
    op.drop_table('conflict_declarations')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('respondent_consent_at')
        batch_op.drop_column('respondent_consent')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('verified_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('phone')
        batch_op.drop_column('verified_at')
