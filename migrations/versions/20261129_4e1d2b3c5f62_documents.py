"""documents: versions, numbers and signatures

Revision ID: 4e1d2b3c5f62
Revises: 3d0c1a2b4e51
Create Date: 2026-11-29 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4e1d2b3c5f62'
down_revision = '3d0c1a2b4e51'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('supersedes_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_documents_supersedes_id'), ['supersedes_id'])
        batch_op.create_foreign_key(batch_op.f('fk_documents_supersedes_id_documents'), 'documents', ['supersedes_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_documents_session_id_mediation_sessions'), 'mediation_sessions', ['session_id'], ['id'])
    op.create_table(
        'document_number_counters',
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('last_serial', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_document_number_counters_centre_id_centres')),
        sa.PrimaryKeyConstraint('centre_id', 'year', 'kind', name=op.f('pk_document_number_counters')),
    )
    op.create_table(
        'signatures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('signer_role', sa.String(length=12), nullable=False),
        sa.Column('method', sa.String(length=8), nullable=False),
        sa.Column('files', sa.JSON(), nullable=False),
        sa.Column('signed_by_id', sa.Integer(), nullable=False),
        sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_signatures_document_id_documents')),
        sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'], name=op.f('fk_signatures_signed_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signatures')),
        sa.UniqueConstraint('document_id', 'signer_role', name=op.f('uq_signatures_document_id_signer_role')),
    )


def downgrade():
    op.drop_table('signatures')
    op.drop_table('document_number_counters')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_session_id_mediation_sessions'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_documents_supersedes_id_documents'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_documents_supersedes_id'), type_='unique')
        batch_op.drop_column('session_id')
        batch_op.drop_column('reason')
        batch_op.drop_column('supersedes_id')
        batch_op.drop_column('version')
        batch_op.drop_column('number')
