"""mediation sessions and minutes

Sessions (joint or private) with their participants, their minutes, and one
calendar row per mediator that serialises bookings for the overlap check.

Revision ID: 46fa22c44446
Revises: a93c5e1f7d20
Create Date: 2026-11-29 09:43:31.975880

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '46fa22c44446'
down_revision = 'a93c5e1f7d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mediator_calendars',
    sa.Column('mediator_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mediator_id'], ['users.id'], name=op.f('fk_mediator_calendars_mediator_id_users')),
    sa.PrimaryKeyConstraint('mediator_id', name=op.f('pk_mediator_calendars'))
    )
    op.create_table('mediation_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('video_link', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.Enum('joint', 'private', name='sessionkind', native_enum=False, length=10), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('scheduled', 'cancelled', name='sessionstatus', native_enum=False, length=10), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('uid', sa.String(length=100), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(kind = 'joint' AND party_id IS NULL) OR (kind = 'private' AND party_id IS NOT NULL)", name=op.f('ck_mediation_sessions_private_has_its_party')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_mediation_sessions_ends_after_start')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_mediation_sessions_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_mediation_sessions_created_by_id_users')),
    sa.ForeignKeyConstraint(['mediator_id'], ['users.id'], name=op.f('fk_mediation_sessions_mediator_id_users')),
    sa.ForeignKeyConstraint(['party_id'], ['organisations.id'], name=op.f('fk_mediation_sessions_party_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_sessions')),
    sa.UniqueConstraint('uid', name=op.f('uq_mediation_sessions_uid'))
    )
    with op.batch_alter_table('mediation_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_mediation_sessions_case_id_starts_at', ['case_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_mediation_sessions_mediator_id_starts_at', ['mediator_id', 'starts_at'], unique=False)

    op.create_table('session_minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finalised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finalised_by_id', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finalised_by_id'], ['users.id'], name=op.f('fk_session_minutes_finalised_by_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['mediation_sessions.id'], name=op.f('fk_session_minutes_session_id_mediation_sessions')),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_session_minutes_written_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_minutes')),
    sa.UniqueConstraint('session_id', name=op.f('uq_session_minutes_session_id'))
    )
    op.create_table('session_participants',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_session_participants_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['session_id'], ['mediation_sessions.id'], name=op.f('fk_session_participants_session_id_mediation_sessions')),
    sa.PrimaryKeyConstraint('session_id', 'organisation_id', name=op.f('pk_session_participants'))
    )


def downgrade():
    op.drop_table('session_participants')
    op.drop_table('session_minutes')
    with op.batch_alter_table('mediation_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_mediation_sessions_mediator_id_starts_at')
        batch_op.drop_index('ix_mediation_sessions_case_id_starts_at')

    op.drop_table('mediation_sessions')
    op.drop_table('mediator_calendars')
