"""Keeping the tallies and monthly figures in step with the cases, inside the
caller's transaction: every filing, transition, imported case and payment goes
through :func:`record_case_move` or :func:`record_performance`."""

from decimal import Decimal

from sqlalchemy import delete, event
from sqlalchemy.orm import Session

from mediation_app.extensions import db
from mediation_app.reporting.figures import (
    BUCKET_COLUMNS,
    FIGURE_NAMES,
    CaseFacts,
    Ledger,
    before,
    case_figures,
    month_of,
    payment_figures,
)
from mediation_app.reporting.models import CENTRE_SCOPE, CaseTally, MonthlyFigures, court_scope
from mediation_app.reporting.recompute import recomputed_figures
from mediation_app.transactions import committed
from mediation_app.upsert import upsert
from workflows.case_states import CaseState
from workflows.deadlines import local_date

ZERO = Decimal("0.00")


def _scopes(case) -> list[str]:
    return [CENTRE_SCOPE] + ([court_scope(case.court_id)] if case.court_id else [])


def _bump(
    centre_id: int,
    scope: str,
    state: CaseState,
    count: int,
    claim: Decimal,
    agreed: Decimal,
    performed: Decimal = ZERO,
):
    values = {
        "centre_id": centre_id,
        "scope": scope,
        "state": state.value,
        "case_count": count,
        "claim_amount": claim,
        "agreed_amount": agreed,
        "performed_amount": performed,
    }
    db.session.execute(
        upsert(
            CaseTally,
            values,
            key=["centre_id", "scope", "state"],
            update=lambda new: {
                "case_count": CaseTally.case_count + new.case_count,
                "claim_amount": CaseTally.claim_amount + new.claim_amount,
                "agreed_amount": CaseTally.agreed_amount + new.agreed_amount,
                "performed_amount": CaseTally.performed_amount + new.performed_amount,
            },
        )
    )


def record_case_move(case, from_state: CaseState | None, to_state: CaseState) -> None:
    """Move ``case`` between state tallies (``from_state=None`` for a new case).

    Rows are touched in one fixed order so that concurrent transactions on
    PostgreSQL lock them in the same order and cannot deadlock.
    """
    if from_state == to_state:
        return
    _record_tally_move(case, from_state, to_state)
    facts = case_facts(case, to_state)
    ledger = _pending(db.session())
    ledger.post(case_figures(facts))
    if from_state is not None:
        ledger.post(case_figures(before(facts, from_state)), sign=-1)


def _record_tally_move(case, from_state: CaseState | None, to_state: CaseState) -> None:
    agreed = case.agreed_amount or ZERO
    changes = []
    for scope in _scopes(case):
        if from_state is not None:
            changes.append(
                (
                    scope,
                    from_state,
                    -1,
                    -case.claim_amount,
                    -agreed if from_state is CaseState.SETTLED else ZERO,
                )
            )
        changes.append(
            (scope, to_state, 1, case.claim_amount, agreed if to_state is CaseState.SETTLED else ZERO)
        )
    for scope, state, count, claim, agreed_delta in sorted(changes, key=lambda c: (c[0], c[1].value)):
        _bump(case.centre_id, scope, state, count, claim, agreed_delta)


def record_performance(case, amount: Decimal, paid_on) -> None:
    """Add a payment made under ``case``'s agreement (on ``paid_on``) to the performed amount."""
    for scope in _scopes(case):
        _bump(case.centre_id, scope, case.state, 0, ZERO, ZERO, amount)
    _pending(db.session()).post(payment_figures(case_facts(case, case.state), month_of(paid_on), amount))


def case_facts(case, state: CaseState) -> CaseFacts:
    """What the monthly figures need of ``case`` (in ``state``)."""
    filed_on = local_date(case.created_at)
    concluded_on = local_date(case.concluded_at) if state.is_final and case.concluded_at else None
    return CaseFacts(
        centre_id=case.centre_id,
        court_id=case.court_id,
        source=str(case.source),  # a StrEnum, or its value on a row not yet flushed
        industry=case.industry or "",
        chamber_id=case.applicant.chamber_id,
        mediator_id=case.mediator_id,
        state=state,
        filed_month=month_of(filed_on),
        concluded_month=month_of(concluded_on) if concluded_on else None,
        claim=case.claim_amount,
        agreed=case.agreed_amount or ZERO,
        days=(concluded_on - filed_on).days if concluded_on else 0,
        late=int(bool(concluded_on and case.deadline and concluded_on > case.deadline)),
    )


# The monthly changes of a transaction are summed in the session and written when it
# commits, still inside it: a bulk import writes each touched row once, not once per
# case, and rows stay locked only for the end of the transaction.
_PENDING = "reporting.monthly_figures"


def _pending(session: Session) -> Ledger:
    return session.info.setdefault(_PENDING, Ledger())


@event.listens_for(Session, "before_commit")
def _post_pending(session: Session) -> None:
    ledger = session.info.pop(_PENDING, None)
    if ledger:
        _post(session, ledger)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _post(session: Session, ledger: Ledger) -> None:
    """Add the ledger's non-zero changes to their rows, in one fixed order (no
    deadlock between concurrent transactions on PostgreSQL)."""
    for bucket, figures in sorted(ledger.changed().items()):
        session.execute(
            upsert(
                MonthlyFigures,
                _row(bucket, figures),
                key=list(BUCKET_COLUMNS),
                update=lambda new: {
                    name: getattr(MonthlyFigures, name) + getattr(new, name) for name in FIGURE_NAMES
                },
            )
        )


def _row(bucket: tuple, figures) -> dict:
    return dict(zip(BUCKET_COLUMNS, bucket, strict=True)) | figures.values()


def rebuild_monthly_figures(centre_id: int) -> None:
    """Replace a centre's monthly figures by their recomputation from the cases (after
    a bulk load, or once on a database that held cases before the figures existed)."""
    rows = [_row(bucket, f) for bucket, f in sorted(recomputed_figures(centre_id).items())]
    with committed():
        db.session.execute(delete(MonthlyFigures).where(MonthlyFigures.centre_id == centre_id))
        if rows:
            db.session.execute(MonthlyFigures.__table__.insert(), rows)
