"""The checks on a filing or an extension that a schema cannot make alone: those that
need the database or the case (parties found by credit code, the court of a case
number, the time limit); a trigger's own are in ``cases.triggers``.

Every face passes what it received (a JSON body, a form as the same dict); the
payload is parsed with ``cases.schemas`` and these checks then name every bad
field at once, so the pages and the API refuse exactly the same things.
"""

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from mediation_app.auth.models import User
from mediation_app.cases.hooks import register_listing
from mediation_app.cases.models import Case, CaseSource
from mediation_app.cases.schemas import CourtNumber, Extension, NewCase, Party
from mediation_app.core.schema import FieldErrors
from mediation_app.errors import ValidationFailed
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation, OrganisationKind
from mediation_app.parties.operations import court_by_code, party_for
from mediation_app.types import utcnow
from mediation_app.validation import court_code_of
from workflows.deadlines import ExtensionRefused, local_date
from workflows.roles import Role


def _centre_for(fields: FieldErrors, actor: User, centre_id: int | None) -> Centre | None:
    if actor.centre_id:
        return db.session.get(Centre, actor.centre_id)
    if centre_id is not None:
        centre = db.session.get(Centre, centre_id)
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


def _court_of(fields: FieldErrors, actor: User, raw_number) -> tuple[str | None, Organisation | None]:
    try:
        number = CourtNumber.parse({"court_case_number": raw_number}).court_case_number
    except ValidationFailed as error:
        fields.errors.update(error.fields)
        return None, None
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
    return number, court


def listed_mediators(centre_id: int) -> list[tuple[int, str]]:
    """The mediators a filer at the centre may prefer: its register's, today."""
    return [
        entry
        for listing in register_listing(centre_id=centre_id, today=local_date(utcnow()))
        for entry in listing
    ]


def _check_preferences(fields: FieldErrors, centre_id: int, preferred: list[int]) -> None:
    if not preferred:
        return
    listed = {mediator_id for mediator_id, _name in listed_mediators(centre_id)}
    for index, mediator_id in enumerate(preferred):
        if mediator_id not in listed:
            fields.fail(f"preferred_mediator_ids.{index}", _l("is not on the centre's register of mediators"))


def parse_filing(actor: User, data) -> tuple[Filing, dict]:
    """The parties (found or registered by credit code), centre and court of a filing,
    and the case's own values."""
    payload = NewCase.parse(data)
    fields = FieldErrors()
    source = payload.source or (CaseSource.DIRECT.value if actor.role is Role.ENTERPRISE else None)
    if source is None:
        fields.fail("source", _l("is required"))
    applicant: Organisation | Party | None
    if actor.role is Role.ENTERPRISE:
        # An enterprise always files as the applicant; any "applicant" it sends is ignored.
        applicant = actor.organisation
        if applicant is None:
            fields.fail("applicant", _l("your account is not linked to an enterprise"))
        if source != CaseSource.DIRECT.value:
            fields.fail("source", _l("an enterprise files directly; court cases come from the court"))
    else:
        applicant = payload.applicant
        if applicant is None:
            fields.fail("applicant", _l("is required"))
    if actor.role is Role.COURT_LIAISON and source == CaseSource.DIRECT.value:
        fields.fail("source", _l("a court liaison files court-delegated or court-commissioned cases"))
    respondent = payload.respondent
    if applicant is not None and _identity(applicant) == _identity(respondent):
        field = "id_number" if respondent.kind == OrganisationKind.PERSON else "uscc"
        fields.fail(f"respondent.{field}", _l("must differ from the applicant"))
    number = court = None
    if source and CaseSource(source).from_court:
        number, court = _court_of(fields, actor, payload.court_case_number)
    centre = _centre_for(fields, actor, payload.centre_id)
    if centre is not None:
        _check_preferences(fields, centre.id, payload.preferred_mediator_ids)
    fields.raise_if_any()
    contact = payload.respondent_contact
    values = {
        "claim_amount": payload.claim_amount,
        "summary": payload.summary,
        "industry": payload.industry,
        "dispute_type": payload.dispute_type,
        "source": CaseSource(source),
        "court_case_number": number,
        # 委托调解 runs 15 days under ordinary procedure, 7 under simple; other sources ignore it.
        "procedure": payload.procedure,
        "preferred_mediator_ids": list(dict.fromkeys(payload.preferred_mediator_ids)),
        "respondent_email": (contact and contact.email) or "",
        "respondent_mobile": (contact and contact.mobile) or "",
    }
    filing = Filing(centre, _found(applicant), _found(respondent), court)
    return filing, values


def _identity(party: Organisation | Party) -> tuple[str, str | None]:
    """A party's identifier: a person's identity number, anyone else's credit code."""
    if party.kind == OrganisationKind.PERSON:
        return ("id_number", party.id_number)
    return ("uscc", party.uscc)


def _found(party: Organisation | Party) -> Organisation:
    """The party named in a filing, found (or recorded) by its identifier."""
    if isinstance(party, Organisation):
        return party
    return party_for(
        OrganisationKind(party.kind),
        party.name,
        uscc=party.uscc,
        id_number=party.id_number,
        operator_name=party.operator_name,
        address=party.address,
        phone=party.phone,
    )


def parse_submission_key(raw) -> str | None:
    """The filer's idempotency key: absent, or 8 to 64 safe characters."""
    if raw in (None, ""):
        return None
    if not isinstance(raw, str) or not re.fullmatch(r"[A-Za-z0-9._:-]{8,64}", raw):
        raise ValidationFailed(fields={"submission_key": _("must be 8 to 64 letters, digits or . _ : -")})
    return raw


def parse_extension(case: Case, data) -> Extension:
    """An extension of the time limit: whole days, agreed by the parties (recorded)."""
    payload = Extension.parse(data)
    fields = FieldErrors()
    if not payload.parties_consent:
        fields.fail("parties_consent", _l("the parties must agree to the extension"))
    if not case.clock.started:
        fields.fail("days", _l("the time limit has not started yet"))
    else:
        try:
            case.clock.extend(payload.days)
        except ExtensionRefused as refusal:
            fields.fail("days", _l("at most %(n)d more days may be agreed", n=refusal.allowed or 0))
    fields.raise_if_any()
    return payload
