"""case time limits

Revision ID: 7c41d2e9a0b3
Revises: 1e9dd5a4336e
Create Date: 2026-11-29 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c41d2e9a0b3'
down_revision = '1e9dd5a4336e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('procedure', sa.String(length=10), nullable=False, server_default='ordinary'))
        batch_op.add_column(sa.Column('clock_started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('extension_days', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.create_index('ix_cases_centre_id_deadline', ['centre_id', 'deadline'], unique=False)
    # Cases filed before this revision: court cases' clocks ran from filing; direct
    # cases' from the start of mediation, which their event of that name records.
    op.execute("UPDATE cases SET clock_started_at = created_at WHERE source <> 'direct'")
    op.execute(
        "UPDATE cases SET clock_started_at = (SELECT MIN(e.created_at) FROM case_events e "
        "WHERE e.case_id = cases.id AND e.action = 'start_mediation') WHERE source = 'direct'"
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.alter_column('procedure', server_default=None)
        batch_op.alter_column('extension_days', server_default=None)
    op.create_table('deadline_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_deadline_reminders_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_reminders')),
    sa.UniqueConstraint('case_id', 'deadline', 'kind', name=op.f('uq_deadline_reminders_case_id_deadline_kind'))
    )


def downgrade():
    op.drop_table('deadline_reminders')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_centre_id_deadline')
        batch_op.drop_column('extension_days')
        batch_op.drop_column('clock_started_at')
        batch_op.drop_column('procedure')
