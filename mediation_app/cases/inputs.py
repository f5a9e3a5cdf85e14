"""Parsing and checking what a face received for a case action, field by field.

Every face passes the raw input it got (a JSON body, a form as the same dict);
these parsers return clean values or one ``ValidationFailed`` naming every bad
field, so the pages and the API refuse exactly the same things.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from mediation_app.auth.models import User
from mediation_app.cases.conflicts import conflicts_of
from mediation_app.cases.models import Case, CaseSource
from mediation_app.errors import ValidationFailed
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation
from mediation_app.parties.operations import court_by_code, enterprise_for
from mediation_app.types import utcnow
from mediation_app.validation import (
    clean_text,
    court_code_of,
    parse_amount,
    parse_court_case_number,
    parse_date,
    parse_uscc,
)
from workflows.deadlines import PROCEDURES, ExtensionRefused, local_date
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
# 纠纷类型, the kinds of commercial dispute a federation's ledger counts.
DISPUTE_TYPES = ("sale_contract", "processing_contract", "loan", "lease", "service_contract", "other")
MAX_TERMS = 50
MAX_INSTALMENTS = 60


class FieldErrors:
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


def _party(fields: FieldErrors, prefix: str, raw) -> tuple[str, str] | None:
    if not isinstance(raw, dict):
        fields.fail(prefix, _l("is required"))
        return None
    name = fields.parse(f"{prefix}.name", clean_text, raw.get("name"), max_length=200)
    uscc = fields.parse(f"{prefix}.uscc", parse_uscc, raw.get("uscc"))
    return (name, uscc) if name and uscc else None


def _choice(fields: FieldErrors, field: str, raw, choices, default=None):
    if raw in (None, "") and default is not None:
        return default
    if raw not in choices:
        fields.fail(field, _l("must be one of: %(choices)s", choices=", ".join(choices)))
        return None
    return raw


def _centre_for(fields: FieldErrors, actor: User, raw_centre_id) -> Centre | None:
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


@dataclass
class Filing:
    centre: Centre
    applicant: Organisation
    respondent: Organisation
    court: Organisation | None


def parse_filing(actor: User, data: dict) -> tuple[Filing, dict]:
    """The parties (found or registered by credit code), centre and court of a filing,
    and the case's own values."""
    fields = FieldErrors()
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
        "dispute_type": _choice(fields, "dispute_type", data.get("dispute_type"), DISPUTE_TYPES, "other"),
        "source": CaseSource(source) if source else None,
        "court_case_number": None,
        # 委托调解 runs 15 days under ordinary procedure, 7 under simple; other sources ignore it.
        "procedure": _choice(fields, "procedure", data.get("procedure"), PROCEDURES, "ordinary"),
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
    filing = Filing(centre, enterprise_for(*applicant), enterprise_for(*respondent), court)
    return filing, values


def parse_submission_key(raw) -> str | None:
    """The filer's idempotency key: absent, or 8 to 64 safe characters."""
    if raw in (None, ""):
        return None
    if not isinstance(raw, str) or not re.fullmatch(r"[A-Za-z0-9._:-]{8,64}", raw):
        raise ValidationFailed(fields={"submission_key": _("must be 8 to 64 letters, digits or . _ : -")})
    return raw


@dataclass(frozen=True)
class MediatorCandidate:
    """What the assignment guards need to know about a mediator, as plain values."""

    id: int
    name: str
    conflicts: tuple[str, ...]


def _mediator(fields: FieldErrors, case: Case, raw) -> MediatorCandidate | None:
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
    def parse(fields: FieldErrors, case: Case, data: dict) -> dict:
        reason = fields.parse(
            "reason", clean_text, data.get("reason"), max_length=2000, multiline=True, required=required
        )
        return {"reason": reason}

    return parse


def _assignment(fields: FieldErrors, case: Case, data: dict) -> dict:
    override = fields.parse(
        "override_reason",
        clean_text,
        data.get("override_reason"),
        max_length=1000,
        multiline=True,
        required=False,
    )
    return {"mediator": _mediator(fields, case, data.get("mediator_id")), "override_reason": override}


def _consent(fields: FieldErrors, case: Case, data: dict) -> dict:
    """Consent recorded earlier (portal, paper, phone), or confirmed by the mediator now."""
    return {"respondent_consent": data.get("respondent_consent") is True or case.respondent_consent is True}


def _instalments(fields: FieldErrors, raw, agreed, deadline, today) -> list[tuple[Decimal, date]]:
    """The agreement's instalments (履行期限) as (amount, due date), in due order: by
    default one of the whole agreed amount due on the performance deadline; otherwise
    amounts that add up to the agreed amount, due between today and the deadline."""
    if raw in (None, []):
        return [(agreed, deadline)] if agreed and deadline else []
    if not isinstance(raw, list) or len(raw) > MAX_INSTALMENTS:
        fields.fail(
            "instalments",
            _l("give at most %(n)d instalments, each an amount and a due date", n=MAX_INSTALMENTS),
        )
        return []
    instalments = []
    for number, item in enumerate(raw, start=1):
        item = item if isinstance(item, dict) else {}
        try:
            amount, due_on = parse_amount(item.get("amount")), parse_date(item.get("due_on"))
        except ValueError as error:
            fields.fail("instalments", _l("instalment %(n)d: %(error)s", n=number, error=error))
            return []
        if (deadline and due_on > deadline) or due_on < today:
            fields.fail(
                "instalments",
                _l("instalment %(n)d: must fall due between today and the performance deadline", n=number),
            )
            return []
        instalments.append((amount, due_on))
    if agreed and sum(a for a, _d in instalments) != agreed:
        fields.fail("instalments", _l("the instalments must add up to the agreed amount"))
        return []
    return sorted(instalments, key=lambda i: i[1])


def _settlement(fields: FieldErrors, case: Case, data: dict) -> dict:
    terms = data.get("terms")
    if not isinstance(terms, list) or not 1 <= len(terms) <= MAX_TERMS:
        fields.fail("terms", _l("give between 1 and %(n)d clauses", n=MAX_TERMS))
        terms = []
    clean_terms = [fields.parse("terms", clean_text, t, max_length=2000, multiline=True) for t in terms]
    agreed = fields.parse("agreed_amount", parse_amount, data.get("agreed_amount"))
    deadline = fields.parse("performance_deadline", parse_date, data.get("performance_deadline"))
    today = local_date(utcnow())
    return {
        "agreed_amount": agreed,
        "terms": [t for t in clean_terms if t],
        "performance_deadline": deadline,
        "instalments": _instalments(fields, data.get("instalments"), agreed, deadline, today),
        "today": today,
    }


TRIGGER_INPUT = {
    "assign": _assignment,
    "reassign": _assignment,
    "reject": _reason(required=True),
    "refer_to_court": _reason(required=True),
    "withdraw": _reason(required=False),
    "start_mediation": _consent,
    "decline_mediation": _reason(required=True),
    "settle": _settlement,
}


def parse_version(raw) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise ValidationFailed(fields={"version": _("must be the version you read (an integer)")})
    return raw


def parse_extension(fields: FieldErrors, case: Case, data: dict) -> dict:
    """An extension of the time limit: whole days, agreed by the parties (recorded)."""
    days = data.get("days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        fields.fail("days", _l("must be a whole number of days, at least 1"))
    elif not case.clock.started:
        fields.fail("days", _l("the time limit has not started yet"))
    else:
        try:
            case.clock.extend(days)
        except ExtensionRefused as refusal:
            fields.fail("days", _l("at most %(n)d more days may be agreed", n=refusal.allowed or 0))
    if data.get("parties_consent") is not True:
        fields.fail("parties_consent", _l("the parties must agree to the extension"))
    note = fields.parse("note", clean_text, data.get("note"), max_length=1000, multiline=True, required=False)
    return {"days": days, "note": note}


def clean_text_field(field: str, raw, *, max_length: int, required: bool = True) -> str:
    """One free-text field, or a ValidationFailed naming it."""
    try:
        return clean_text(raw, max_length=max_length, multiline=True, required=required)
    except ValueError as error:
        raise ValidationFailed(fields={field: str(error)}) from None
