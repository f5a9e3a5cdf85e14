"""Business actions on cases: each one function, one transaction, one audit trail.

Faces (pages, API, CLI) pass the raw input they received; ``inputs`` parses it,
once for every face, and these functions act on the clean values.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from mediation_app.auth.models import User
from mediation_app.cases.inputs import (
    TRIGGER_INPUT,
    FieldErrors,
    parse_extension,
    parse_filing,
    parse_submission_key,
    parse_version,
)
from mediation_app.cases.models import Case, CaseNumberCounter, CaseSource, DeadlineReminder
from mediation_app.cases.notices import notify_deadline, notify_transition
from mediation_app.cases.permissions import actor_for, in_charge_of, may_extend_deadline, may_file
from mediation_app.cases.queries import get_visible_case, overdue_or_due_soon
from mediation_app.cases.timeline import record_event
from mediation_app.documents.operations import issue_document
from mediation_app.errors import Conflict, Forbidden, StaleCase, ValidationFailed
from mediation_app.extensions import db
from mediation_app.parties.models import Centre
from mediation_app.reporting.operations import record_case_move
from mediation_app.types import utcnow
from mediation_app.upsert import insert_once, upsert
from workflows import (
    CaseState,
    GuardRejected,
    TransitionForbidden,
    TransitionNotAllowed,
    UnknownTrigger,
    check,
    fire,
)
from workflows.deadlines import ClockStatus, local_date


def _next_case_number(centre: Centre, filed_at: datetime) -> str:
    """(2026)海工商调字第0001号: a per-centre, per-year serial, taken atomically."""
    year = local_date(filed_at).year
    statement = upsert(
        CaseNumberCounter,
        {"centre_id": centre.id, "year": year, "last_serial": 1},
        key=["centre_id", "year"],
        update=lambda new: {"last_serial": CaseNumberCounter.last_serial + 1},
    ).returning(CaseNumberCounter.last_serial)
    serial = db.session.execute(statement).scalar_one()
    return f"({year}){centre.case_prefix}字第{serial:04d}号"


def _already_filed(actor: User, key: str | None) -> Case | None:
    if key is None:
        return None
    return db.session.scalars(
        select(Case).where(Case.filed_by_id == actor.id, Case.submission_key == key)
    ).first()


def file_case(
    actor: User, data: dict, *, submission_key: str | None = None, remote_addr: str | None = None
) -> Case:
    """File a dispute (申请 / 委派 / 委托): the case starts in ``filed``.

    A filing repeated with the same ``submission_key`` (a retry, a double click)
    returns the case filed the first time instead of filing it twice.
    """
    if not may_file(actor):
        raise Forbidden()
    key = parse_submission_key(submission_key)
    if existing := _already_filed(actor, key):
        return existing
    try:
        filing, values = parse_filing(actor, data)
        now = utcnow()
        case = Case(
            centre_id=filing.centre.id,
            number=_next_case_number(filing.centre, now),
            state=CaseState.FILED,
            applicant_id=filing.applicant.id,
            respondent_id=filing.respondent.id,
            court_id=filing.court.id if filing.court else None,
            filed_by_id=actor.id,
            submission_key=key,
            created_at=now,
            updated_at=now,
            **values,
        )
        if case.source.from_court:  # the court's clock runs from delegation
            case.start_clock(now)
        db.session.add(case)
        db.session.flush()
        record_event(
            case,
            actor,
            "file",
            to_state=CaseState.FILED,
            remote_addr=remote_addr,
            data={"claim_amount": str(case.claim_amount), "source": case.source.value},
        )
        record_case_move(case, None, CaseState.FILED)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if existing := _already_filed(actor, key):  # the same submission won a race with this one
            return existing
        raise Conflict(_("This case conflicts with one filed at the same moment; please retry.")) from None
    except Exception:
        db.session.rollback()
        raise
    return case


def _apply_effects(case: Case, trigger: str, args: dict, now: datetime) -> dict:
    """Write what the transition carries onto the case; returns the audit details."""
    details = {}
    if trigger in ("assign", "reassign"):
        details = {"mediator_id": args["mediator"].id, "previous_mediator_id": case.mediator_id}
        case.mediator_id = args["mediator"].id
    elif trigger == "start_mediation":
        details = {"respondent_consent": True}
        if case.source is CaseSource.DIRECT:  # centre practice: the clock runs from the first session
            case.start_clock(now)
    elif trigger == "settle":
        case.agreed_amount = args["agreed_amount"]
        case.terms = args["terms"]
        case.performance_deadline = args["performance_deadline"]
        details = {
            "agreed_amount": str(case.agreed_amount),
            "terms": case.terms,
            "performance_deadline": case.performance_deadline.isoformat(),
        }
    elif args.get("reason"):
        case.outcome_reason = args["reason"]
        details = {"reason": args["reason"]}
    if case.state.is_final:
        case.concluded_at = now
    return details


def _check_version(case: Case, data: dict) -> None:
    if parse_version(data.get("version")) != case.version:
        raise StaleCase()


def extend_deadline(actor: User, case_id: int, data: dict, *, remote_addr: str | None = None) -> Case:
    """Record an extension of the mediation time limit agreed by the parties."""
    case = get_visible_case(actor, case_id)
    if not in_charge_of(actor, case):
        raise Forbidden()
    if not may_extend_deadline(actor, case):
        raise Conflict(_("The time limit can only be extended while it runs on an open case."))
    _check_version(case, data)
    fields = FieldErrors()
    args = parse_extension(fields, case, data)
    fields.raise_if_any()
    previous = case.deadline
    try:
        case.extension_days = [*case.extension_days, args["days"]]
        case.deadline = case.clock.deadline()
        db.session.flush()  # compare-and-set on the version, as for transitions
        record_event(
            case,
            actor,
            "extend_deadline",
            remote_addr=remote_addr,
            data={
                "days": args["days"],
                "previous_deadline": previous.isoformat(),
                "deadline": case.deadline.isoformat(),
                "parties_consent": True,
                "note": args["note"],
            },
        )
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleCase() from None
    except Exception:
        db.session.rollback()
        raise
    return case


def transition_case(actor: User, case_id: int, data: dict, *, remote_addr: str | None = None) -> Case:
    """Fire ``data["trigger"]`` on the case if this actor may, now, with this data.

    One transaction: compare-and-set on the version the caller read, the state
    change, the audit event, the totals and (on settle) the agreement PDF commit
    together or not at all.
    """
    trigger = data.get("trigger")
    case = get_visible_case(actor, case_id)
    workflow_actor = actor_for(actor, case)
    try:
        check(case.state, trigger, workflow_actor)
    except UnknownTrigger:
        raise ValidationFailed(_("Unknown action."), {"trigger": _("is not a known action")}) from None
    except TransitionForbidden:
        raise Forbidden() from None
    except TransitionNotAllowed:
        raise Conflict() from None
    _check_version(case, data)
    fields = FieldErrors()
    args = TRIGGER_INPUT[trigger](fields, case, data)
    fields.raise_if_any()
    from_state, now = case.state, utcnow()
    try:
        try:
            fire(case, trigger, workflow_actor, **args)
        except GuardRejected as rejection:
            raise ValidationFailed(
                fields={rejection.field: f"{_(rejection.message)} {rejection.detail}".strip()}
            ) from None
        details = _apply_effects(case, trigger, args, now)
        db.session.flush()  # UPDATE … WHERE version = :read; the loser of a race stops here
        record_event(
            case,
            actor,
            trigger,
            from_state=from_state,
            to_state=case.state,
            data=details,
            remote_addr=remote_addr,
        )
        record_case_move(case, from_state, case.state)
        notify_transition(case, trigger)
        if trigger == "settle":
            document = issue_document(case, "agreement", actor)
            record_event(
                case,
                actor,
                "issue_document",
                remote_addr=remote_addr,
                data={"document_id": document.id, "kind": document.kind, "sha256": document.sha256},
            )
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleCase() from None
    except Exception:
        db.session.rollback()
        raise
    return case


def send_deadline_reminders(now: datetime | None = None) -> int:
    """E-mail a reminder for every open case overdue or due within the due-soon window,
    once per case, deadline and kind (safe to run twice, or from two schedulers)."""
    now = now or utcnow()
    sent = 0
    for case in overdue_or_due_soon(local_date(now)):
        status = case.clock.status(now)
        if status not in (ClockStatus.DUE_SOON, ClockStatus.OVERDUE):
            continue
        try:
            key = {"case_id": case.id, "deadline": case.deadline, "kind": status.value}
            if db.session.execute(insert_once(DeadlineReminder, key, list(key))).first() is not None:
                notify_deadline(case, case.clock.days_left(now))
                sent += 1
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return sent
