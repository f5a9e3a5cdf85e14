"""document verification codes

Revision ID: d41f0b6c2e87
Revises: 225791489124
Create Date: 2026-11-29 10:25:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd41f0b6c2e87'
down_revision = '225791489124'
branch_labels = None
depends_on = None

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verification_code', sa.String(length=14), nullable=True))
    # Documents issued before codes existed get one now (their PDFs do not print it;
    # they can still be checked by uploading the file).
    connection = op.get_bind()
    documents = sa.table('documents', sa.column('id', sa.Integer), sa.column('verification_code', sa.String))
    for (document_id,) in connection.execute(sa.select(documents.c.id)).all():
        connection.execute(
            documents.update().where(documents.c.id == document_id).values(verification_code=_code())
        )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.alter_column('verification_code', existing_type=sa.String(length=14), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_documents_verification_code'), ['verification_code'])
        batch_op.create_index(batch_op.f('ix_documents_sha256'), ['sha256'], unique=False)


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_sha256'))
        batch_op.drop_constraint(batch_op.f('uq_documents_verification_code'), type_='unique')
        batch_op.drop_column('verification_code')
