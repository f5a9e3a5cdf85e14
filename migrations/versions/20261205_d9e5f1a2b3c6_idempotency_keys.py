"""idempotency keys of the API's creating requests, with their first answers

Revision ID: d9e5f1a2b3c6
Revises: c8d4e0f1a2b5
Create Date: 2026-12-05 13:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9e5f1a2b3c6'
down_revision = 'c8d4e0f1a2b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'idempotent_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('status', sa.Integer(), nullable=True),
        sa.Column('response', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotent_requests')),
        sa.UniqueConstraint('scope', 'key', name=op.f('uq_idempotent_requests_scope_key')),
    )
    op.create_index(op.f('ix_idempotent_requests_created_at'), 'idempotent_requests', ['created_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_idempotent_requests_created_at'), table_name='idempotent_requests')
    op.drop_table('idempotent_requests')
