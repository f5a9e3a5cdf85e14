"""Business actions on cases: each one function, one transaction, one audit trail.

Faces (pages, API, CLI) pass the raw input they received; after checking who may
act, each function parses it with its schema (``cases.schemas``, the same for every
face) and the checks of ``inputs``, and acts on the clean values.
"""

import logging
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mediation_app.auth.models import User
from mediation_app.cases.actions import CASE
from mediation_app.cases.conflicts import ConflictDeclaration
from mediation_app.cases.hooks import case_moved, transition_done
from mediation_app.cases.inputs import parse_extension, parse_filing, parse_submission_key
from mediation_app.cases.models import Case, CaseNumberCounter, DeadlineReminder, RecusalRequest
from mediation_app.cases.notices import (
    notify_deadline,
    notify_filed,
    notify_recusal_decided,
    notify_transition,
)
from mediation_app.cases.permissions import actor_for, organisation_of, party_of
from mediation_app.cases.queries import get_visible_case, overdue_or_due_soon, pending_recusal
from mediation_app.cases.schemas import (
    CONSENT_CHANNELS,
    Consent,
    RecusalDecision,
    TriggerName,
    Versioned,
)
from mediation_app.cases.schemas import ConflictDeclaration as DeclarationIn
from mediation_app.cases.schemas import (
    RecusalRequest as RecusalRequestIn,
)
from mediation_app.cases.timeline import record_event
from mediation_app.cases.triggers import BY_NAME
from mediation_app.cases.workloads import record_case_change
from mediation_app.core.schema import FieldErrors
from mediation_app.core.workspace import require
from mediation_app.errors import Conflict, StaleCase, ValidationFailed
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from mediation_app.upsert import insert_once, upsert
from workflows import (
    CaseState,
    GuardRejected,
    TransitionNotAllowed,
    fire,
)
from workflows.deadlines import ClockStatus, local_date
from workflows.roles import Role

log = logging.getLogger(__name__)


def next_serial(counter, centre: Centre, year: int) -> int:
    """The next of a per-centre, per-year serial kept in ``counter`` (a model with
    ``centre_id``, ``year``, ``last_serial``), taken atomically."""
    statement = upsert(
        counter,
        {"centre_id": centre.id, "year": year, "last_serial": 1},
        key=["centre_id", "year"],
        update=lambda new: {"last_serial": counter.last_serial + 1},
    ).returning(counter.last_serial)
    return db.session.execute(statement).scalar_one()


def _next_case_number(centre: Centre, filed_at: datetime) -> str:
    """(2026)海工商调字第0001号: a per-centre, per-year serial, taken atomically."""
    year = local_date(filed_at).year
    serial = next_serial(CaseNumberCounter, centre, year)
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
    require(actor, "file_case")
    key = parse_submission_key(submission_key)
    if existing := _already_filed(actor, key):
        return existing
    try:
        case = file_within(actor, data, submission_key=key, remote_addr=remote_addr)
        notify_filed(case, actor)
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


def file_within(
    actor: User, data: dict, *, submission_key: str | None = None, remote_addr: str | None = None
) -> Case:
    """The filing itself, inside the caller's transaction (which commits it): parsed
    and checked as :func:`file_case` does, numbered, recorded. A group files each of
    its members with it, all in one transaction (``groups.operations``)."""
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
        submission_key=submission_key,
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
    case_moved(case=case, from_state=None, to_state=CaseState.FILED)
    return case


def _check_version(case: Case, data) -> None:
    if Versioned.parse(data).version != case.version:
        raise StaleCase()


def extend_deadline(actor: User, case_id: int, data: dict, *, remote_addr: str | None = None) -> Case:
    """Record an extension of the mediation time limit agreed by the parties."""
    case = get_visible_case(actor, case_id)
    CASE.require(actor, case, "extend_deadline")
    _check_version(case, data)
    extension = parse_extension(case, data)
    previous = case.deadline
    with committed():
        case.extension_days = [*case.extension_days, extension.days]
        case.deadline = case.clock.deadline()
        db.session.flush()  # compare-and-set on the version, as for transitions
        record_event(
            case,
            actor,
            "extend_deadline",
            remote_addr=remote_addr,
            data={
                "days": extension.days,
                "previous_deadline": previous.isoformat(),
                "deadline": case.deadline.isoformat(),
                "parties_consent": True,
                "note": extension.note,
            },
        )
    return case


def fire_on(
    actor: User,
    case: Case,
    data: dict,
    *,
    remote_addr: str | None = None,
    issue_documents: bool = True,
    signs_last: bool = False,
) -> None:
    """Fire ``data["trigger"]`` on a case the actor sees, inside the caller's transaction
    (see :func:`transition_case`): checks, compare-and-set, state, audit, totals, notices
    and the documents the transition causes (``documents.kinds.ISSUED_ON``), unless the
    case is being recorded after the fact (``issue_documents=False``: its papers exist).
    ``signs_last``: the actor gave the agreement's last signature (the signing operation,
    or a history whose agreement was signed on paper), which alone fires ``settle``."""
    trigger = TriggerName.parse(data).trigger
    workflow_actor = actor_for(actor, case, signs_last=signs_last)
    if not signs_last:  # the signing operation has checked its signer itself
        CASE.require(actor, case, trigger)
    _check_version(case, data)
    declared = BY_NAME[trigger]
    payload = declared.schema.parse(data)
    fields = FieldErrors()
    args = declared.arguments(fields, case, payload)
    fields.raise_if_any()
    from_state, from_mediator_id, now = case.state, case.mediator_id, utcnow()
    try:
        fire(case, trigger, workflow_actor, **args)
    except TransitionNotAllowed:  # reached by ``signs_last`` only: the registry checked the rest
        raise Conflict(_("This step is not possible in the case's present state.")) from None
    except GuardRejected as rejection:
        raise ValidationFailed(
            fields={rejection.field: f"{_(rejection.message)} {rejection.detail}".strip()}
        ) from None
    details = declared.effects(case, args, now)
    if case.state.is_final:
        case.concluded_at = now
    db.session.flush()  # UPDATE … WHERE version = :read; the loser of a race stops here
    if declared.recorded:  # after the compare-and-set, so a lost race writes none of it
        details |= declared.recorded(case, args)
    record_event(
        case,
        actor,
        trigger,
        from_state=from_state,
        to_state=case.state,
        data=details,
        remote_addr=remote_addr,
    )
    record_case_change(case, from_state, from_mediator_id)
    case_moved(case=case, from_state=from_state, to_state=case.state)
    notify_transition(case, trigger)
    transition_done(
        case=case,
        trigger=trigger,
        from_state=from_state,
        actor=actor,
        remote_addr=remote_addr,
        issue_documents=issue_documents,
    )


def transition_case(actor: User, case_id: int, data: dict, *, remote_addr: str | None = None) -> Case:
    """Fire ``data["trigger"]`` on the case if this actor may, now, with this data.

    One transaction: compare-and-set on the version the caller read, the state
    change, the audit event, the totals and the documents it causes commit
    together or not at all.
    """
    case = get_visible_case(actor, case_id)
    with committed(reload=False):  # the caller presents the case as it was written
        fire_on(actor, case, data, remote_addr=remote_addr)
    return case


def record_past_transition(actor: User, case_id: int, data: dict) -> Case:
    """A step a case took before it was kept in the system (a centre's history, loaded
    or imported): checked and recorded like any transition, with its audit event and
    figures, but no documents are issued: its papers exist already, on paper (the
    agreement of a settled case too, signed by everyone: ``settle`` is recorded as
    fired by its mediator, the last to sign)."""
    case = get_visible_case(actor, case_id)
    signed_on_paper = data.get("trigger") == "settle" and actor.id == case.mediator_id
    with committed(reload=False):
        fire_on(actor, case, data, issue_documents=False, signs_last=signed_on_paper)
        if signed_on_paper:  # in effect from the last signature, as one signed in the system
            case.agreement_effective_on = local_date(utcnow())
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


def declare_conflict(actor: User, data: dict, *, remote_addr: str | None = None) -> ConflictDeclaration:
    """A mediator's declaration of a relationship with an enterprise; it flags them
    for every case of that enterprise from now on."""
    require(actor, "declare_conflict")
    payload = DeclarationIn.parse(data)
    enterprise = db.session.scalars(select(Organisation).where(Organisation.uscc == payload.uscc)).first()
    if enterprise is None:
        raise ValidationFailed(fields={"uscc": _("no enterprise with this credit code is known")})
    declaration = ConflictDeclaration(
        mediator_id=actor.id, organisation_id=enterprise.id, reason=payload.reason
    )
    db.session.add(declaration)
    db.session.commit()
    log.info(
        "mediator %d declared a conflict with organisation %d (from %s)", actor.id, enterprise.id, remote_addr
    )
    return declaration


def record_consent(actor: User, case_id: int, data: dict, *, remote_addr: str | None = None) -> Case:
    """The respondent agrees to mediate: in its portal, or as staff record an agreement
    given on paper or by phone. (Declining is the ``decline_mediation`` trigger.)"""
    case = get_visible_case(actor, case_id)
    CASE.require(actor, case, "record_consent")
    _check_version(case, data)
    channel = Consent.parse(data).channel if actor.role is Role.STAFF else "portal"
    if channel not in CONSENT_CHANNELS:
        raise ValidationFailed(
            fields={"channel": _("must be one of: %(choices)s", choices=", ".join(CONSENT_CHANNELS))}
        )
    with committed():
        case.respondent_consent, case.respondent_consent_at = True, utcnow()
        db.session.flush()
        record_event(
            case,
            actor,
            "respondent_consent",
            remote_addr=remote_addr,
            data={"respondent_consent": True, "channel": channel},
        )
    return case


def request_recusal(
    actor: User, case_id: int, data: dict, *, remote_addr: str | None = None
) -> RecusalRequest:
    """A party asks that the mediator withdraw, with its grounds (申请回避)."""
    case = get_visible_case(actor, case_id)
    CASE.require(actor, case, "request_recusal")
    grounds = RecusalRequestIn.parse(data).grounds
    with committed():
        request = RecusalRequest(
            case_id=case.id,
            mediator_id=case.mediator_id,
            requested_by_id=actor.id,
            party_id=organisation_of(case, party_of(actor, case)).id,
            grounds=grounds,
        )
        db.session.add(request)
        db.session.flush()
        record_event(
            case,
            actor,
            "request_recusal",
            remote_addr=remote_addr,
            data={"recusal_request_id": request.id, "mediator_id": case.mediator_id, "grounds": grounds},
        )
    return request


def decide_recusal(
    actor: User, case_id: int, data: dict, *, remote_addr: str | None = None
) -> RecusalRequest:
    """Staff grant the pending request by reassigning the case, or refuse it with a note;
    both in one transaction with the case's timeline."""
    case = get_visible_case(actor, case_id)
    CASE.require(actor, case, "decide_recusal")
    request = pending_recusal(case)
    decision = RecusalDecision.parse(data)
    granted, note = decision.granted, decision.note
    if not granted and not note:
        raise ValidationFailed(fields={"note": _("is required")})
    with committed():
        if granted:
            reassignment = {**decision.model_dump(), "trigger": "reassign"}
            fire_on(actor, case, reassignment, remote_addr=remote_addr)
        request.status, request.decided_by_id, request.decided_at = (
            ("granted" if granted else "refused"),
            actor.id,
            utcnow(),
        )
        request.decision_note = note
        record_event(
            case,
            actor,
            "decide_recusal",
            remote_addr=remote_addr,
            data={"recusal_request_id": request.id, "granted": granted, "note": note},
        )
        notify_recusal_decided(case, request)
    return request
