"""monthly aggregates and tenancy

Revision ID: 7b4a5e6f8c95
Revises: 6a3f4d5e7b84
Create Date: 2026-11-29 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b4a5e6f8c95'
down_revision = '6a3f4d5e7b84'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'monthly_figures',
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('dimension', sa.String(length=20), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('received', sa.Integer(), nullable=False),
        sa.Column('accepted', sa.Integer(), nullable=False),
        sa.Column('settled', sa.Integer(), nullable=False),
        sa.Column('referred_to_court', sa.Integer(), nullable=False),
        sa.Column('withdrawn', sa.Integer(), nullable=False),
        sa.Column('rejected', sa.Integer(), nullable=False),
        sa.Column('days_to_conclude', sa.Integer(), nullable=False),
        sa.Column('concluded_late', sa.Integer(), nullable=False),
        sa.Column('claim_amount', sa.BigInteger(), nullable=False),
        sa.Column('resolved_claim_amount', sa.BigInteger(), nullable=False),
        sa.Column('agreed_amount', sa.BigInteger(), nullable=False),
        sa.Column('performed_amount', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_monthly_figures_centre_id_centres')),
        sa.PrimaryKeyConstraint('centre_id', 'scope', 'month', 'dimension', 'key', name=op.f('pk_monthly_figures')),
    )

    # tenancy and federation ----------------------------------------------------------
    op.create_table(
        'federations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('level', sa.Enum('city', 'province', name='federationlevel', native_enum=False, length=10), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("level = 'city' OR parent_id IS NULL", name=op.f('ck_federations_province_has_no_parent')),
        sa.ForeignKeyConstraint(['parent_id'], ['federations.id'], name=op.f('fk_federations_parent_id_federations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_federations')),
        sa.UniqueConstraint('name', name=op.f('uq_federations_name')),
    )
    with op.batch_alter_table('federations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_federations_parent_id'), ['parent_id'], unique=False)
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.add_column(sa.Column('federation_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_centres_federation_id'), ['federation_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_centres_federation_id_federations'), 'federations', ['federation_id'], ['id']
        )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('federation_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_users_federation_id_federations'), 'federations', ['federation_id'], ['id']
        )
    # Every account now belongs to a centre: accounts made before (enterprise users,
    # court liaisons) join the deployment's centre when it has exactly one.
    centres = sa.table('centres', sa.column('id', sa.Integer()))
    users = sa.table('users', sa.column('centre_id', sa.Integer()))
    centre_ids = op.get_bind().execute(sa.select(centres.c.id).limit(2)).scalars().all()
    if len(centre_ids) == 1:
        op.execute(users.update().where(users.c.centre_id.is_(None)).values(centre_id=centre_ids[0]))
    # end of tenancy and federation -----------------------------------------------------


def downgrade():
    op.drop_table('monthly_figures')

    # tenancy and federation ----------------------------------------------------------
    # (The centres given to older accounts stay: they are right, and harmless before.)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_federation_id_federations'), type_='foreignkey')
        batch_op.drop_column('federation_id')
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_centres_federation_id_federations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_centres_federation_id'))
        batch_op.drop_column('federation_id')
    with op.batch_alter_table('federations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_federations_parent_id'))
    op.drop_table('federations')
    # end of tenancy and federation -----------------------------------------------------
