"""wider parties: natural persons (自然人) and individual businesses (个体工商户)

Revision ID: b2e4c7a19f03
Revises: b3e71c4a9d05
Create Date: 2026-12-05 16:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b2e4c7a19f03"
down_revision = "b3e71c4a9d05"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("id_number", sa.String(18), nullable=True))
        batch.add_column(sa.Column("operator_name", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("phone", sa.String(20), nullable=False, server_default=""))
        batch.create_unique_constraint("uq_organisations_id_number", ["id_number"])
        batch.create_check_constraint("person_has_id_number", "kind <> 'person' OR id_number IS NOT NULL")
        batch.create_check_constraint(
            "individual_business_has_uscc_and_operator",
            "kind <> 'individual_business' OR (uscc IS NOT NULL AND operator_name <> '')",
        )


def downgrade():
    # The earlier schema knows companies only: a person or an individual business that
    # is a party cannot be represented there, so the downgrade refuses rather than lose them.
    wider = op.get_bind().execute(
        sa.text("SELECT count(*) FROM organisations WHERE kind IN ('person', 'individual_business')")
    )
    if wider.scalar():
        raise RuntimeError("persons or individual businesses are recorded as parties: cannot downgrade")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_constraint("individual_business_has_uscc_and_operator", type_="check")
        batch.drop_constraint("person_has_id_number", type_="check")
        batch.drop_constraint("uq_organisations_id_number", type_="unique")
        batch.drop_column("phone")
        batch.drop_column("operator_name")
        batch.drop_column("id_number")
