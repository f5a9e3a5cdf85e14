"""evidence files

Revision ID: 2f995948fe18
Revises: 525d4cb1ac07
Create Date: 2026-11-29 09:23:12.316284

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2f995948fe18'
down_revision = '525d4cb1ac07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evidence_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('storage_name', sa.String(length=80), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('mediator_only', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_evidence_files_case_id_cases')),
    sa.ForeignKeyConstraint(['party_id'], ['organisations.id'], name=op.f('fk_evidence_files_party_id_organisations')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_evidence_files_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_files')),
    sa.UniqueConstraint('storage_name', name=op.f('uq_evidence_files_storage_name'))
    )
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_files_case_id_id', ['case_id', 'id'], unique=False)

    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_case_events_case_id_prev_hash'), ['case_id', 'prev_hash'])

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_centre_id_id', ['centre_id', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_centre_id_id')

    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_case_events_case_id_prev_hash'), type_='unique')

    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.drop_index('ix_evidence_files_case_id_id')

    op.drop_table('evidence_files')
