"""ledger imports, satisfaction surveys

Revision ID: 6a3f4d5e7b84
Revises: 5f2e3c4d6a73
Create Date: 2026-11-29 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6a3f4d5e7b84'
down_revision = '5f2e3c4d6a73'
branch_labels = None
depends_on = None


def upgrade():
    # 纠纷类型 for every case (existing cases: other); case numbers unique per centre,
    # since an imported ledger keeps the centre's historical numbers.
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dispute_type', sa.String(length=20), nullable=False, server_default='other'))
        batch_op.drop_constraint(batch_op.f('uq_cases_number'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_cases_centre_id_number'), ['centre_id', 'number'])
    op.create_table(
        'ledger_imports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('started_by_id', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=200), nullable=False),
        sa.Column('valid_only', sa.Boolean(), nullable=False),
        sa.Column(
            'status',
            sa.Enum('queued', 'validating', 'importing', 'done', 'refused', 'failed',
                    name='importstatus', native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column('rows_total', sa.Integer(), nullable=False),
        sa.Column('rows_done', sa.Integer(), nullable=False),
        sa.Column('imported', sa.Integer(), nullable=False),
        sa.Column('already_present', sa.Integer(), nullable=False),
        sa.Column('invalid_rows', sa.Integer(), nullable=False),
        sa.Column('problems', sa.JSON(), nullable=False),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_ledger_imports_centre_id_centres')),
        sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_ledger_imports_started_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_imports')),
    )
    op.create_index('ix_ledger_imports_centre_id_id', 'ledger_imports', ['centre_id', 'id'], unique=False)
    op.create_table(
        'survey_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('party_id', sa.Integer(), nullable=False),
        sa.Column('answered_by_id', sa.Integer(), nullable=False),
        sa.Column('mediator_id', sa.Integer(), nullable=True),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_survey_answers_score_range')),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_survey_answers_case_id_cases')),
        sa.ForeignKeyConstraint(['party_id'], ['organisations.id'], name=op.f('fk_survey_answers_party_id_organisations')),
        sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_survey_answers_answered_by_id_users')),
        sa.ForeignKeyConstraint(['mediator_id'], ['users.id'], name=op.f('fk_survey_answers_mediator_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answers')),
        sa.UniqueConstraint('case_id', 'party_id', name=op.f('uq_survey_answers_case_id_party_id')),
    )
    op.create_index('ix_survey_answers_mediator_id_case_id', 'survey_answers', ['mediator_id', 'case_id'], unique=False)


def downgrade():
    op.drop_index('ix_survey_answers_mediator_id_case_id', table_name='survey_answers')
    op.drop_table('survey_answers')
    op.drop_index('ix_ledger_imports_centre_id_id', table_name='ledger_imports')
    op.drop_table('ledger_imports')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_cases_centre_id_number'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_cases_number'), ['number'])
        batch_op.drop_column('dispute_type')
