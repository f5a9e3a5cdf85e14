"""Each trigger of the lifecycle, declared once: the schema of what it carries, the
checks on it that need the database or the case (they give the workflow's guards their
arguments), and what it writes on the case (it gives the audit event its details).

What a trigger causes elsewhere (its documents, its notices, the court's records, the
centre's figures) is attached by those domains to ``cases.hooks.transition_done``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from mediation_app.auth.models import User
from mediation_app.cases.conflicts import conflicts_of
from mediation_app.cases.hooks import first_session_ahead
from mediation_app.cases.models import Case, Instalment
from mediation_app.cases.schemas import (
    TRIGGER_SCHEMAS,
    Assign,
    ReasonRequired,
    RecordAgreement,
    ReferToCourt,
    Settle,
    StartMediation,
    Withdraw,
)
from mediation_app.core.formatting import local_minute
from mediation_app.core.schema import FieldErrors
from mediation_app.extensions import db
from mediation_app.types import utcnow
from workflows.case_workflow import TRIGGERS
from workflows.deadlines import local_date
from workflows.roles import Role


@dataclass(frozen=True)
class MediatorCandidate:
    """What the assignment guards need to know about a mediator, as plain values; and
    the row, for the effects (read once per transition)."""

    id: int
    name: str
    conflicts: tuple[str, ...]
    user: User | None = field(default=None, compare=False, repr=False)


def _assignment(fields: FieldErrors, case: Case, payload: Assign) -> dict:
    mediator = db.session.get(User, payload.mediator_id)
    if (
        mediator is None
        or mediator.role is not Role.MEDIATOR
        or not mediator.active
        or mediator.centre_id != case.centre_id
    ):
        fields.fail("mediator_id", _l("is not a mediator of this centre"))
        candidate = None
    else:
        candidate = MediatorCandidate(mediator.id, mediator.name, conflicts_of(mediator, case), mediator)
    return {"mediator": candidate, "override_reason": payload.override_reason}


def _reason(fields: FieldErrors, case: Case, payload: ReasonRequired | Withdraw) -> dict:
    return {"reason": payload.reason}


def _referral(fields: FieldErrors, case: Case, payload: ReferToCourt) -> dict:
    return {"reason": payload.reason, "outcome_code": payload.outcome_code}


def _consent(fields: FieldErrors, case: Case, payload: StartMediation) -> dict:
    """Consent recorded earlier (portal, paper, phone), or confirmed by the mediator now."""
    return {"respondent_consent": payload.respondent_consent is True or case.respondent_consent is True}


def _instalments(fields: FieldErrors, payload: RecordAgreement, today: date) -> list[tuple[Decimal, date]]:
    """The agreement's instalments (履行期限) as (amount, due date), in due order: by
    default one of the whole agreed amount due on the performance deadline; otherwise
    amounts that add up to the agreed amount, due between today and the deadline."""
    if not payload.instalments:
        return [(payload.agreed_amount, payload.performance_deadline)]
    for number, item in enumerate(payload.instalments, start=1):
        if not today <= item.due_on <= payload.performance_deadline:
            fields.fail(
                "instalments",
                _l("instalment %(n)d: must fall due between today and the performance deadline", n=number),
            )
            return []
    if sum(item.amount for item in payload.instalments) != payload.agreed_amount:
        fields.fail("instalments", _l("the instalments must add up to the agreed amount"))
        return []
    return sorted(((item.amount, item.due_on) for item in payload.instalments), key=lambda i: i[1])


def _agreement(fields: FieldErrors, case: Case, payload: RecordAgreement) -> dict:
    now = utcnow()
    today = local_date(now)
    if payload.payment_method == "other" and not payload.payment_method_other:
        fields.fail("payment_method_other", _l("say how the amount is paid"))
    ahead = [first for first in first_session_ahead(case=case, now=now) if first is not None]
    return {
        "agreed_amount": payload.agreed_amount,
        "claim_amount": case.claim_amount,
        "terms": list(payload.terms),
        "performance_deadline": payload.performance_deadline,
        "payment_method": payload.payment_method,
        "payment_method_other": payload.payment_method_other if payload.payment_method == "other" else "",
        "instalments": _instalments(fields, payload, today),
        "over_claim_reason": payload.over_claim_reason,
        "over_claim_confirmed": payload.over_claim_confirmed,
        "sessions_only_ahead": bool(ahead),
        "first_session": local_minute(ahead[0]) if ahead else "",
        "today": today,
    }


def _agreement_in_force(fields: FieldErrors, case: Case, payload: Settle) -> dict:
    """``settle`` makes the recorded agreement take effect: it must have been recorded."""
    return {
        "agreed_amount": case.agreed_amount,
        "terms": case.terms,
        "performance_deadline": case.performance_deadline,
    }


def _assignment_effects(case: Case, args: dict, now: datetime) -> dict:
    details = {"mediator_id": args["mediator"].id, "previous_mediator_id": case.mediator_id}
    if args["mediator"].conflicts:  # assigned over a flagged conflict: why, on the record
        details |= {"conflicts": list(args["mediator"].conflicts), "override_reason": args["override_reason"]}
    case.mediator_id = args["mediator"].id
    case.mediator = args["mediator"].user  # the relationship follows now, not after a reload
    return details


def _consent_effects(case: Case, args: dict, now: datetime) -> dict:
    return {"respondent_consent": True}  # a direct case's clock starts with its first session


def _agreement_effects(case: Case, args: dict, now: datetime) -> dict:
    case.agreed_amount = args["agreed_amount"]
    case.terms = args["terms"]
    case.performance_deadline = args["performance_deadline"]
    case.payment_method = args["payment_method"]
    case.payment_method_other = args["payment_method_other"] or None
    case.over_claim_reason = args["over_claim_reason"] if args["agreed_amount"] > case.claim_amount else None
    case.agreement_recorded_at = now
    details = {
        "agreed_amount": str(case.agreed_amount),
        "terms": case.terms,
        "performance_deadline": case.performance_deadline.isoformat(),
        "payment_method": case.payment_method,
    }
    if case.payment_method_other:
        details["payment_method_other"] = case.payment_method_other
    if case.over_claim_reason:
        details |= {"over_claim_reason": case.over_claim_reason, "claim_amount": str(case.claim_amount)}
    return details


def _effect(case: Case, args: dict, now: datetime) -> dict:
    return {"agreed_amount": str(case.agreed_amount)}


def _decline_effects(case: Case, args: dict, now: datetime) -> dict:
    case.respondent_consent, case.respondent_consent_at = False, now
    case.outcome_reason, case.outcome_code = args["reason"], "respondent_declined"
    return {"reason": args["reason"], "respondent_consent": False, "outcome_code": case.outcome_code}


def _reason_effects(case: Case, args: dict, now: datetime) -> dict:
    if not args["reason"]:  # a withdrawal may give none
        return {}
    case.outcome_reason = args["reason"]
    return {"reason": args["reason"]}


def _withdrawal_effects(case: Case, args: dict, now: datetime) -> dict:
    case.outcome_code = "withdrawn_by_applicant"
    return _reason_effects(case, args, now) | {"outcome_code": case.outcome_code}


def _referral_effects(case: Case, args: dict, now: datetime) -> dict:
    case.outcome_code = args["outcome_code"]
    return _reason_effects(case, args, now) | {"outcome_code": case.outcome_code}


def _store_instalments(case: Case, args: dict) -> dict:
    """The agreement's instalments (履行期限), as rows and for the audit; an agreement
    recorded again (before anyone signed) replaces the earlier one's."""
    instalments = args["instalments"]
    db.session.execute(delete(Instalment).where(Instalment.case_id == case.id))
    for sequence, (amount, due_on) in enumerate(instalments, start=1):
        db.session.add(Instalment(case_id=case.id, sequence=sequence, amount=amount, due_on=due_on))
    return {
        "instalments": [
            {"amount": str(amount), "due_on": due_on.isoformat()} for amount, due_on in instalments
        ]
    }


@dataclass(frozen=True)
class Trigger:
    schema: type
    #: (field errors, case, parsed payload) -> the arguments the workflow's guards check
    arguments: Callable[[FieldErrors, Case, Any], dict]
    #: (case, arguments, now) -> writes them on the case; the audit event's details
    effects: Callable[[Case, dict, datetime], dict]
    #: (case, arguments) -> rows of its own, written after the case's compare-and-set; more details
    recorded: Callable[[Case, dict], dict] | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        """What a form for it asks (the schema's fields besides the trigger and version)."""
        return tuple(name for name in self.schema.model_fields if name not in ("trigger", "version"))


def _declare(name: str, arguments, effects, recorded=None) -> Trigger:
    return Trigger(TRIGGER_SCHEMAS[name], arguments, effects, recorded)


BY_NAME: dict[str, Trigger] = {
    "assign": _declare("assign", _assignment, _assignment_effects),
    "reassign": _declare("reassign", _assignment, _assignment_effects),
    "reject": _declare("reject", _reason, _reason_effects),
    "start_mediation": _declare("start_mediation", _consent, _consent_effects),
    "decline_mediation": _declare("decline_mediation", _reason, _decline_effects),
    "record_agreement": _declare("record_agreement", _agreement, _agreement_effects, _store_instalments),
    "settle": _declare("settle", _agreement_in_force, _effect),
    "refer_to_court": _declare("refer_to_court", _referral, _referral_effects),
    "withdraw": _declare("withdraw", _reason, _withdrawal_effects),
}
assert set(BY_NAME) == set(TRIGGERS), "every trigger of the workflow is declared here"
