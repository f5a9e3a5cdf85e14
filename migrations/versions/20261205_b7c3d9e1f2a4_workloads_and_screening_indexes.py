"""mediators' open cases kept as a count; indexes for conflict screening and
possible duplicates

Revision ID: b7c3d9e1f2a4
Revises: a0e8b9c1d2f3
Create Date: 2026-12-05 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c3d9e1f2a4'
down_revision = 'a0e8b9c1d2f3'
branch_labels = None
depends_on = None

OPEN_STATES = "('filed', 'assigned', 'mediated')"
CONCLUDED = sa.text('concluded_at IS NOT NULL')


def upgrade():
    op.create_table(
        'mediator_workloads',
        sa.Column('mediator_id', sa.Integer(), nullable=False),
        sa.Column('open_cases', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['mediator_id'], ['users.id'], name=op.f('fk_mediator_workloads_mediator_id_users')),
        sa.PrimaryKeyConstraint('mediator_id', name=op.f('pk_mediator_workloads')),
    )
    # The counts of the cases already there.
    op.execute(
        'INSERT INTO mediator_workloads (mediator_id, open_cases) '
        'SELECT mediator_id, count(*) FROM cases '
        f'WHERE mediator_id IS NOT NULL AND state IN {OPEN_STATES} GROUP BY mediator_id'
    )
    op.create_index(
        'ix_cases_applicant_id_respondent_id_id', 'cases', ['applicant_id', 'respondent_id', 'id'], unique=False
    )
    for party in ('applicant_id', 'respondent_id'):
        op.create_index(
            f'ix_cases_{party}_mediator_id_concluded_at',
            'cases',
            [party, 'mediator_id', 'concluded_at'],
            unique=False,
            postgresql_where=CONCLUDED,
            sqlite_where=CONCLUDED,
        )


def downgrade():
    for party in ('respondent_id', 'applicant_id'):
        op.drop_index(f'ix_cases_{party}_mediator_id_concluded_at', table_name='cases')
    op.drop_index('ix_cases_applicant_id_respondent_id_id', table_name='cases')
    op.drop_table('mediator_workloads')
