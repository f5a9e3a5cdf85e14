"""Business actions on cases: each one function, one transaction, one audit trail.

Faces (pages, API, CLI) pass the raw input they received; parsing and
validation happen here, once, so every face refuses the same things with the
same field-specific messages.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from mediation_app.auth.models import User
from mediation_app.cases.models import Case, CaseNumberCounter, CaseSource
from mediation_app.cases.permissions import actor_for, may_file
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.timeline import record_event
from mediation_app.documents.operations import issue_document
from mediation_app.errors import Conflict, Forbidden, StaleCase, ValidationFailed
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation
from mediation_app.parties.operations import court_by_code, enterprise_for
from mediation_app.reporting.operations import record_case_move
from mediation_app.types import utcnow
from mediation_app.upsert import upsert
from mediation_app.validation import (
    clean_text,
    court_code_of,
    parse_amount,
    parse_court_case_number,
    parse_date,
    parse_uscc,
)
from workflows import (
    CaseState,
    GuardRejected,
    TransitionForbidden,
    TransitionNotAllowed,
    UnknownTrigger,
    check,
    fire,
)
from workflows.deadlines import local_date, mediation_deadline
from workflows.roles import Role

INDUSTRIES = (
    "textile",
    "nylon",
    "chemical_fibre",
    "electronics",
    "furniture",
    "machinery",
    "construction",
    "trade",
    "other",
)
MAX_TERMS = 50


class _Fields:
    """Collects field errors so one response names every bad field at once."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def parse(self, field: str, parser: Callable, *args, **kwargs):
        try:
            return parser(*args, **kwargs)
        except ValueError as error:
            self.errors.setdefault(field, str(error))
            return None

    def fail(self, field: str, message) -> None:
        self.errors.setdefault(field, str(message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(fields=self.errors)


def _party(fields: _Fields, prefix: str, raw) -> tuple[str, str] | None:
    if not isinstance(raw, dict):
        fields.fail(prefix, _l("is required"))
        return None
    name = fields.parse(f"{prefix}.name", clean_text, raw.get("name"), max_length=200)
    uscc = fields.parse(f"{prefix}.uscc", parse_uscc, raw.get("uscc"))
    return (name, uscc) if name and uscc else None


def _choice(fields: _Fields, field: str, raw, choices, default=None):
    if raw in (None, "") and default is not None:
        return default
    if raw not in choices:
        fields.fail(field, _l("must be one of: %(choices)s", choices=", ".join(choices)))
        return None
    return raw


def _centre_for(fields: _Fields, actor: User, raw_centre_id) -> Centre | None:
    if actor.centre_id:
        return db.session.get(Centre, actor.centre_id)
    if raw_centre_id not in (None, ""):
        centre = db.session.get(Centre, raw_centre_id) if isinstance(raw_centre_id, int) else None
        if centre is None:
            fields.fail("centre_id", _l("unknown centre"))
        return centre
    centres = db.session.scalars(select(Centre).limit(2)).all()
    if len(centres) != 1:
        fields.fail("centre_id", _l("is required"))
        return None
    return centres[0]


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


@dataclass
class _Filing:
    centre: Centre
    applicant: Organisation
    respondent: Organisation
    court: Organisation | None


def _parse_filing(actor: User, data: dict) -> tuple[_Filing, dict]:
    fields = _Fields()
    default_source = CaseSource.DIRECT.value if actor.role is Role.ENTERPRISE else None
    source = _choice(fields, "source", data.get("source"), [s.value for s in CaseSource], default_source)
    if actor.role is Role.ENTERPRISE:
        # An enterprise always files as the applicant; any "applicant" it sends is ignored.
        applicant = actor.organisation and (actor.organisation.name, actor.organisation.uscc)
        if not applicant:
            fields.fail("applicant", _l("your account is not linked to an enterprise"))
        if source and source != CaseSource.DIRECT.value:
            fields.fail("source", _l("an enterprise files directly; court cases come from the court"))
    else:
        applicant = _party(fields, "applicant", data.get("applicant"))
    if actor.role is Role.COURT_LIAISON and source == CaseSource.DIRECT.value:
        fields.fail("source", _l("a court liaison files court-delegated or court-commissioned cases"))
    respondent = _party(fields, "respondent", data.get("respondent"))
    if applicant and respondent and applicant[1] == respondent[1]:
        fields.fail("respondent.uscc", _l("must differ from the applicant"))
    values = {
        "claim_amount": fields.parse("claim_amount", parse_amount, data.get("claim_amount")),
        "summary": fields.parse("summary", clean_text, data.get("summary"), max_length=5000, multiline=True),
        "industry": _choice(fields, "industry", data.get("industry"), INDUSTRIES, "other"),
        "source": CaseSource(source) if source else None,
        "court_case_number": None,
    }
    court = None
    if source and CaseSource(source).from_court:
        number = fields.parse("court_case_number", parse_court_case_number, data.get("court_case_number"))
        if number:
            values["court_case_number"] = number
            court = court_by_code(court_code_of(number))
            if actor.role is Role.COURT_LIAISON and (court is None or court.id != actor.organisation_id):
                fields.fail("court_case_number", _l("is not a case number of your court"))
            elif court is None:
                fields.fail("court_case_number", _l("names a court this centre does not work with"))
            elif db.session.scalars(
                select(func.count())
                .select_from(Case)
                .where(Case.court_id == court.id, Case.court_case_number == number)
            ).one():
                fields.fail("court_case_number", _l("a case with this number has already been filed"))
    centre = _centre_for(fields, actor, data.get("centre_id"))
    fields.raise_if_any()
    filing = _Filing(centre, enterprise_for(*applicant), enterprise_for(*respondent), court)
    return filing, values


def _submission_key(raw) -> str | None:
    if raw in (None, ""):
        return None
    if not isinstance(raw, str) or not re.fullmatch(r"[A-Za-z0-9._:-]{8,64}", raw):
        raise ValidationFailed(fields={"submission_key": _("must be 8 to 64 letters, digits or . _ : -")})
    return raw


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
    key = _submission_key(submission_key)
    if existing := _already_filed(actor, key):
        return existing
    try:
        filing, values = _parse_filing(actor, data)
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
            case.deadline = mediation_deadline(case.source.value, now)
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


# ---- transitions -------------------------------------------------------------------------


@dataclass(frozen=True)
class MediatorCandidate:
    """What the assignment guards need to know about a mediator, as plain values."""

    id: int
    name: str
    conflicts: tuple[str, ...]


def conflicts_of(mediator: User, case: Case) -> tuple[str, ...]:
    """Reasons this mediator must not take the case (回避). Chambers supply the
    mediators, so membership of a party's chamber is a conflict."""
    reasons = []
    for label, party in ((_("applicant"), case.applicant), (_("respondent"), case.respondent)):
        if mediator.organisation_id and mediator.organisation_id == party.chamber_id:
            reasons.append(_("belongs to the same chamber as the %(party)s", party=label))
    return tuple(reasons)


def _mediator(fields: _Fields, case: Case, raw) -> MediatorCandidate | None:
    mediator = db.session.get(User, raw) if isinstance(raw, int) and not isinstance(raw, bool) else None
    if (
        mediator is None
        or mediator.role is not Role.MEDIATOR
        or not mediator.active
        or mediator.centre_id != case.centre_id
    ):
        fields.fail("mediator_id", _l("is not a mediator of this centre"))
        return None
    return MediatorCandidate(mediator.id, mediator.name, conflicts_of(mediator, case))


def _reason(required: bool):
    def parse(fields: _Fields, case: Case, data: dict) -> dict:
        reason = fields.parse(
            "reason", clean_text, data.get("reason"), max_length=2000, multiline=True, required=required
        )
        return {"reason": reason}

    return parse


def _assignment(fields: _Fields, case: Case, data: dict) -> dict:
    return {"mediator": _mediator(fields, case, data.get("mediator_id"))}


def _consent(fields: _Fields, case: Case, data: dict) -> dict:
    return {"respondent_consent": data.get("respondent_consent") is True}


def _settlement(fields: _Fields, case: Case, data: dict) -> dict:
    terms = data.get("terms")
    if not isinstance(terms, list) or not 1 <= len(terms) <= MAX_TERMS:
        fields.fail("terms", _l("give between 1 and %(n)d clauses", n=MAX_TERMS))
        terms = []
    clean_terms = [fields.parse("terms", clean_text, t, max_length=2000, multiline=True) for t in terms]
    return {
        "agreed_amount": fields.parse("agreed_amount", parse_amount, data.get("agreed_amount")),
        "terms": [t for t in clean_terms if t],
        "performance_deadline": fields.parse(
            "performance_deadline", parse_date, data.get("performance_deadline")
        ),
        "today": local_date(utcnow()),
    }


TRIGGER_INPUT = {
    "assign": _assignment,
    "reassign": _assignment,
    "reject": _reason(required=True),
    "refer_to_court": _reason(required=True),
    "withdraw": _reason(required=False),
    "start_mediation": _consent,
    "settle": _settlement,
}


def _apply_effects(case: Case, trigger: str, args: dict, now: datetime) -> dict:
    """Write what the transition carries onto the case; returns the audit details."""
    details = {}
    if trigger in ("assign", "reassign"):
        details = {"mediator_id": args["mediator"].id, "previous_mediator_id": case.mediator_id}
        case.mediator_id = args["mediator"].id
    elif trigger == "start_mediation":
        details = {"respondent_consent": True}
        if case.source is CaseSource.DIRECT:  # centre practice: the clock runs from the first session
            case.deadline = mediation_deadline(case.source.value, now)
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


def _parse_version(raw) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise ValidationFailed(fields={"version": _("must be the version you read (an integer)")})
    return raw


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
    if _parse_version(data.get("version")) != case.version:
        raise StaleCase()
    fields = _Fields()
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
