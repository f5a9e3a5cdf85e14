"""the monthly figures count how each case ended (the ending breakdown)

Revision ID: a0c2e4f6b8d1
Revises: 9c3e5a7b2d46
Create Date: 2026-12-05 17:00:00

A new breakdown of the monthly figures, ``ending`` (``reporting.figures.ending_of``):
settled, rejected, or why mediation failed (the case's outcome code), counted at
conclusion like the mediators'. The figures are counted afresh from the cases, as
``totals verify`` recomputes them; downgrading removes the breakdown's rows.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "a0c2e4f6b8d1"
down_revision = "9c3e5a7b2d46"
branch_labels = None
depends_on = None


def upgrade():
    # Counted by the application's own rules (reporting), through a session on this
    # migration's connection, as the figures were when "concluded" changed meaning.
    from mediation_app.reporting.operations import recount_centre

    session = Session(bind=op.get_bind())
    for centre_id in session.scalars(sa.text("SELECT id FROM centres ORDER BY id")).all():
        recount_centre(session, centre_id)
    session.commit()  # written here, inside the migration's transaction


def downgrade():
    op.execute("DELETE FROM monthly_figures WHERE dimension = 'ending'")
