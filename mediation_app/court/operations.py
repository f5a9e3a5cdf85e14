"""Business actions of the court linkage: each one function, one transaction,
one audit trail (cf. cases.operations).

Writers of one case serialise on the case row: each action touches the case, so
its UPDATE … WHERE version = :read is a compare-and-set, and of two concurrent
payments (or acknowledgements) exactly one commits; the other gets a 409.
"""

import logging
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from mediation_app.auth.models import User
from mediation_app.cases.models import Case, DeadlineReminder
from mediation_app.cases.notices import party_users as parties_of
from mediation_app.cases.notices import send_notice
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.timeline import record_event
from mediation_app.court import inputs
from mediation_app.court.actions import CASE, REFERRAL
from mediation_app.court.hooks import confirmation_applied, payment_recorded
from mediation_app.court.models import Confirmation, FollowUpVisit, Payment, Referral
from mediation_app.court.queries import (
    cases_in_default,
    confirmation_of,
    get_visible_referral,
    paid_so_far,
    performance_of,
    window_of,
)
from mediation_app.court.schemas import (
    Acknowledgement,
    ConfirmationApplication,
    ConfirmationOutcome,
    NewPayment,
    NewVisit,
)
from mediation_app.court.window import CONFIRMATION_DAYS, REMINDER_DAYS, reminder_due, window_last_day
from mediation_app.documents.operations import issue_document
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.evidence.models import EvidenceFile
from mediation_app.evidence.operations import checked_file, store_evidence
from mediation_app.extensions import db
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from mediation_app.upsert import insert_once
from workflows.case_states import CaseState
from workflows.deadlines import local_date

log = logging.getLogger(__name__)

DELEGATION_LETTER = "delegation_letter"  # the evidence category of the court's letter
REFERRING_TRIGGERS = frozenset({"refer_to_court", "decline_mediation"})


def _touch(case: Case, now: datetime) -> None:
    """Make this transaction a compare-and-set on the case's version (see module doc)."""
    case.updated_at = now
    db.session.flush()


# --- hooks called inside the case transitions (cases.operations) ----------------------


def on_case_concluded(case: Case, trigger: str, actor: User) -> None:
    """A court case that failed goes back to its court (转立案): it lands in the
    liaison's referral queue. The court's liaisons are e-mailed by the case notices."""
    if trigger in REFERRING_TRIGGERS and case.court_id is not None:
        now = utcnow()
        db.session.add(
            Referral(
                case_id=case.id,
                court_id=case.court_id,
                reason=case.outcome_reason or "",
                referred_at=now,
                referred_by_id=actor.id,
                updated_at=now,
            )
        )


# --- delegation letter --------------------------------------------------------------------


def attach_delegation_letter(
    actor: User, case_id: int, *, file_name, content: bytes, remote_addr: str | None = None
) -> EvidenceFile:
    """The court's letter of delegation or commission, kept with the case's evidence
    (checked by content, stored under a generated name, hashed) where the parties,
    the mediator and the court read it."""
    case = get_visible_case(actor, case_id)
    CASE.require(actor, case, "attach_delegation_letter")
    try:
        name, kind = checked_file(file_name, content)
    except ValueError as error:
        raise ValidationFailed(fields={"file": str(error)}) from None
    return store_evidence(
        actor,
        case,
        name=name,
        kind=kind,
        content=content,
        category=DELEGATION_LETTER,
        action="attach_delegation_letter",
        remote_addr=remote_addr,
    )


# --- performance follow-up (履行回访) ----------------------------------------------------------


def _settled_case_for_performance(actor: User, case_id: int, action: str) -> Case:
    case = get_visible_case(actor, case_id)
    CASE.require(actor, case, action)
    return case


def _add_follow_up(case: Case, actor: User, now, record_class, **values):
    """A performance record of the case (a payment, a visit), written after the case's
    compare-and-set so a lost race writes nothing."""
    _touch(case, now)
    record = record_class(case_id=case.id, recorded_by_id=actor.id, created_at=now, **values)
    db.session.add(record)
    db.session.flush()
    return record


def record_payment(actor: User, case_id: int, data: dict, *, remote_addr: str | None = None) -> Payment:
    """A payment made under the agreement; the centre's performed amount grows with it."""
    case = _settled_case_for_performance(actor, case_id, "record_payment")
    now = utcnow()
    payment = NewPayment.parse(data)
    inputs.check_payment(
        payment, owed=case.agreed_amount - paid_so_far(case), settled_on=local_date(case.concluded_at)
    )
    with committed():
        payment = _add_follow_up(
            case, actor, now, Payment, amount=payment.amount, paid_on=payment.paid_on, note=payment.note
        )
        payment_recorded(case=case, amount=payment.amount, paid_on=payment.paid_on)
        record_event(
            case,
            actor,
            "record_payment",
            remote_addr=remote_addr,
            data={
                "payment_id": payment.id,
                "amount": str(payment.amount),
                "paid_on": payment.paid_on.isoformat(),
            },
        )
    return payment


def record_visit(actor: User, case_id: int, data: dict, *, remote_addr: str | None = None) -> FollowUpVisit:
    """A follow-up visit or call on the agreement's performance (回访记录)."""
    case = _settled_case_for_performance(actor, case_id, "record_visit")
    now = utcnow()
    visit = NewVisit.parse(data)
    inputs.check_visit(visit, settled_on=local_date(case.concluded_at))
    with committed():
        visit = _add_follow_up(case, actor, now, FollowUpVisit, visited_on=visit.visited_on, note=visit.note)
        record_event(
            case,
            actor,
            "record_visit",
            remote_addr=remote_addr,
            data={"visit_id": visit.id, "visited_on": visit.visited_on.isoformat(), "note": visit.note},
        )
    return visit


# --- referrals back to court --------------------------------------------------------------


def acknowledge_referral(
    actor: User, case_id: int, data: dict, *, remote_addr: str | None = None
) -> Referral:
    """The court's liaison confirms receipt of a referred case with the court's filing number (立案号)."""
    referral, case = get_visible_referral(actor, case_id)
    REFERRAL.require(actor, referral, "acknowledge_referral")
    filing_number = Acknowledgement.parse(data).filing_number
    inputs.check_filing_number(filing_number, case.court)
    taken = db.session.scalar(
        select(Referral.id).where(
            Referral.court_id == referral.court_id, Referral.filing_number == filing_number
        )
    )
    if taken is not None:
        raise ValidationFailed(fields={"filing_number": _("is already recorded for another referral")})
    now = utcnow()
    with committed(race_message=_("This filing number was recorded at the same moment; please check it.")):
        _touch(case, now)
        referral.filing_number = filing_number
        referral.acknowledged_at = referral.updated_at = now
        referral.acknowledged_by_id = actor.id
        record_event(
            case,
            actor,
            "acknowledge_referral",
            remote_addr=remote_addr,
            data={"filing_number": referral.filing_number},
        )
    return referral


# --- judicial confirmation (司法确认) ---------------------------------------------------------


def _confirmation(case: Case) -> Confirmation:
    confirmation = confirmation_of(case)
    if confirmation is None:
        confirmation = Confirmation(case_id=case.id)
        db.session.add(confirmation)
    return confirmation


def apply_for_confirmation(
    actor: User, case_id: int, data: dict, *, remote_addr: str | None = None
) -> Confirmation:
    """Record the parties' joint application (after the agreement took effect) and
    issue the application form (司法确认申请书); after the 30 days only with the reason."""
    case = get_visible_case(actor, case_id)
    now = utcnow()
    today = local_date(now)
    CASE.require(actor, case, "apply_for_confirmation")
    window = window_of(case, today)
    application = ConfirmationApplication.parse(data)
    fields = inputs.FieldErrors()
    late = inputs.late_reason(fields, application.late_reason, late=not window.is_open)
    fields.raise_if_any()
    with committed():
        _touch(case, now)
        confirmation = _confirmation(case)
        confirmation.applied_on, confirmation.applied_by_id = today, actor.id
        confirmation.late_reason = late
        document = issue_document(case, "confirmation_application", actor, remote_addr=remote_addr)
        confirmation.application_document_id = document.id
        db.session.flush()
        record_event(
            case,
            actor,
            "apply_for_confirmation",
            remote_addr=remote_addr,
            data={"applied_on": today.isoformat(), "late_reason": late, "document_id": document.id},
        )
        confirmation_applied(case=case)
    return confirmation


def record_confirmation(
    actor: User, case_id: int, data: dict, *, remote_addr: str | None = None
) -> Confirmation:
    """The court's decision on the application, recorded once by its liaison:
    confirmed (then the agreement is enforceable) or not confirmed."""
    case = get_visible_case(actor, case_id)
    CASE.require(actor, case, "record_confirmation")
    now = utcnow()
    today = local_date(now)
    window = window_of(case, today)
    if window.outcome is not None:
        raise Conflict(_("The court's decision has already been recorded."))
    # Late unless the parties applied in time, or the window is still open today.
    applied_on = window.confirmation.applied_on if window.applied else None
    late = (applied_on or today) > window.last_day and not (
        window.confirmation and window.confirmation.late_reason
    )
    values = inputs.check_outcome(
        ConfirmationOutcome.parse(data), case.court, effective_on=case.agreement_effective_on, late=late
    )
    with committed():
        _touch(case, now)
        confirmation = _confirmation(case)
        confirmation.outcome = values["outcome"]
        confirmation.confirmation_number = values["confirmation_number"]
        confirmation.decided_on = values["decided_on"]
        confirmation.reason = values["reason"]
        if values["late_reason"]:
            confirmation.late_reason = values["late_reason"]
        confirmation.recorded_by_id, confirmation.recorded_at = actor.id, now
        db.session.flush()
        record_event(
            case,
            actor,
            "record_confirmation",
            remote_addr=remote_addr,
            data={
                "outcome": confirmation.outcome,
                "confirmation_number": confirmation.confirmation_number,
                "decided_on": confirmation.decided_on.isoformat(),
                "reason": confirmation.reason,
                "late_reason": values["late_reason"],
                "enforceable": confirmation.enforceable,
            },
        )
        send_notice(
            [*parties_of(case), case.mediator],
            "confirmation_decided",
            case,
            {
                "court_name": case.court.name if case.court else "人民法院",
                "confirmed": confirmation.outcome == "confirmed",
                "confirmation_number": confirmation.confirmation_number or "",
                "reason": confirmation.reason or "",
            },
        )
    return confirmation


# --- reminders (flask court remind) -------------------------------------------------------------


def _once(case: Case, deadline, kind: str) -> bool:
    """True the first time (case, deadline, kind) is claimed; the row is the proof."""
    key = {"case_id": case.id, "deadline": deadline, "kind": kind}
    return db.session.execute(insert_once(DeadlineReminder, key, list(key))).first() is not None


def _settled_awaiting_confirmation(today) -> list[Case]:
    """Settled cases whose confirmation window ends within 7 days and nobody applied."""
    earliest = today - timedelta(days=CONFIRMATION_DAYS)
    latest = earliest + timedelta(days=max(REMINDER_DAYS))
    applied = select(Confirmation.case_id).where(
        (Confirmation.applied_on.is_not(None)) | (Confirmation.outcome.is_not(None))
    )
    return db.session.scalars(
        select(Case)
        .where(
            Case.state == CaseState.SETTLED,
            Case.agreement_effective_on.between(earliest, latest),
            Case.id.not_in(applied),
        )
        .order_by(Case.id)
    ).all()


def send_court_reminders(now: datetime | None = None) -> int:
    """E-mail, once each: the parties and mediator when 7 and 2 days of the confirmation
    window are left, and the applicant when an instalment falls into arrears (with its
    options). Safe to run twice or from two schedulers."""
    now = now or utcnow()
    today = local_date(now)
    sent = 0
    for case in _settled_awaiting_confirmation(today):
        reminder = reminder_due(case.agreement_effective_on, today)
        last_day = window_last_day(case.agreement_effective_on)
        with committed():
            if reminder and _once(case, last_day, f"confirmation_{reminder}d"):
                people = parties_of(case)
                people += [case.mediator] if case.mediator else []
                days_left = (last_day - today).days
                send_notice(
                    people, "confirmation_reminder", case, {"last_day": last_day, "days_left": days_left}
                )
                sent += 1
    for case in cases_in_default(today):
        performance = performance_of(case, today)
        first = performance.first_unpaid_overdue
        with committed():
            if first and _once(case, first.instalment.due_on, "performance_default"):
                send_notice(
                    [u for u in parties_of(case) if u.organisation_id == case.applicant_id],
                    "performance_default",
                    case,
                    {
                        "due_on": first.instalment.due_on,
                        "overdue_amount": performance.overdue_amount,
                        "enforceable": window_of(case, today).enforceable,
                    },
                )
                sent += 1
    return sent
