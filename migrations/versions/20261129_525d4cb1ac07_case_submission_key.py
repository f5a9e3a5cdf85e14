"""case submission key

Revision ID: 525d4cb1ac07
Revises: b2f4f3d52f5f
Create Date: 2026-11-29 09:03:41.683801

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '525d4cb1ac07'
down_revision = 'b2f4f3d52f5f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_cases_filed_by_id_submission_key'), ['filed_by_id', 'submission_key'])



def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_cases_filed_by_id_submission_key'), type_='unique')
        batch_op.drop_column('submission_key')

