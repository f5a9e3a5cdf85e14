"""the retention schedule: evidence files destroyed in place, and the destruction log

Revision ID: f1a7b3c4d5e8
Revises: e0f6a2b3c4d7
Create Date: 2026-12-05 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a7b3c4d5e8'
down_revision = 'e0f6a2b3c4d7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('evidence_files') as batch:
        batch.add_column(sa.Column('destroyed_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'destruction_records',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('destroyed_by', sa.String(length=60), nullable=False),
        sa.Column('destroyed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_destruction_records_case_id_cases')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_destruction_records')),
    )


def downgrade():
    op.drop_table('destruction_records')
    with op.batch_alter_table('evidence_files') as batch:
        batch.drop_column('destroyed_at')
