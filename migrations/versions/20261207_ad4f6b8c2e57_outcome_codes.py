"""why a case ended without settlement, as a code beside the reason's text

Revision ID: ad4f6b8c2e57
Revises: 9c3e5a7b1d46
Create Date: 2026-12-05 13:05:00

Cases concluded before: a withdrawal and a respondent's refusal to mediate tell their
code by themselves; a referral's cannot be told from its text, and stays unrecorded.
"""

import sqlalchemy as sa
from alembic import op

revision = "ad4f6b8c2e57"
down_revision = "9c3e5a7b1d46"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("outcome_code", sa.String(30), nullable=True))
    cases = sa.table(
        "cases",
        sa.column("state", sa.String),
        sa.column("respondent_consent", sa.Boolean),
        sa.column("outcome_code", sa.String),
    )
    op.execute(cases.update().where(cases.c.state == "withdrawn").values(outcome_code="withdrawn_by_applicant"))
    op.execute(
        cases.update()
        .where(cases.c.state == "referred_to_court", cases.c.respondent_consent.is_(False))
        .values(outcome_code="respondent_declined")
    )


def downgrade():
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("outcome_code")
