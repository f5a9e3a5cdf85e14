"""documents rendered by jobs: pending with their HTML, issued with their file

Revision ID: a0e8b9c1d2f3
Revises: 9d6c7a8b0e17
Create Date: 2026-12-04 19:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a0e8b9c1d2f3'
down_revision = '9d6c7a8b0e17'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.Enum('pending', 'issued', 'failed', name='documentstatus', native_enum=False, length=10), server_default='issued', nullable=False))
        batch_op.add_column(sa.Column('html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('images', sa.JSON(), nullable=True))
        batch_op.alter_column('storage_name', existing_type=sa.String(length=80), nullable=True)
        batch_op.alter_column('sha256', existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column('size', existing_type=sa.Integer(), nullable=True)


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.alter_column('size', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('sha256', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('storage_name', existing_type=sa.String(length=80), nullable=False)
        batch_op.drop_column('images')
        batch_op.drop_column('html')
        batch_op.drop_column('status')
