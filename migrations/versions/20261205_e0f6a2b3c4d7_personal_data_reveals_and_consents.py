"""personal data revealed on purpose, and consents to the privacy notice

Revision ID: e0f6a2b3c4d7
Revises: d9e5f1a2b3c6
Create Date: 2026-12-05 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e0f6a2b3c4d7'
down_revision = 'd9e5f1a2b3c6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'personal_data_reveals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('viewer_id', sa.Integer(), nullable=False),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('remote_addr', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['subject_id'], ['users.id'], name=op.f('fk_personal_data_reveals_subject_id_users')),
        sa.ForeignKeyConstraint(['viewer_id'], ['users.id'], name=op.f('fk_personal_data_reveals_viewer_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_data_reveals')),
    )
    op.create_index(op.f('ix_personal_data_reveals_subject_id'), 'personal_data_reveals', ['subject_id'], unique=False)
    op.create_table(
        'privacy_consents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('notice_version', sa.String(length=20), nullable=False),
        sa.Column('remote_addr', sa.String(length=64), nullable=True),
        sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_privacy_consents_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_consents')),
    )
    op.create_index(op.f('ix_privacy_consents_user_id'), 'privacy_consents', ['user_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_privacy_consents_user_id'), table_name='privacy_consents')
    op.drop_table('privacy_consents')
    op.drop_index(op.f('ix_personal_data_reveals_subject_id'), table_name='personal_data_reveals')
    op.drop_table('personal_data_reveals')
