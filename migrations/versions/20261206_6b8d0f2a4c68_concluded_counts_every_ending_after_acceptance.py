"""concluded (结案) counts every ending after acceptance, apart from settled (调解成功)

Revision ID: 6b8d0f2a4c68
Revises: ad4f6b8c2e57
Create Date: 2026-12-05 12:10:00

The figures called "concluded" meant two things: the settled count in the totals,
the settled and referred cases in the statistics. Concluded is now every ending
after acceptance (settled, referred to court, withdrawn after acceptance;
``reporting.figures.is_concluded``), kept as a count of its own beside each state's
tally and in the monthly figures; the days to conclude and the late conclusions
count the same cases. The figures are counted afresh from the cases, as ``totals
verify`` recomputes them. Downgrading takes the withdrawn cases' days and lateness
back out (the first meaning) and drops the counts.
"""

from dataclasses import replace

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "6b8d0f2a4c68"
down_revision = "ad4f6b8c2e57"
branch_labels = None
depends_on = None


def _centres(session: Session) -> list[int]:
    return session.scalars(sa.text("SELECT id FROM centres ORDER BY id")).all()


def upgrade():
    with op.batch_alter_table("case_tallies") as batch:
        batch.add_column(sa.Column("concluded_count", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("monthly_figures") as batch:
        batch.add_column(sa.Column("concluded", sa.Integer(), nullable=False, server_default="0"))
    # The figures are counted by the application's own rules (reporting), through a
    # session on this migration's connection.
    from mediation_app.reporting.operations import recount_centre

    session = Session(bind=op.get_bind())
    for centre_id in _centres(session):
        recount_centre(session, centre_id)
    session.commit()  # written here, inside the migration's transaction


def downgrade():
    from mediation_app.reporting.figures import is_concluded
    from mediation_app.reporting.operations import recount
    from mediation_app.reporting.recompute import case_groups
    from workflows.case_states import CaseState

    session = Session(bind=op.get_bind())
    for centre_id in _centres(session):
        for group in case_groups(centre_id, session):
            if group.state is CaseState.WITHDRAWN and is_concluded(group.state, group.mediator_id):
                recount(session, group, replace(group, days=0, late=0))
    session.commit()
    with op.batch_alter_table("monthly_figures") as batch:
        batch.drop_column("concluded")
    with op.batch_alter_table("case_tallies") as batch:
        batch.drop_column("concluded_count")
