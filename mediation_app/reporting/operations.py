"""Keeping the tallies in step with the cases, inside the caller's transaction."""

from decimal import Decimal

from mediation_app.extensions import db
from mediation_app.reporting.models import CENTRE_SCOPE, CaseTally, court_scope
from mediation_app.upsert import upsert
from workflows.case_states import CaseState

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
