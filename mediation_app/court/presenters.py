"""The court linkage as JSON-ready dicts (API and CLI)."""

from mediation_app.api_support import iso, money
from mediation_app.court.queries import ConfirmationWindow, Performance


def _person(user) -> dict | None:
    return {"id": user.id, "name": user.name, "role": user.role.value} if user else None


def payment_json(payment) -> dict:
    return {
        "id": payment.id,
        "case_id": payment.case_id,
        "amount": money(payment.amount),
        "paid_on": iso(payment.paid_on),
        "note": payment.note,
        "recorded_by": _person(payment.recorded_by),
        "created_at": iso(payment.created_at),
    }


def visit_json(visit) -> dict:
    return {
        "id": visit.id,
        "case_id": visit.case_id,
        "visited_on": iso(visit.visited_on),
        "note": visit.note,
        "recorded_by": _person(visit.recorded_by),
        "created_at": iso(visit.created_at),
    }


def performance_json(performance: Performance) -> dict:
    return {
        "agreed_amount": money(performance.agreed),
        "paid": money(performance.paid),
        "owed": money(performance.owed),
        "overdue_amount": money(performance.overdue_amount),
        "in_default": performance.in_default,
        "instalments": [
            {
                "sequence": s.instalment.sequence,
                "amount": money(s.instalment.amount),
                "due_on": iso(s.instalment.due_on),
                "paid": money(s.paid),
                "outstanding": money(s.outstanding),
                "overdue": s.overdue and s.outstanding > 0,
            }
            for s in performance.instalments
        ],
        "payments": [payment_json(p) for p in performance.payments],
        "visits": [visit_json(v) for v in performance.visits],
    }


def referral_json(referral, flagged: bool) -> dict:
    case = referral.case
    return {
        "id": referral.id,
        "case_id": referral.case_id,
        "case_number": case.number,
        "court_case_number": case.court_case_number,
        "reason": referral.reason,
        "referred_at": iso(referral.referred_at),
        "acknowledged_at": iso(referral.acknowledged_at),
        "filing_number": referral.filing_number,
        "unacknowledged_over_3_days": flagged,
        "updated_at": iso(referral.updated_at),
    }


def confirmation_json(window: ConfirmationWindow) -> dict:
    confirmation = window.confirmation
    return {
        "agreement_effective_on": iso(window.effective_on),
        "window_last_day": iso(window.last_day),
        "days_left": window.days_left,
        "window_open": window.is_open,
        "applied_on": iso(confirmation.applied_on) if confirmation else None,
        "application_document_id": confirmation.application_document_id if confirmation else None,
        "late_reason": confirmation.late_reason if confirmation else None,
        "outcome": window.outcome,
        "confirmation_number": confirmation.confirmation_number if confirmation else None,
        "decided_on": iso(confirmation.decided_on) if confirmation else None,
        "reason": confirmation.reason if confirmation else None,
        "enforceable": window.enforceable,
    }
