"""jobs: work recorded in the business transaction and run after it; a ledger
import's stored upload

Revision ID: 9d6c7a8b0e17
Revises: 8c5b6f7a9d06
Create Date: 2026-12-04 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d6c7a8b0e17'
down_revision = '8c5b6f7a9d06'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=160), nullable=False),
        sa.Column('task', sa.String(length=60), nullable=False),
        sa.Column('arguments', sa.JSON(), nullable=False),
        sa.Column('status', sa.Enum('pending', 'done', 'failed', name='jobstatus', native_enum=False, length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
        sa.UniqueConstraint('key', name=op.f('uq_jobs_key')),
    )
    op.create_index('ix_jobs_status_next_attempt_at', 'jobs', ['status', 'next_attempt_at'], unique=False)
    with op.batch_alter_table('ledger_imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('upload_name', sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table('ledger_imports', schema=None) as batch_op:
        batch_op.drop_column('upload_name')
    op.drop_index('ix_jobs_status_next_attempt_at', table_name='jobs')
    op.drop_table('jobs')
