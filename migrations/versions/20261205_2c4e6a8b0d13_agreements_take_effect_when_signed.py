"""agreements are recorded for signature and count as settled when the last signature is in

Revision ID: 2c4e6a8b0d13
Revises: 1b3d5f7a9c20
Create Date: 2026-12-05 08:30:00

The case keeps how the agreed amount is paid, why an amount above the claim was
agreed, and when the agreement was recorded (its signing period runs from then).

A case the first version settled whose agreement was issued in the system but never
signed by everyone had not taken effect: it goes back to ``mediated`` with its
agreement awaiting signatures, and leaves the settled figures (tallies, monthly
figures, mediators' open cases), as ``totals verify`` recomputes them. Cases
settled before the system (no agreement issued in it) were signed on paper and stay.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session, joinedload, load_only

revision = "2c4e6a8b0d13"
down_revision = "1b3d5f7a9c20"
branch_labels = None
depends_on = None

FROM_SYSTEM = "EXISTS (SELECT 1 FROM documents d WHERE d.case_id = cases.id AND d.kind = 'agreement')"


def upgrade():
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("payment_method", sa.String(20), nullable=True))
        batch.add_column(sa.Column("payment_method_other", sa.String(200), nullable=True))
        batch.add_column(sa.Column("over_claim_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("agreement_recorded_at", sa.DateTime(timezone=True), nullable=True))
    # The first version's agreement printed "by bank transfer" for every case.
    op.execute(
        "UPDATE cases SET payment_method = 'bank_transfer', agreement_recorded_at = "
        "(SELECT MIN(d.created_at) FROM documents d WHERE d.case_id = cases.id AND d.kind = 'agreement') "
        f"WHERE {FROM_SYSTEM}"
    )
    op.execute(
        "UPDATE cases SET payment_method = 'bank_transfer' WHERE state = 'settled' AND payment_method IS NULL"
    )
    _unsettle_unsigned()


def _unsettle_unsigned() -> None:
    # The figures are kept by the application's own rules (reporting), through a session
    # on this migration's connection: only the columns they read are loaded.
    from mediation_app.cases.models import Case
    from mediation_app.parties.models import Organisation
    from mediation_app.reporting.operations import case_facts, recount
    from workflows.case_states import CaseState

    session = Session(bind=op.get_bind())
    unsigned = session.scalars(
        sa.select(Case)
        .options(
            load_only(
                Case.id,
                Case.state,
                Case.centre_id,
                Case.court_id,
                Case.source,
                Case.industry,
                Case.applicant_id,
                Case.mediator_id,
                Case.created_at,
                Case.concluded_at,
                Case.claim_amount,
                Case.agreed_amount,
                Case.deadline,
                Case.version,
            ),
            # The figures read the applicant's chamber; later columns do not exist yet.
            joinedload(Case.applicant).load_only(Organisation.id, Organisation.chamber_id),
        )
        .where(Case.state == CaseState.SETTLED, Case.agreement_effective_on.is_(None), sa.text(FROM_SYSTEM))
    ).all()
    for case in unsigned:
        counted = case_facts(case, CaseState.SETTLED)
        case.state, case.concluded_at = CaseState.MEDIATED, None
        recount(session, counted, case_facts(case, CaseState.MEDIATED))
    session.commit()  # the figures are written here, inside the migration's transaction
    if unsigned:
        op.execute("DELETE FROM mediator_workloads")
        op.execute(
            "INSERT INTO mediator_workloads (mediator_id, open_cases) SELECT mediator_id, COUNT(*) FROM cases "
            "WHERE mediator_id IS NOT NULL AND state IN ('filed', 'assigned', 'mediated') GROUP BY mediator_id"
        )


def downgrade():
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("agreement_recorded_at")
        batch.drop_column("over_claim_reason")
        batch.drop_column("payment_method_other")
        batch.drop_column("payment_method")
